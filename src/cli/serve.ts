import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { openRecords } from '../records/index.ts';
import { createFrontDesk } from '../server/app.ts';
import { hashPassword } from '../server/staff.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** A password or name typed wrong: told as it is, not as an unexpected error. */
export class StaffInputError extends Error {}

export interface ServeFlags {
  port: number;
  host: string;
  secureCookies?: boolean;
  workers?: number;
}

/** `handout serve`: the front desk until SIGINT or SIGTERM, which close it cleanly (records flushed, workers stopped). */
export async function serve(root: string, flags: ServeFlags): Promise<void> {
  // Over plain HTTP on this machine alone (testing), a Secure cookie would never come back; anywhere else HTTPS is expected.
  const secureCookies = flags.secureCookies ?? !LOOPBACK.has(flags.host);
  const desk = await createFrontDesk({ root, secureCookies, ...(flags.workers ? { workers: flags.workers } : {}) });
  const stop = async () => {
    await desk.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await desk.app.listen({ port: flags.port, host: flags.host });
  process.stderr.write(`Front desk at ${address}/ (project ${root}; cookies ${secureCookies ? 'Secure: serve it over HTTPS' : 'not Secure: this machine only'})\n`);
}

/** `handout staff hash`: the argon2 hash of a password, for a `staff:` entry in handout.config.yaml. */
export async function staffHash(): Promise<void> {
  process.stdout.write(`${await hashPassword(await readPassword())}\n`);
}

/** `handout staff add NAME`: a staff account in the records database (var/records, or DATABASE_URL). */
export async function staffAdd(root: string, name: string, displayName: string | undefined): Promise<void> {
  const passwordHash = await hashPassword(await readPassword());
  const records = await openRecords({ databaseUrl: process.env.DATABASE_URL ?? null, dataDir: path.join(root, 'var') });
  try {
    await records.addStaff({ name, passwordHash, ...(displayName ? { displayName } : {}) });
  } finally {
    await records.close();
  }
  process.stderr.write(`Staff member ${name} added: they can sign in to the front desk now.\n`);
}

/** At a terminal: asked twice, not echoed. Otherwise the first line of standard input (for scripts: `printf %s "$PW" | handout staff hash`). */
async function readPassword(): Promise<string> {
  const password = process.stdin.isTTY ? await askTwice() : await firstLine();
  if (password.length < MIN_PASSWORD) throw new StaffInputError(`The password is too short: use at least ${MIN_PASSWORD} characters`);
  return password;
}

/** NIST SP 800-63B's minimum for a password the user chooses. */
const MIN_PASSWORD = 8;

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function askTwice(): Promise<string> {
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) throw new StaffInputError('The two passwords differ; nothing was stored');
  return first;
}

/** readline has no hidden input: raw mode, echoing nothing, until Enter (Ctrl-C quits). */
function askHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\u0003') process.exit(130);
        if (character === '\r' || character === '\n') {
          process.stdin.off('data', onData);
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        typed = character === '\u007f' ? typed.slice(0, -1) : typed + character;
      }
    };
    process.stdin.on('data', onData);
  });
}

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL server for tests, handing out one fresh database per call of `database()`. */
export interface TestPostgres {
  /** The connection string of a new, empty database. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL_TEST's server when it is set; otherwise a throw-away server
 * started from Debian's PostgreSQL binaries in a temporary folder, as the
 * `postgres` user when the tests run as root (initdb refuses root).
 */
export async function startPostgres(): Promise<TestPostgres> {
  const given = process.env.DATABASE_URL_TEST;
  if (given) return databasesOn(given, async () => {});
  const bin = await postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : userInfo().username;
  const command = (file: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, file), ...args]) : run(path.join(bin, file), args));
  const dir = await mkdtemp(path.join(tmpdir(), 'handout-postgres-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(group));
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  await command('initdb', ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-locale']);
  await command('pg_ctl', ['start', '-w', '-D', data, '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`]);
  return databasesOn(`postgres://${user}@127.0.0.1:${port}/postgres`, async () => {
    await command('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
    await rm(dir, { recursive: true, force: true });
  });
}

async function postgresBinaries(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? (await readdir(root)).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  if (versions.length === 0) {
    throw new Error(
      `No PostgreSQL server binaries in ${root}/<version>/bin: the records tests need a real PostgreSQL server. ` +
        'Install Debian\'s postgresql (apt-get install postgresql) or set DATABASE_URL_TEST to a server the tests may create databases on.',
    );
  }
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]!;
  return path.join(root, newest, 'bin');
}

async function databasesOn(adminUrl: string, stopServer: () => Promise<void>): Promise<TestPostgres> {
  const made: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    async database() {
      const name = `handout_test_${randomBytes(6).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      made.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      await admin(async (client) => {
        for (const name of made) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      await stopServer();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

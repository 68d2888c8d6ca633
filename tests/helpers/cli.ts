import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './project.ts';

const run = promisify(execFile);
/** The command line's entry, for tests that start it themselves. */
export const BIN = path.join(REPO_ROOT, 'bin/handout.js');

/** Runs the real command line on a project; resolves with exit code and output instead of throwing. */
export async function handout(root: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, '--root', root, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

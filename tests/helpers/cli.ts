import { execFile, spawn } from 'node:child_process';
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

/** Starts a build on the command line and kills it (SIGKILL) once it has written its first edition: the others are mid-render. */
export async function killAfterFirstEdition(root: string, ...args: string[]): Promise<void> {
  const child = spawn(process.execPath, [BIN, '--root', root, 'build', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('built')) resolve();
    });
    void exited.then(() => resolve());
  });
  child.kill('SIGKILL');
  await exited;
}

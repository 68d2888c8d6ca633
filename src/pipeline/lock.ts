import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname, uptime } from 'node:os';
import path from 'node:path';
import type { VFile } from 'vfile';
import { report, sourceFile } from '../messages/index.ts';
import type { Project } from '../project/index.ts';
import { describeError, reportException } from './failures.ts';
import { processAlive } from './write.ts';

/** The lock file in output/, held by the build writing there. */
export const LOCK_FILE = '.build.lock';

/** A lock file just created is empty for a moment; one empty for longer than this was left by a build killed at that moment. */
const STARTING_MS = 10_000;

interface Holder {
  pid: number;
  host: string;
  /** ISO 8601. */
  started: string;
}

/** Another build holds output/. */
export class OutputLocked extends Error {
  constructor(holder: Holder | null, name: string) {
    const who = holder ? `pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.started}` : 'just starting';
    super(`Another build (${who}) is writing output/; wait for it to finish. If no build is running, delete output/${name}`);
  }
}

/** Locks this process holds: a lock naming this process's id and not among them was left by an earlier process with the same id (a container's). */
const heldHere = new Set<string>();

/**
 * Takes output/ for this build, or throws OutputLocked. `name` is the lock
 * file's: each shard of a sharded build has its own, so shards can share
 * output/. A lock whose build is
 * gone (its process ended, or it started before the machine did) is taken
 * over. Hand-written: no lock package is installed, and this one records who
 * holds it, so the message can name that build.
 * Resolves with the function that releases it.
 */
export async function lockOutput(outputDir: string, name = LOCK_FILE): Promise<() => Promise<void>> {
  await mkdir(outputDir, { recursive: true });
  const lock = path.join(outputDir, name);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies Holder);
  // Each round either takes the lock, finds it held, or clears a stale one; a few rounds settle any race.
  for (let round = 0; round < 5; round++) {
    try {
      const handle = await open(lock, 'wx');
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      heldHere.add(lock);
      return async () => {
        heldHere.delete(lock);
        if ((await readText(lock)) === mine) await rm(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readText(lock);
    if (text === null) continue;
    const holder = parseHolder(text);
    if (holder ? !gone(holder, lock) : await recent(lock)) throw new OutputLocked(holder, name);
    await removeStale(lock, text);
  }
  throw new OutputLocked(parseHolder((await readText(lock)) ?? ''), name);
}

/** Takes output/ as lockOutput does, or reports why not (`build-running`, `output-unwritable`) on the file returned. */
export async function lockOrReport(project: Project, name = LOCK_FILE): Promise<{ unlock: () => Promise<void> } | { refused: VFile }> {
  try {
    return { unlock: await lockOutput(project.outputDir, name) };
  } catch (error) {
    const refused = sourceFile(error instanceof OutputLocked ? path.join(project.outputDir, name) : project.outputDir, project.root);
    if (error instanceof OutputLocked) report(refused, 'error', error.message, 'build-running');
    else reportException(refused, `Cannot write in output/: ${describeError(error)}`, 'output-unwritable', error);
    return { refused };
  }
}

/**
 * Removes a stale lock without removing a fresh one that another build put in
 * its place meanwhile: the lock is moved aside (only one build can move it),
 * and put back when what was moved is not the stale lock that was read.
 * The aside name is a temporary file's, which the next build removes if this one dies here.
 */
async function removeStale(lock: string, staleText: string): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await rename(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readText(aside)) === staleText) await rm(aside, { force: true });
  else await rename(aside, lock);
}

/** Whether the build that wrote the lock has certainly ended. One on another machine cannot be asked: it counts as running. */
function gone(holder: Holder, lock: string): boolean {
  if (holder.host !== hostname()) return false;
  // A container started again (a retried Kubernetes pod keeps its host name) runs its build with the same process id.
  if (holder.pid === process.pid) return !heldHere.has(lock);
  const bootedAt = Date.now() - uptime() * 1000;
  return Date.parse(holder.started) < bootedAt || !processAlive(holder.pid);
}

async function recent(file: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs < STARTING_MS;
  } catch {
    return false;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.started === 'string' ? (value as Holder) : null;
  } catch {
    return null;
  }
}

/** The file's text, or null when it is not there (any more). */
async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

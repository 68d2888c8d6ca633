import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../project/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { editionFileName } from '../formats/index.ts';
import type { RenderedEdition, RenderStats } from '../render/edition.ts';
import type { EditionSpec } from '../model/edition.ts';
import { describeError } from './failures.ts';
import { toPosix } from './inputs.ts';


export interface WrittenEdition {
  pages: number | null;
  bytes: number;
  sha256: string;
  notes: string[];
  stats: RenderStats;
}

/** Where an edition goes under output/: editions of clinics other than the default one get a folder of their own. */
export function editionPath(spec: EditionSpec): string {
  return path.join(...(spec.clinic ? [spec.clinic] : []), spec.topic, editionFileName(spec));
}

/** Where the PNG preview of an edition's first page goes: output/previews/, mirroring the edition's path. */
export function previewPath(spec: EditionSpec): string {
  return path.join('previews', editionPath(spec).replace(/\.pdf$/, '.png'));
}

/**
 * Writes a rendered edition atomically into output/. The build does this in
 * its main thread, so a worker takes its next edition while the file is
 * written and flushed.
 */
export async function writeEdition(project: Project, spec: EditionSpec, rendered: RenderedEdition): Promise<WrittenEdition> {
  const { bytes, pages, notes, stats } = rendered;
  try {
    await writeFileAtomic(path.join(project.outputDir, editionPath(spec)), bytes);
  } catch (error) {
    throw new Error(`Cannot write output/${toPosix(editionPath(spec))}: ${describeError(error)}`, { cause: error });
  }
  return { pages, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), notes, stats };
}

/**
 * Temporary files of builds that were killed (their process is gone); never
 * those of a running build. A shard, whose output/ other machines may share,
 * passes `ownFile`: it removes the temporary files of its own files (output/
 * paths), which no other build writes while it holds its lock, and no others.
 */
export async function removeAbandonedTemporaryFiles(outputDir: string, ownFile?: (target: string) => boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outputDir, { recursive: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry);
    if (!match) continue;
    // writeFileAtomic names the temporary file of dir/name dir/.name.<pid>.<random>.tmp.
    const target = toPosix(path.join(path.dirname(entry), path.basename(entry).slice(1, -match[0].length)));
    const abandoned = ownFile ? ownFile(target) : !processAlive(Number(match[1]));
    if (abandoned) await rm(path.join(outputDir, entry), { force: true });
  }
}

/** Whether a process of this machine with this id is running (one of another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}


import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Project } from '../config/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import type { RenderedEdition, RenderStats } from '../render/edition.ts';
import type { EditionSpec } from './edition.ts';

export interface WrittenEdition {
  pages: number;
  bytes: number;
  sha256: string;
  notes: string[];
  stats: RenderStats;
}

/** Where an edition goes under output/: editions of clinics other than the default one get a folder of their own. */
export function editionPath(spec: EditionSpec): string {
  return path.join(...(spec.clinic ? [spec.clinic] : []), spec.topic, `${spec.topic}.${spec.level}.${spec.language}.${spec.format}.pdf`);
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
  await writeFileAtomic(path.join(project.outputDir, editionPath(spec)), bytes);
  return { pages, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), notes, stats };
}

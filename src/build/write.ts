import { createHash } from 'node:crypto';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import type { Project } from '../config/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { renderFormat, type RenderedFormat } from '../render/formats.ts';
import { typographyFor } from '../render/typography.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import type { EditionSpec, PreparedEdition } from './edition.ts';

/** Render time and memory of the thread that rendered an edition, for `npm run bench`; not in the manifest, which must not vary between runs. */
export interface RenderStats {
  renderMs: number;
  heapUsed: number;
  footprint: number;
  rss: number;
  inWorker: boolean;
}

/** An edition's PDF as a render thread hands it over (a worker's Buffer arrives as a plain Uint8Array). */
export interface RenderedEdition {
  bytes: Uint8Array;
  /** Warnings about the rendering (e.g. a smaller font to fit a tri-fold). */
  notes: string[];
  stats: RenderStats;
}

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

export async function renderEdition(project: Project, prepared: PreparedEdition): Promise<RenderedFormat> {
  const { spec } = prepared;
  const languageConfig = project.config.languages[spec.language]!;
  return renderFormat(spec.format, {
    document: prepared.document,
    identity: prepared.identity,
    labels: prepared.labels,
    // Broken words are harder to read with low vision: large print is not hyphenated.
    typography: typographyFor(spec.language, { ...languageConfig, fonts: prepared.fonts }, { hyphenation: spec.format !== 'large-print' }),
    paper: spec.paper === 'a4' ? 'A4' : 'LETTER',
    clinic: prepared.clinic,
    online: prepared.online,
    creator: `${TOOL_NAME} ${TOOL_VERSION}`,
    // From the content, not the clock, so identical inputs give identical bytes.
    creationDate: new Date(`${prepared.identity.reviewed}T12:00:00Z`),
  }, { plainerLevels: prepared.plainerLevels });
}

/** Renders an edition, measuring the thread that does it. */
export async function renderMeasured(project: Project, prepared: PreparedEdition): Promise<RenderedEdition> {
  const started = performance.now();
  const { bytes, notes } = await renderEdition(project, prepared);
  const renderMs = performance.now() - started;
  // In a worker thread RSS is the whole process's; the isolate's own memory is its heap plus external buffers.
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  return { bytes, notes, stats: { renderMs, heapUsed, footprint: heapTotal + external, rss, inWorker: !isMainThread } };
}

/**
 * Writes a rendered edition atomically into output/. The build does this in
 * its main thread, so a worker takes its next edition while the file is
 * written and flushed.
 */
export async function writeEdition(project: Project, spec: EditionSpec, rendered: RenderedEdition): Promise<WrittenEdition> {
  const { bytes, notes, stats } = rendered;
  await writeFileAtomic(path.join(project.outputDir, editionPath(spec)), bytes);
  const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  return { pages, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), notes, stats };
}

import { isMainThread } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import type { PreparedEdition } from '../build/edition.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import type { FormatName } from '../config/index.ts';
import { renderFormat, type RenderedFormat } from './formats.ts';
import { typographyFor } from './typography.ts';

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
  pages: number;
  /** Warnings about the rendering (e.g. a smaller font to fit a tri-fold). */
  notes: string[];
  stats: RenderStats;
}

/** The PDF of a prepared edition in its format: from the prepared edition alone, all its content hash covers. */
export async function renderEdition(prepared: PreparedEdition): Promise<RenderedFormat> {
  const { spec } = prepared;
  return renderFormat(spec.format as FormatName, {
    document: prepared.document,
    identity: prepared.identity,
    labels: prepared.labels,
    // Broken words are harder to read with low vision: large print is not hyphenated.
    typography: typographyFor(spec.language, prepared.language, { hyphenation: spec.format !== 'large-print' }),
    paper: spec.paper === 'a4' ? 'A4' : 'LETTER',
    clinic: prepared.clinic,
    online: prepared.online,
    creator: `${TOOL_NAME} ${TOOL_VERSION}`,
    // From the content, not the clock, so identical inputs give identical bytes.
    creationDate: new Date(`${prepared.identity.reviewed}T12:00:00Z`),
  }, { plainerLevels: prepared.plainerLevels });
}

/** Renders an edition, counting its pages and measuring the thread that does it. */
export async function renderMeasured(prepared: PreparedEdition): Promise<RenderedEdition> {
  const started = performance.now();
  const { bytes, notes } = await renderEdition(prepared);
  const renderMs = performance.now() - started;
  const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  // In a worker thread RSS is the whole process's; the isolate's own memory is its heap plus external buffers.
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  return { bytes, pages, notes, stats: { renderMs, heapUsed, footprint: heapTotal + external, rss, inWorker: !isMainThread } };
}

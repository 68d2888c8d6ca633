import { isMainThread, threadId } from 'node:worker_threads';
import { formatNamed, type FormatOutput, type PdfEngine } from '../formats/index.ts';
import type { PreparedEdition } from '../prepare/index.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { pdfEngine } from './engine.ts';
import { typographyFor } from './typography.ts';

/** Render time and memory of the thread that rendered an edition, for `npm run bench`; not in the manifest, which must not vary between runs. */
export interface RenderStats {
  renderMs: number;
  heapUsed: number;
  footprint: number;
  rss: number;
  inWorker: boolean;
  /** The rendering thread's id: which worker rendered what. */
  threadId: number;
}

/** An edition's file as a render thread hands it over (a worker's Buffer arrives as a plain Uint8Array). */
export interface RenderedEdition {
  bytes: Uint8Array;
  /** Pages of a PDF; null for a format without pages (HTML). */
  pages: number | null;
  /** Warnings about the rendering (e.g. a smaller font to fit a tri-fold). */
  notes: string[];
  stats: RenderStats;
}

/** The file of a prepared edition in its format: from the prepared edition alone, all its content hash covers. */
export async function renderEdition(prepared: PreparedEdition, engine: PdfEngine = pdfEngine()): Promise<FormatOutput> {
  const { spec } = prepared;
  const format = formatNamed(spec.format);
  const props = {
    document: prepared.document,
    identity: prepared.identity,
    labels: prepared.labels,
    typography: typographyFor(spec.language, prepared.language),
    paper: spec.paper === 'a4' ? ('A4' as const) : ('LETTER' as const),
    clinic: prepared.clinic,
    online: prepared.online,
    print: prepared.print,
    creator: `${TOOL_NAME} ${TOOL_VERSION}`,
    // From the content, not the clock, so identical inputs give identical bytes.
    creationDate: new Date(`${prepared.identity.reviewed}T12:00:00Z`),
  };
  return format.write({ props, plainerLevels: prepared.plainerLevels }, engine);
}

/**
 * Renders an edition, measuring the thread that does it. Its page count is the
 * format's own, not read back from the PDF: that would load pdf-lib (a third of
 * a render worker's code) for formats that never use it.
 */
export async function renderMeasured(prepared: PreparedEdition): Promise<RenderedEdition> {
  const started = performance.now();
  const { bytes, pages, notes } = await renderEdition(prepared);
  const renderMs = performance.now() - started;
  // In a worker thread RSS is the whole process's; the isolate's own memory is its heap plus external buffers.
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  return { bytes, pages, notes, stats: { renderMs, heapUsed, footprint: heapTotal + external, rss, inWorker: !isMainThread, threadId } };
}

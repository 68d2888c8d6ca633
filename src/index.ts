/**
 * The library API: what the command line, and any long-running process such
 * as a web server, calls. Caches behind it are bounded (shaping, hyphenation,
 * glyph coverage, styles per format and clinic); nothing grows per call.
 */
import type { VFile } from 'vfile';
import { uiSource } from './i18n/catalog.ts';
import type { EditionSpec } from './model/edition.ts';
import { EditionError, prepareEdition as prepareFromContext, topicContext, type PreparedEdition } from './prepare/index.ts';
import type { Project } from './project/index.ts';
import { readTopic } from './reader/index.ts';
import { rendererDigest } from './render/digest.ts';

export { CONFIG_FILE } from './config/index.ts';
export { FORMATS, FORMAT_NAMES, formatNamed, type FormatDefinition } from './formats/index.ts';
export { formatReport, hasErrors } from './messages/index.ts';
export type { EditionSpec } from './model/edition.ts';
export {
  build,
  check,
  editionPath,
  mergeManifests,
  parseShard,
  previewPath,
  readManifest,
  renderPool,
  RenderTimeLimitError,
  ShardError,
  type BuildOptions,
  type EditionOutcome,
  type ManifestEntry,
  type MergeResult,
  type RenderPool,
  type RunResult,
  type Selection,
  type Shard,
} from './pipeline/index.ts';
export type { PreparedEdition } from './prepare/index.ts';
export { ConfigError, openProject, type Project } from './project/index.ts';
export { renderEdition, type RenderedEdition } from './render/edition.ts';
export { checkPdfUa, PDFUA_CHECKS, type PdfUaFinding } from './readback/pdfua.ts';
export { renderPreview } from './readback/preview.ts';
export { listTopics } from './reader/index.ts';
export { FitError } from './formats/index.ts';
export type { Document } from './model/document.ts';

/**
 * Reads one edition's topic and catalogs and prepares it for rendering: null,
 * with the reasons on `files`, when it must not be built (a draft without
 * `draft`, a missing translation, a character no font has…).
 */
export async function prepareEdition(project: Project, spec: EditionSpec, options: { draft?: boolean } = {}): Promise<{ prepared: PreparedEdition | null; files: VFile[] }> {
  const { file, document } = await readTopic(project, spec.topic);
  if (!document) return { prepared: null, files: [file] };
  const context = await topicContext(project, document, file, await uiSource(project), [spec.language], rendererDigest());
  const files = [file, ...[...context.catalogs.values()].flatMap((catalogs) => [catalogs.topic.file, catalogs.ui.file])];
  try {
    return { prepared: prepareFromContext(context, spec, { draft: options.draft ?? false }), files };
  } catch (error) {
    if (!(error instanceof EditionError)) throw error;
    return { prepared: null, files };
  }
}

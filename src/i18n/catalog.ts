import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { locateInside } from '../files/inside.ts';
import { report, sourceFile } from '../messages/index.ts';
import type { Position, SourceDocument } from '../model/document.ts';
import { walkSegments, type SegmentContext } from '../model/walk.ts';
import { hashSource } from '../model/segments.ts';

export const UI_NAMESPACE = 'ui';

/** One translatable source text of a namespace (a topic, or the template strings). */
export interface SourceEntry {
  key: string;
  source: string;
  hash: string;
  context: SegmentContext | null;
  position: Position | null;
}

export interface SourceCatalog {
  namespace: string;
  /** File the source text lives in (the topic's Markdown, or the source ui.json). */
  file: string;
  entries: SourceEntry[];
}

const segmentMetaSchema = z.strictObject({
  /** Hash of the source text the translation in the catalog was made from. */
  sourceHash: z.string(),
  source: z.string(),
  state: z.enum(['translated', 'reviewed']),
  /** The translation of the previous source text, kept when the source changed. */
  suggestion: z.string().optional(),
  previousSource: z.string().optional(),
});

const catalogMetaSchema = z.strictObject({
  language: z.string(),
  namespace: z.string(),
  /** Who reviewed the translation (a qualified medical translator), when all of it is reviewed. */
  reviewedBy: z.string().optional(),
  segments: z.record(z.string(), segmentMetaSchema),
  /** Segments whose source text was removed; kept so no translation is lost silently. */
  removed: z.record(z.string(), z.strictObject({ source: z.string(), translation: z.string() })).default({}),
});

const catalogValuesSchema = z.record(z.string(), z.string());

export type SegmentMeta = z.infer<typeof segmentMetaSchema>;
export type CatalogMeta = z.infer<typeof catalogMetaSchema>;

/** An i18next JSON v4 resource file (key → translation) and its sidecar of source hashes. */
export interface Catalog {
  language: string;
  namespace: string;
  jsonPath: string;
  metaPath: string;
  values: Record<string, string>;
  meta: CatalogMeta;
  /** Messages about the catalog files (parse errors, bad values). */
  file: VFile;
}

export function catalogPaths(project: Project, language: string, namespace: string) {
  const directory = path.join(project.localesDir, language);
  return { jsonPath: path.join(directory, `${namespace}.json`), metaPath: path.join(directory, `${namespace}.meta.json`) };
}

/**
 * A JSON file's data; `problem` says what is wrong with a file that is there but
 * unusable (unreadable, not JSON, or a link out of the project folder: reading
 * follows links, so only a real path inside `root` is read).
 */
async function readJson(file: string, root: string): Promise<{ exists: false } | { exists: true; data: unknown } | { exists: true; problem: string }> {
  const located = await locateInside(file, root);
  if (!located.found) {
    if (located.problem === 'missing') return { exists: false };
    if (located.problem === 'outside') return { exists: true, problem: `is a link to ${located.realPath}, outside the project folder` };
    if (located.problem === 'not-a-file') return { exists: true, problem: 'is not a file but a pipe or a device' };
    return { exists: true, problem: `cannot be read: ${located.message}` };
  }
  let text: string;
  try {
    text = await readFile(located.realPath, 'utf8');
  } catch (error) {
    return { exists: true, problem: `cannot be read: ${(error as Error).message}` };
  }
  try {
    return { exists: true, data: JSON.parse(text) };
  } catch (error) {
    return { exists: true, problem: `is not valid JSON: ${(error as Error).message}` };
  }
}

/** Loads a catalog; a missing file is an empty catalog, a broken one an error on `file`. */
export async function loadCatalog(project: Project, language: string, namespace: string): Promise<Catalog> {
  const { jsonPath, metaPath } = catalogPaths(project, language, namespace);
  const file = sourceFile(jsonPath, project.root);
  const catalog: Catalog = { language, namespace, jsonPath, metaPath, values: {}, meta: { language, namespace, segments: {}, removed: {} }, file };
  const values = await readJson(jsonPath, project.root);
  if (values.exists && 'problem' in values) {
    report(file, 'error', `Catalog ${values.problem}`, 'catalog-json');
  } else if (values.exists) {
    const parsed = catalogValuesSchema.safeParse(values.data);
    if (parsed.success) catalog.values = parsed.data;
    else report(file, 'error', 'Catalog must be a flat i18next JSON v4 object of key → translated string', 'catalog-json');
  }
  const meta = await readJson(metaPath, project.root);
  if (meta.exists && 'problem' in meta) {
    report(file, 'error', `${path.basename(metaPath)} ${meta.problem}`, 'catalog-meta');
  } else if (meta.exists) {
    const parsed = catalogMetaSchema.safeParse(meta.data);
    if (parsed.success) catalog.meta = parsed.data;
    else report(file, 'error', `${path.basename(metaPath)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, 'catalog-meta');
  }
  return catalog;
}

/** Writes both files atomically, keys in source order so diffs stay readable. */
export async function saveCatalog(catalog: Catalog, order: string[]): Promise<void> {
  const rank = new Map(order.map((key, index) => [key, index]));
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b)));
  await writeFileAtomic(catalog.jsonPath, `${JSON.stringify(sorted(catalog.values), null, 2)}\n`);
  const meta: CatalogMeta = { ...catalog.meta, segments: sorted(catalog.meta.segments), removed: sorted(catalog.meta.removed) };
  await writeFileAtomic(catalog.metaPath, `${JSON.stringify(meta, null, 2)}\n`);
}

/** Every translatable text of a topic: title, summary, then the body of every level in reading order. */
export function topicSource(document: SourceDocument): SourceCatalog {
  const entry = (segment: { key: string; source: string; position: Position }, context: SegmentContext | null): SourceEntry => ({
    key: segment.key,
    source: segment.source,
    hash: hashSource(segment.source),
    context,
    position: segment.position,
  });
  return {
    namespace: document.meta.id,
    file: document.meta.path,
    entries: [
      entry(document.meta.title, null),
      entry(document.meta.summary, null),
      ...[...walkSegments(document.blocks)].map(([segment, context]) => entry(segment, context)),
    ],
  };
}

/** Template strings come from the source language's ui.json. */
export async function uiSource(project: Project): Promise<SourceCatalog> {
  const catalog = await loadCatalog(project, project.config.sourceLanguage, UI_NAMESPACE);
  if (catalog.file.messages.length > 0) throw new Error(catalog.file.messages.map(String).join('\n'));
  return {
    namespace: UI_NAMESPACE,
    file: catalog.jsonPath,
    entries: Object.entries(catalog.values).map(([key, source]) => ({ key, source, hash: hashSource(source), context: null, position: null })),
  };
}

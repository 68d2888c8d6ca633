import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { locateInside } from '../files/inside.ts';
import { report, sourceFile, type Place } from '../messages/index.ts';
import type { Position, SourceDocument } from '../model/document.ts';
import { walkSegments, type SegmentContext } from '../model/walk.ts';
import { hashSource } from '../model/segments.ts';
import { parseJsonFile, type JsonPath } from './json-file.ts';

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
  /** Languages the topic is offered in; absent for the template strings, which every language has. */
  languages?: string[];
}

/** Whether a namespace is offered in a language: no catalog is kept, exported or imported for a topic in a language it is not offered in. */
export function offeredIn(source: SourceCatalog, language: string): boolean {
  return source.languages?.includes(language) ?? true;
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
 * A JSON file's text; `problem` says why a file that is there cannot be read
 * (unreadable, or a link out of the project folder: reading follows links, so
 * only a real path inside `root` is read).
 */
async function readJson(file: string, root: string): Promise<{ exists: false } | { exists: true; text: string } | { exists: true; problem: string }> {
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
  return { exists: true, text };
}

/** Far above any topic's catalog (the sample's is 15 KB), and bounds the work of checking one. */
export const MAX_CATALOG_BYTES = 10 * 1024 * 1024;

export const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A catalog file's data, or null after telling `problem` what is wrong with it, with its place where known. */
function catalogData(
  read: Awaited<ReturnType<typeof readJson>>,
  problem: (reason: string, ruleId: 'catalog-json' | 'catalog-size' | 'catalog-duplicate-key', place?: Place) => void,
): { data: unknown; placeOf: (path: JsonPath) => Place | undefined } | null {
  if (!read.exists) return null;
  if ('problem' in read) {
    problem(read.problem, 'catalog-json');
    return null;
  }
  const bytes = Buffer.byteLength(read.text);
  if (bytes > MAX_CATALOG_BYTES) {
    problem(`is ${mebibytes(bytes)}, more than the limit of ${mebibytes(MAX_CATALOG_BYTES)}`, 'catalog-size');
    return null;
  }
  const parsed = parseJsonFile(read.text);
  if (!parsed.ok) {
    problem(parsed.problem, 'catalog-json', parsed.place);
    return null;
  }
  for (const { path: keys, place, first } of parsed.duplicates) {
    problem(`has the key ${keys.map((key) => JSON.stringify(key)).join(' → ')} twice (lines ${first.line} and ${place.line}); JSON keeps only the last: delete one`, 'catalog-duplicate-key', place);
  }
  return parsed.duplicates.length > 0 ? null : parsed;
}

/** Loads a catalog; a missing file is an empty catalog, a broken one an error on `file`. */
export async function loadCatalog(project: Project, language: string, namespace: string): Promise<Catalog> {
  const { jsonPath, metaPath } = catalogPaths(project, language, namespace);
  const file = sourceFile(jsonPath, project.root);
  const catalog: Catalog = { language, namespace, jsonPath, metaPath, values: {}, meta: { language, namespace, segments: {}, removed: {} }, file };
  const values = catalogData(await readJson(jsonPath, project.root), (reason, ruleId, place) => report(file, 'error', `Catalog ${reason}`, ruleId, place));
  if (values) catalog.values = catalogValues(values, file) ?? catalog.values;
  // Messages about the .meta.json go on the catalog's file too, with their lines in the text.
  const metaName = path.basename(metaPath);
  const atLine = (place: Place | undefined) => (place ? ` line ${place.line}` : '');
  const meta = catalogData(await readJson(metaPath, project.root), (reason, ruleId, place) => report(file, 'error', `${metaName}${atLine(place)} ${reason}`, ruleId === 'catalog-json' ? 'catalog-meta' : ruleId));
  if (meta) {
    const parsed = catalogMetaSchema.safeParse(meta.data);
    if (parsed.success) catalog.meta = parsed.data;
    else report(file, 'error', `${metaName}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}${atLine(meta.placeOf(issue.path as JsonPath))}: ${issue.message}`).join('; ')}`, 'catalog-meta');
  }
  return catalog;
}

/** A catalog's translations: a flat object of strings, each other value reported with its place. */
function catalogValues({ data, placeOf }: { data: unknown; placeOf: (path: JsonPath) => Place | undefined }, file: VFile): Record<string, string> | null {
  const flat = 'must be a flat i18next JSON v4 object of key → translated string';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    report(file, 'error', `Catalog ${flat}, but it is ${describeJson(data)}`, 'catalog-json');
    return null;
  }
  const wrong = Object.entries(data).filter(([, value]) => typeof value !== 'string');
  for (const [key, value] of wrong) report(file, 'error', `Catalog ${flat}: the value of ${JSON.stringify(key)} is ${describeJson(value)}`, 'catalog-json', placeOf([key]));
  return wrong.length > 0 ? null : (data as Record<string, string>);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
    languages: document.meta.languages,
    entries: [
      entry(document.meta.title, null),
      entry(document.meta.summary, null),
      ...[...walkSegments(document.blocks)].map(([segment, context]) => entry(segment, context)),
    ],
  };
}

/** Template strings come from the source language's ui.json: null when it has errors, which are on `file`. */
export async function readUiSource(project: Project): Promise<{ source: SourceCatalog | null; file: VFile }> {
  const catalog = await loadCatalog(project, project.config.sourceLanguage, UI_NAMESPACE);
  if (catalog.file.messages.length > 0) return { source: null, file: catalog.file };
  const entries = Object.entries(catalog.values).map(([key, source]) => ({ key, source, hash: hashSource(source), context: null, position: null }));
  return { source: { namespace: UI_NAMESPACE, file: catalog.jsonPath, entries }, file: catalog.file };
}

/** Template strings, or an error saying why they cannot be read. */
export async function uiSource(project: Project): Promise<SourceCatalog> {
  const { source, file } = await readUiSource(project);
  if (!source) throw new Error(file.messages.map(String).join('\n'));
  return source;
}

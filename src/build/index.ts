import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createElement } from 'react';
import type { VFile } from 'vfile';
import { PDFDocument } from 'pdf-lib';
import type { Project } from '../config/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { uiSource as loadUiSource, type SourceCatalog } from '../i18n/catalog.ts';
import { report } from '../messages/index.ts';
import { listTopics, readTopic } from '../reader/index.ts';
import type { ReadabilityReport } from '../readability/index.ts';
import { renderPdf } from '../render/render.ts';
import { typographyFor } from '../render/typography.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { templates, type FormatName } from '../../templates/index.ts';
import { EditionError, prepareEdition, topicContext, type EditionSpec, type PreparedEdition, type TargetResult, type TopicContext, type TranslationSummary } from './edition.ts';

export interface Selection {
  topics?: string[];
  languages?: string[];
  levels?: string[];
  formats?: string[];
  paper?: 'letter' | 'a4';
  /** Build editions with missing or stale translations, each page marked DRAFT. */
  draft?: boolean;
}

export interface ManifestEntry {
  path: string;
  topic: string;
  language: string;
  level: string;
  format: string;
  paper: 'letter' | 'a4';
  version: string;
  contentHash: string;
  pages: number;
  bytes: number;
  sha256: string;
  translation: TranslationSummary;
  readability: ReadabilityReport;
  targets: TargetResult[];
  warnings: string[];
}

export interface EditionOutcome {
  spec: EditionSpec;
  /** Set when the edition was written, or is up to date. */
  entry?: ManifestEntry;
  /** The PDF on disk already had this content hash and bytes: not rendered again. */
  unchanged?: boolean;
  /** Why the edition was not written. */
  error?: string;
}

export interface RunResult {
  files: VFile[];
  editions: EditionOutcome[];
  /** Errors that stop the whole run (bad selection). */
  ok: boolean;
}

export interface PlannedTopic {
  id: string;
  context: TopicContext | null;
  specs: EditionSpec[];
}

/**
 * Reads every selected topic and lists its editions. Topics with errors are
 * planned with a null context so their editions are reported as failed.
 */
export async function planEditions(project: Project, selection: Selection, files: VFile[]): Promise<{ topics: PlannedTopic[]; ok: boolean }> {
  const config = project.config;
  const configFile = project.configFile;
  let ok = true;
  const unknown = (kind: string, values: string[] | undefined, known: string[]) => {
    for (const value of values ?? []) {
      if (!known.includes(value)) {
        report(configFile, 'error', `Unknown ${kind} "${value}": known ${kind}s are ${known.join(', ')}`, `unknown-${kind}`);
        ok = false;
      }
    }
  };
  unknown('language', selection.languages, Object.keys(config.languages));
  unknown('level', selection.levels, Object.keys(config.levels));
  unknown('format', selection.formats, Object.keys(templates));
  if (!ok) return { topics: [], ok };

  let uiSource: SourceCatalog;
  try {
    uiSource = await loadUiSource(project);
  } catch (error) {
    report(configFile, 'error', `Template strings (locales/${config.sourceLanguage}/ui.json) cannot be read: ${(error as Error).message}`, 'ui-source');
    return { topics: [], ok: false };
  }

  const ids = selection.topics ?? (await listTopics(project));
  const languages = selection.languages ?? Object.keys(config.languages);
  const formats = selection.formats ?? ['handout'];
  const paper = selection.paper ?? config.paper;
  const topics: PlannedTopic[] = [];
  for (const id of ids) {
    const { file, document } = await readTopic(project, id);
    files.push(file);
    const levels = (selection.levels ?? document?.meta.levels ?? []).filter((level) => !document || document.meta.levels.includes(level) || selection.levels === undefined);
    const missingLevels = selection.levels?.filter((level) => document && !document.meta.levels.includes(level)) ?? [];
    for (const level of missingLevels) report(file, 'warning', `Topic has no level "${level}"; skipped`, 'level-not-in-topic');
    const specs = languages.flatMap((language) =>
      levels.filter((level) => !missingLevels.includes(level)).flatMap((level) => formats.map((format) => ({ topic: id, language, level, format, paper }))),
    );
    const context = document ? await topicContext(project, document, file, uiSource, languages) : null;
    if (context) for (const catalogs of context.catalogs.values()) files.push(catalogs.topic.file, catalogs.ui.file);
    topics.push({ id, context, specs: document ? specs : [{ topic: id, language: '*', level: '*', format: '*', paper }] });
  }
  return { topics, ok };
}

export function editionPath(spec: EditionSpec): string {
  return path.join(spec.topic, `${spec.topic}.${spec.level}.${spec.language}.${spec.format}.pdf`);
}

export async function renderEdition(project: Project, prepared: PreparedEdition): Promise<Buffer> {
  const { spec } = prepared;
  const template = templates[spec.format as FormatName];
  const languageConfig = project.config.languages[spec.language]!;
  return renderPdf(
    createElement(template, {
      document: prepared.document,
      identity: prepared.identity,
      labels: prepared.labels,
      typography: typographyFor(languageConfig),
      paper: spec.paper === 'a4' ? 'A4' : 'LETTER',
      clinicName: project.config.clinic.name,
      creator: `${TOOL_NAME} ${TOOL_VERSION}`,
      // From the content, not the clock, so identical inputs give identical bytes.
      creationDate: new Date(`${prepared.identity.reviewed}T12:00:00Z`),
    }),
  );
}

/** Renders every selected edition; one failing edition never stops or spoils the others. */
export async function build(project: Project, selection: Selection = {}): Promise<RunResult> {
  const files: VFile[] = [project.configFile];
  const { topics, ok } = await planEditions(project, selection, files);
  const previous = await readManifest(project);
  const editions: EditionOutcome[] = [];
  for (const topic of topics) {
    for (const spec of topic.specs) {
      if (!topic.context) {
        editions.push({ spec, error: `Topic ${topic.id} has errors` });
        continue;
      }
      const warningsBefore = topic.context.file.messages.length;
      try {
        const prepared = prepareEdition(topic.context, spec, { draft: selection.draft ?? false });
        for (const target of prepared.targets.filter((result) => !result.met)) {
          report(topic.context.file, 'warning', targetMessage(spec, target), 'readability-target', { line: 1, column: 1 });
        }
        const relative = editionPath(spec);
        const warnings = topic.context.file.messages.slice(warningsBefore).map((message) => String(message));
        const earlier = previous.get(toPosix(relative));
        if (earlier && earlier.contentHash === prepared.identity.contentHash && (await hasBytes(path.join(project.outputDir, relative), earlier))) {
          editions.push({ spec, entry: { ...earlier, warnings }, unchanged: true });
          continue;
        }
        const bytes = await renderEdition(project, prepared);
        await writeFileAtomic(path.join(project.outputDir, relative), bytes);
        const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
        editions.push({
          spec,
          entry: {
            path: toPosix(relative),
            topic: spec.topic,
            language: spec.language,
            level: spec.level,
            format: spec.format,
            paper: spec.paper,
            version: prepared.identity.version,
            contentHash: prepared.identity.contentHash,
            pages,
            bytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            translation: prepared.translation,
            readability: prepared.readability,
            targets: prepared.targets,
            warnings,
          },
        });
      } catch (error) {
        const reason = error instanceof EditionError ? error.message : `${(error as Error).message ?? error}`;
        if (!(error instanceof EditionError)) report(topic.context.file, 'error', `${spec.language} ${spec.level} ${spec.format}: ${reason}`, 'edition-failed');
        editions.push({ spec, error: reason });
      }
    }
  }
  await writeManifest(project, previous, editions);
  return { files, editions, ok };
}

export function targetMessage(spec: EditionSpec, target: TargetResult): string {
  const bound = target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`;
  return `${spec.language} ${spec.level}: ${target.metric} is ${target.value}, target ${bound}`;
}

const MANIFEST = 'manifest.json';

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Whether the file on disk is exactly the one a manifest entry describes (by hash, not by time). */
async function hasBytes(file: string, entry: ManifestEntry): Promise<boolean> {
  try {
    const bytes = await readFile(file);
    return bytes.length === entry.bytes && createHash('sha256').update(bytes).digest('hex') === entry.sha256;
  } catch {
    return false;
  }
}

async function readManifest(project: Project): Promise<Map<string, ManifestEntry>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, MANIFEST), 'utf8')) as { editions: ManifestEntry[] };
    return new Map(manifest.editions.map((entry) => [entry.path, entry]));
  } catch {
    // No manifest yet, or an unreadable one: everything is rendered afresh.
    return new Map();
  }
}

/** Merges this run into output/manifest.json; entries of editions not built this run are kept. */
async function writeManifest(project: Project, previous: Map<string, ManifestEntry>, editions: EditionOutcome[]): Promise<void> {
  const byPath = new Map(previous);
  for (const edition of editions) if (edition.entry) byPath.set(edition.entry.path, edition.entry);
  // A failed edition's PDF from an earlier run stays on disk, but the manifest no longer vouches for it.
  for (const edition of editions) if (edition.error && edition.spec.language !== '*') byPath.delete(toPosix(editionPath(edition.spec)));
  const entries = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  await writeFileAtomic(path.join(project.outputDir, MANIFEST), `${JSON.stringify({ tool: `${TOOL_NAME} ${TOOL_VERSION}`, editions: entries }, null, 2)}\n`);
}

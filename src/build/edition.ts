import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import type { FormatName, LanguageConfig, Project } from '../config/index.ts';
import { onlineAddress, onlineEdition, type Clinic, type OnlineEdition } from '../branding/index.ts';
import { catalogStatus, type StatusProblem } from '../i18n/status.ts';
import { loadCatalog, topicSource, UI_NAMESPACE, type Catalog, type SourceCatalog, type SourceEntry } from '../i18n/catalog.ts';
import { createTranslator, translateDocument, translateLabels } from '../i18n/translate.ts';
import { selectLevel } from '../levels/index.ts';
import { rendererDigest } from './digest.ts';
import { missingGlyphs } from '../glyphs/index.ts';
import { fontFiles } from '../fonts/index.ts';
import { report, type Place } from '../messages/index.ts';
import type { Document, SourceDocument } from '../model/document.ts';
import { walkSegments } from '../model/walk.ts';
import { inlineText } from '../model/segments.ts';
import { tagsOfSource } from '../i18n/tags.ts';
import { checkTranslation, type CheckFinding } from '../i18n/checks.ts';
import { measureReadability, type ReadabilityMetric, type ReadabilityReport } from '../readability/index.ts';
import { pageCounterText, type EditionIdentity, type EditionLabels, type EditionSpec, type TranslationSummary } from '../model/edition.ts';

export type { EditionSpec, TranslationSummary };

export interface TargetResult {
  metric: ReadabilityMetric;
  value: number;
  min?: number;
  max?: number;
  met: boolean;
}

export interface PreparedEdition {
  spec: EditionSpec;
  document: Document;
  identity: EditionIdentity;
  labels: EditionLabels;
  translation: TranslationSummary;
  readability: ReadabilityReport;
  targets: TargetResult[];
  clinic: Clinic;
  online: OnlineEdition | null;
  /** The language's settings for rendering (direction, line breaks, hyphenation), with the edition's font stack: the language's, led by a format's own font where that covers every character. */
  language: LanguageConfig;
  /** Plainer levels the topic also has (levels are listed plainest first in the config), to suggest when a format overflows. */
  plainerLevels: string[];
}

const LARGE_PRINT_FONT = 'Atkinson Hyperlegible';

/** Inputs shared by every edition of one topic. */
export interface TopicContext {
  project: Project;
  source: SourceDocument;
  file: VFile;
  topicSource: SourceCatalog;
  uiSource: SourceCatalog;
  catalogs: Map<string, { topic: Catalog; ui: Catalog }>;
  /** Messages already given, so a segment shared by every level is reported once. */
  reported: Set<string>;
  /** Check results per language and segment: levels share most segments. */
  checked: Map<string, CheckFinding[]>;
  /** Each language and level translated and checked once, whatever the formats built from it. */
  translated: Map<string, TranslatedEdition>;
  /** QR codes by address: formats of one language and level share an address unless it names the format. */
  online: Map<string, OnlineEdition>;
}

/** The part of an edition every format shares. */
interface TranslatedEdition {
  clinic: Clinic;
  translation: TranslationSummary;
  document: Document;
  labels: EditionLabels;
  /** Template strings and clinic details shown besides the document, for glyph checks. */
  shownTexts: string[];
  readability: ReadabilityReport;
  /** Hash of what every format of it shows: document, labels and branding. */
  shownHash: string;
}

export async function topicContext(project: Project, source: SourceDocument, file: VFile, uiSource: SourceCatalog, languages: string[]): Promise<TopicContext> {
  const catalogs = new Map<string, { topic: Catalog; ui: Catalog }>();
  for (const language of languages) {
    if (language === source.meta.sourceLanguage) continue;
    catalogs.set(language, { topic: await loadCatalog(project, language, source.meta.id), ui: await loadCatalog(project, language, UI_NAMESPACE) });
  }
  return { project, source, file, topicSource: topicSource(source), uiSource, catalogs, reported: new Set(), checked: new Map(), translated: new Map(), online: new Map() };
}

export class EditionError extends Error {}

/** Text units readability is measured on: body paragraphs, list items and table cells (not headings or captions). */
export function readabilityUnits(document: Document): string[] {
  return [...walkSegments(document.blocks)]
    .filter(([, context]) => context.role === 'paragraph' || context.role === 'table-cell')
    .map(([segment]) => inlineText(segment.content).trim())
    .filter((text) => text.length > 0);
}

export function checkTargets(project: Project, level: string, readability: ReadabilityReport): TargetResult[] {
  if (!readability.measured) return [];
  const targets = project.config.levels[level]?.targets ?? {};
  const results: TargetResult[] = [];
  for (const [metric, bound] of Object.entries(targets) as [ReadabilityMetric, { min?: number; max?: number } | undefined][]) {
    const value = readability.scores[metric];
    if (bound === undefined || value === undefined) continue;
    const met = (bound.min === undefined || value >= bound.min) && (bound.max === undefined || value <= bound.max);
    results.push({ metric, value, ...bound, met });
  }
  return results;
}

function firstReport(context: TopicContext, ...parts: string[]): boolean {
  const id = parts.join('|');
  if (context.reported.has(id)) return false;
  context.reported.add(id);
  return true;
}

function reportProblems(context: TopicContext, spec: EditionSpec, problems: StatusProblem[], severity: 'error' | 'warning'): void {
  const languageName = context.project.config.languages[spec.language]?.name ?? spec.language;
  for (const problem of problems) {
    if (!firstReport(context, spec.language, problem.namespace, problem.key, problem.state)) continue;
    const what = problem.state === 'missing' ? 'has no translation' : 'is stale: its source text changed after it was translated';
    const catalog = context.catalogs.get(spec.language)!;
    if (problem.namespace === UI_NAMESPACE) {
      report(catalog.ui.file, severity, `${languageName} (${spec.language}) template string \`${problem.key}\` ${what}`, `translation-${problem.state}`);
    } else {
      const place: Place | undefined = problem.entry.position ?? undefined;
      report(context.file, severity, `${languageName} (${spec.language}) segment \`${problem.key}\` ${what} (${catalog.topic.file.path})`, `translation-${problem.state}`, place);
    }
  }
}

/** Runs the translation checks on every translation the edition uses; returns how many found errors. */
function runTranslationChecks(context: TopicContext, spec: EditionSpec, usedKeys: Set<string>, draft: boolean): number {
  const catalogs = context.catalogs.get(spec.language)!;
  const { project } = context;
  let errors = 0;
  const run = (entries: SourceEntry[], catalog: Catalog, withTags: boolean) => {
    for (const entry of entries) {
      const translation = catalog.values[entry.key];
      if (translation === undefined) continue;
      const cacheKey = `${spec.language}|${catalog.namespace}|${entry.key}`;
      let findings = context.checked.get(cacheKey);
      if (!findings) {
        findings = checkTranslation({
          source: entry.source,
          translation,
          sourceLanguage: project.config.sourceLanguage,
          language: spec.language,
          tags: withTags ? tagsOfSource(entry.source) : null,
          glossary: project.config.glossary,
        });
        context.checked.set(cacheKey, findings);
      }
      for (const finding of findings) {
        if (finding.severity === 'error') errors += 1;
        if (!firstReport(context, spec.language, catalog.namespace, entry.key, finding.ruleId)) continue;
        const severity = finding.severity === 'error' && !draft ? 'error' : 'warning';
        const reason = `${spec.language} translation of \`${entry.key}\`: ${finding.message}`;
        if (catalog.namespace === UI_NAMESPACE) report(catalog.file, severity, reason, finding.ruleId);
        else report(context.file, severity, `${reason} (${catalog.file.path})`, finding.ruleId, entry.position ?? undefined);
      }
    }
  };
  run(
    context.topicSource.entries.filter((entry) => usedKeys.has(entry.key)),
    catalogs.topic,
    true,
  );
  run(context.uiSource.entries, catalogs.ui, false);
  return errors;
}

/**
 * Everything up to rendering: level selection, translation status, translation,
 * labels and readability. Throws EditionError (after reporting on the topic or
 * catalog files) when the edition must not be built.
 */
export function prepareEdition(context: TopicContext, spec: EditionSpec, options: { draft: boolean }): PreparedEdition {
  const { project, source } = context;
  const key = JSON.stringify([spec.language, spec.level, spec.clinic, options.draft]);
  let translated = context.translated.get(key);
  if (!translated) {
    translated = translateEdition(context, spec, options);
    context.translated.set(key, translated);
  }
  const { clinic, translation, document, labels, shownTexts, readability, shownHash } = translated;
  const languageConfig = project.config.languages[spec.language]!;
  // Large print leads with Atkinson Hyperlegible only where it has every letter: words mixing two fonts read worse.
  const fonts =
    spec.format === 'large-print' && missingGlyphs(document, fontFiles([LARGE_PRINT_FONT]), shownTexts).length === 0 ? [LARGE_PRINT_FONT, ...languageConfig.fonts] : languageConfig.fonts;
  const language = { ...languageConfig, fonts };
  const levels = plainerLevels(project, source.meta.levels, spec.level);
  const identity: EditionIdentity = {
    topicId: source.meta.id,
    version: source.meta.version,
    contentHash: editionHash({ spec, language, plainerLevels: levels }, shownHash),
    language: spec.language,
    level: spec.level,
    reviewed: source.meta.reviewed,
  };
  return {
    spec,
    document,
    identity,
    labels,
    translation,
    readability,
    targets: checkTargets(project, spec.level, readability),
    clinic,
    online: online(context, clinic, spec),
    language,
    plainerLevels: levels,
  };
}

function online(context: TopicContext, clinic: Clinic, spec: EditionSpec): OnlineEdition | null {
  const address = onlineAddress(clinic, spec);
  if (address === null) return null;
  let edition = context.online.get(address);
  if (!edition) {
    edition = onlineEdition(address);
    context.online.set(address, edition);
  }
  return edition;
}

function translateEdition(context: TopicContext, spec: EditionSpec, options: { draft: boolean }): TranslatedEdition {
  const { project, source } = context;
  const languageConfig = project.config.languages[spec.language];
  if (!languageConfig) throw new EditionError(`Unknown language "${spec.language}": configured languages are ${Object.keys(project.config.languages).join(', ')}`);
  if (!source.meta.levels.includes(spec.level)) throw new EditionError(`Topic ${spec.topic} has no level "${spec.level}" (it has ${source.meta.levels.join(', ')})`);
  const clinic = clinicOf(project, spec);
  const selected = selectLevel(source, spec.level);
  const isSource = spec.language === source.meta.sourceLanguage;
  let translation: TranslationSummary = { status: 'source', reviewed: true, missing: 0, stale: 0 };
  const catalogs = context.catalogs.get(spec.language);
  if (!isSource) {
    if (!catalogs) throw new EditionError(`No catalogs loaded for ${spec.language}`);
    const catalogErrors = [...catalogs.topic.file.messages, ...catalogs.ui.file.messages].filter((message) => message.fatal);
    if (catalogErrors.length > 0) throw new EditionError(`The ${spec.language} catalogs have errors`);
    const usedKeys = new Set(['title', 'summary', ...[...walkSegments(selected.blocks)].map(([segment]) => segment.key)]);
    const topicStatus = catalogStatus(context.topicSource.entries.filter((entry) => usedKeys.has(entry.key)), catalogs.topic);
    const uiStatus = catalogStatus(context.uiSource.entries, catalogs.ui);
    const problems = [...topicStatus.problems, ...uiStatus.problems];
    const reviewed = topicStatus.reviewed === topicStatus.total && uiStatus.reviewed === uiStatus.total;
    const checkErrors = runTranslationChecks(context, spec, usedKeys, options.draft);
    reportProblems(context, spec, problems, options.draft ? 'warning' : 'error');
    translation = {
      status: problems.length === 0 && checkErrors === 0 ? 'final' : 'draft',
      reviewed,
      missing: topicStatus.missing + uiStatus.missing,
      stale: topicStatus.stale + uiStatus.stale,
    };
    if (translation.status === 'draft' && !options.draft) {
      const gaps = problems.length > 0 ? [`${translation.missing} missing and ${translation.stale} stale translations`] : [];
      const failures = checkErrors > 0 ? [`${checkErrors} translations failing their checks`] : [];
      throw new EditionError(
        `${spec.language} ${spec.level}: ${[...gaps, ...failures].join(', ')}; run \`handout i18n sync\`, fix the translations, or build a marked draft with --draft`,
      );
    }
  }
  // Only an incomplete edition becomes a draft; complete ones stay final even under --draft.
  const draft = translation.status === 'draft';

  const translator = createTranslator({
    language: spec.language,
    sourceLanguage: source.meta.sourceLanguage,
    languageName: languageConfig.name,
    topicSource: context.topicSource,
    uiSource: context.uiSource,
    ...(catalogs ? { topicCatalog: catalogs.topic, uiCatalog: catalogs.ui } : {}),
    draft,
  });
  const document = translateDocument(selected, translator);
  const labels = translateLabels(translator, {
    level: spec.level,
    reviewed: source.meta.reviewed,
    version: source.meta.version,
    languageName: languageConfig.name,
    translationReviewed: translation.reviewed,
    isSourceLanguage: isSource,
    draft,
  });
  const shownTexts = [...labelTexts(labels), clinic.name, clinic.address ?? '', clinic.phone ?? '', clinic.website ?? ''];
  checkGlyphs(context, spec, document, shownTexts, languageConfig.fonts);
  return { clinic, translation, document, labels, shownTexts, readability: measureReadability(readabilityUnits(document), spec.language), shownHash: hashShown(document, labels, clinic) };
}

function plainerLevels(project: Project, topicLevels: string[], level: string): string[] {
  const configured = Object.keys(project.config.levels);
  return configured.slice(0, configured.indexOf(level)).filter((candidate) => topicLevels.includes(candidate));
}

function clinicOf(project: Project, spec: EditionSpec): Clinic {
  const clinic = spec.clinic === null ? project.clinics.values().next().value : project.clinics.get(spec.clinic);
  if (!clinic) throw new EditionError(`Unknown clinic "${spec.clinic}": configured clinics are ${[...project.clinics.keys()].join(', ')}`);
  return clinic;
}

/**
 * Refuses an edition with a character no font of its stack can draw: React-PDF
 * would silently print other characters in its place.
 */
function checkGlyphs(context: TopicContext, spec: EditionSpec, document: Document, extraTexts: string[], fonts: string[]): void {
  const missing = missingGlyphs(document, fontFiles(fonts), extraTexts);
  for (const glyph of missing) {
    const where = glyph.segmentKey === 'template strings' ? 'a template string or the clinic details' : `segment \`${glyph.segmentKey}\``;
    report(context.file, 'error', `${spec.language}: no font of the stack (${fonts.join(', ')}) has ${glyph.codePoint} "${glyph.character}" in ${where}`, 'missing-glyph', {
      line: glyph.line,
      column: glyph.column,
    });
  }
  if (missing.length > 0) throw new EditionError(`${spec.language} ${spec.level}: ${missing.length} characters the fonts cannot draw (${missing.map((glyph) => glyph.codePoint).join(', ')})`);
}

function labelTexts(labels: EditionLabels): string[] {
  return [labels.warningTitle, labels.questionsTitle, pageCounterText(labels.pageOf, 1, 2), labels.reviewedOn, labels.levelName, labels.languageName, labels.version, labels.unreviewedNotice ?? '', labels.draftMark ?? '', labels.readOnline, labels.contactUs];
}

/**
 * Short hash of everything the renderer gets for the edition, printed on it so
 * two printouts can be told apart; an edition whose hash is in the manifest
 * with its PDF is not rendered again.
 */
function editionHash(settings: { spec: EditionSpec; language: LanguageConfig; plainerLevels: string[] }, shownHash: string): string {
  return createHash('sha256').update(JSON.stringify({ ...settings, shownHash, renderer: rendererDigest() })).digest('hex').slice(0, 12);
}

/** Hash of what every format of a language and level shows: made once, not per format. */
function hashShown(document: Document, labels: EditionLabels, clinic: Clinic): string {
  const hash = createHash('sha256');
  // The logo counts by its bytes, not by where the project lives.
  const branding = { ...clinic, logo: clinic.logo ? createHash('sha256').update(clinic.logo.data).digest('hex') : null };
  hash.update(JSON.stringify({ labels, branding }));
  // Only what the edition shows counts: not where text sits in the source, nor a hash of the whole topic file.
  hash.update(JSON.stringify(document, (key, value: unknown) => (key === 'data' && value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : key === 'position' || key === 'path' || key === 'sourceHash' ? undefined : value)));
  return hash.digest('hex');
}

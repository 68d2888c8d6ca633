import type { VFile } from 'vfile';
import { hyphenatesIn, linkedFormats, type LanguageConfig } from '../config/index.ts';
import type { Project } from '../project/index.ts';
import { onlineAddress, onlineEdition } from '../branding/index.ts';
import type { FormatDefinition } from '../formats/index.ts';
import { editionFileName, formatNamed } from '../formats/index.ts';
import { fontFiles } from '../fonts/index.ts';
import { missingGlyphs, reportMissingGlyphs } from '../glyphs/index.ts';
import { loadCatalog, topicSource, UI_NAMESPACE, type SourceCatalog } from '../i18n/catalog.ts';
import type { CheckFinding } from '../i18n/checks.ts';
import { EditionError, editionTranslation, usedKeys, type LanguageCatalogs } from '../i18n/edition.ts';
import { createTranslator, translateDocument, translateEmail, translateLabels, type EmailTexts } from '../i18n/translate.ts';
import { selectLevel } from '../levels/index.ts';
import { report } from '../messages/index.ts';
import type { Document, Segment, SourceDocument } from '../model/document.ts';
import { fillClinicPlaceholders, missingClinicFields } from '../model/placeholders.ts';
import { BOX_TITLE, pageCounterText, type Clinic, type EditionIdentity, type EditionLabels, type EditionSpec, type OnlineEdition, type PrintSettings, type TranslationSummary } from '../model/edition.ts';
import { mapSegments, walkSegments } from '../model/walk.ts';
import { measureReadability, type ReadabilityReport } from '../readability/index.ts';
import { checkTargets, readabilityUnits, type TargetResult } from '../readability/targets.ts';
import { unexpandedAbbreviations, unexpandedMessage } from '../readability/abbreviations.ts';
import { styleFindings, type StyleFinding } from '../readability/style.ts';
import { editionHash, hashShown } from './hash.ts';
import { keepDosesTogether } from '../typesetting/doses.ts';

export { EditionError };

/** Everything rendering needs, and all its content hash covers (plus the texts of the email that carries the PDF): a render worker gets this and nothing else. */
export interface PreparedEdition {
  spec: EditionSpec;
  document: Document;
  identity: EditionIdentity;
  labels: EditionLabels;
  translation: TranslationSummary;
  readability: ReadabilityReport;
  targets: TargetResult[];
  /** Health-literacy findings (source-language editions only), each reported at its rule's severity in the level. */
  styleFindings: StyleFinding[];
  clinic: Clinic;
  online: OnlineEdition | null;
  /** The email that carries the PDF, in the edition's language; outside the content hash (the PDF does not show it). */
  email: EmailTexts;
  /**
   * The language's settings for rendering (direction, line breaks, hyphenation), with the edition's font stack: the language's,
   * led by a format's own font where that covers every character; its hyphenation patterns are null where the level or format does not hyphenate.
   */
  language: LanguageConfig;
  /** Plainer levels the topic also has (levels are listed plainest first in the config), to suggest when a format overflows. */
  plainerLevels: string[];
  /** The printers' limits and print-shop output (the config's `print`). */
  print: PrintSettings;
}

/** Inputs shared by every edition of one topic. */
export interface TopicContext {
  project: Project;
  source: SourceDocument;
  file: VFile;
  topicSource: SourceCatalog;
  uiSource: SourceCatalog;
  catalogs: Map<string, LanguageCatalogs>;
  /** Digest of the renderer (src/render/digest.ts), part of every content hash. */
  renderer: string;
  /** What the topic's editions have in common, worked out once; it lives as long as the context. */
  memo: TopicMemo;
}

interface TopicMemo {
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
  email: ReturnType<typeof translateEmail>;
  /** Template strings and clinic details shown besides the document, for glyph checks. */
  shownTexts: string[];
  readability: ReadabilityReport;
  styleFindings: StyleFinding[];
  /** Hash of what every format of it shows: document, labels and branding. */
  shownHash: string;
}

/** Loads the catalogs of every language an edition of the topic may be built in. */
export async function topicContext(project: Project, source: SourceDocument, file: VFile, uiSource: SourceCatalog, languages: string[], renderer: string): Promise<TopicContext> {
  const catalogs = new Map<string, LanguageCatalogs>();
  for (const language of languages) {
    if (language === source.meta.sourceLanguage) continue;
    catalogs.set(language, { topic: await loadCatalog(project, language, source.meta.id), ui: await loadCatalog(project, language, UI_NAMESPACE) });
  }
  return { project, source, file, topicSource: topicSource(source), uiSource, catalogs, renderer, memo: { reported: new Set(), checked: new Map(), translated: new Map(), online: new Map() } };
}

/**
 * Everything up to rendering: level selection, translation status, translation,
 * labels, readability, glyph coverage and the content hash. Throws
 * EditionError (after reporting on the topic or catalog files) when the
 * edition must not be built.
 */
export function prepareEdition(context: TopicContext, spec: EditionSpec, options: { draft: boolean }): PreparedEdition {
  const { project, source } = context;
  const format = formatNamed(spec.format);
  const key = JSON.stringify([spec.language, spec.level, spec.clinic, options.draft]);
  let translated = context.memo.translated.get(key);
  if (!translated) {
    translated = translateEdition(context, spec, options);
    context.memo.translated.set(key, translated);
  }
  const { clinic, translation, document, labels, email, shownTexts, readability, styleFindings, shownHash } = translated;
  const languageConfig = project.config.languages[spec.language]!;
  const language = {
    ...languageConfig,
    fonts: fontStackFor(format, languageConfig.fonts, document, shownTexts),
    hyphenation: hyphenatesIn(project.config, spec.level, spec.format) ? languageConfig.hyphenation : null,
  };
  const levels = plainerLevels(project, source.meta.levels, spec.level);
  const onlineEdition = online(context, clinic, spec);
  // Only the online edition shows its links to the PDFs, which depend on the configured formats: they count in its hash alone.
  const pdfEditions = format.extension === 'html' ? labels.pdfEditions : [];
  const print = printSettings(project);
  const identity: EditionIdentity = {
    topicId: source.meta.id,
    version: source.meta.version,
    contentHash: editionHash({ spec, language, plainerLevels: levels, pdfEditions, print }, shownHash, context.renderer),
    language: spec.language,
    level: spec.level,
    reviewed: source.meta.reviewed,
  };
  return {
    spec,
    document,
    identity,
    labels: { ...labels, pdfEditions },
    translation,
    readability,
    targets: checkTargets(project.config.levels[spec.level]?.targets ?? {}, readability),
    styleFindings,
    clinic,
    online: onlineEdition,
    email: { ...email.texts, onlineLink: onlineEdition ? email.onlineLink(onlineEdition.url) : null },
    language,
    plainerLevels: levels,
    print,
  };
}

const POINTS_PER_INCH = 72;

function printSettings(project: Project): PrintSettings {
  const { printableMargin, tuckIn, bleed } = project.config.print;
  return { printableMargin: printableMargin * POINTS_PER_INCH, tuckIn: tuckIn * POINTS_PER_INCH, bleed };
}

/** The format's own font leads the stack only where it has every character: words mixing two fonts read worse. */
function fontStackFor(format: FormatDefinition, fonts: string[], document: Document, shownTexts: string[]): string[] {
  if (format.leadFont === null || missingGlyphs(document, fontFiles([format.leadFont]), shownTexts).length > 0) return fonts;
  return [format.leadFont, ...fonts];
}

function online(context: TopicContext, clinic: Clinic, spec: EditionSpec): OnlineEdition | null {
  const address = onlineAddress(clinic, spec);
  if (address === null) return null;
  let edition = context.memo.online.get(address);
  if (!edition) {
    edition = onlineEdition(address);
    context.memo.online.set(address, edition);
  }
  return edition;
}

function translateEdition(context: TopicContext, spec: EditionSpec, options: { draft: boolean }): TranslatedEdition {
  const { project, source } = context;
  const languageConfig = project.config.languages[spec.language];
  if (!languageConfig) throw new EditionError(`Unknown language "${spec.language}": configured languages are ${Object.keys(project.config.languages).join(', ')}`);
  if (!source.meta.languages.includes(spec.language)) {
    // Builds plan no such edition; a library caller asking for one is told why on the topic.
    const reason = `Topic ${spec.topic} is not offered in ${spec.language} (its front matter lists languages: ${source.meta.languages.join(', ')})`;
    report(context.file, 'error', reason, 'language-not-offered');
    throw new EditionError(reason);
  }
  if (!source.meta.levels.includes(spec.level)) throw new EditionError(`Topic ${spec.topic} has no level "${spec.level}" (it has ${source.meta.levels.join(', ')})`);
  const clinic = clinicOf(project, spec);
  const selected = selectLevel(source, spec.level);
  const isSource = spec.language === source.meta.sourceLanguage;
  let translation: TranslationSummary = { status: 'source', reviewed: true, missing: 0, stale: 0 };
  const catalogs = context.catalogs.get(spec.language);
  if (!isSource) {
    if (!catalogs) throw new EditionError(`No catalogs loaded for ${spec.language}`);
    translation = editionTranslation(
      {
        edition: `${spec.language} ${spec.level}`,
        language: spec.language,
        languageName: languageConfig.name,
        sourceLanguage: project.config.sourceLanguage,
        glossary: project.config.glossary,
        terms: project.terminology.concepts.get(spec.language) ?? [],
        usedKeys: usedKeys([...walkSegments(selected.blocks)].map(([segment]) => segment)),
        topicSource: context.topicSource,
        uiSource: context.uiSource,
        catalogs,
        draft: options.draft,
        checked: context.memo.checked,
      },
      {
        topicFile: context.file,
        once: (id, file, severity, reason, ruleId, place) => {
          const reportId = id.join('|');
          if (context.memo.reported.has(reportId)) return;
          context.memo.reported.add(reportId);
          report(file, severity, reason, ruleId, place);
        },
      },
    );
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
  const document = keepDosesTogether(withClinicDetails(translateDocument(selected, translator), shownClinic(clinic, languageConfig.direction), context));
  const labels = translateLabels(translator, {
    level: spec.level,
    reviewed: source.meta.reviewed,
    version: source.meta.version,
    languageName: languageConfig.name,
    translationReviewed: translation.reviewed,
    isSourceLanguage: isSource,
    sourceLanguage: source.meta.sourceLanguage,
    draft,
    clinic: shownClinic(clinic, languageConfig.direction),
    pdfEditions: linkedPdfEditions(project, spec),
  });
  const shownTexts = [...labelTexts(labels), clinic.name, clinic.address ?? '', clinic.phone ?? '', clinic.website ?? ''];
  const missing = missingGlyphs(document, fontFiles(languageConfig.fonts), shownTexts);
  if (missing.length > 0) {
    reportMissingGlyphs(missing, { file: context.file, language: spec.language, fonts: languageConfig.fonts });
    throw new EditionError(`${spec.language} ${spec.level}: ${missing.length} characters the fonts cannot draw (${missing.map((glyph) => glyph.codePoint).join(', ')})`);
  }
  // The abbreviation list is the source language's: translations have their own words for them.
  const spoken = isSource ? project.config.abbreviations : {};
  return {
    clinic,
    translation,
    document,
    labels,
    email: translateEmail(translator, clinic),
    shownTexts,
    readability: measureReadability(readabilityUnits(document), spec.language, spoken),
    styleFindings: isSource ? healthLiteracyFindings(project, selected, spec.level, clinic, String(context.file.value ?? '')) : [],
    shownHash: hashShown(document, { ...labels, pdfEditions: [] }, clinic),
  };
}

/**
 * The clinic as the edition's sentences name it. In right-to-left text a phone
 * number is isolated left to right (U+2066…U+2069): the bidi algorithm put
 * "(555) 010-0199" in an Arabic sentence as "(555) 0199-010".
 */
function shownClinic(clinic: Clinic, direction: 'ltr' | 'rtl'): Clinic {
  return direction === 'rtl' && clinic.phone ? { ...clinic, phone: `\u2066${clinic.phone}\u2069` } : clinic;
}

/** The document with its `{{clinic.phone}}`-style placeholders filled in; an error when the clinic lacks a detail the topic asks for. */
function withClinicDetails(document: Document, clinic: Clinic, context: TopicContext): Document {
  const missing = missingClinicFields([document.meta.title, document.meta.summary, ...Array.from(walkSegments(document.blocks), ([segment]) => segment)], clinic);
  for (const [field, segment] of missing) {
    const id = `clinic-placeholder|${clinic.id}|${field}`;
    if (context.memo.reported.has(id)) continue;
    context.memo.reported.add(id);
    report(context.file, 'error', `{{clinic.${field}}} asks for the clinic's ${field}, but clinic ${clinic.id} has none in handout.config.yaml`, 'clinic-placeholder', segment.position);
  }
  if (missing.size > 0) throw new EditionError(`${document.language} ${document.level}: clinic ${clinic.id} has no ${[...missing.keys()].join(' or ')}`);
  const fill = (segment: Segment) => fillClinicPlaceholders(segment, clinic);
  return { ...document, meta: { ...document.meta, title: fill(document.meta.title), summary: fill(document.meta.summary) }, blocks: mapSegments(document.blocks, fill) };
}

/** The PDF editions of this topic, language and level a full build makes that the online edition offers to print. */
function linkedPdfEditions(project: Project, spec: EditionSpec): { format: string; file: string }[] {
  return linkedFormats(project.config, spec.level).map((format) => ({ format, file: editionFileName({ ...spec, format }) }));
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

function labelTexts(labels: EditionLabels): string[] {
  return [labels.warningTitle, labels.questionsTitle, labels.summaryTitle, pageCounterText(labels.pageOf, 1, 2), labels.reviewedOn, labels.levelName, labels.languageName, labels.version, labels.unreviewedNotice ?? '', labels.draftMark ?? '', labels.readOnline, labels.contactUs, labels.callClinic ?? '', labels.continued.replace(BOX_TITLE, ''), labels.skipToContent, labels.printEditions, ...labels.pdfEditions.map((edition) => edition.name)];
}

/** The source text's findings against the health-literacy rules: abbreviations first, then style and structure. */
function healthLiteracyFindings(project: Project, selected: Document, level: string, clinic: Clinic, sourceText: string): StyleFinding[] {
  const abbreviations = unexpandedAbbreviations(selected, project.config.abbreviations, sourceText).map((finding) => ({
    ruleId: 'abbreviation-unexpanded' as const,
    message: unexpandedMessage(finding, level),
    position: finding.position,
  }));
  const style = styleFindings(selected, { sourceText, explainTerms: project.config.explainTerms, clinicHasPhone: Boolean(clinic.phone) });
  return [...abbreviations, ...style.map((finding) => ({ ...finding, message: `${level}: ${finding.message}` }))];
}

import i18next, { type i18n } from 'i18next';
import type { Document, Segment } from '../model/document.ts';
import { mapSegments } from '../model/walk.ts';
import { unbrokenPhone } from '../model/phone.ts';
import { fromTagged, toTagged } from '../model/segments.ts';
import { BOX_TITLE, PAGE_NUMBER, PAGE_TOTAL, type EditionLabels, type PdfEditionLink } from '../model/edition.ts';
import { UI_NAMESPACE, type Catalog, type SourceCatalog } from './catalog.ts';
import { segmentState } from './status.ts';

export interface TranslationInput {
  language: string;
  sourceLanguage: string;
  languageName: string;
  topicSource: SourceCatalog;
  uiSource: SourceCatalog;
  /** Catalogs of `language`; absent when `language` is the source language. */
  topicCatalog?: Catalog;
  uiCatalog?: Catalog;
  /** Draft: use stale translations and fall back to the source text for missing ones. */
  draft: boolean;
}

/** A segment whose translation could not be used (e.g. its inline tags are broken). */
export class SegmentTranslationError extends Error {
  constructor(
    readonly namespace: string,
    readonly key: string,
    reason: string,
  ) {
    super(`${namespace}:${key}: ${reason}`);
  }
}

/** The i18next resources this edition may use: source text, plus usable translations. */
function resources(input: TranslationInput) {
  const sourceValues = (catalog: SourceCatalog) => Object.fromEntries(catalog.entries.map((entry) => [entry.key, entry.source]));
  const usable = (source: SourceCatalog, catalog: Catalog | undefined) => {
    if (!catalog) return {};
    const allowed = new Set<string>(input.draft ? ['translated', 'reviewed', 'stale'] : ['translated', 'reviewed']);
    const values: Record<string, string> = {};
    for (const entry of source.entries) {
      const value = catalog.values[entry.key] ?? catalog.meta.segments[entry.key]?.suggestion;
      if (value && allowed.has(segmentState(entry, catalog))) values[entry.key] = value;
    }
    return values;
  };
  const result: Record<string, Record<string, Record<string, string>>> = {
    [input.sourceLanguage]: { [input.topicSource.namespace]: sourceValues(input.topicSource), [UI_NAMESPACE]: sourceValues(input.uiSource) },
  };
  if (input.language !== input.sourceLanguage) {
    result[input.language] = { [input.topicSource.namespace]: usable(input.topicSource, input.topicCatalog), [UI_NAMESPACE]: usable(input.uiSource, input.uiCatalog) };
  }
  return result;
}

export function createTranslator(input: TranslationInput): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: input.language,
    // Final editions were checked complete before translating; only drafts may show source text.
    fallbackLng: input.draft ? input.sourceLanguage : false,
    ns: [input.topicSource.namespace, UI_NAMESPACE],
    defaultNS: input.topicSource.namespace,
    resources: resources(input),
    keySeparator: false,
    nsSeparator: false,
    returnEmptyString: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    saveMissing: false,
  });
  // ICU has no month names for some languages (Haitian Creole): an English date
  // would be wrong, and a numeric one ambiguous, so those get ISO 8601.
  instance.services.formatter?.add('datetime', (value: Date, language: string | undefined, options: Intl.DateTimeFormatOptions) =>
    language && Intl.DateTimeFormat.supportedLocalesOf(language).length > 0 ? new Intl.DateTimeFormat(language, options).format(value) : value.toISOString().slice(0, 10),
  );
  // The page counter's numbers arrive as placeholders (PAGE_NUMBER, PAGE_TOTAL) and stay so.
  instance.services.formatter?.add('number', (value: unknown, language: string | undefined, options: Intl.NumberFormatOptions) =>
    typeof value === 'string' ? value : new Intl.NumberFormat(language, options).format(value as number),
  );
  return instance;
}

/** Translates every segment of `document` through i18next. */
export function translateDocument(document: Document, translator: i18n): Document {
  const namespace = document.meta.id;
  const translate = (segment: Segment): Segment => {
    // An empty text (a blank table cell) has nothing to translate: i18next would hand back its key, printed in the cell.
    if (segment.source === '') return segment;
    if (!translator.exists(segment.key, { ns: namespace })) {
      throw new SegmentTranslationError(namespace, segment.key, 'no translation');
    }
    // Topic text is never interpolated: "{{" in a paragraph is just text.
    const text = translator.t(segment.key, { ns: namespace, skipInterpolation: true });
    // A draft prints the source text where a translation is missing: a screen reader must read it in its own language.
    const fallback = translator.getResource(translator.language, namespace, segment.key) === undefined && translator.language !== document.language;
    try {
      return { ...segment, content: fromTagged(text, toTagged(segment.content).tags), ...(fallback ? { language: document.language } : {}) };
    } catch (error) {
      throw new SegmentTranslationError(namespace, segment.key, (error as Error).message);
    }
  };
  return {
    ...document,
    language: translator.language,
    meta: { ...document.meta, title: translate(document.meta.title), summary: translate(document.meta.summary) },
    blocks: mapSegments(document.blocks, translate),
  };
}

export interface LabelInput {
  level: string;
  reviewed: string;
  version: string;
  languageName: string;
  /** Whether every segment of the edition has been reviewed by a qualified medical translator. */
  translationReviewed: boolean;
  isSourceLanguage: boolean;
  sourceLanguage: string;
  draft: boolean;
  /** The clinic the edition is branded for, named in the call-the-clinic line of warning boxes. */
  clinic: { name: string; phone: string | null };
  /** The PDF editions the online edition links to: each format's name is the template string `format.<format>`. */
  pdfEditions: Omit<PdfEditionLink, 'name'>[];
}

function uiString(translator: i18n, key: string, values: Record<string, unknown> = {}): string {
  if (!translator.exists(key, { ns: UI_NAMESPACE })) throw new SegmentTranslationError(UI_NAMESPACE, key, 'no template string');
  return translator.t(key, { ns: UI_NAMESPACE, ...values }) as string;
}

export function translateLabels(translator: i18n, input: LabelInput): EditionLabels {
  const ui = (key: string, values: Record<string, unknown> = {}) => uiString(translator, key, values);
  const reviewedDate = new Date(`${input.reviewed}T00:00:00Z`);
  return {
    warningTitle: ui('warningTitle'),
    questionsTitle: ui('questionsTitle'),
    summaryTitle: ui('summaryTitle'),
    // Numbers are written in by the template, with the translator's locale digits, once pages are laid out.
    pageOf: { text: ui('pageOf', { page: PAGE_NUMBER, total: PAGE_TOTAL }), locale: translator.language },
    reviewedOn: ui('reviewedOn', { date: reviewedDate }),
    levelName: ui(`level.${input.level}`),
    languageName: input.languageName,
    version: ui('version', { version: input.version }),
    unreviewedNotice: input.isSourceLanguage || input.translationReviewed ? null : ui('unreviewedNotice'),
    // Also in the source language: staff who hand it out may not read the edition's language.
    draftMark: input.draft ? [ui('draftMark'), ...(input.isSourceLanguage ? [] : [translator.getFixedT(input.sourceLanguage, UI_NAMESPACE)('draftMark')])].join(' · ') : null,
    draftWatermark: input.draft ? ui('draftMark') : null,
    readOnline: ui('readOnline'),
    contactUs: ui('contactUs'),
    continued: ui('continued', { title: BOX_TITLE }),
    skipToContent: ui('skipToContent'),
    printEditions: ui('printEditions'),
    pdfEditions: input.pdfEditions.map((edition) => ({ ...edition, name: ui(`format.${edition.format}`) })),
    callClinic: input.clinic.phone === null ? null : ui('callClinic', { clinic: input.clinic.name, phone: unbrokenPhone(input.clinic.phone) }),
  };
}

/**
 * The email that carries an edition's PDF, in the edition's language (template
 * strings `email.*`). Here rather than in src/model: the PDF does not show it,
 * so neither the content hash nor the renderer's digest covers it.
 */
export interface EmailTexts {
  /** Names the clinic, never the topic: an inbox list shows it to whoever sees the screen. */
  subject: string;
  body: string;
  /** "You can also read it online: https://…"; null when the clinic has no online edition. */
  onlineLink: string | null;
  signature: string;
  /** The attachment's file name without `.pdf`; like the subject, it names only the clinic. */
  attachmentName: string;
}

/** An edition's email texts; the online link is written per format, whose online address may differ. */
export function translateEmail(translator: i18n, clinic: { name: string }): { texts: Omit<EmailTexts, 'onlineLink'>; onlineLink: (url: string) => string } {
  const values = { clinic: clinic.name };
  return {
    texts: {
      subject: uiString(translator, 'email.subject', values),
      body: uiString(translator, 'email.body', values),
      signature: uiString(translator, 'email.signature', values),
      attachmentName: uiString(translator, 'email.attachmentName', values),
    },
    onlineLink: (url) => uiString(translator, 'email.onlineLink', { url }),
  };
}

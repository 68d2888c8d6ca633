import type { Clinic, OnlineEdition } from '../src/branding/index.ts';
import type { Document } from '../src/model/document.ts';

/** Everything a template shows besides the body, already translated and formatted. */
export interface EditionLabels {
  /** Default title of a `:::warning` box. */
  warningTitle: string;
  /** Default title of a `:::questions` box. */
  questionsTitle: string;
  /** Footer page counter, e.g. "Page 2 of 3" with locale digits; filled in with `pageCounterText`. */
  pageOf: PageCounter;
  /** e.g. "Reviewed on November 1, 2026" (locale date format). */
  reviewedOn: string;
  /** e.g. "Plain language" */
  levelName: string;
  /** e.g. "Español" */
  languageName: string;
  /** e.g. "Version 1.0" */
  version: string;
  /** Shown on the first page when no qualified medical translator has reviewed this translation; null when reviewed or source language. */
  unreviewedNotice: string | null;
  /** Mark shown on every page of a draft edition ("DRAFT – not for patients"); null for final editions. */
  draftMark: string | null;
  /** Caption of the QR code, e.g. "Scan to read this handout online". */
  readOnline: string;
  /** Heading of the clinic's contact details on a tri-fold's back panel. */
  contactUs: string;
}

/**
 * A translated page counter whose numbers are known only while React-PDF lays
 * out pages. Data, not a function, so a prepared edition can be sent to a
 * render worker as it is.
 */
export interface PageCounter {
  /** The translation, with PAGE_NUMBER and PAGE_TOTAL where the numbers go. */
  text: string;
  /** Locale whose digits the numbers are written in. */
  locale: string;
}

export const PAGE_NUMBER = '\u{F0000}page\u{F0000}';
export const PAGE_TOTAL = '\u{F0000}total\u{F0000}';

// Made once per locale: the counter is laid out on every page of every edition, and a formatter is slow to make.
const digitFormats = new Map<string, Intl.NumberFormat>();

export function pageCounterText(counter: PageCounter, page: number, total: number): string {
  let digits = digitFormats.get(counter.locale);
  if (!digits) {
    digits = new Intl.NumberFormat(counter.locale);
    digitFormats.set(counter.locale, digits);
  }
  return counter.text.replace(PAGE_NUMBER, digits.format(page)).replace(PAGE_TOTAL, digits.format(total));
}

export interface EditionIdentity {
  topicId: string;
  version: string;
  /** Short content hash of every input of the edition. */
  contentHash: string;
  language: string;
  level: string;
  reviewed: string;
}

export interface Typography {
  /** Font families, first preferred; each character falls back along the list. */
  fontFamily: string[];
  direction: 'ltr' | 'rtl';
  /** OpenType features switched on or off for the language. */
  fontFeatures: Record<string, boolean>;
  /** Splits a word into hyphenation parts for this language (`[word]` for none). */
  hyphenate: (word: string) => string[];
  /** Breaks a web address across lines without a hyphen. */
  breakUrl: (word: string) => string[];
  /** Breaks a word only where its script needs no hyphen (between Chinese words); other words stay whole. */
  breakWithoutHyphens: (word: string) => string[];
}

export interface TemplateProps {
  document: Document;
  identity: EditionIdentity;
  labels: EditionLabels;
  typography: Typography;
  paper: 'LETTER' | 'A4';
  clinic: Clinic;
  /** The online edition and its QR code; null when the clinic has no address pattern. */
  online: OnlineEdition | null;
  /** PDF metadata creator string (tool name and version). */
  creator: string;
  /** Fixed date so identical inputs give identical bytes. */
  creationDate: Date;
}

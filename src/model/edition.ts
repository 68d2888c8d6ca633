/**
 * The kernel types every stage shares about one edition: what it is (spec and
 * identity), what it shows besides the document (labels, clinic, online
 * address). Stages import these from here, never from one another.
 */

/** Paper a build prints on; each format has its page geometry for both. */
export type Paper = 'letter' | 'a4';

/** The name of a registered format (src/formats/), e.g. `handout`, `trifold`, `html`. */
export type FormatName = string;

export interface EditionSpec {
  topic: string;
  language: string;
  level: string;
  format: FormatName;
  paper: Paper;
  /** Clinic id; null for the project's default clinic (the first in the config). */
  clinic: string | null;
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

export interface TranslationSummary {
  /**
   * source: the topic's own language; final: complete (every segment and template
   * string translated from the current source) and passing the translation checks,
   * reviewed or not; draft: built with --draft despite gaps or check errors.
   */
  status: 'source' | 'final' | 'draft';
  /** Every segment and template string reviewed by a qualified medical translator (always true for the source). */
  reviewed: boolean;
  missing: number;
  stale: number;
}

export interface PdfEditionLink {
  format: FormatName;
  /** e.g. "Large print (PDF)" */
  name: string;
  /** The PDF's file name, e.g. recurrent-hemifacial-spasm.plain.es.large-print.pdf. */
  file: string;
}

/** Everything a template shows besides the body, already translated and formatted. */
export interface EditionLabels {
  /** Default title of a `:::warning` box. */
  warningTitle: string;
  /** Default title of a `:::questions` box. */
  questionsTitle: string;
  /** Default title of a `:::summary` box (key points). */
  summaryTitle: string;
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
  /** Mark shown on every page of a draft edition ("BORRADOR – NO ES PARA PACIENTES · DRAFT – NOT FOR PATIENTS"), in the edition's language and then the source's, which the staff handing it out read; null for final editions. */
  draftMark: string | null;
  /** The draft mark in the edition's language only, for the large watermark across each page; null when not a draft. */
  draftWatermark: string | null;
  /** Caption of the QR code, e.g. "Scan to read this handout online". */
  readOnline: string;
  /** Heading of the clinic's contact details on a tri-fold's back panel and a booklet's back cover. */
  contactUs: string;
  /** Shown with every warning box: "Call Riverside Neurology Clinic at (555) 010-0199."; null when the clinic has no phone. */
  callClinic: string | null;
  /** The online edition's skip link: "Skip to main content". */
  skipToContent: string;
  /** Heading of the online edition's links to its PDF editions: "Print this handout". */
  printEditions: string;
  /** The PDF editions the online edition links to, named in the edition's language; their files sit beside it on the site. */
  pdfEditions: PdfEditionLink[];
  /** Heads the rest of a box on the next page: "When to get help (continued)", with BOX_TITLE where the box's title goes. */
  continued: string;
}

/**
 * A translated page counter whose numbers are known only while pages are laid
 * out. Data, not a function, so a prepared edition can be sent to a render
 * worker as it is.
 */
export interface PageCounter {
  /** The translation, with PAGE_NUMBER and PAGE_TOTAL where the numbers go. */
  text: string;
  /** Locale whose digits the numbers are written in. */
  locale: string;
}

export const BOX_TITLE = '\u{F0000}title\u{F0000}';
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

export interface Logo {
  data: Uint8Array;
  format: 'png' | 'svg';
  /** Absolute path, an input of every edition that shows it. */
  file: string;
}

/** A clinic as editions show it: config values plus its logo, read and checked. */
export interface Clinic {
  id: string;
  name: string;
  phone: string | null;
  address: string | null;
  website: string | null;
  logo: Logo | null;
  brandColor: string;
  onlineUrl: string | null;
}

/** How the edition is printed, in points (the config's `print`, in inches). */
export interface PrintSettings {
  /** Nothing is drawn nearer the sheet's edges than this. */
  printableMargin: number;
  /** The tri-fold's tuck-in panel is this much narrower than the other two. */
  tuckIn: number;
  /** Print-shop output: colour bleeds past the trim, with crop marks. */
  bleed: boolean;
}

export interface OnlineEdition {
  url: string;
  /** QR code as one SVG path on a grid of `size` × `size` modules (quiet zone excluded). */
  qr: { size: number; path: string };
}

import type { DocumentProps } from '@react-pdf/renderer';
import type { Document } from '../src/model/document.ts';
import type { Clinic, EditionIdentity, EditionLabels, OnlineEdition, PrintSettings } from '../src/model/edition.ts';

export { BOX_TITLE, pageCounterText, type EditionIdentity, type EditionLabels, type PageCounter } from '../src/model/edition.ts';

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
  /** Breaks a word of text in another language (a draft's source text): never at the edition's hyphenation points, only after the word's own hyphens and between Chinese words. */
  breakOtherLanguage: (word: string) => string[];
  /** Where lines break: at spaces, or also between words of scripts written without spaces (Chinese). */
  lineBreaks: 'spaces' | 'cjk';
  /** Least line height of any text, as a multiple of its size (the language's `minLineHeight`). */
  minLineHeight: number;
}

/** Type sizes, margins and spacing of a format (body ≥ 12 pt everywhere). */
export interface TypeScale {
  body: number;
  lineHeight: number;
  headings: [number, number, number];
  title: number;
  summary: number;
  small: number;
  footer: number;
  /** `furniture`: the side margin of the header, footer and draft banner where they run wider than the text (default `side`). */
  margin: { top: number; bottom: number; side: number; furniture?: number };
  /** Space between blocks, relative to the handout's: panels are short. */
  spacing: number;
}

/** What a format's module tells its template about the page (src/formats/). */
export interface PageLayout {
  /** The format's name, which keys its styles. */
  name: string;
  /** Page size per paper, in points, or the paper's own size. */
  pageSize: Record<'LETTER' | 'A4', 'LETTER' | 'A4' | readonly [number, number]>;
  scale: TypeScale;
  /** Emphasis in italics; where italics are harder to read (large print) emphasis is bold. */
  italics: boolean;
  /** Black text, notices and secondary text throughout, no grey: easier to read with low vision. */
  blackText: boolean;
  /** Side of the QR code, in points. */
  qrSize: number;
  /** A last page of its own with the clinic's contact details and the QR code (booklets); elsewhere the QR block ends the text. */
  backCover?: boolean;
}

/** A PDF template's input: the edition, laid out as its format says. */
export interface TemplateProps extends EditionProps {
  layout: PageLayout;
  /** Given to the <Document>: React-PDF hands it the layout, which fit checks read. */
  onRender: NonNullable<DocumentProps['onRender']>;
}

/** The translated edition as every template receives it. */
export interface EditionProps {
  document: Document;
  identity: EditionIdentity;
  labels: EditionLabels;
  typography: Typography;
  paper: 'LETTER' | 'A4';
  clinic: Clinic;
  /** The online edition and its QR code; null when the clinic has no address pattern. */
  online: OnlineEdition | null;
  /** The printers' limits and print-shop output. */
  print: PrintSettings;
  /** PDF metadata creator string (tool name and version). */
  creator: string;
  /** Fixed date so identical inputs give identical bytes. */
  creationDate: Date;
}

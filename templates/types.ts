import type { Document } from '../src/model/document.ts';
import type { Clinic, EditionIdentity, EditionLabels, OnlineEdition } from '../src/model/edition.ts';

export { pageCounterText, type EditionIdentity, type EditionLabels, type PageCounter } from '../src/model/edition.ts';

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

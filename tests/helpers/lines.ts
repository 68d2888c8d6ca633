import type { PdfPage, PdfTextItem } from './pdf.ts';

/** A printed line as read back: its text items in drawing order, on one baseline. */
export interface PrintedLine {
  page: number;
  text: string;
  items: PdfTextItem[];
  /** Baseline, size and right edge of its first and last items. */
  y: number;
  size: number;
  left: number;
  right: number;
}

/** Items of one line may sit a little off each other's baseline (a list's bullet, Chinese and Latin fonts). */
const SAME_BASELINE = 2;

/** The lines of a PDF's pages: React-PDF draws a text line by line, so a line ends where the next item leaves its baseline. */
export function printedLines(pages: PdfPage[]): PrintedLine[] {
  const lines: PrintedLine[] = [];
  pages.forEach((page, pageIndex) => {
    let current: PdfTextItem[] = [];
    const close = () => {
      const drawn = current.filter((item) => item.str !== '');
      if (drawn.length > 0) {
        const last = drawn.at(-1)!;
        lines.push({ page: pageIndex + 1, text: drawn.map((item) => item.str).join(''), items: drawn, y: drawn[0]!.y, size: Math.max(...drawn.map((item) => item.fontSize)), left: drawn[0]!.x, right: last.x + last.width });
      }
      current = [];
    };
    for (const item of page.items) {
      const first = current.find((other) => other.str !== '');
      if (first && item.str !== '' && (Math.abs(item.y - first.y) > SAME_BASELINE || item.x < first.x - 1)) close();
      current.push(item);
    }
    close();
  });
  return lines;
}

/** Whether `next` goes on the paragraph of `line`: the next line down on the same page, in the same size, one line pitch below. */
export function continuesParagraph(line: PrintedLine, next: PrintedLine | undefined): boolean {
  if (!next || next.page !== line.page || Math.abs(next.size - line.size) > 0.1) return false;
  const drop = line.y - next.y;
  return drop > 0 && drop < line.size * 1.6;
}

export interface HyphenatedEnd {
  line: PrintedLine;
  next: PrintedLine;
  /** The word as the source writes it (`carbamazepine`). */
  word: string;
}

/**
 * Line ends where a word was broken with a hyphen the source does not have:
 * `carba-` / `mazepine` where the source says `carbamazepine`; not `follow-` /
 * `up` where it says `follow-up`. `source` is everything the edition prints.
 */
export function hyphenatedEnds(lines: PrintedLine[], source: string): HyphenatedEnd[] {
  const ends: HyphenatedEnd[] = [];
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    const head = /(\S*\S)-$/u.exec(line.text.trimEnd())?.[1];
    const tail = next ? /^\S+/u.exec(next.text.trimStart())?.[0] : undefined;
    if (!next || head === undefined || tail === undefined) return;
    if (source.includes(`${lastWord(head)}-${firstWord(tail)}`)) return;
    ends.push({ line, next, word: `${head}${tail}` });
  });
  return ends;
}

// A hyphen's neighbours as the source writes them, without the punctuation a line may carry.
const lastWord = (text: string) => /[\p{L}\p{N}]+$/u.exec(text)?.[0] ?? text;
const firstWord = (text: string) => /^[\p{L}\p{N}]+/u.exec(text)?.[0] ?? text;

import { FitError, type LaidOutLine, type LaidOutNode } from './types.ts';
import type { Document, Segment } from '../model/document.ts';
import { walkSegments } from '../model/walk.ts';
import type { TableFit } from '../../templates/shared/blocks.tsx';
import { printedRuns, REGULAR } from '../../templates/shared/printed.ts';

/** Ink closer than this (in points) is not taken for overlapping. */
const TOUCHING = 0.5;
/**
 * How far above its baseline a line's letters surely reach, in ems: lines
 * whose letters' bodies cross print over each other, while line boxes (which
 * hold the font's tallest accents and deepest descenders) may touch harmlessly.
 */
const LETTER_BODY = 0.6;
/** What the error names of a lost or overprinted text, and of how many lost texts. */
const EXCERPT = 40;
const NAMED = 5;

/** Where a format can take a table too wide for it. */
const WIDER_PAGES: Record<string, string> = {
  'large-print': ', or build this topic in the handout format, whose type is smaller (large print never sets a table below its 18 pt)',
  booklet: ', or use the handout format, whose page is wider',
  'booklet-print': ', or use the handout format, whose page is wider',
  trifold: ', or use the handout or booklet format',
};

/**
 * Checks a PDF edition as React-PDF laid it out, rather than trusting the
 * layout to hold its text: every table fits its page (blocks.tsx reports its
 * TableFit in the layout), every word of the texts the format prints
 * (`printed`, in reading order) is on a page, no text is printed over other
 * text or off the page. A failure throws a FitError naming the text and its
 * line; a table set smaller to fit is a note.
 */
export function checkLayout(pages: LaidOutNode[], printed: Segment[], format: string): string[] {
  const notes = tableNotes(pages, format);
  const lost = lostSegments(pages, printed);
  if (lost.length > 0) {
    const named = lost.slice(0, NAMED).map((segment) => `"${excerpt(printedText(segment))}" (line ${segment.position.line})`);
    const more = lost.length > NAMED ? ` and ${lost.length - NAMED} more` : '';
    throw new FitError(`text would be lost in the ${format} layout: ${named.join(', ')}${more}. Shorten or split that text, or use another format`, lost[0]!.position.line);
  }
  const problem = inkProblem(pages);
  if (problem) {
    const where = (line: LaidOutLine) => {
      const source = sourceSegment(printed, line);
      return `"${excerpt(logicalText(line).trim())}"${source ? ` (line ${source.position.line})` : ''}`;
    };
    throw new FitError(
      problem.other
        ? `text would be printed over other text in the ${format} layout, on page ${problem.page}: ${where(problem.line)} and ${where(problem.other)}. Shorten that text or use another format`
        : `text would run off page ${problem.page} of the ${format} layout: ${where(problem.line)}. Shorten that text or use another format`,
      sourceSegment(printed, problem.line)?.position.line ?? null,
    );
  }
  return notes;
}

function tableNotes(pages: LaidOutNode[], format: string): string[] {
  const tables = new Map<number, TableFit>();
  const visit = (node: LaidOutNode) => {
    const fit = node.props?.tableFit as TableFit | undefined;
    if (fit) tables.set(fit.line, fit);
    node.children?.forEach(visit);
  };
  pages.forEach(visit);
  for (const table of tables.values()) {
    if (table.fits) continue;
    const columnsThatFit = Math.max(1, Math.floor((table.columns * table.width) / table.needed));
    throw new FitError(
      `the table at line ${table.line} is too wide for the ${format} format: at ${table.floor} pt its ${table.columns} columns need at least ${Math.ceil(table.needed)} pt ` +
        `and have ${Math.floor(table.width)} pt. Give it fewer columns or split it into tables of about ${columnsThatFit} columns${WIDER_PAGES[format] ?? ''}`,
      table.line,
    );
  }
  return [...tables.values()].filter((table) => table.size < table.body).map((table) => `the table at line ${table.line} is set at ${table.size} pt instead of ${table.body} pt to fit the page`);
}

/** Every text of an edition's document in reading order: what a format that prints the whole edition prints. */
export function editionSegments(document: Document): Segment[] {
  return [document.meta.title, document.meta.summary, ...Array.from(walkSegments(document.blocks), ([segment]) => segment)];
}

export function printedText(segment: Segment): string {
  return printedRuns(segment.content, REGULAR, true)
    .map((run) => run.text)
    .join('');
}

const OPENING_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<', '»': '«', '›': '‹' };

/**
 * Text as both sides can be compared: canonical composition (textkit
 * decomposes some characters), no white space or hyphens (line breaks add and
 * remove them), no invisible format characters, and brackets one way round
 * (right-to-left text prints them mirrored).
 */
function comparable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00ad\p{Cf}-]/gu, '')
    .replace(/[)\]}>»›]/gu, (bracket) => OPENING_OF[bracket]!);
}

/**
 * The segments whose text is not on any page. The pages' text, in reading
 * order (page furniture, positioned absolutely or marked `furniture`, left out; a table header repeated on the pages it continues on counts once in turn), must hold
 * each segment's text in turn; one found only out of turn is still there.
 */
function lostSegments(pages: LaidOutNode[], printed: Segment[]): Segment[] {
  const parts: string[] = [];
  const visit = (node: LaidOutNode) => {
    if (node.style?.position === 'absolute' || node.props?.furniture) return;
    if (node.lines) for (const line of node.lines) parts.push(logicalText(line));
    else node.children?.forEach(visit);
  };
  pages.forEach(visit);
  const laidOut = comparable(parts.join(''));
  const lost: Segment[] = [];
  let cursor = 0;
  for (const segment of printed) {
    const text = comparable(printedText(segment));
    if (text === '') continue;
    const at = laidOut.indexOf(text, cursor);
    if (at >= 0) cursor = at + text.length;
    else if (!laidOut.includes(text)) lost.push(segment);
  }
  return lost;
}

/**
 * A line's text in reading order. textkit reorders a line's runs for display
 * (UAX #9 rule L2) and reverses the characters of right-to-left runs; L2 is
 * its own inverse, so doing it again gives the runs back in logical order.
 */
function logicalText(line: LaidOutLine): string {
  const levels = line.runs.map((run) => run.attributes?.bidiLevel ?? 0);
  if (levels.every((level) => level === 0)) return line.string;
  const order = line.runs.map((_, index) => index);
  for (let level = Math.max(...levels); level >= 1; level -= 1) {
    let start = 0;
    while (start < order.length) {
      if (levels[order[start]!]! < level) {
        start += 1;
        continue;
      }
      let end = start + 1;
      while (end < order.length && levels[order[end]!]! >= level) end += 1;
      order.splice(start, end - start, ...order.slice(start, end).reverse());
      start = end;
    }
  }
  return order
    .map((index) => {
      const run = line.runs[index]!;
      const text = line.string.slice(run.start, run.end);
      return levels[index]! % 2 === 1 ? Array.from(text).reverse().join('') : text;
    })
    .join('');
}

/** Where a line's letters print on its page, in points: their bodies, from the baseline up. */
interface Ink {
  left: number;
  right: number;
  top: number;
  bottom: number;
  line: LaidOutLine;
  text: LaidOutNode;
}

/** The first line printed over another text's or off its page, with its page number. */
function inkProblem(pages: LaidOutNode[]): { page: number; line: LaidOutLine; other?: LaidOutLine } | null {
  for (const [index, page] of pages.entries()) {
    const inks: Ink[] = [];
    const visit = (node: LaidOutNode, x: number, y: number) => {
      // A rotated text (the DRAFT watermark) is meant to lie over the others.
      if (node.style?.transform) return;
      const left = x + (node.box?.left ?? 0);
      const top = y + (node.box?.top ?? 0);
      if (node.lines && node.box) {
        const originX = left + (node.box.paddingLeft ?? 0) - (node.alignOffset ?? 0);
        const originY = top + (node.box.paddingTop ?? 0) - (node.lines[0]?.box.y ?? 0);
        for (const line of node.lines) {
          if (line.string.trim() === '') continue;
          const baseline = originY + line.box.y + (line.ascent ?? line.box.height);
          const size = Math.max(...line.runs.map((run) => run.attributes?.fontSize ?? 0));
          const start = originX + line.box.x;
          inks.push({ left: start + (line.overflowLeft ?? 0), right: start + line.xAdvance - (line.overflowRight ?? 0), top: baseline - LETTER_BODY * size, bottom: baseline, line, text: node });
        }
      }
      node.children?.forEach((child) => visit(child, left, top));
    };
    visit(page, 0, 0);
    const width = page.box?.width ?? Infinity;
    const height = page.box?.height ?? Infinity;
    const off = inks.find((ink) => ink.left < -TOUCHING || ink.right > width + TOUCHING || ink.top < -TOUCHING || ink.bottom > height + TOUCHING);
    if (off) return { page: index + 1, line: off.line };
    inks.sort((a, b) => a.top - b.top);
    for (const [position, ink] of inks.entries()) {
      for (let next = position + 1; next < inks.length; next += 1) {
        const other = inks[next]!;
        if (other.top >= ink.bottom - TOUCHING) break;
        if (other.text !== ink.text && other.left < ink.right - TOUCHING && ink.left < other.right - TOUCHING) return { page: index + 1, line: ink.line, other: other.line };
      }
    }
  }
  return null;
}

/** The start of a segment's text, to name it in a message. */
export function segmentExcerpt(segment: Segment): string {
  return excerpt(printedText(segment));
}

function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

/** The segment a laid-out line prints; none for the template's own texts. */
function sourceSegment(printed: Segment[], line: LaidOutLine): Segment | undefined {
  const text = comparable(logicalText(line));
  return text === '' ? undefined : printed.find((candidate) => comparable(printedText(candidate)).includes(text));
}

import { isNumber, isWebAddress, joinsLetters, webAddressParts } from '../../src/model/tokens.ts';
import type { LineBreaker } from './fit-words.ts';
import type { TextMeasure } from './measure.ts';
import type { PrintedRun } from './printed.ts';

export interface TableSpace {
  measure: TextMeasure;
  /** The language's breaks inside words (hyphenation points, between Chinese words). */
  breaker: LineBreaker;
  /** Width of the whole table, borders included, in points. */
  width: number;
  /** The body size, where a table starts, and the smallest size the format allows, in points. */
  body: number;
  floor: number;
  padding: { normal: number; compact: number };
}

/** How a table is set: its text size, cell padding and column widths (borders and padding included), in points. */
export interface TablePlan {
  size: number;
  padding: number;
  columns: number[];
  /** The width the columns' text is laid out in, in points: where a word must break. */
  contents: number[];
  /** Whether the columns fit the width; when not, the table is set at the floor anyway, and the format refuses the edition. */
  fits: boolean;
  /** The narrowest the table can be set at the floor, in points. */
  needed: number;
}

/** A word longer than this (in ems) may break anywhere when nothing else makes the table fit; a shorter one stays whole. */
const LONGEST_WHOLE_WORD = 5;
/** Room left in each column for rounding in the page layout, in points. */
const SLACK = 1;
const SIZE_STEP = 0.5;
const ROW_BORDERS = 2;
const CELL_BORDER = 1;

/** Where a table's words may break, from the most readable: nowhere, at hyphenation points (and a web address after its punctuation), anywhere in a long word. */
type Breaks = 'words' | 'hyphens' | 'anywhere';

interface ColumnContent {
  /** The column's widest word, at 1 pt, as wide as it can be where its words may break so. */
  minimum: Record<Breaks, number>;
  /** The widest cell on one line, at 1 pt. */
  maximum: number;
}

/**
 * Column widths from content, as browsers lay out tables (CSS 2.1's automatic
 * table layout, its informative algorithm): every column at least as wide as
 * its widest unbreakable word, the room left shared out by how much more each
 * column's text would need to sit on one line. Tried in turn until the
 * columns fit: whole words (no drug name hyphenated while a note could wrap
 * instead), then words broken at hyphenation points, tighter cell padding,
 * smaller type down to the format's floor, and last long words broken
 * anywhere (never a number, nor a word of joined letters such as Arabic).
 */
export function planTable(rows: PrintedRun[][][], space: TableSpace): TablePlan {
  const columnCount = Math.max(...rows.map((row) => row.length));
  const columns = Array.from({ length: columnCount }, (_, column) => columnContent(rows.map((row) => row[column] ?? []), space));
  const sizes: number[] = [];
  for (let size = space.body; size >= space.floor - 1e-9; size -= SIZE_STEP) sizes.push(Math.round(size * 100) / 100);
  const attempts: Attempt[] = [
    { size: space.body, padding: space.padding.normal, breaks: 'words' },
    { size: space.body, padding: space.padding.normal, breaks: 'hyphens' },
    ...sizes.map((size): Attempt => ({ size, padding: space.padding.compact, breaks: 'hyphens' })),
    ...sizes.map((size): Attempt => ({ size, padding: space.padding.compact, breaks: 'anywhere' })),
  ];
  for (const attempt of attempts) {
    const plan = distribute(columns, attempt, space.width);
    if (plan.fits) return plan;
  }
  return distribute(columns, attempts.at(-1)!, space.width);
}

interface Attempt {
  size: number;
  padding: number;
  breaks: Breaks;
}

function distribute(columns: ColumnContent[], { size, padding, breaks }: Attempt, width: number): TablePlan {
  const frames = columns.map((_, index) => 2 * padding + (index < columns.length - 1 ? CELL_BORDER : 0));
  const room = width - ROW_BORDERS - frames.reduce((sum, frame) => sum + frame, 0);
  const minimum = columns.map((column) => column.minimum[breaks] * size + SLACK);
  const maximum = columns.map((column, index) => Math.max(minimum[index]!, column.maximum * size + SLACK));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const needed = sum(minimum) + width - room;
  let contents: number[];
  if (sum(maximum) <= room) {
    // Everything fits on one line: the table still fills the width, the room shared out as the text is long.
    const total = sum(maximum);
    contents = maximum.map((value) => value + (room - total) * (total > 0 ? value / total : 1 / columns.length));
  } else if (sum(minimum) <= room) {
    const stretch = sum(maximum) - sum(minimum);
    contents = minimum.map((value, index) => value + ((room - sum(minimum)) * (maximum[index]! - value)) / stretch);
  } else {
    // Too wide: set in proportion to what each column needs, so the format can say by how much.
    contents = minimum.map((value) => (value * Math.max(room, 0)) / sum(minimum));
  }
  return { size, padding, columns: contents.map((content, index) => content + frames[index]!), contents, fits: sum(minimum) <= room, needed };
}

function columnContent(cells: PrintedRun[][], space: TableSpace): ColumnContent {
  const minimum = { words: 0, hyphens: 0, anywhere: 0 };
  let maximum = 0;
  const widthOf = (runs: PrintedRun[]) => runs.reduce((width, run) => width + space.measure.width(run.text, run.face), 0);
  for (const cell of cells) {
    for (const word of words(cell)) {
      minimum.words = Math.max(minimum.words, widthOf(word));
      for (const piece of pieces(word, space)) {
        minimum.hyphens = Math.max(minimum.hyphens, piece.width);
        minimum.anywhere = Math.max(minimum.anywhere, piece.breaksAnywhere ? Math.min(piece.width, LONGEST_WHOLE_WORD) : piece.width);
      }
    }
    for (const line of lines(cell)) maximum = Math.max(maximum, widthOf(line));
  }
  return { minimum, maximum };
}

/**
 * The cell's words: what lies between spaces, which may cross from one face
 * to another (`**5**mg`). Only spaces and line breaks part words, as in
 * React-PDF's line breaker: `5\u00a0mg` is one word.
 */
function words(cell: PrintedRun[]): PrintedRun[][] {
  const result: PrintedRun[][] = [];
  let word: PrintedRun[] = [];
  for (const run of cell) {
    for (const part of run.text.split(/([ \n]+)/u)) {
      if (part === '') continue;
      if (/^[ \n]+$/u.test(part)) {
        if (word.length > 0) result.push(word);
        word = [];
      } else {
        word.push({ text: part, face: run.face });
      }
    }
  }
  if (word.length > 0) result.push(word);
  return result;
}

/** The cell's lines when nothing wraps: its text cut at its line breaks. */
function lines(cell: PrintedRun[]): PrintedRun[][] {
  const result: PrintedRun[][] = [[]];
  for (const run of cell) {
    run.text.split('\n').forEach((text, index) => {
      if (index > 0) result.push([]);
      result.at(-1)!.push({ text, face: run.face });
    });
  }
  return result;
}

/** What a word breaks into where it may break (hyphenation points with their hyphen, after a web address's punctuation), with their widths at 1 pt. */
function pieces(word: PrintedRun[], space: TableSpace): { width: number; breaksAnywhere: boolean }[] {
  if (word.length > 1) {
    // Runs in different faces make one word: no break between them.
    const text = word.map((run) => run.text).join('');
    return [{ width: word.reduce((width, run) => width + space.measure.width(run.text, run.face), 0), breaksAnywhere: !isNumber(text) && !joinsLetters(text) }];
  }
  const [{ text, face }] = word as [PrintedRun];
  if (isWebAddress(text)) return webAddressParts(text).map((part) => ({ width: space.measure.width(part, face), breaksAnywhere: true }));
  const parts = space.breaker(text);
  return parts.flatMap((part, index) => {
    if (part === '') return [];
    const hyphen = index + 1 < parts.length && parts[index + 1] !== '' ? '-' : '';
    return [{ width: space.measure.width(part + hyphen, face), breaksAnywhere: !isNumber(part) && !joinsLetters(part) }];
  });
}

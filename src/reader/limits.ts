import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { Inline, Segment, SourceDocument } from '../model/document.ts';
import { walkSegments } from '../model/walk.ts';
import { report } from '../messages/index.ts';
import { placeOf } from './nodes.ts';

/**
 * Limits on a topic, far above any real handout, so that hostile or broken input
 * gets a message instead of a crash or a hang. The Markdown parser (micromark)
 * slows down faster than its input grows on some shapes: 4,000 nested block
 * quotes took 7 s, 400 list levels nested by indentation 15 s, a 16 kB paragraph
 * of `****…x…****` 50 s. So size, nesting and emphasis marks are checked before
 * parsing; within these limits a 256 KiB topic of the worst shapes measured
 * parses in about 15 s on a loaded machine, prose in about 2 s.
 */
/** A topic file's bytes: about 40,000 words, a hundred printed pages. */
export const MAX_TOPIC_BYTES = 256 * 1024;
/** Characters of a run of lines without a blank line between them (one paragraph, list or table). */
export const MAX_BLOCK_CHARACTERS = 16 * 1024;
/** Emphasis marks and brackets (`* _ ~ [ ]`) in one paragraph or list item: the parser pairs them in quadratic time. */
export const MAX_MARKS = 256;
/** Block quotes, lists, callouts, level blocks, emphasis and links inside one another. */
export const MAX_NESTING = 20;
/** Characters of a word: no line is wider, and React-PDF takes minutes over a 200,000-character word and prints a few of them. */
export const MAX_WORD_CHARACTERS = 100;
/** Characters of a web address, which breaks at its slashes. */
export const MAX_URL_CHARACTERS = 2048;

const NESTING = `more than ${MAX_NESTING} levels deep (block quotes, lists, callouts, level blocks, emphasis and links inside one another); flatten it`;
const count = (amount: number) => amount.toLocaleString('en');
const lineRange = (first: number, last: number) => (first === last ? `Line ${first}` : `Lines ${first}–${last}`);

/**
 * Checks a Markdown body before it is parsed: the size of each run of lines, the
 * emphasis marks and brackets of each paragraph or list item, and an estimate of
 * each line's nesting (its block quote and list markers, a level for every 4
 * columns of indentation, and the `:::` blocks open around it). The estimate is
 * at most twice too low, so the parser never meets deep input. Returns false
 * after reporting.
 */
export function prescanBody(body: string, file: VFile): boolean {
  let ok = true;
  /** A run of lines whose amount is checked when it ends (positions are 0-based line indexes). */
  const run = (limit: number, reason: (lines: string, amount: number) => string) => {
    let first = -1;
    let amount = 0;
    return {
      add(index: number, more: number) {
        if (first === -1) first = index;
        amount += more;
      },
      end(next: number) {
        if (amount > limit) {
          ok = false;
          report(file, 'error', reason(lineRange(first + 1, next), amount), 'block-too-large', { line: first + 1, column: 1 });
        }
        first = -1;
        amount = 0;
      },
    };
  };
  const block = run(
    MAX_BLOCK_CHARACTERS,
    (lines, amount) => `${lines}: ${count(amount)} characters without a blank line between them; at most ${count(MAX_BLOCK_CHARACTERS)}: put blank lines between paragraphs, or split the list or table`,
  );
  const marks = run(
    MAX_MARKS,
    (lines, amount) => `${lines}: ${count(amount)} emphasis marks and brackets (* _ ~ [ ]) in one paragraph or list item; at most ${MAX_MARKS}, beyond which reading Markdown slows down sharply: split it`,
  );
  const lines = body.split('\n');
  let openDirectives = 0;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') {
      block.end(index);
      marks.end(index);
      continue;
    }
    const { markers, listItem, indentation, rest } = containerPrefix(line);
    // A list item starts a paragraph of its own.
    if (listItem) marks.end(index);
    block.add(index, line.length + 1);
    marks.add(index, markCount(rest));
    const fence = /^:{3,}(\s*$|[^\s:])/.exec(rest);
    if (fence && fence[1]!.trim() === '') openDirectives = Math.max(0, openDirectives - 1);
    else if (fence) openDirectives += 1;
    const estimate = markers + Math.floor(indentation / 4) + openDirectives;
    if (estimate > MAX_NESTING) {
      report(file, 'error', `This line is nested or indented ${NESTING}`, 'nesting-depth', { line: index + 1, column: 1 });
      return false;
    }
  }
  block.end(lines.length);
  marks.end(lines.length);
  return ok;
}

/** Runs of an emphasis mark, and brackets. */
const MARK = /([*_~])\1*|[[\]]/g;

/** The emphasis marks and brackets of a line that could pair with others. */
function markCount(text: string): number {
  let total = 0;
  for (const match of text.matchAll(MARK)) {
    const before = text[match.index - 1];
    const after = text[match.index + match[0].length];
    // A run with blanks on both sides never emphasises: "Name: ______" is a line to write on.
    const canPair = match[1] === undefined || (before !== undefined && /\S/.test(before)) || (after !== undefined && /\S/.test(after));
    if (canPair) total += match[0].length;
  }
  return total;
}

/** A block quote marker, or a list item's bullet or number, and the blanks after it. */
const CONTAINER_MARKER = /^(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*/;
/** `* * *` or `- - -`: a rule across the page, not lists. */
const THEMATIC_BREAK = /^([-*_])([ \t]*\1){2,}[ \t]*$/;

/** The block quote and list markers a line starts with, and the columns of indentation before them. */
function containerPrefix(line: string): { markers: number; listItem: boolean; indentation: number; rest: string } {
  const indent = /^[ \t]*/.exec(line)![0];
  // A tab reaches the next multiple of 4 columns.
  const indentation = [...indent].reduce((column, character) => (character === '\t' ? column + 4 - (column % 4) : column + 1), 0);
  let rest = line.slice(indent.length);
  let markers = 0;
  let listItem = false;
  let marker: RegExpExecArray | null;
  // Past the limit the count no longer matters.
  while (markers <= MAX_NESTING && !THEMATIC_BREAK.test(rest) && (marker = CONTAINER_MARKER.exec(rest))) {
    markers += 1;
    listItem ||= !marker[0].startsWith('>');
    rest = rest.slice(marker[0].length);
  }
  return { markers, listItem, indentation, rest };
}

const NESTS = new Set(['blockquote', 'list', 'containerDirective', 'leafDirective', 'textDirective', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'footnoteDefinition']);

/** Checks the parsed tree's nesting without recursing (the steps after it recurse); returns false after reporting. */
export function checkNesting(tree: Root, file: VFile): boolean {
  const stack: { node: Root | Root['children'][number]; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    const nested = depth + (NESTS.has(node.type) ? 1 : 0);
    if (nested > MAX_NESTING) {
      report(file, 'error', `Nested ${NESTING}`, 'nesting-depth', placeOf(node));
      return false;
    }
    if ('children' in node) for (const child of node.children) stack.push({ node: child, depth: nested });
  }
  return true;
}

/** Letters of scripts written without spaces: a line may break between them, so they end a word. */
const UNSPACED = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}\p{scx=Thai}\p{scx=Laoo}\p{scx=Khmr}\p{scx=Mymr}]/u;
/** Where a line may break: white space but the no-break spaces, which join what they separate into one word. */
const WORD_SEPARATOR = new RegExp(`[^\\S\\u00a0\\u2007\\u202f]+|${UNSPACED.source}`, 'u');
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)|^[^@]+@[^@]+\.[^@]+$/i;

/** Words of inline content longer than a line can hold, each with its limit. */
export function overlongWords(content: Inline[]): { word: string; limit: number }[] {
  const texts: string[] = [];
  const collect = (nodes: Inline[]) => {
    for (const node of nodes) {
      if (node.type === 'text') texts.push(node.value);
      else if (node.type === 'break') texts.push(' ');
      else {
        collect(node.children);
        // Printed handouts show a link's address after its text.
        if (node.type === 'link') texts.push(` ${node.url} `);
      }
    }
  };
  collect(content);
  // A link written as its address shows it once.
  const words = new Set(texts.join('').split(WORD_SEPARATOR));
  return [...words]
    .map((word) => ({ word, limit: URL_LIKE.test(word) ? MAX_URL_CHARACTERS : MAX_WORD_CHARACTERS }))
    .filter(({ word, limit }) => word.length > limit && [...word].length > limit);
}

/** Reports every word of the topic's text that is too long, at the line its segment starts. */
export function checkWords(document: SourceDocument, file: VFile): void {
  const segments: Segment[] = [document.meta.title, document.meta.summary, ...[...walkSegments(document.blocks)].map(([segment]) => segment)];
  for (const segment of segments) {
    for (const { word, limit } of overlongWords(segment.content)) {
      const what = limit === MAX_URL_CHARACTERS ? 'web address' : 'word';
      report(
        file,
        'error',
        `A ${what} of ${[...word].length.toLocaleString('en')} characters (“${[...word].slice(0, 24).join('')}…”) is longer than ${limit.toLocaleString('en')}: no line holds it, and it cannot be printed whole; break it with spaces or shorten it`,
        'word-too-long',
        segment.position,
      );
    }
  }
}

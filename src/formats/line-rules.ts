import type { LaidOutLine, LaidOutNode } from './types.ts';

/** Hyphenated line ends in a row a reader can follow; a third makes a ladder. */
const MOST_IN_A_ROW = 2;

/**
 * The words React-PDF hyphenated against the composition rules, as its
 * hyphenation callback saw them (`carbamazepine,`): the word broken into a
 * paragraph's last line, which then holds only its tail, and the third
 * hyphenated line end in a row. React-PDF's line breaker cannot be told these
 * rules (its callback sees words, not lines), so a format breaks the text
 * again with these words kept whole. `text` is everything the edition prints,
 * to tell a word's own hyphen (`follow-up`) from one the line break added.
 */
export function misHyphenatedWords(pages: LaidOutNode[], text: string): string[] {
  // A text split across pages is in parts sharing its props: its lines are checked together, as the line breaker set
  // them (a part's last line but one is not its paragraph's). A repeated part (a table's header row) repeats the same lines.
  const texts = new Map<object, Set<LaidOutLine>>();
  const visit = (node: LaidOutNode) => {
    if (node.lines) {
      const key = node.props ?? node;
      const lines = texts.get(key) ?? new Set();
      for (const line of node.lines) lines.add(line);
      texts.set(key, lines);
    }
    node.children?.forEach(visit);
  };
  pages.forEach(visit);
  return [...new Set([...texts.values()].flatMap((lines) => misHyphenatedInLines([...lines], text)))];
}

/** The words the lines of one text hyphenated against the composition rules (see misHyphenatedWords). */
export function misHyphenatedInLines(lines: readonly Pick<LaidOutLine, 'string'>[], text: string): string[] {
  const words = new Set<string>();
  let run = 0;
  lines.forEach((line, index) => {
    const next = lines[index + 1];
    const word = next ? brokenWord(line, next, text) : null;
    run = word === null ? 0 : run + 1;
    if (word !== null && (run > MOST_IN_A_ROW || index === lines.length - 2)) {
      words.add(word);
      // Punctuation in another run (`передачей` in italics, the comma after it not) is not part of the word the callback saw.
      words.add(word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''));
    }
  });
  return [...words];
}

/** The word a line break hyphenated at the end of `line`, or null where the line ends between words or after the word's own hyphen. */
function brokenWord(line: Pick<LaidOutLine, 'string'>, next: Pick<LaidOutLine, 'string'>, text: string): string | null {
  const head = /(\S*\p{L})-$/u.exec(line.string)?.[1];
  const tail = /^\p{L}\S*/u.exec(next.string)?.[0];
  if (head === undefined || tail === undefined || text.includes(`${head}-${tail}`)) return null;
  return `${head}${tail}`;
}

import type { LaidOutLine, LaidOutNode } from './types.ts';

/** Hyphenated line ends in a row a reader can follow; a third makes a ladder. */
const MOST_IN_A_ROW = 2;

/**
 * The words React-PDF hyphenated against the composition rules, as its
 * hyphenation callback saw them (`carbamazepine,`): the word broken into a
 * paragraph's last line, which then holds only its tail, and the third
 * hyphenated line end in a row. React-PDF's line breaker cannot be told these
 * rules (its callback sees words, not lines), so a format lays the text out
 * again with these words kept whole. `text` is everything the edition prints,
 * to tell a word's own hyphen (`follow-up`) from one the line break added.
 */
export function misHyphenatedWords(pages: LaidOutNode[], text: string): string[] {
  const words = new Set<string>();
  const visit = (node: LaidOutNode) => {
    if (node.lines) {
      const lines = node.lines;
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
    }
    node.children?.forEach(visit);
  };
  pages.forEach(visit);
  return [...words];
}

/** The word a line break hyphenated at the end of `line`, or null where the line ends between words or after the word's own hyphen. */
function brokenWord(line: LaidOutLine, next: LaidOutLine, text: string): string | null {
  const head = /(\S*\p{L})-$/u.exec(line.string)?.[1];
  const tail = /^\p{L}\S*/u.exec(next.string)?.[0];
  if (head === undefined || tail === undefined || text.includes(`${head}-${tail}`)) return null;
  return `${head}${tail}`;
}

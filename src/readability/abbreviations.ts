import type { Document, Position, Segment } from '../model/document.ts';
import { inlineText } from '../model/segments.ts';
import { walkSegments } from '../model/walk.ts';
import { sentencesOf, wordsOf, type SpokenForms } from './index.ts';

/** An abbreviation whose first use in an edition is not expanded. */
export interface UnexpandedAbbreviation {
  abbreviation: string;
  spoken: string;
  /** Where the abbreviation is written in the topic file. */
  position: Position;
}

/** Whether a spoken form is an expansion to write out, not the letters read one by one (`MRI: M R I` needs none). */
export function needsExpansion(abbreviation: string, spoken: string): boolean {
  return spoken.replace(/[\s.-]/g, '').toLowerCase() !== abbreviation.toLowerCase();
}

const normalized = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();

/**
 * The abbreviations of `spoken` whose first use, in reading order (title,
 * summary, then the text), is not expanded: their spoken form is not in the
 * same sentence, as in "microvascular decompression (MVD)" or "MVD
 * (microvascular decompression)". `sourceText` is the topic file, to place
 * each at its line and column.
 */
export function unexpandedAbbreviations(document: Document, spoken: SpokenForms, sourceText: string): UnexpandedAbbreviation[] {
  const pending = new Map(Object.entries(spoken).filter(([abbreviation, said]) => needsExpansion(abbreviation, said)));
  const found: UnexpandedAbbreviation[] = [];
  const segments: Segment[] = [document.meta.title, document.meta.summary, ...[...walkSegments(document.blocks)].map(([segment]) => segment)];
  for (const segment of segments) {
    if (pending.size === 0) break;
    for (const sentence of sentencesOf(inlineText(segment.content))) {
      for (const word of wordsOf(sentence, document.language)) {
        const said = pending.get(word);
        if (said === undefined) continue;
        pending.delete(word);
        if (!normalized(sentence).includes(normalized(said))) found.push({ abbreviation: word, spoken: said, position: placeIn(sourceText, segment, word) });
      }
    }
  }
  return found;
}

/** Line and column of the first `word`, as a whole word, at or after the segment's start in the file. */
function placeIn(text: string, segment: Segment, word: string): Position {
  const lines = text.split('\n');
  const start = lines.slice(0, segment.position.line - 1).reduce((offset, line) => offset + line.length + 1, 0) + segment.position.column - 1;
  // Abbreviations are letters and digits (see the config schema): nothing in one needs escaping.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'gu');
  pattern.lastIndex = start;
  const match = pattern.exec(text);
  if (!match) return segment.position;
  const before = text.slice(0, match.index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

export function unexpandedMessage(finding: UnexpandedAbbreviation, level: string): string {
  return `${finding.abbreviation} is not expanded at its first use in the ${level} level: say "${finding.spoken}" in the same sentence, as in "${finding.spoken} (${finding.abbreviation})"`;
}

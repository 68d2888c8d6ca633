import type { Document, Position, Segment } from '../model/document.ts';
import { inlineText } from '../model/segments.ts';
import { walkSegments } from '../model/walk.ts';
import { sentencesOf, wordsOf, type SpokenForms } from './index.ts';
import { placeOf } from './place.ts';

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
        if (!normalized(sentence).includes(normalized(said))) found.push({ abbreviation: word, spoken: said, position: placeOf(sourceText, segment, word, { ignoreCase: false }) });
      }
    }
  }
  return found;
}

export function unexpandedMessage(finding: UnexpandedAbbreviation, level: string): string {
  return `${finding.abbreviation} is not expanded at its first use in the ${level} level: say "${finding.spoken}" in the same sentence, as in "${finding.spoken} (${finding.abbreviation})"`;
}

import type { Position, Segment } from '../model/document.ts';
import { wholeWord } from '../model/words.ts';

/**
 * Line and column of the first `phrase`, as whole words, at or after the
 * segment's start in the topic file: where a finding about it is reported.
 * The segment's own place when the phrase is not found (the file's text has
 * markup the segment's plain text has not).
 */
export function placeOf(text: string, segment: Segment, phrase: string, { ignoreCase = true } = {}): Position {
  if (!phrase) return segment.position;
  const lines = text.split('\n');
  const start = lines.slice(0, segment.position.line - 1).reduce((offset, line) => offset + line.length + 1, 0) + segment.position.column - 1;
  const pattern = wholeWord(phrase, ignoreCase ? 'giu' : 'gu');
  pattern.lastIndex = start;
  const match = pattern.exec(text);
  if (!match) return segment.position;
  const before = text.slice(0, match.index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

import { isUtf8 } from 'node:buffer';
import type { VFile } from 'vfile';
import { report, type Place } from '../messages/index.ts';
import { characterProblems } from './characters.ts';

/** Messages about single bytes or characters a file may get; a binary or UTF-16 file would otherwise give thousands. */
const MAX_CHARACTER_MESSAGES = 20;

/**
 * A topic's text as its editor shows it: UTF-8 without a byte order mark, lines
 * ending in LF whether saved with CRLF, CR or LF, so every line number is the
 * editor's. Returns null after reporting bytes that are not UTF-8 (decoding
 * would print them as U+FFFD without a word).
 */
export function decodeTopic(bytes: Uint8Array, file: VFile): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    report(file, 'error', 'The file is saved as UTF-16: save it as UTF-8', 'invalid-utf8', { line: 1, column: 1 });
    return null;
  }
  if (!isUtf8(bytes)) {
    reportCapped(file, invalidBytes(bytes), 'invalid-utf8', 'bytes that are not UTF-8');
    return null;
  }
  // TextDecoder drops a leading byte order mark.
  return new TextDecoder().decode(bytes).replace(/\r\n?/g, '\n');
}

/** Reports every character of `text` (a whole topic) that must not be printed, at its line and column. */
export function reportCharacters(text: string, file: VFile): void {
  const problems = characterProblems(text);
  const lines = lineStarts(text);
  let line = 0;
  const found = problems.map(({ index, reason, ruleId }) => {
    while (line + 1 < lines.length && lines[line + 1]! <= index) line += 1;
    return { reason, ruleId, place: { line: line + 1, column: index - lines[line]! + 1 } };
  });
  for (const ruleId of new Set(found.map((problem) => problem.ruleId))) {
    reportCapped(file, found.filter((problem) => problem.ruleId === ruleId), ruleId, 'such characters');
  }
}

interface Found {
  reason: string;
  place: Place;
}

function reportCapped(file: VFile, found: Found[], ruleId: string, what: string): void {
  for (const { reason, place } of found.slice(0, MAX_CHARACTER_MESSAGES)) report(file, 'error', reason, ruleId, place);
  const more = found.length - MAX_CHARACTER_MESSAGES;
  if (more > 0) report(file, 'error', `…and ${more} more ${what}`, ruleId, found[MAX_CHARACTER_MESSAGES]!.place);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/**
 * The first byte that is not UTF-8 on each line, at the line and column an editor
 * shows. Hand-written because TextDecoder says only that some byte is wrong.
 */
function invalidBytes(bytes: Uint8Array): Found[] {
  const found: Found[] = [];
  const decoder = new TextDecoder();
  let line = 1;
  // A leading byte order mark takes no column.
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let index = lineStart;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte === 0x0a || byte === 0x0d) {
      index += byte === 0x0d && bytes[index + 1] === 0x0a ? 2 : 1;
      line += 1;
      lineStart = index;
      continue;
    }
    const length = utf8Length(bytes, index);
    if (length > 0) {
      index += length;
      continue;
    }
    const column = decoder.decode(bytes.subarray(lineStart, index)).length + 1;
    const shown = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    found.push({ reason: `Byte ${shown} is not UTF-8 (the file may be saved as Latin-1 or Windows-1252): save it as UTF-8`, place: { line, column } });
    // One message a line: skip to the next line break.
    while (index < bytes.length && bytes[index] !== 0x0a && bytes[index] !== 0x0d) index += 1;
  }
  return found;
}

/** Length of the well-formed UTF-8 character at `index`, or 0 (Unicode's table 3-7: no overlong forms, surrogates or code points past U+10FFFF). */
function utf8Length(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!;
  if (lead < 0x80) return 1;
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : [0, 0, 0];
  const second = bytes[index + 1];
  if (length === 0 || second === undefined || second < low || second > high) return 0;
  for (let offset = 2; offset < length; offset += 1) {
    const next = bytes[index + offset];
    if (next === undefined || next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

import { openSync, type Font } from 'fontkit';
import type { Document } from '../model/document.ts';
import { walkSegments } from '../model/walk.ts';
import { inlineText } from '../model/segments.ts';
import type { VFile } from 'vfile';
import { report } from '../messages/index.ts';

export interface MissingGlyph {
  /** e.g. "U+0645" */
  codePoint: string;
  character: string;
  segmentKey: string;
  line: number;
  column: number;
}

const fonts = new Map<string, Font>();
// Whether a stack (its files joined) can draw a code point: an edition asks about thousands of characters, mostly the same ones.
const coverage = new Map<string, Map<number, boolean>>();

function font(file: string): Font {
  let loaded = fonts.get(file);
  if (!loaded) {
    // Font collections (.ttc) are registered by PostScript name; the files used here are single fonts.
    loaded = openSync(file) as Font;
    fonts.set(file, loaded);
  }
  return loaded;
}

// Characters that are never drawn as glyphs: spaces, line breaks, soft hyphens, direction marks, joiners.
const NOT_DRAWN = /[\s\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/u;

/** Every character of the document that none of `fontFiles` can draw (React-PDF would print garbage for it). */
export function missingGlyphs(document: Document, fontFiles: string[], extraTexts: string[] = []): MissingGlyph[] {
  const stack = fontFiles.map(font);
  const stackKey = fontFiles.join('\n');
  const known = coverage.get(stackKey) ?? new Map<number, boolean>();
  coverage.set(stackKey, known);
  const drawable = (codePoint: number) => {
    let result = known.get(codePoint);
    if (result === undefined) {
      result = stack.some((candidate) => candidate.hasGlyphForCodePoint(codePoint));
      known.set(codePoint, result);
    }
    return result;
  };
  const missing: MissingGlyph[] = [];
  const seen = new Set<string>();
  const check = (text: string, segmentKey: string, line: number, column: number) => {
    for (const character of text) {
      if (NOT_DRAWN.test(character)) continue;
      const codePoint = character.codePointAt(0)!;
      if (drawable(codePoint)) continue;
      const id = `${segmentKey}|${codePoint}`;
      if (seen.has(id)) continue;
      seen.add(id);
      missing.push({ codePoint: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`, character, segmentKey, line, column });
    }
  };
  const { title, summary } = document.meta;
  for (const segment of [title, summary, ...[...walkSegments(document.blocks)].map(([entry]) => entry)]) {
    check(inlineText(segment.content), segment.key, segment.position.line, segment.position.column);
  }
  for (const text of extraTexts) check(text, 'template strings', 1, 1);
  return missing;
}

/** Where missing glyphs are reported: the topic, each at its segment's line. */
export interface GlyphReport {
  file: VFile;
  language: string;
  fonts: string[];
}

/**
 * Reports each character no font of the stack can draw: React-PDF would
 * silently print other characters in its place.
 */
export function reportMissingGlyphs(missing: MissingGlyph[], { file, language, fonts }: GlyphReport): void {
  for (const glyph of missing) {
    const where = glyph.segmentKey === 'template strings' ? 'a template string or the clinic details' : `segment \`${glyph.segmentKey}\``;
    report(file, 'error', `${language}: no font of the stack (${fonts.join(', ')}) has ${glyph.codePoint} "${glyph.character}" in ${where}`, 'missing-glyph', {
      line: glyph.line,
      column: glyph.column,
    });
  }
}

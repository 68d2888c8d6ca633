import { Font } from '@react-pdf/renderer';
import type { Typography } from '../types.ts';
import type { Face } from './printed.ts';

type FontkitFont = NonNullable<ReturnType<typeof Font.getFont>['data']>;

/** Widths kept per font stack and face; a long-running process measures many editions. */
const CACHED_WIDTHS = 20_000;
/** Kerning and shaping change a word's width from the sum of its letters' by less than this; closer to a limit, it is shaped. */
export const SHAPING_MARGIN = 0.9;

interface StackFace {
  fonts: FontkitFont[];
  features: Typography['fontFeatures'];
  /** Shaped widths of texts, in ems. */
  widths: Map<string, number>;
  /** Advance of each character alone, in ems. */
  advances: Map<string, number>;
}

const stackFaces = new Map<string, StackFace>();
const measures = new WeakMap<Typography, TextMeasure>();

/** The measure of an edition's typography (one per edition: texts ask for it as they render). */
export function measureFor(typography: Typography): TextMeasure {
  let measure = measures.get(typography);
  if (!measure) {
    measure = new TextMeasure(typography);
    measures.set(typography, measure);
  }
  return measure;
}

/**
 * Measures text as React-PDF will set it: each character in the first font of
 * the stack that has it (React-PDF's font substitution), each run shaped by
 * fontkit as textkit shapes it, with the fonts of React-PDF's own font store
 * (so only while a document renders: the engine has loaded them). React-PDF
 * measures words only inside its line breaker, too late to choose column
 * widths or where a word must break. Widths are in ems: points at 1 pt.
 */
export class TextMeasure {
  /** Per face: regular, bold, italic, bold italic. */
  private readonly stacks: (StackFace | undefined)[] = [];

  constructor(private readonly typography: Typography) {}

  /** The shaped width of a text. */
  width(text: string, face: Face): number {
    const stack = this.stack(face);
    let width = stack.widths.get(text);
    if (width === undefined) {
      width = 0;
      for (const [font, run] of fontRuns(stack.fonts, text)) width += shapedWidth(font, run, stack.features);
      if (stack.widths.size >= CACHED_WIDTHS) stack.widths.clear();
      stack.widths.set(text, width);
    }
    return width;
  }

  /** Whether a text is at most `limit` ems wide; most words are far from it, and are not shaped to tell. */
  fits(text: string, face: Face, limit: number): boolean {
    return this.nominal(text, face) <= limit * SHAPING_MARGIN || this.width(text, face) <= limit;
  }

  /** The sum of the advances of a text's characters, each set alone: its width before kerning and shaping. */
  nominal(text: string, face: Face): number {
    const stack = this.stack(face);
    let nominal = 0;
    for (const character of text) {
      let advance = stack.advances.get(character);
      if (advance === undefined) {
        advance = this.width(character, face);
        stack.advances.set(character, advance);
      }
      nominal += advance;
    }
    return nominal;
  }

  private stack(face: Face): StackFace {
    const index = (face.bold ? 1 : 0) + (face.italic ? 2 : 0);
    let stack = this.stacks[index];
    if (stack) return stack;
    const { fontFamily, fontFeatures } = this.typography;
    const key = `${fontFamily.join(',')}|${JSON.stringify(fontFeatures)}|${face.bold}|${face.italic}`;
    stack = stackFaces.get(key);
    if (!stack) {
      const fonts = fontFamily.map((family) => {
        const data = Font.getFont({ fontFamily: family, fontWeight: face.bold ? 700 : 400, fontStyle: face.italic ? 'italic' : 'normal' }).data;
        if (!data) throw new Error(`The font ${family} is not loaded: text is measured only while a document renders`);
        return data;
      });
      stack = { fonts, features: fontFeatures, widths: new Map(), advances: new Map() };
      stackFaces.set(key, stack);
    }
    this.stacks[index] = stack;
    return stack;
  }
}

/** The text cut where the font that has its characters changes, as React-PDF's font substitution cuts it. */
function* fontRuns(fonts: FontkitFont[], text: string): Generator<[FontkitFont, string]> {
  let runFont: FontkitFont | undefined;
  let runStart = 0;
  let index = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    const font = fonts.find((candidate) => candidate.hasGlyphForCodePoint(codePoint)) ?? runFont ?? fonts.at(-1)!;
    if (font !== runFont) {
      if (runFont) yield [runFont, text.slice(runStart, index)];
      runFont = font;
      runStart = index;
    }
    index += character.length;
  }
  if (runFont) yield [runFont, text.slice(runStart)];
}

function shapedWidth(font: FontkitFont, text: string, features: Typography['fontFeatures']): number {
  // Shaped left to right, as textkit asks (it reorders right-to-left runs itself). fontkit writes its default
  // features into the object it is given: a copy, or the language's settings (and content hash) would change.
  const { positions } = font.layout(text, { ...features } as never, undefined, undefined, 'ltr');
  let advance = 0;
  for (const position of positions) advance += position.xAdvance;
  return advance / font.unitsPerEm;
}

import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';

interface FontState {
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize: (size: number) => unknown;
  font: (source: unknown, family?: unknown, size?: number) => FontState;
  /** The embedded font pdfkit chose for each fontkit font object, in this document. */
  embeddedFonts?: Map<object, unknown>;
}

/**
 * React-PDF selects a font for every run of text by passing pdfkit the fontkit
 * object itself, and pdfkit then wraps it in a new embedded font (with a new
 * subset) each time, only to compare it with the fonts it has by serialising
 * their name tables: 4 % of render time. The first choice for each font
 * object is kept per document, so later runs reuse it at once. Neither
 * React-PDF nor pdfkit offers a way to register a fontkit object by name.
 */
export function reuseEmbeddedFonts(): void {
  const prototype = PDFDocument.prototype as unknown as FontState & { embeddedFontsReused?: boolean };
  if (prototype.embeddedFontsReused) return;
  const font = prototype.font;
  prototype.font = function (this: FontState, source: unknown, family?: unknown, size?: number) {
    if (typeof source !== 'object' || source === null || (family !== undefined && typeof family !== 'number')) return font.call(this, source, family, size);
    const chosen = this.embeddedFonts?.get(source);
    if (!chosen) {
      font.call(this, source, family, size);
      tagSubsetsByContent(this._font as EmbeddedFont);
      (this.embeddedFonts ??= new Map()).set(source, this._font);
      return this;
    }
    const fontSize = typeof family === 'number' ? family : size;
    if (fontSize !== undefined) this.fontSize(fontSize);
    this._fontSource = source;
    this._fontFamily = null;
    this._font = chosen;
    return this;
  };
  prototype.embeddedFontsReused = true;
}

interface EmbeddedFont {
  id: string;
  font: { postscriptName?: string };
  subset: { glyphs: number[] };
  embed: () => void;
}

/**
 * pdfkit tags each font subset after its resource name (F1 → BZZZZZ+NotoSans-Regular),
 * the same in every document, so print-shop tools merging PDFs took different
 * subsets for one font. The tag comes from a hash of the font and the glyphs its
 * subset holds instead: the same for the same subset, different otherwise.
 */
function tagSubsetsByContent(embedded: EmbeddedFont): void {
  const prototype = Object.getPrototypeOf(embedded) as EmbeddedFont & { subsetTagsByContent?: boolean };
  if (prototype.subsetTagsByContent) return;
  const embed = prototype.embed;
  prototype.embed = function (this: EmbeddedFont) {
    const id = this.id;
    const digest = createHash('sha256').update(this.font.postscriptName ?? '').update(this.subset.glyphs.join(',')).digest();
    // pdfkit builds the tag from the id's characters 1 to 6, each moved up by 17: '0'–'I' give 'A'–'Z'.
    this.id = `F${[...digest.subarray(0, 6)].map((byte) => String.fromCharCode(48 + (byte % 26))).join('')}`;
    try {
      embed.call(this);
    } finally {
      this.id = id;
    }
  };
  prototype.subsetTagsByContent = true;
}

import PDFDocument from 'pdfkit';

/** Invisible, so copied and searched text stays as written. */
const ZERO_WIDTH_SPACE = 0x200b;

interface EmbeddedFontState {
  /** Characters of each glyph of the subset, written as the font's ToUnicode map. */
  unicode?: number[][];
}

interface DocumentState {
  _fontFamilies: Record<string, EmbeddedFontState>;
  end: () => void;
}

/**
 * A glyph a font adds to draw a letter (Noto Sans Arabic's final kaf is a body
 * and a separate stroke) comes out of shaping with no characters, and pdfkit
 * writes an empty, invalid entry for it in the ToUnicode map: readers then
 * extract a stray "!" or ";". Such glyphs are mapped to a zero-width space just
 * before pdfkit writes its fonts. Done here because neither React-PDF nor
 * pdfkit lets a caller reach the map, and setting characters on the glyph
 * during layout would shift React-PDF's text offsets.
 */
export function mapGlyphsWithoutCharacters(): void {
  const prototype = PDFDocument.prototype as unknown as DocumentState & { textLayerPatched?: boolean };
  if (prototype.textLayerPatched) return;
  const end = prototype.end;
  prototype.end = function (this: DocumentState) {
    for (const font of Object.values(this._fontFamilies)) {
      if (font.unicode) font.unicode = font.unicode.map((characters) => (characters.length === 0 ? [ZERO_WIDTH_SPACE] : characters));
    }
    return end.call(this);
  };
  prototype.textLayerPatched = true;
}

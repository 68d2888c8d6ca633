/** A glyph as a TrueType subset copies it: its bytes in the glyf table, the glyphs it is made of, its horizontal metrics. */
interface SubsetGlyph {
  bytes: Uint8Array;
  /** The glyphs a composite glyph is made of, with where its bytes name each. */
  components: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}

interface SubsetFont {
  _glyphs: object;
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  getGlyph(id: number): { advanceWidth: number; _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null; _getMetrics(): { leftBearing: number } };
  createSubset(): object;
}

interface TrueTypeSubset {
  font: SubsetFont;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(id: number): number;
  _addGlyph(id: number): number;
}

const glyphsByFont = new WeakMap<object, Map<number, SubsetGlyph>>();

/**
 * Keeps, per font and for the whole process, what subsetting reads of each
 * glyph. pdfkit subsets every font again for every document, and fontkit
 * decodes each glyph of the subset again (its outline twice: for the kind of
 * glyph, and for its metrics), since the glyph cache is emptied before each
 * document (engine.ts). What is kept depends on the font and the glyph alone,
 * so a subset's bytes are the same whatever was rendered before. (fontkit's
 * TrueType subset has no such cache; variable fonts, whose outlines depend on
 * their axes, are subset as before.)
 */
export function keepSubsetGlyphs(font: object): void {
  const prototype = Object.getPrototypeOf((font as SubsetFont).createSubset()) as TrueTypeSubset & { subsetGlyphsKept?: boolean };
  if (prototype.subsetGlyphsKept || typeof prototype._addGlyph !== 'function') return;
  const addGlyph = prototype._addGlyph;
  prototype._addGlyph = function (this: TrueTypeSubset, id: number) {
    if (this.font._variationProcessor) return addGlyph.call(this, id);
    const glyph = subsetGlyph(this.font, id);
    let bytes = glyph.bytes;
    if (glyph.components.length > 0) {
      // A composite glyph names its parts by their ids in the subset.
      bytes = new Uint8Array(glyph.bytes);
      const view = new DataView(bytes.buffer);
      for (const component of glyph.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID));
    }
    this.glyf.push(bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
    this.offset += bytes.length;
    return this.glyf.length - 1;
  };
  prototype.subsetGlyphsKept = true;
}

/** What fontkit's TrueType subset reads of a glyph (its _addGlyph), read once. */
function subsetGlyph(font: SubsetFont, id: number): SubsetGlyph {
  let glyphs = glyphsByFont.get(font);
  if (!glyphs) glyphsByFont.set(font, (glyphs = new Map()));
  let kept = glyphs.get(id);
  if (kept) return kept;
  // Read outside the font's glyph cache, which must hold only what this document made.
  const glyphCache = font._glyphs;
  font._glyphs = {};
  try {
    const glyph = font.getGlyph(id);
    const decoded = glyph._decode();
    const stream = font._getTableStream('glyf');
    stream.pos += font.loca.offsets[id]!;
    const bytes = Uint8Array.from(stream.readBuffer(font.loca.offsets[id + 1]! - font.loca.offsets[id]!));
    const components = decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos })) : [];
    kept = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
  } finally {
    font._glyphs = glyphCache;
  }
  glyphs.set(id, kept);
  return kept;
}

/** What textkit reads of a fontkit GlyphRun. */
interface ShapedRun {
  glyphs: object[];
  positions: object[];
}

interface ShapingFont {
  _glyphs: object;
  unitsPerEm: number;
  hasGlyphForCodePoint: (codePoint: number) => boolean;
  layout: (text: string, features?: unknown, script?: string, language?: string, direction?: string) => ShapedRun;
}

/** Characters of shaped text kept per process: a few dozen editions' worth (about 15 MiB of heap). */
const CACHE_CHARACTERS = 120_000;

const runsByFont = new WeakMap<object, Map<string, ShapedRun>>();
const order: { runs: Map<string, ShapedRun>; key: string; characters: number }[] = [];
let cachedCharacters = 0;

/**
 * Keeps fontkit's shaping of each string, per font, across documents: React-PDF
 * shapes the same footer on every page, the same paragraph again when it
 * splits pages, and the same text in every format of an edition; GSUB/GPOS
 * shaping is its largest single cost. A miss is shaped with an empty glyph
 * cache, so the characters each glyph records (which pdfkit writes to the text
 * layer) depend on the string alone, never on what was shaped before. Callers
 * get their own arrays and positions, so nothing React-PDF does to a run can
 * reach the cache. (fontkit has no shaping cache, and React-PDF no hook for one.)
 * Which characters the font has is kept too: React-PDF asks for each
 * character of each run, to choose a font of the stack (2 % of render time).
 */
export function cacheShaping(font: object): void {
  if (runsByFont.has(font)) return;
  const shaping = font as ShapingFont;
  const runs = new Map<string, ShapedRun>();
  runsByFont.set(font, runs);
  // A constant, read for every run through a getter on the font's tables.
  Object.defineProperty(shaping, 'unitsPerEm', { value: shaping.unitsPerEm });
  const coverage = new Map<number, boolean>();
  const hasGlyph = shaping.hasGlyphForCodePoint.bind(shaping);
  shaping.hasGlyphForCodePoint = (codePoint) => {
    let has = coverage.get(codePoint);
    if (has === undefined) {
      has = hasGlyph(codePoint);
      coverage.set(codePoint, has);
    }
    return has;
  };
  const layout = shaping.layout.bind(shaping);
  shaping.layout = (text, features, script, language, direction) => {
    const key = `${JSON.stringify([features, script, language, direction])}\u0000${text}`;
    let run = runs.get(key);
    if (!run) {
      const glyphCache = shaping._glyphs;
      shaping._glyphs = {};
      try {
        const shaped = layout(text, features, script, language, direction);
        run = { glyphs: shaped.glyphs, positions: shaped.positions };
      } finally {
        shaping._glyphs = glyphCache;
      }
      remember(runs, key, run, text.length);
    }
    return { glyphs: [...run.glyphs], positions: run.positions.map((position) => ({ ...position })) };
  };
}

function remember(runs: Map<string, ShapedRun>, key: string, run: ShapedRun, characters: number): void {
  runs.set(key, run);
  order.push({ runs, key, characters });
  cachedCharacters += characters;
  while (cachedCharacters > CACHE_CHARACTERS) {
    const oldest = order.shift()!;
    oldest.runs.delete(oldest.key);
    cachedCharacters -= oldest.characters;
  }
}

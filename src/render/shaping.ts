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
 * shaping is its largest single cost. Text in a script written with spaces
 * is shaped a word at a time, as browsers do, so a paragraph never seen before
 * is made of words seen many times. A miss is shaped with an empty glyph
 * cache, so the characters each glyph records (which pdfkit writes to the text
 * layer) depend on the string alone, never on what was shaped before. Callers
 * get their own arrays and positions, so nothing React-PDF does to a run can
 * reach the cache. (fontkit has no shaping cache, and React-PDF no hook for one.)
 */
export function cacheShaping(font: object): void {
  if (runsByFont.has(font)) return;
  const shaping = font as ShapingFont;
  const runs = new Map<string, ShapedRun>();
  runsByFont.set(font, runs);
  const layout = shaping.layout.bind(shaping);
  // Shaped with an empty glyph cache, so what each glyph records depends on the string alone.
  const shapeAlone = (text: string, features: unknown, script: string | undefined, language: string | undefined, direction: string | undefined): ShapedRun => {
    const glyphCache = shaping._glyphs;
    shaping._glyphs = {};
    try {
      const shaped = layout(text, features, script, language, direction);
      return { glyphs: shaped.glyphs, positions: shaped.positions };
    } finally {
      shaping._glyphs = glyphCache;
    }
  };
  shaping.layout = (text, features, script, language, direction) => {
    const options = JSON.stringify([features, script, language, direction]);
    const run = recall(runs, `${options}\u0000${text}`, text.length, () => {
      const wordScript = direction === 'rtl' ? null : (script ?? spaceSeparatedScript(text));
      const words = wordScript === null ? [] : (text.match(WORDS) ?? []);
      if (words.length < 2) return shapeAlone(text, features, script, language, direction);
      // The run's script is given to each word, as fontkit would have found it for the whole run.
      const shapedWords = words.map((word) => recall(runs, `${options}\u0001${wordScript}\u0000${word}`, word.length, () => shapeAlone(word, features, wordScript!, language, direction)));
      return { glyphs: shapedWords.flatMap((word) => word.glyphs), positions: shapedWords.flatMap((word) => word.positions) };
    });
    return { glyphs: [...run.glyphs], positions: run.positions.map((position) => ({ ...position })) };
  };
}

const covered = new WeakSet<object>();

/**
 * Keeps which characters the font has, and its units per em: React-PDF asks
 * for each character of each run, to choose a font of the stack (2 % of
 * render time), and reads units per em for every run through a getter on the
 * font's tables.
 */
export function cacheCoverage(font: object): void {
  if (covered.has(font)) return;
  covered.add(font);
  const lookups = font as ShapingFont;
  Object.defineProperty(lookups, 'unitsPerEm', { value: lookups.unitsPerEm });
  const coverage = new Map<number, boolean>();
  const hasGlyph = lookups.hasGlyphForCodePoint.bind(lookups);
  lookups.hasGlyphForCodePoint = (codePoint) => {
    let has = coverage.get(codePoint);
    if (has === undefined) {
      has = hasGlyph(codePoint);
      coverage.set(codePoint, has);
    }
    return has;
  };
}

/** A word with the spaces after it, or spaces alone at the start. */
const WORDS = /\S+\s*|\s+/gu;
/** Scripts written with spaces between words, whose shaping (for the fonts we ship) never reaches across a space; a test checks that it never does. */
const SPACE_SEPARATED = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Common}\p{Script=Inherited}]*$/u;
const FIRST_LETTER = /[^\p{Script=Common}\p{Script=Inherited}]/u;
const SCRIPT_TAGS: [RegExp, string][] = [
  [/\p{Script=Latin}/u, 'latn'],
  [/\p{Script=Cyrillic}/u, 'cyrl'],
  [/\p{Script=Greek}/u, 'grek'],
];

/**
 * The OpenType script fontkit would find for the text (that of its first
 * letter), when the text may be shaped a word at a time; otherwise null.
 */
function spaceSeparatedScript(text: string): string | null {
  if (!SPACE_SEPARATED.test(text)) return null;
  const letter = FIRST_LETTER.exec(text)?.[0];
  if (letter === undefined) return null;
  return SCRIPT_TAGS.find(([pattern]) => pattern.test(letter))?.[1] ?? null;
}

function recall(runs: Map<string, ShapedRun>, key: string, characters: number, shape: () => ShapedRun): ShapedRun {
  let run = runs.get(key);
  if (!run) {
    run = shape();
    remember(runs, key, run, characters);
  }
  return run;
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

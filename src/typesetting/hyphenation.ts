import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SOFT_HYPHEN = '\u00ad';

export type Hyphenator = (word: string) => string[];

export const noHyphenation: Hyphenator = (word) => [word];
const cache = new Map<string, Hyphenator>();
/** Words whose hyphenation points are kept per pattern set (a few MiB at most). */
const KNOWN_WORDS = 50_000;

/**
 * React-PDF's hyphenationCallback for a language: the word split at its
 * hyphenation points, using the patterns of the `hyphen` package named in the
 * config (`en-us`, `es`, …), or no hyphenation for null. React-PDF's default
 * would apply English patterns to every language.
 */
export function hyphenatorFor(patterns: string | null): Hyphenator {
  if (patterns === null) return noHyphenation;
  let hyphenator = cache.get(patterns);
  if (!hyphenator) {
    if (!hyphenationPatternsExist(patterns)) throw new Error(`Unknown hyphenation patterns "${patterns}"`);
    const { hyphenateSync } = require(`hyphen/${patterns}`) as { hyphenateSync: (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string };
    // React-PDF asks again for every word each time it breaks a paragraph into lines: words repeat, the pattern walk need not.
    const known = new Map<string, string[]>();
    hyphenator = (word) => {
      let parts = known.get(word);
      if (!parts) {
        if (known.size >= KNOWN_WORDS) known.clear();
        // Words under seven letters stay whole: breaking a short word saves little and costs a reader much.
        parts = atLeastThreeLetters(hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: 7 }).split(SOFT_HYPHEN));
        known.set(word, parts);
      }
      return [...parts];
    };
    cache.set(patterns, hyphenator);
  }
  return hyphenator;
}

const LETTERS_EACH_SIDE = 3;
const letters = (text: string) => text.match(/\p{L}/gu)?.length ?? 0;

/** Parts joined so that a break leaves three letters or more on each side (some patterns allow two: `ab-normal`, `spas-ms`). */
function atLeastThreeLetters(parts: string[]): string[] {
  const joined = [...parts];
  while (joined.length > 1 && letters(joined[0]!) < LETTERS_EACH_SIDE) joined.splice(0, 2, joined[0]! + joined[1]!);
  while (joined.length > 1 && letters(joined.at(-1)!) < LETTERS_EACH_SIDE) joined.splice(-2, 2, joined.at(-2)! + joined.at(-1)!);
  return joined;
}

/** Whether the `hyphen` package has patterns of this name (checked when the config is read, so a typo names its line). */
export function hyphenationPatternsExist(patterns: string): boolean {
  // The name becomes a module path: nothing but a language-tag shape may reach require.
  if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(patterns)) return false;
  try {
    require.resolve(`hyphen/${patterns}`);
    return true;
  } catch {
    return false;
  }
}

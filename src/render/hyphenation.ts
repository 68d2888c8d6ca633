import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SOFT_HYPHEN = '\u00ad';

export type Hyphenator = (word: string) => string[];

export const noHyphenation: Hyphenator = (word) => [word];
const cache = new Map<string, Hyphenator>();

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
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(patterns)) throw new Error(`Invalid hyphenation pattern name "${patterns}"`);
    const { hyphenateSync } = require(`hyphen/${patterns}`) as { hyphenateSync: (text: string, options?: { hyphenChar?: string }) => string };
    hyphenator = (word) => hyphenateSync(word, { hyphenChar: SOFT_HYPHEN }).split(SOFT_HYPHEN);
    cache.set(patterns, hyphenator);
  }
  return hyphenator;
}

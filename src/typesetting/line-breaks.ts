import type { Hyphenator } from './hyphenation.ts';

// Kinsoku rules: no line starts with closing punctuation, none ends with opening punctuation.
const CLOSING = new Set([...'，。、．・：；？！）］｝〕〉》」』】〙〗〟’”｠»…‥ー々,.:;?!)]}%']);
const OPENING = new Set([...'（［｛〔〈《「『【〘〖〝‘“｟«([{']);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const cache = new Map<string, Hyphenator>();

/**
 * Line breaks for scripts written without spaces. React-PDF breaks lines only
 * at spaces and at the parts a hyphenation callback returns, so a run of
 * Chinese is split into words (Intl.Segmenter), broken between without a hyphen.
 */
export function cjkLineBreaker(language: string): Hyphenator {
  let breaker = cache.get(language);
  if (!breaker) {
    const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    breaker = (word) => {
      if (!CJK.test(word)) return [word];
      const parts: string[] = [];
      for (const { segment } of segmenter.segment(word)) {
        const previous = parts.at(-1);
        const glued = previous !== undefined && (CLOSING.has(segment[0]!) || OPENING.has(previous.at(-1)!));
        if (glued) parts[parts.length - 1] = previous + segment;
        else parts.push(segment);
      }
      return withoutHyphens(parts);
    };
    cache.set(language, breaker);
  }
  return breaker;
}

/**
 * Line breaks inside web addresses, after `/`, `.`, `?`, `&`, `=` and `-`,
 * without a hyphen: a printed address must be copied exactly, and a long one
 * would otherwise run past the margin.
 */
export const urlLineBreaker: Hyphenator = (word) => withoutHyphens(word.split(/(?<=[/.?&=-])/u).filter((part) => part.length > 0));

/** The empty strings between the parts make React-PDF break there without drawing a hyphen. */
function withoutHyphens(parts: string[]): string[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : ['', part]));
}

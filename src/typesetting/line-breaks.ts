import { isWebAddress, webAddressParts } from '../model/tokens.ts';
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
      if (!CJK.test(word) && !CLOSING.has(word[0]!) && !OPENING.has(word.at(-1)!)) return [word];
      const parts: string[] = [];
      for (const { segment } of segmenter.segment(word)) {
        const previous = parts.at(-1);
        const glued = previous !== undefined && (CLOSING.has(segment[0]!) || OPENING.has(previous.at(-1)!));
        if (glued) parts[parts.length - 1] = previous + segment;
        else parts.push(segment);
      }
      return atRunEdges(word, withoutHyphens(parts));
    };
    cache.set(language, breaker);
  }
  return breaker;
}

/**
 * React-PDF asks for a word's breaks run by run (a run changes at each change
 * of font or script: `核磁共振（`, `MRI`, `）检查`), and where two runs meet
 * inside a word it adds a hyphenation point, which prints a hyphen in Chinese.
 * An empty part at a word's edge makes that a break without a hyphen instead,
 * where a line may end before it and start after it.
 */
function atRunEdges(word: string, parts: string[]): string[] {
  const before = CLOSING.has(word[0]!) ? [] : [''];
  const after = OPENING.has(word.at(-1)!) ? [] : [''];
  return [...before, ...parts, ...after];
}

/**
 * Line breaks inside web addresses, after `/`, `.`, `?`, `&`, `=` and `-`,
 * without a hyphen: a printed address must be copied exactly, and a long one
 * would otherwise run past the margin.
 */
export const urlLineBreaker: Hyphenator = (word) => withoutHyphens(webAddressParts(word));

/** Words whose breaks are kept per breaker (a few MiB at most). */
const KNOWN_WORDS = 50_000;
/** Longer than any word of a language: a code or a run of characters, which hyphenation patterns would only misprint (and take long over). */
const LONGEST_WORD = 100;

/**
 * Breaks inside a word: the language's hyphenation points (printed with a
 * hyphen) and after the word's own hyphens between letters
 * (`carbidopa-|levodopa`, not `10-|20`), as browsers break. Web addresses,
 * words with digits and tokens longer than any word are never hyphenated: an
 * inserted hyphen would misprint them (`river-side.org`, `AB-12`). A token
 * wider than its line is broken by the templates, which know the width.
 */
export function wordBreaker(hyphenate: Hyphenator): Hyphenator {
  let breaker = wordBreakers.get(hyphenate);
  if (!breaker) {
    breaker = knownWords(wordBreaks(hyphenate));
    wordBreakers.set(hyphenate, breaker);
  }
  return breaker;
}

const wordBreakers = new WeakMap<Hyphenator, Hyphenator>();

function wordBreaks(hyphenate: Hyphenator): Hyphenator {
  return (word) => {
    if (isWebAddress(word)) return [word];
    const parts = /\p{N}/u.test(word) || word.length > LONGEST_WORD ? [word] : hyphenate(word);
    const pieces = parts.flatMap((part) => withoutHyphens(part.split(/(?<=[\p{L}\p{N}]-)(?=\p{L})/u)));
    // A hyphenation point right after the word's own hyphen breaks there without a second one.
    return pieces.flatMap((piece, index) => (index > 0 && piece !== '' && pieces[index - 1]!.endsWith('-') ? ['', piece] : [piece]));
  };
}

/** React-PDF asks again for every word each time it breaks a text into lines: words repeat, the work need not. */
function knownWords(breaks: Hyphenator): Hyphenator {
  const known = new Map<string, string[]>();
  return (word) => {
    let parts = known.get(word);
    if (!parts) {
      if (known.size >= KNOWN_WORDS) known.clear();
      parts = breaks(word);
      known.set(word, parts);
    }
    return [...parts];
  };
}

/** The empty strings between the parts make React-PDF break there without drawing a hyphen. */
function withoutHyphens(parts: string[]): string[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : ['', part]));
}

/**
 * A run of spaces as single spaces: React-PDF treats a word followed by
 * anything but one space as hyphenated there, and may break before a double
 * space with a hyphen (`read ·-` in `read  ·  Reviewed`).
 */
export function spacesApart(breaker: Hyphenator): Hyphenator {
  return (word) => (/^ {2,}$/.test(word) ? [...word] : breaker(word));
}

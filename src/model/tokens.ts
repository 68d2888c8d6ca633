/**
 * What kind of word a token is, for line breaking: a web address breaks only
 * at its punctuation and is never hyphenated, a number never breaks at all.
 * (Typesetting and the templates both ask, so it lives in the kernel.)
 */

/** A URL, a `www.` address or an e-mail address, with any punctuation around it (`(https://…).`). */
export function isWebAddress(token: string): boolean {
  // No regular expression that scans ahead from every position: tokens can be very long.
  const lower = token.toLowerCase();
  const at = token.indexOf('@');
  return lower.includes('://') || lower.includes('www.') || lower.includes('mailto:') || (at > 0 && token.lastIndexOf('.') > at + 1);
}

/** A web address split after `/`, `.`, `?`, `&`, `=` and `-`: where it may break without a hyphen. */
export function webAddressParts(token: string): string[] {
  return token.split(/(?<=[/.?&=-])/u).filter((part) => part.length > 0);
}

/** Digits with their separators and signs (`1000`, `1,000.5`, `10–20`, `(555)`, `010-0199`): a dose or a phone number, never broken. */
export function isNumber(token: string): boolean {
  return /\p{N}/u.test(token) && /^[\p{N}\p{P}\p{S}]+$/u.test(token);
}

/** Whether a token is written in a script whose letters join (Arabic and its like): cut anywhere, its halves take other letter forms, so it never breaks but at spaces. */
export function joinsLetters(token: string): boolean {
  return /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Adlam}]/u.test(token);
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** V8's Intl.Segmenter copies the whole text into every segment it returns (time and memory by the square of its length): long texts go a window at a time. */
const WINDOW = 200;

/** The user-perceived characters of a text: a word breaks only between them. */
export function graphemes(text: string): string[] {
  // Printable ASCII (codes, most URLs) is one grapheme a character, and Intl.Segmenter is slow: 8 µs a grapheme.
  if (/^[\x20-\x7e]*$/u.test(text)) return text.split('');
  const result: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + WINDOW, text.length);
    // Never between the halves of a surrogate pair: a lone half would end the grapheme before it.
    if (end < text.length && /[\ud800-\udbff]/u.test(text[end - 1]!)) end -= 1;
    const window = text.slice(start, end);
    const segments = Array.from(graphemeSegmenter.segment(window), ({ segment }) => segment);
    // The window's last grapheme may go on past it: it is segmented again with the next window.
    const whole = end < text.length && segments.length > 1 ? segments.slice(0, -1) : segments;
    result.push(...whole);
    start += whole.reduce((length, segment) => length + segment.length, 0);
  }
  return result;
}

import { graphemes, isWebAddress, webAddressParts } from '../../src/model/tokens.ts';
import type { PageLayout, Typography } from '../types.ts';
import { measureFor, SHAPING_MARGIN, type TextMeasure } from './measure.ts';
import { BOLD, type Face } from './printed.ts';
import type { HandoutStyles } from './styles.ts';

/** React-PDF's hyphenationCallback: a word's parts; an empty string between two is a break without a hyphen. */
export type LineBreaker = (word: string) => string[];

export interface LineFit {
  measure: TextMeasure;
  /** The line's width in ems of the text's size (its width in points over the size in points). */
  limit: number;
  /** The face the text is set in. */
  face: Face;
  /** Words printed in another face (a bold run in a regular paragraph). */
  faces?: ReadonlyMap<string, Face>;
}

/** A word without room is broken at a grapheme boundary at most this many times: a limit on React-PDF's line breaker, which is slow on many parts. */
const MOST_PARTS = 2_000;

/**
 * A line breaking callback that also breaks a word where it must, as
 * browsers' `overflow-wrap: break-word` does: a word wider than its line
 * breaks (a web address after its punctuation, anything else between any two
 * characters), without a hyphen, which would misprint a code or a dose. React-PDF
 * would let such a word run past its box, over the next column or off the page.
 * Words that fit keep the breaks `base` gives them (hyphenation), and no more.
 */
export function fitting(base: LineBreaker, fit: LineFit): LineBreaker {
  return remembering(base, (word) => fitWord(word, base, fit));
}

/**
 * `breaks` of each word, remembered: React-PDF asks again for every word each
 * time it lays the text out (to measure it, to paginate). Not those of a word
 * `base` has come to keep whole since (`keptWhole`: one hyphenated against
 * the composition rules, src/formats/one-column.ts), whose text is broken again.
 */
function remembering(base: LineBreaker, breaks: LineBreaker): LineBreaker {
  const known = new Map<string, string[]>();
  const { keptWhole } = base as { keptWhole?: ReadonlySet<string> };
  return (word) => {
    let parts = keptWhole?.has(word) ? undefined : known.get(word);
    if (!parts) {
      parts = breaks(word);
      known.set(word, parts);
    }
    return [...parts];
  };
}

/** Room for the hyphen React-PDF adds at a hyphenation point, in ems. */
const HYPHEN = 0.5;

function fitWord(word: string, base: LineBreaker, fit: LineFit): string[] {
  const parts = base(word);
  if (word.trim() === '') return parts;
  const face = fit.faces?.get(word) ?? fit.face;
  // Most words are far shorter than their line: neither they nor their parts need shaping.
  if (fit.measure.nominal(word, face) + HYPHEN <= fit.limit * SHAPING_MARGIN) return parts;
  // A part followed by a hyphenation point carries the hyphen React-PDF adds when it breaks there.
  const withHyphen = (index: number) => (index + 1 < parts.length && parts[index + 1] !== '' ? `${parts[index]}-` : parts[index]!);
  const fits = (text: string) => text === '' || fit.measure.fits(text, face, fit.limit);
  if (parts.every((_, index) => fits(withHyphen(index)))) return parts;
  const webAddress = isWebAddress(word);
  return parts.flatMap((part, index) => {
    if (fits(withHyphen(index))) return [part];
    const pieces = webAddress ? webAddressParts(part) : [part];
    return joinedWithoutHyphens(pieces.flatMap((piece) => (fits(piece) ? [piece] : slices(piece, fit, face))));
  });
}

/** A piece wider than the line in slices that fit it: as many whole graphemes as each line holds. */
function slices(piece: string, fit: LineFit, face: Face): string[] {
  const characters = graphemes(piece);
  const result: string[] = [];
  let start = 0;
  while (start < characters.length) {
    let end = start + 1;
    let width = fit.measure.width(characters[start]!, face);
    while (end < characters.length) {
      const next = fit.measure.width(characters[end]!, face);
      if (width + next > fit.limit) break;
      width += next;
      end += 1;
    }
    // Letters measured alone can set wider than the slice as a whole (kerning aside, contextual forms): shaped, a slice must fit.
    while (end > start + 1 && !fit.measure.fits(characters.slice(start, end).join(''), face, fit.limit)) end -= 1;
    result.push(characters.slice(start, end).join(''));
    start = end;
  }
  return result;
}

function joinedWithoutHyphens(parts: string[]): string[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : ['', part]));
}

/**
 * Breaks a word wider than `limit` ems between any two graphemes, for a text
 * whose size and width the callback cannot know (one callback serves several
 * texts); React-PDF's line breaker picks the breaks a line needs.
 */
function breakingAnywhere(base: LineBreaker, measure: TextMeasure, limit: number): LineBreaker {
  return remembering(base, (word) => brokenAnywhere(word, base, measure, limit));
}

function brokenAnywhere(word: string, base: LineBreaker, measure: TextMeasure, limit: number): string[] {
  const parts = base(word);
  if (word.trim() === '' || measure.fits(word, BOLD, limit)) return parts;
  const pieces = isWebAddress(word) ? webAddressParts(word) : [word];
  return joinedWithoutHyphens(
    pieces.flatMap((piece) => {
      if (measure.fits(piece, BOLD, limit)) return [piece];
      const characters = graphemes(piece);
      const size = Math.ceil(characters.length / MOST_PARTS);
      return Array.from({ length: Math.ceil(characters.length / size) }, (_, index) => characters.slice(index * size, (index + 1) * size).join(''));
    }),
  );
}

const unfitted = new WeakMap<LineBreaker, LineBreaker>();

/** The callback before `pageTypography` made it break long words: blocks, which know each text's width, break them where they must. */
export function unfittedBreaker(breaker: LineBreaker): LineBreaker {
  return unfitted.get(breaker) ?? breaker;
}

/**
 * The edition's typography with callbacks that also break words too long for
 * the one-column template's own texts, which do not measure themselves: the
 * title, summary, notice and online caption (`hyphenate`), the online address
 * (`breakUrl`) and the footer (`breakWithoutHyphens`). A word breaks where it is
 * wider than the narrowest of them at its size.
 */
export function pageTypography(typography: Typography, layout: PageLayout, styles: HandoutStyles): Typography {
  const measure = measureFor(typography);
  const { scale } = layout;
  const { width } = styles.fit;
  const beside = width - layout.qrSize - 2 * styles.onlineText.marginHorizontal;
  const inNotice = width - 2 * (styles.notice.padding + styles.notice.borderWidth);
  const wrap = (breaker: LineBreaker, limit: number) => {
    const wrapped = breakingAnywhere(breaker, measure, limit);
    unfitted.set(wrapped, breaker);
    return wrapped;
  };
  return {
    ...typography,
    hyphenate: wrap(typography.hyphenate, Math.min(width / scale.title, width / scale.summary, inNotice / scale.small, beside / scale.small)),
    breakOtherLanguage: wrap(typography.breakOtherLanguage, width / scale.summary),
    breakUrl: wrap(typography.breakUrl, beside / scale.small),
    // The title breaks here too (no hyphens in a heading): a word too long for it breaks at the title's size.
    breakWithoutHyphens: wrap(typography.breakWithoutHyphens, Math.min(width / scale.footer, width / scale.title)),
  };
}

/**
 * For Chinese text: each space goes into the word after it (`第二次 MVD 很有`
 * is set as `第二次`, ` MVD`, ` 很有`) and the line may break where it was.
 * React-PDF's line breaker stretches only spaces: a Chinese line has none, so
 * it broke at the few spaces around Latin words, leaving lines a third full
 * (`在 MVD` / `过程中…`). Without stretchable spaces every line is filled as
 * far as it goes. Stateful: React-PDF asks for a text's words in order, the
 * spaces among them; one breaker serves one text, outside any cache.
 */
export function spacesInWords(breaker: LineBreaker): LineBreaker {
  let pending = '';
  return (word) => {
    if (/^ +$/.test(word)) {
      pending += word;
      return [''];
    }
    const parts = breaker(word);
    if (pending === '') return parts;
    const first = parts.findIndex((part) => part !== '');
    if (first >= 0) parts[first] = pending + parts[first]!;
    pending = '';
    return parts;
  };
}

import type { LanguageConfig } from '../config/index.ts';
import type { Typography } from '../../templates/types.ts';
import { fontStack } from './fonts.ts';
import { hyphenatorFor, noHyphenation } from '../typesetting/hyphenation.ts';
import { cjkLineBreaker, spacesApart, urlLineBreaker, wordBreaker } from '../typesetting/line-breaks.ts';

/** Fonts, direction and line breaking of an edition's language. */
export function typographyFor(language: string, config: LanguageConfig): Typography {
  return {
    fontFamily: fontStack(config.fonts),
    direction: config.direction,
    // ccmp off unless a language turns it on: Noto Sans splits ị, ọ, ụ, ẹ into a letter and a dot, which React-PDF's text layer
    // cannot map back (copy, search and screen readers lose the dot in any language's edition); text is NFC, whose letters have glyphs of their own.
    fontFeatures: { ccmp: false, ...config.fontFeatures },
    hyphenate: spacesApart(config.lineBreaks === 'cjk' ? cjkLineBreaker(language) : wordBreaker(hyphenatorFor(config.hyphenation))),
    breakUrl: spacesApart(urlLineBreaker),
    breakWithoutHyphens: spacesApart(config.lineBreaks === 'cjk' ? cjkLineBreaker(language) : noHyphenation),
    // The edition's patterns would misprint another language's words (English `ner-ve` by Spanish patterns).
    breakOtherLanguage: spacesApart(config.lineBreaks === 'cjk' ? cjkLineBreaker(language) : wordBreaker(noHyphenation)),
    lineBreaks: config.lineBreaks,
    minLineHeight: config.minLineHeight,
  };
}

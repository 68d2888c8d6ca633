import type { LanguageConfig } from '../config/index.ts';
import type { Typography } from '../../templates/types.ts';
import { fontStack } from './fonts.ts';
import { hyphenatorFor, noHyphenation } from '../typesetting/hyphenation.ts';
import { cjkLineBreaker, urlLineBreaker, wordBreaker } from '../typesetting/line-breaks.ts';

/** Fonts, direction and line breaking of an edition's language. */
export function typographyFor(language: string, config: LanguageConfig, options: { hyphenation: boolean }): Typography {
  return {
    fontFamily: fontStack(config.fonts),
    direction: config.direction,
    fontFeatures: config.fontFeatures,
    hyphenate: config.lineBreaks === 'cjk' ? cjkLineBreaker(language) : wordBreaker(hyphenatorFor(options.hyphenation ? config.hyphenation : null)),
    breakUrl: urlLineBreaker,
    breakWithoutHyphens: config.lineBreaks === 'cjk' ? cjkLineBreaker(language) : noHyphenation,
  };
}

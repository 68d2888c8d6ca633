import type { LanguageConfig } from '../config/index.ts';
import type { Typography } from '../../templates/types.ts';
import { fontStack } from './fonts.ts';
import { hyphenatorFor } from './hyphenation.ts';

/** Fonts, direction and hyphenation of an edition's language. */
export function typographyFor(language: LanguageConfig): Typography {
  return { fontFamily: fontStack(language.fonts), direction: language.direction, hyphenate: hyphenatorFor(language.hyphenation) };
}

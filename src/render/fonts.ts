import { Font } from '@react-pdf/renderer';
import { FACES, fontFile } from '../fonts/index.ts';

const familyOf = (fontName: string) => fontName.replace(/\s+/g, '');
const registered = new Set<string>();

/**
 * Registers the fonts (once per process) and returns the family stack to use as
 * fontFamily: React-PDF falls back along it character by character.
 */
export function fontStack(fontNames: readonly string[]): string[] {
  for (const fontName of fontNames) {
    const family = familyOf(fontName);
    if (registered.has(family)) continue;
    Font.register({ family, fonts: FACES.map(({ face, fontWeight, fontStyle }) => ({ src: fontFile(fontName, face), fontWeight, fontStyle })) });
    registered.add(family);
  }
  return fontNames.map(familyOf);
}

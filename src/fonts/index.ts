import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

type Face = '400-normal' | '700-normal' | '400-italic' | '700-italic';

interface FontPackage {
  /** npm package holding the font files. */
  packageName: string;
  /** TrueType files inside the package, per weight and style. Scripts without italics (Chinese, Arabic) use the upright faces. */
  files: Record<'400-normal' | '700-normal', string> & Partial<Record<Face, string>>;
}

/**
 * Fonts a language's `fonts` list (handout.config.yaml) may name. Plain
 * TrueType, not WOFF: fontkit inflates WOFF tables again for every document it
 * subsets, which took a quarter of the render time.
 */
export const FONT_PACKAGES: Record<string, FontPackage> = {
  'Noto Sans': {
    packageName: '@expo-google-fonts/noto-sans',
    files: {
      '400-normal': '400Regular/NotoSans_400Regular.ttf',
      '700-normal': '700Bold/NotoSans_700Bold.ttf',
      '400-italic': '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
      '700-italic': '700Bold_Italic/NotoSans_700Bold_Italic.ttf',
    },
  },
  // Designed by the Braille Institute for low-vision readers: the large-print format's first choice.
  'Atkinson Hyperlegible': {
    packageName: '@expo-google-fonts/atkinson-hyperlegible',
    files: {
      '400-normal': '400Regular/AtkinsonHyperlegible_400Regular.ttf',
      '700-normal': '700Bold/AtkinsonHyperlegible_700Bold.ttf',
      '400-italic': '400Regular_Italic/AtkinsonHyperlegible_400Regular_Italic.ttf',
      '700-italic': '700Bold_Italic/AtkinsonHyperlegible_700Bold_Italic.ttf',
    },
  },
  'Noto Sans SC': {
    packageName: '@expo-google-fonts/noto-sans-sc',
    files: { '400-normal': '400Regular/NotoSansSC_400Regular.ttf', '700-normal': '700Bold/NotoSansSC_700Bold.ttf' },
  },
  'Noto Sans Arabic': {
    packageName: '@expo-google-fonts/noto-sans-arabic',
    files: { '400-normal': '400Regular/NotoSansArabic_400Regular.ttf', '700-normal': '700Bold/NotoSansArabic_700Bold.ttf' },
  },
};

export const FACES: { face: Face; fontWeight: 400 | 700; fontStyle: 'normal' | 'italic' }[] = [
  { face: '400-normal', fontWeight: 400, fontStyle: 'normal' },
  { face: '700-normal', fontWeight: 700, fontStyle: 'normal' },
  { face: '400-italic', fontWeight: 400, fontStyle: 'italic' },
  { face: '700-italic', fontWeight: 700, fontStyle: 'italic' },
];

/** The TrueType file of one face of a font (the upright face where the font has no italics). */
export function fontFile(fontName: string, face: Face): string {
  const font = FONT_PACKAGES[fontName];
  if (!font) throw new Error(`Unknown font "${fontName}"; available: ${Object.keys(FONT_PACKAGES).join(', ')}`);
  const upright = face.startsWith('700') ? '700-normal' : '400-normal';
  return path.join(path.dirname(require.resolve(`${font.packageName}/package.json`)), font.files[face] ?? font.files[upright]);
}

/** The regular face of each font of a stack, in order, for glyph coverage checks. */
export function fontFiles(fontNames: readonly string[]): string[] {
  return fontNames.map((fontName) => fontFile(fontName, '400-normal'));
}

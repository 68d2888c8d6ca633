import { createRequire } from 'node:module';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

const require = createRequire(import.meta.url);

interface FontPackage {
  /** npm package holding the WOFF files. */
  packageName: string;
  filePrefix: string;
  /** Unicode-range subsets the package splits the font into. */
  subsets: readonly string[];
}

/**
 * Fonts a language's `fonts` list (handout.config.yaml) may name. @fontsource
 * packages split a font by Unicode range; each range is registered as a family
 * of its own and editions use them as a stack, since React-PDF falls back along
 * a fontFamily array character by character.
 */
export const FONT_PACKAGES: Record<string, FontPackage> = {
  'Noto Sans': {
    packageName: '@fontsource/noto-sans',
    filePrefix: 'noto-sans',
    subsets: ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'],
  },
};

const WEIGHTS = [400, 700] as const;
const STYLES = ['normal', 'italic'] as const;

interface StackFamily {
  family: string;
  file: (weight: number, style: string) => string;
}

function families(fontName: string): StackFamily[] {
  const font = FONT_PACKAGES[fontName];
  if (!font) throw new Error(`Unknown font "${fontName}"; available: ${Object.keys(FONT_PACKAGES).join(', ')}`);
  const directory = path.join(path.dirname(require.resolve(`${font.packageName}/package.json`)), 'files');
  return font.subsets.map((subset) => ({
    family: `${fontName.replace(/\s+/g, '')}-${subset}`,
    file: (weight, style) => path.join(directory, `${font.filePrefix}-${subset}-${weight}-${style}.woff`),
  }));
}

const registered = new Set<string>();

/** Registers the fonts (once per process) and returns the family stack to use as fontFamily. */
export function fontStack(fontNames: readonly string[]): string[] {
  const stack = fontNames.flatMap(families);
  for (const { family, file } of stack) {
    if (registered.has(family)) continue;
    registered.add(family);
    Font.register({ family, fonts: WEIGHTS.flatMap((fontWeight) => STYLES.map((fontStyle) => ({ src: file(fontWeight, fontStyle), fontWeight, fontStyle }))) });
  }
  return stack.map(({ family }) => family);
}

/** Every file of the stack, in stack order: regular first (for glyph checks), then the others (for hashing). */
export function fontFiles(fontNames: readonly string[]): string[] {
  const stack = fontNames.flatMap(families);
  return [...stack.map(({ file }) => file(400, 'normal')), ...stack.flatMap(({ file }) => [file(700, 'normal'), file(400, 'italic'), file(700, 'italic')])];
}

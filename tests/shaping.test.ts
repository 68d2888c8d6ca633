import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSync } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { openProject } from '../src/index.ts';
import { FACES, fontFile } from '../src/fonts/index.ts';
import { cacheShaping } from '../src/render/shaping.ts';
import { REPO_ROOT } from './helpers/project.ts';
import { typographyFor } from '../src/render/typography.ts';

interface Shaped {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}
interface ShapingFont {
  _glyphs: object;
  layout: (text: string, features?: unknown, script?: string, language?: string, direction?: string) => Shaped;
}

/** The sample topic's text in each shipped language: its lines in English, its catalogs' strings in the others. */
async function sampleTexts(): Promise<Map<string, string[]>> {
  const project = await openProject(REPO_ROOT);
  const texts = new Map<string, string[]>();
  for (const language of Object.keys(project.config.languages)) {
    const lines: string[] = [];
    if (language === project.config.sourceLanguage) lines.push(...(await readFile(path.join(REPO_ROOT, 'content/recurrent-hemifacial-spasm.md'), 'utf8')).split('\n'));
    const folder = path.join(REPO_ROOT, 'locales', language);
    for (const file of await readdir(folder)) {
      if (file.endsWith('.json') && !file.endsWith('.meta.json')) lines.push(...Object.values(JSON.parse(await readFile(path.join(folder, file), 'utf8')) as Record<string, string>));
    }
    texts.set(language, [...new Set(lines.map((line) => line.trim()).filter((line) => line.includes(' ')))]);
  }
  return texts;
}

// What is drawn: glyphs and positions. (Which characters a glyph records for the text layer is
// not compared: fontkit keeps those of the glyph's first use in the string it shapes.)
const summary = (shaped: Shaped) => ({
  glyphs: shaped.glyphs.map((glyph) => glyph.id),
  positions: shaped.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => [xAdvance, yAdvance, xOffset, yOffset]),
});

describe('shaping cache', () => {
  // The cache shapes Latin, Cyrillic and Greek text a word at a time: right only while no font's
  // substitutions or kerning reach across a space. A font added or updated that does fails here.
  it('shapes a run a word at a time exactly as fontkit shapes it whole, in every face of each language\'s fonts', async () => {
    const project = await openProject(REPO_ROOT);
    const texts = await sampleTexts();
    let compared = 0;
    for (const [language, lines] of texts) {
      const settings = project.config.languages[language]!;
      // The features the renderer sets (ccmp off unless the language turns it on).
      const { fontFeatures } = typographyFor(language, settings);
      // Large print leads with Atkinson Hyperlegible where it has every letter.
      const fonts = settings.direction === 'ltr' && settings.lineBreaks === 'spaces' ? ['Atkinson Hyperlegible', ...settings.fonts] : settings.fonts;
      for (const fontName of fonts) {
        for (const { face } of FACES) {
          const whole = openSync(fontFile(fontName, face)) as unknown as ShapingFont;
          const cached = openSync(fontFile(fontName, face)) as unknown as ShapingFont;
          cacheShaping(cached);
          for (const text of lines) {
            // As textkit calls it, with the edition's font features.
            const expected = summary(whole.layout(text, fontFeatures, undefined, undefined, 'ltr'));
            expect(summary(cached.layout(text, fontFeatures, undefined, undefined, 'ltr')), `${fontName} ${face}: ${text}`).toEqual(expected);
            // Again, from the cache.
            expect(summary(cached.layout(text, fontFeatures, undefined, undefined, 'ltr')), `${fontName} ${face}, cached: ${text}`).toEqual(expected);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

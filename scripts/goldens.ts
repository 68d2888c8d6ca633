// The visual regression goldens (tests/visual.test.ts): which pages of which sample editions, rendered how.
import path from 'node:path';
import { openProject, prepareEdition, renderEdition, type EditionSpec } from '../src/index.ts';
import { rasterise, type RasterPage } from '../src/readback/preview.ts';

export const GOLDEN_DIR = path.resolve(import.meta.dirname, '../tests/goldens');
/** Where a changed page's render and its difference from the golden are written for the developer. */
export const DIFF_DIR = path.resolve(import.meta.dirname, '../output/visual-diffs');

const ROOT = path.resolve(import.meta.dirname, '..');
const TOPIC = 'recurrent-hemifacial-spasm';
const LANGUAGES = ['en', 'es', 'ar', 'zh-Hans', 'ru'];
/** Each printed format, and its pages that show most of its design: the first (header or cover); both sides of the tri-fold. */
const PAGES: Record<string, number[]> = { handout: [1], 'large-print': [1], booklet: [1], 'booklet-print': [1], trifold: [1, 2] };
/** 50 dots per inch: layout, colour and type show; the files stay small. */
const SCALE = 50 / 72;
/**
 * The content hash printed on every edition covers the rendering code
 * (src/render/digest.ts), so it changes with any change to that code: the
 * goldens print this one instead, and change only when a page looks different.
 */
const FIXED_HASH = '000000000000';

export interface GoldenPage extends RasterPage {
  /** File name under GOLDEN_DIR: `<format>.<language>.p<page>.png`. */
  name: string;
}

/** Renders the golden pages of the sample topic's plain editions, from the repository's own project. */
export async function renderGoldens(): Promise<GoldenPage[]> {
  const project = await openProject(ROOT);
  const goldens: GoldenPage[] = [];
  for (const [format, pages] of Object.entries(PAGES)) {
    for (const language of LANGUAGES) {
      const spec: EditionSpec = { topic: TOPIC, language, level: 'plain', format, paper: 'letter', clinic: null };
      const { prepared } = await prepareEdition(project, spec);
      if (!prepared) throw new Error(`${language} plain ${format} cannot be prepared: run \`handout check\``);
      const { bytes } = await renderEdition({ ...prepared, identity: { ...prepared.identity, contentHash: FIXED_HASH } });
      const rendered = await rasterise(bytes, pages, SCALE);
      rendered.forEach((page, index) => goldens.push({ ...page, name: `${format}.${language}.p${pages[index]}.png` }));
    }
  }
  return goldens;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, editionPath, prepareEdition, type PreparedEdition } from '../src/index.ts';
import type { Block, CalloutBlock } from '../src/model/document.ts';
import { inlineText } from '../src/model/segments.ts';
import { walkSegments } from '../src/model/walk.ts';
import { rasterise } from '../src/readback/preview.ts';
import { arabicRuns, normalizeForSearch, readPaths, readPdf, type PdfBox, type ReadPdf } from './helpers/pdf.ts';
import { REPO_ROOT, tempProject, topic } from './helpers/project.ts';

/** The config's defaults, in points: 1/4 in printable margin, 3/32 in narrower tuck-in panel, 1/8 in bleed. */
const PRINTABLE = 18;
const TUCK_IN = 6.75;
const BLEED = 9;
const SHEET = { width: 792, height: 612 };
const PANEL = (SHEET.width + TUCK_IN) / 3;

/** The repository's config with `print` set, and tri-folds the only format. */
async function configWith(print: Record<string, unknown>): Promise<string> {
  const config = parseDocument(await readFile(path.join(REPO_ROOT, 'handout.config.yaml'), 'utf8'));
  config.set('print', print);
  config.set('formats', { trifold: { levels: ['plain'] } });
  return config.toString();
}

async function sampleTrifolds(print: Record<string, unknown> = {}) {
  const project = await tempProject({ 'handout.config.yaml': await configWith(print) }, { withSamples: true, configuredFormats: true });
  const result = await build(project, {}, { jobs: 0 });
  return Promise.all(
    result.editions.map(async (edition) => {
      expect(edition.error, edition.spec.language).toBeUndefined();
      const { prepared } = await prepareEdition(project, edition.spec);
      const bytes = await readFile(path.join(project.outputDir, editionPath(edition.spec)));
      return { language: edition.spec.language, prepared: prepared!, bytes, pdf: await readPdf(bytes) };
    }),
  );
}

/** Fold marks: short vertical strokes, read from the drawing operators; their x positions, left to right. */
function folds(paths: PdfBox[]): number[] {
  // Short hairlines at the sheet's top or bottom, where the printable area begins: a box's side bar may be as short, but never there.
  const atEdge = (box: PdfBox) => box.bottom < PRINTABLE + 2 || box.top > SHEET.height - PRINTABLE - 2;
  const xs = paths.filter((box) => box.right - box.left < 1 && box.top - box.bottom < 20 && box.top - box.bottom > 4 && atEdge(box)).map((box) => Math.round((box.left + box.right) * 50) / 100);
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Top-level boxes of the content, each with the texts a reader finds on the sheet. */
function boxTexts(prepared: PreparedEdition): { title: string; texts: string[] }[] {
  const rtl = prepared.language.direction === 'rtl';
  const boxes = prepared.document.blocks.filter((block): block is CalloutBlock<never> => block.type === 'callout' && block.kind !== 'summary');
  return boxes.map((box: Block) => {
    const texts = Array.from(walkSegments([box]), ([segment]) => inlineText(segment.content));
    // Right to left, the text layer keeps runs of Arabic words in order, not whole lines (helpers/pdf.ts).
    const searchable = rtl ? texts.flatMap((text) => arabicRuns(text).filter((run) => run.split(' ').length > 1)) : texts;
    return { title: texts[0]!, texts: searchable.map(normalizeForSearch) };
  });
}

/** Which sides of the sheet (0: outside, 1: inside) show the text; a text shown more than once (the clinic's call line) tells nothing. */
function sidesOf(pdf: ReadPdf, text: string): number[] {
  const counts = pdf.pages.map((page) => normalizeForSearch(page.text).split(text).length - 1);
  return counts.reduce((sum, count) => sum + count, 0) === 1 ? [counts.findIndex((count) => count === 1)] : [];
}

describe('tri-folds for real printers, over every sample tri-fold', async () => {
  const editions = await sampleTrifolds();

  it('builds every language', () => {
    expect(editions.map((edition) => edition.language).sort()).toEqual(['ar', 'en', 'es', 'ht', 'ru', 'vi', 'zh-Hans']);
  });

  it('makes the tuck-in panel (inside flap, and the third inside panel behind it) 3/32 in narrower, read back from the fold marks', async () => {
    for (const { language, prepared, bytes } of editions) {
      const rtl = prepared.language.direction === 'rtl';
      const [outside, inside] = (await readPaths(bytes, [1, 2])).map(folds);
      const widths = (marks: number[]) => [marks[0]!, marks[1]! - marks[0]!, SHEET.width - marks[1]!];
      const tuckIn = PANEL - TUCK_IN;
      // Outside: flap, back, cover; inside: three panels, the last behind the flap. Right to left, mirrored.
      const expected = { outside: [tuckIn, PANEL, PANEL], inside: [PANEL, PANEL, tuckIn] };
      for (const [side, marks] of [['outside', outside!], ['inside', inside!]] as const) {
        expect(marks, `${language} ${side}`).toHaveLength(2);
        const want = rtl ? [...expected[side]].reverse() : expected[side];
        widths(marks).forEach((width, index) => expect(width, `${language} ${side} panel ${index + 1}`).toBeCloseTo(want[index]!, 1));
      }
    }
  });

  it('keeps every text 1/4 in from the sheet’s edges', () => {
    for (const { language, pdf } of editions) {
      for (const [index, page] of pdf.pages.entries()) {
        expect(page.width, language).toBeCloseTo(SHEET.width, 1);
        for (const item of page.items.filter((candidate) => candidate.str.trim())) {
          const where = `${language} side ${index + 1}: "${item.str}"`;
          // A tenth of a point: the text layer's widths are rounded; the rendered border below is checked to the pixel.
          expect(item.x, where).toBeGreaterThanOrEqual(PRINTABLE - 0.1);
          expect(item.x + item.width, where).toBeLessThanOrEqual(SHEET.width - PRINTABLE + 0.1);
          expect(item.y, where).toBeGreaterThanOrEqual(PRINTABLE);
          expect(item.y + item.fontSize, where).toBeLessThanOrEqual(SHEET.height - PRINTABLE);
        }
      }
    }
  });

  it('draws nothing in the 1/4 in unprintable border: rendered, the border is white, and the cover colour stops at it', async () => {
    for (const { language, prepared, bytes } of editions) {
      const scale = 1;
      const sides = await rasterise(bytes, [1, 2], scale);
      const border = PRINTABLE * scale;
      for (const [index, { width, height, rgba }] of sides.entries()) {
        let inked = 0;
        for (let y = 0; y < height; y += 1) {
          for (let x = 0; x < width; x += 1) {
            if (x >= border && x < width - border && y >= border && y < height - border) continue;
            const at = (y * width + x) * 4;
            if (rgba[at]! < 250 || rgba[at + 1]! < 250 || rgba[at + 2]! < 250) inked += 1;
          }
        }
        expect(inked, `${language} side ${index + 1}: pixels inked in the border`).toBe(0);
      }
      // The cover's colour just inside the printable area, at the sheet's outer edge beside the cover.
      const outside = sides[0]!;
      const x = prepared.language.direction === 'rtl' ? Math.ceil(border) + 2 : outside.width - Math.ceil(border) - 3;
      const at = (Math.round(outside.height / 2) * outside.width + x) * 4;
      expect([...outside.rgba.slice(at, at + 3)], language).toEqual([0x1d, 0x4e, 0x89]);
    }
  });

  it('never prints a box on both sides of the sheet', () => {
    let boxes = 0;
    for (const { language, prepared, pdf } of editions) {
      for (const { title, texts } of boxTexts(prepared)) {
        const sides = new Set(texts.flatMap((text) => sidesOf(pdf, text)));
        expect(sides.size, `${language} "${title}" is found`).toBeGreaterThan(0);
        expect([...sides], `${language} "${title}"`).toHaveLength(1);
        boxes += 1;
      }
    }
    expect(boxes).toBeGreaterThanOrEqual(editions.length * 3);
  });

  it('keeps the warning boxes that follow each other (whom to call, then 911) on one side of the sheet', () => {
    for (const { language, prepared, pdf } of editions) {
      const boxes = prepared.document.blocks.filter((block): block is CalloutBlock<never> => block.type === 'callout' && block.kind !== 'summary');
      const warnings = boxTexts(prepared).filter((_, index) => boxes[index]!.kind === 'warning');
      expect(warnings.length, language).toBe(2);
      const sides = new Set(warnings.flatMap(({ texts }) => texts.flatMap((text) => sidesOf(pdf, text))));
      expect([...sides], `${language}: both warning boxes on one side`).toHaveLength(1);
    }
  });
});

describe('a box that would run from the third inside panel on to the flap', () => {
  it('is moved whole to the flap', async () => {
    const filler = (count: number) => Array.from({ length: count }, (_, index) => `Paragraph ${index + 1} tells the reader one more thing about the care they get after the operation.`).join('\n\n');
    const signs = Array.from({ length: 9 }, (_, index) => `- Sign ${index + 1}: a change in how your face feels or moves that lasts more than a day`).join('\n');
    let moved = 0;
    for (const count of [24, 26, 28, 30]) {
      const project = await tempProject({ 'content/care.md': topic(`${filler(count)}\n\n:::warning[Watch for these signs]\n${signs}\n:::\n`, { levels: '[plain]' }) });
      const result = await build(project, { formats: ['trifold'] }, { jobs: 0 });
      const edition = result.editions[0]!;
      expect(edition.error, `${count} paragraphs`).toBeUndefined();
      const bytes = await readFile(path.join(project.outputDir, editionPath(edition.spec)));
      const pdf = await readPdf(bytes);
      const [outside, inside] = pdf.pages;
      const onFlap = outside!.items.filter((item) => item.x < PANEL - TUCK_IN && item.str.trim());
      const sides = [outside!, inside!].filter((page) => normalizeForSearch(page.text).includes('Sign'));
      expect(sides, `${count} paragraphs: the signs are on one side`).toHaveLength(1);
      // Moved: the flap begins with the box, and the third inside panel ends well short of its foot.
      const third = inside!.items.filter((item) => item.x > 2 * PANEL && item.str.trim());
      if (onFlap[0]?.str.startsWith('Watch for these signs') && Math.min(...third.map((item) => item.y)) > 150) moved += 1;
    }
    expect(moved, 'some of the layouts moved the box').toBeGreaterThan(0);
  });
});

describe('print-shop output (print.bleed)', async () => {
  const editions = await sampleTrifolds({ bleed: true });

  it('grows the page by the bleed and the crop marks beyond it, with TrimBox and BleedBox, and the cover’s colour bleeding past the trim', async () => {
    for (const { language, prepared, bytes } of editions) {
      const pdf = await PDFDocument.load(bytes);
      for (const page of pdf.getPages()) {
        const media = page.getMediaBox();
        const trim = page.getTrimBox();
        const bleed = page.getBleedBox();
        expect([trim.width, trim.height], language).toEqual([SHEET.width, SHEET.height]);
        expect([bleed.x, bleed.y, bleed.width, bleed.height], language).toEqual([trim.x - BLEED, trim.y - BLEED, trim.width + 2 * BLEED, trim.height + 2 * BLEED]);
        expect(media.width, language).toBeGreaterThan(bleed.width);
        expect(media.height, language).toBeGreaterThan(bleed.height);
      }
      const trim = pdf.getPage(0).getTrimBox();
      // Crop marks: at each corner of the trim, a horizontal and a vertical stroke on its lines, outside the bleed.
      for (const [index, paths] of (await readPaths(bytes, [1, 2])).entries()) {
        for (const x of [trim.x, trim.x + trim.width]) {
          for (const y of [trim.y, trim.y + trim.height]) {
            const outsideBleed = (box: PdfBox) => box.right <= trim.x - BLEED + 0.5 || box.left >= trim.x + trim.width + BLEED - 0.5 || box.top <= trim.y - BLEED + 0.5 || box.bottom >= trim.y + trim.height + BLEED - 0.5;
            const vertical = paths.filter((box) => Math.abs(box.left - x) < 0.5 && Math.abs(box.right - x) < 0.5 && outsideBleed(box) && (y === trim.y ? box.top <= y : box.bottom >= y));
            const horizontal = paths.filter((box) => Math.abs(box.bottom - y) < 0.5 && Math.abs(box.top - y) < 0.5 && outsideBleed(box) && (x === trim.x ? box.right <= x : box.left >= x));
            expect(vertical.length, `${language} side ${index + 1} corner ${x},${y}`).toBeGreaterThan(0);
            expect(horizontal.length, `${language} side ${index + 1} corner ${x},${y}`).toBeGreaterThan(0);
          }
        }
      }
      // The cover's colour in the bleed, beyond the trim at the sheet's outer edge, half way down.
      const [outside] = await rasterise(bytes, [1], 1);
      const rtl = prepared.language.direction === 'rtl';
      const x = Math.round(rtl ? trim.x - BLEED / 2 : trim.x + trim.width + BLEED / 2);
      const at = (Math.round(outside!.height / 2) * outside!.width + x) * 4;
      expect([...outside!.rgba.slice(at, at + 3)], language).toEqual([0x1d, 0x4e, 0x89]);
    }
  });
});

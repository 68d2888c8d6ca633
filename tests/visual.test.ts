import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { DIFF_DIR, GOLDEN_DIR, renderGoldens, type GoldenPage } from '../scripts/goldens.ts';

/** The golden PNG's pixels, RGBA. */
async function goldenPixels(name: string): Promise<{ width: number; height: number; rgba: Uint8ClampedArray } | null> {
  const bytes = await readFile(path.join(GOLDEN_DIR, name)).catch(() => null);
  if (!bytes) return null;
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, rgba: context.getImageData(0, 0, image.width, image.height).data };
}

/** Writes the page as rendered now and its difference from the golden (changed pixels red) for the developer; returns the difference's path. */
async function saveDiff(page: GoldenPage, golden: { width: number; height: number; rgba: Uint8ClampedArray }): Promise<string> {
  await mkdir(DIFF_DIR, { recursive: true });
  const canvas = createCanvas(page.width, page.height);
  const context = canvas.getContext('2d');
  const diff = context.createImageData(page.width, page.height);
  pixelmatch(golden.rgba, page.rgba, diff.data, page.width, page.height, { threshold: 0.1 });
  context.putImageData(diff, 0, 0);
  const base = path.join(DIFF_DIR, page.name.replace(/\.png$/, ''));
  await writeFile(`${base}.actual.png`, page.png);
  await writeFile(`${base}.diff.png`, canvas.toBuffer('image/png'));
  return `${base}.diff.png`;
}

describe('visual regression: golden pages of every printed format in en, es, ar, zh-Hans and ru (npm run goldens:update rewrites them)', async () => {
  const pages = await renderGoldens();

  it('renders the same pixels twice', async () => {
    const again = await renderGoldens();
    expect(again.map((page) => page.name)).toEqual(pages.map((page) => page.name));
    again.forEach((page, index) => expect(Buffer.compare(Buffer.from(page.rgba), Buffer.from(pages[index]!.rgba)), page.name).toBe(0));
  });

  it('looks as the goldens do', async () => {
    expect(pages).toHaveLength(30);
    const changed: string[] = [];
    for (const page of pages) {
      const golden = await goldenPixels(page.name);
      if (!golden) {
        changed.push(`${page.name}: no golden; run npm run goldens:update`);
        continue;
      }
      if (golden.width !== page.width || golden.height !== page.height) {
        changed.push(`${page.name}: ${page.width}×${page.height} px, the golden is ${golden.width}×${golden.height}`);
        continue;
      }
      const different = pixelmatch(golden.rgba, page.rgba, undefined, page.width, page.height, { threshold: 0.1 });
      if (different > 0) changed.push(`${page.name}: ${different} pixels differ; see ${await saveDiff(page, golden)}`);
    }
    expect(changed, 'pages that look different from their goldens (if on purpose: npm run goldens:update)').toEqual([]);
  });
});

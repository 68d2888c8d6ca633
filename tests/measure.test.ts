import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import { handoutLayout } from '../src/formats/handout.ts';
import { readPdf, type PdfTextItem } from './helpers/pdf.ts';
import { tempProject } from './helpers/project.ts';

/** Readability guidance for patient materials: 50–75 characters a line. */
const MEASURE = 75;

/** The lines of body text on a page, as read back: items of the body size on one baseline, left to right. */
function bodyLines(items: PdfTextItem[], bodySize: number): string[] {
  const lines = new Map<number, PdfTextItem[]>();
  for (const item of items.filter((candidate) => Math.abs(candidate.fontSize - bodySize) < 0.3)) {
    const baseline = Math.round(item.y);
    lines.set(baseline, [...(lines.get(baseline) ?? []), item]);
  }
  return [...lines.values()].map((line) => line.sort((a, b) => a.x - b.x).map((item) => item.str).join('').replace(/\s+/g, ' ').trim());
}

const latinMostly = (line: string) => {
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && (line.match(/\p{Script=Latin}/gu)?.length ?? 0) > letters / 2;
};

describe('the handout’s measure', async () => {
  const project = await tempProject({}, { withSamples: true });
  const result = await build(project, { formats: ['handout'] }, { jobs: 0 });

  it('sets Latin body lines of every sample handout at most 75 characters long', async () => {
    let measured = 0;
    for (const edition of result.editions) {
      expect(edition.error, edition.spec.language).toBeUndefined();
      const pdf = await readPdf(await readFile(path.join(project.outputDir, editionPath(edition.spec))));
      const lines = pdf.pages.flatMap((page) => bodyLines(page.items, handoutLayout.scale.body)).filter(latinMostly);
      for (const line of lines) expect(line.length, `${edition.spec.language} ${edition.spec.level}: "${line}"`).toBeLessThanOrEqual(MEASURE);
      // Full lines of running text, not only short ones: most body lines of a Latin-script edition are near the measure.
      if (lines.length > 50) expect(Math.max(...lines.map((line) => line.length)), `${edition.spec.language} ${edition.spec.level}`).toBeGreaterThan(60);
      measured += lines.length;
    }
    expect(result.editions.length).toBe(14);
    expect(measured).toBeGreaterThan(500);
  });
});

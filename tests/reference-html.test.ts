/**
 * The benchmark's Chromium reference (scripts/reference-html.ts) prints the
 * handout's design: the same body size between the same side margins, in the
 * page size and margins Chromium's page.pdf accepts (it refused `96pt`).
 * Needs Debian's chromium (installed by .ci/run).
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { handoutLayout } from '../src/formats/handout.ts';
import { prepareEdition } from '../src/index.ts';
import { footer, pageSize, toHtml } from '../scripts/reference-html.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempProject } from './helpers/project.ts';

describe('the benchmark’s Chromium reference', () => {
  it('prints an English handout on Letter with the handout’s body size and side margins', async () => {
    const project = await tempProject({}, { withSamples: true });
    const { prepared } = await prepareEdition(project, { topic: 'recurrent-hemifacial-spasm', language: 'en', level: 'plain', format: 'handout', paper: 'letter', clinic: null });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    try {
      const page = await browser.newPage();
      await page.setContent(toHtml(prepared!), { waitUntil: 'load' });
      const bytes = await page.pdf({ ...pageSize(prepared!), printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer(prepared!) });
      const pdf = await readPdf(bytes);
      expect(pdf.pages.length).toBeGreaterThan(1);
      expect([pdf.pages[0]!.width, pdf.pages[0]!.height]).toEqual([612, 792]);
      const body = pdf.pages.flatMap((each) => each.items.filter((item) => Math.abs(item.fontSize - handoutLayout.scale.body) < 0.1));
      expect(body.length).toBeGreaterThan(50);
      expect(Math.min(...body.map((item) => item.x))).toBeCloseTo(handoutLayout.scale.margin.side, 0);
    } finally {
      await browser.close();
    }
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.ts';
import { hyphenationPatternsExist, hyphenatorFor } from '../src/typesetting/hyphenation.ts';
import { readPdf, normalizeForSearch } from './helpers/pdf.ts';
import { constructsProject, tempProject, topic } from './helpers/project.ts';

describe('rendering Markdown constructs', () => {
  it('draws a local image with its alt text as caption, lists, a table and a link with its URL', async () => {
    const project = await constructsProject();
    const result = await build(project, { languages: ['en'] });
    expect(result.files.flatMap((file) => file.messages).map(String)).toEqual([]);
    const bytes = await readFile(path.join(project.outputDir, 'care/care.plain.en.handout.pdf'));
    expect(bytes.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    // Every page: the last block goes to a second page with the QR block when they do not both fit on the first.
    const text = normalizeForSearch((await readPdf(bytes)).pages.map((page) => page.text).join(' '));
    for (const expected of [
      'Where the facial nerve leaves the brainstem',
      '1.First',
      'nesteditem',
      '2.Second',
      'DoseWhen5mgMorning',
      'MedlinePlus(https://medlineplus.gov/)',
      'https://www.ninds.nih.gov/.',
      'Quotedadvice.',
    ]) {
      expect(text).toContain(normalizeForSearch(expected));
    }
    // A bare URL is printed once, not followed by itself in parentheses.
    expect(text).not.toContain('(https://www.ninds.nih.gov/)');
  });
});

describe('font subsets', () => {
  it('tags each subset after what it holds: six capitals, different for different text, never the same tag for two subsets of a font', async () => {
    const project = await tempProject({ 'content/rest.md': topic('## Rest\n\nSleep well and **drink water**.\n', { levels: '[plain]' }), 'content/visit.md': topic('## Visit\n\nBring your **medicine list** to every visit.\n', { levels: '[plain]' }) });
    await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 0 });
    const fonts = async (id: string) => (await readPdf(await readFile(path.join(project.outputDir, `${id}/${id}.plain.en.handout.pdf`)))).embeddedFonts.map((font) => font.baseFont);
    const [rest, visit] = [await fonts('rest'), await fonts('visit')];
    for (const name of [...rest, ...visit]) expect(name).toMatch(/^[A-Z]{6}\+NotoSans-/);
    // pdfkit named every document's first font BZZZZZ+, its second CZZZZZ+: print-shop tools merging PDFs took them for one subset.
    const tag = (names: string[], font: string) => names.find((name) => name.endsWith(`+${font}`))!.slice(0, 6);
    expect(tag(rest, 'NotoSans-Regular')).not.toBe(tag(visit, 'NotoSans-Regular'));
    expect(tag(rest, 'NotoSans-Bold')).not.toBe(tag(visit, 'NotoSans-Bold'));
    expect(new Set(rest.map((name) => name.slice(0, 6))).size).toBe(rest.length);
  });
});

describe('hyphenation', () => {
  it('never leaves a table header row alone at the foot of a page', async () => {
    // The table starts lower on the page in each topic: in some, only its header row would fit.
    const files: Record<string, string> = {};
    for (let fillers = 18; fillers <= 34; fillers += 1) {
      const body = ['## Care', '', ...Array.from({ length: fillers }, (_, index) => [`Filler line ${index}.`, '']).flat(), '| Header A | Header B |', '| --- | --- |'];
      for (const row of ['one', 'two']) body.push(`| Row ${row} A ${'with several words that wrap '.repeat(3)}| Row ${row} B |`);
      files[`content/table-${fillers}.md`] = topic(body.join('\n'), { levels: '[plain]' });
    }
    const project = await tempProject(files);
    const result = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(result.editions.filter((edition) => edition.error)).toEqual([]);
    let split = 0;
    for (let fillers = 18; fillers <= 34; fillers += 1) {
      const { pages } = await readPdf(await readFile(path.join(project.outputDir, `table-${fillers}/table-${fillers}.plain.en.handout.pdf`)));
      const pageOf = (text: string) => pages.findIndex((page) => page.text.includes(text));
      expect(pageOf('Header A'), `${fillers} fillers`).toBe(pageOf('Row one A'));
      if (pageOf('Filler line 0.') !== pageOf('Header A')) split += 1;
    }
    // The sweep does reach past the first page.
    expect(split).toBeGreaterThan(0);
  });

  it('uses each language’s own patterns, never English ones for Spanish', () => {
    // Three letters or more on each side of a break: Spanish `tra-ta-mien-to` keeps `miento` whole, English `in-for-ma-tion` `infor`.
    expect(hyphenatorFor('es')('tratamiento')).toEqual(['tra', 'ta', 'miento']);
    expect(hyphenatorFor('en-us')('tratamiento')).not.toEqual(['tra', 'ta', 'miento']);
    expect(hyphenatorFor('en-us')('information')).toEqual(['infor', 'ma', 'tion']);
    expect(hyphenatorFor(null)('information')).toEqual(['information']);
  });

  it('refuses a pattern name that is not one, or names no patterns', () => {
    expect(() => hyphenatorFor('../../evil')).toThrow(/Unknown hyphenation patterns "\.\.\/\.\.\/evil"/);
    expect(hyphenationPatternsExist('../../evil')).toBe(false);
    expect(hyphenationPatternsExist('es-xx')).toBe(false);
    expect(hyphenationPatternsExist('es')).toBe(true);
  });
});

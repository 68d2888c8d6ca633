import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath, prepareEdition, renderEdition, type Project, type RunResult } from '../src/index.ts';
import { FitError, type LaidOutNode } from '../src/formats/index.ts';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { syncProject } from '../src/i18n/project.ts';
import type { Document, Segment } from '../src/model/document.ts';
import { inlineText } from '../src/model/segments.ts';
import type { EditionSpec, FormatName } from '../src/model/edition.ts';
import { checkLayout, editionSegments } from '../src/formats/layout-check.ts';
import { handoutLayout } from '../src/formats/handout.ts';
import { normalizeForSearch, readPdf, type PdfPage, type ReadPdf } from './helpers/pdf.ts';
import { png } from './helpers/png.ts';
import { tempProject, topic } from './helpers/project.ts';

const PDF_FORMATS: FormatName[] = ['handout', 'large-print', 'booklet', 'booklet-print', 'trifold'];
const DRUGS = ['Onabotulinumtoxina', 'Carbamazepine', 'Hydroxychloroquine', 'Abobotulinumtoxinaincobotulinumtoxina'];
/** A 150-character web address and a 100-character code (the longest word a topic may have): one line holds neither in large print. */
const URL = `https://example.org/${Array.from({ length: 12 }, (_, index) => `segment${String(index).padStart(2, '0')}`).join('/')}?a=1&b=2`;
const CODE = Array.from({ length: 100 }, (_, index) => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[(index * 7) % 34]).join('');

/** A dose table: a drug a row, then a dose a day (1000, 1100, …: the numbers that printed over each other). */
function doseTable(columns: number): string[][] {
  const header = ['Drug', ...Array.from({ length: columns - 1 }, (_, day) => `Day${day + 1}`)];
  return [header, ...DRUGS.map((drug, row) => [drug, ...Array.from({ length: columns - 1 }, (_, day) => String(1000 + 100 * day + row))])];
}

function markdownTable(rows: string[][]): string {
  return [rows[0]!, rows[0]!.map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

const spec = (topicId: string, format: FormatName, language = 'en'): EditionSpec => ({ topic: topicId, language, level: 'plain', format, paper: 'letter', clinic: null });

async function pdfOf(project: Project, edition: EditionSpec): Promise<ReadPdf> {
  return readPdf(await readFile(path.join(project.outputDir, editionPath(edition))));
}

/**
 * Pairs of text items printed over each other, as a reader sees them: their
 * letters' bodies (from the baseline up 0.6 em) cross. Text that overflows its
 * box and runs into the next column's is such a pair.
 */
function overprinted(page: PdfPage): string[] {
  const items = page.items.filter((item) => item.str.trim() !== '');
  const pairs: string[] = [];
  for (const [index, item] of items.entries()) {
    for (const other of items.slice(index + 1)) {
      const vertical = Math.min(item.y, other.y) + 0.6 * Math.min(item.fontSize, other.fontSize) - Math.max(item.y, other.y);
      const horizontal = Math.min(item.x + item.width, other.x + other.width) - Math.max(item.x, other.x);
      if (vertical > 0.5 && horizontal > 1) pairs.push(`"${item.str}" / "${other.str}"`);
    }
  }
  return pairs;
}

/** Nothing printed over other text, nothing off the page; on a tri-fold sheet, nothing across a fold. */
function expectReadable(pdf: ReadPdf, format: FormatName): void {
  for (const page of pdf.pages) {
    expect(overprinted(page), format).toEqual([]);
    for (const item of page.items.filter((candidate) => candidate.str.trim() !== '')) {
      expect(item.x, `${format} "${item.str}"`).toBeGreaterThanOrEqual(0);
      expect(item.x + item.width, `${format} "${item.str}"`).toBeLessThanOrEqual(page.width + 0.5);
      if (format === 'trifold') {
        // React-PDF would let a panel's text run on, and the sheet clip it at the fold: its text layer kept it.
        const panel = page.width / 3;
        expect(Math.floor((item.x + 0.5) / panel), `"${item.str}" crosses a fold`).toBe(Math.floor((item.x + item.width - 0.5) / panel));
      }
    }
  }
}

const text = (pdf: ReadPdf) => normalizeForSearch(pdf.pages.map((page) => page.text).join(' '));
const occurrences = (haystack: string, needle: string) => haystack.split(normalizeForSearch(needle)).length - 1;

describe('wide tables in every PDF format', async () => {
  const COLUMNS = [3, 8, 12, 20];
  const files = Object.fromEntries(COLUMNS.map((columns) => [`content/table-${columns}.md`, topic(`## Doses\n\n${markdownTable(doseTable(columns))}\n`, { levels: '[plain]' })]));
  const project = await tempProject(files);
  const result: RunResult = await build(project, { formats: PDF_FORMATS, languages: ['en'] }, { jobs: 0 });
  const outcome = (columns: number, format: FormatName) => result.editions.find((edition) => edition.spec.topic === `table-${columns}` && edition.spec.format === format)!;
  // Which tables each format can hold; the others are refused with the reason.
  const HOLDS: Record<number, FormatName[]> = { 3: PDF_FORMATS, 8: ['handout', 'large-print', 'booklet', 'booklet-print'], 12: ['handout'], 20: [] };

  for (const columns of COLUMNS) {
    for (const format of PDF_FORMATS) {
      if (HOLDS[columns]!.includes(format)) {
        it(`prints every cell of a ${columns}-column table in the ${format}, none over another`, async () => {
          expect(outcome(columns, format).error).toBeUndefined();
          const pdf = await pdfOf(project, spec(`table-${columns}`, format));
          // Row by row, cell by cell, every character in order: nothing lost, nothing overprinted into the text of another cell.
          for (const row of doseTable(columns)) expect(text(pdf), `${format}: ${row.join(' | ')}`).toContain(normalizeForSearch(row.join('')));
          expectReadable(pdf, format);
        });
      } else {
        it(`refuses a ${columns}-column table in the ${format}, naming its line, and writes nothing`, async () => {
          const edition = outcome(columns, format);
          expect(edition.error).toMatch(new RegExp(`^the table at line 11 is too wide for the ${format} format: at [\\d.]+ pt its ${columns} columns need at least \\d+ pt and have \\d+ pt\\. Give it fewer columns or split it`));
          const messages = result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'edition-failed' && String(message.reason).includes(`${format}: the table at line 11`)));
          expect(messages.map((message) => [message.file, message.fatal, message.line])).toContainEqual([`content/table-${columns}.md`, true, 11]);
          await expect(access(path.join(project.outputDir, editionPath(spec(`table-${columns}`, format))))).rejects.toThrow();
        });
      }
    }
  }

  it('names the line of a table too wide when a render worker refuses it', async () => {
    const inWorker = await build(project, { topics: ['table-20'], formats: ['handout'], languages: ['en'] }, { jobs: 1 });
    const messages = inWorker.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'edition-failed'));
    expect(messages.map((message) => [message.file, message.line, message.column])).toEqual([['content/table-20.md', 11, 1]]);
  });

  it('tells a tri-fold what to do with a table too wide for its panels', () => {
    expect(outcome(8, 'trifold').error).toMatch(/the table at line 11 is too wide for the trifold format: .*split it into tables of about \d columns, or use the handout or booklet format$/);
    expect(outcome(12, 'large-print').error).toMatch(/or build this topic in the handout format, whose type is smaller/);
  });

  it('sets a table smaller only as far as the format allows, and says so', async () => {
    // The 12 columns fit the handout below its body size, never below its 10.5 pt table floor.
    const warnings = result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'format-fit').map(String));
    const note = warnings.find((warning) => warning.includes('table-12') && warning.includes('handout: the table at line 11 is set at'));
    expect(note).toBeDefined();
    const size = Number(new RegExp(`set at ([\\d.]+) pt instead of ${handoutLayout.scale.body} pt to fit the page`).exec(note!)![1]);
    expect(size).toBeGreaterThanOrEqual(10.5);
    const pdf = await pdfOf(project, spec('table-12', 'handout'));
    const cell = pdf.pages[0]!.items.find((item) => item.str.trim() === '1000')!;
    expect(cell.fontSize).toBeCloseTo(size, 1);
    // A table that fits at the body size is set at it, with no note.
    expect(warnings.some((warning) => warning.includes('table-3'))).toBe(false);
  });
});

describe('doses in narrow columns', () => {
  it('keeps a dose on one line: its number joined to its unit, and measured as one word', async () => {
    const rows = [['Drug', 'Day1', 'Day2', 'Day3', 'Day4'], ['Carbamazepine', '1000 mg', '1100 mg', '1200 mg', '1300 mg']];
    const project = await tempProject({ 'content/doses.md': topic(`## Doses\n\n${markdownTable(rows)}\n`, { levels: '[plain]' }) });
    const { prepared } = await prepareEdition(project, spec('doses', 'booklet'));
    const table = prepared!.document.blocks.find((block) => block.type === 'table')!;
    expect(table.rows[1]!.slice(1).map((cell) => inlineText(cell.content))).toEqual(['1000\u00a0mg', '1100\u00a0mg', '1200\u00a0mg', '1300\u00a0mg']);
    const page = (await readPdf((await renderEdition(prepared!)).bytes)).pages[0]!;
    // Measured as two words, "1000 mg" got a column as wide as "1000" and broke inside the dose.
    for (const dose of ['1000', '1100', '1200', '1300']) {
      const number = page.items.find((item) => item.str.includes(dose))!;
      const line = page.items.filter((item) => Math.abs(item.y - number.y) < 1 && item.x >= number.x && item.x < number.x + 50);
      expect(line.map((item) => item.str).join(' ').replace(/\s+/gu, ' '), `${dose} mg on one line`).toContain(`${dose} mg`);
    }
    expectReadable({ pages: [page] } as ReadPdf, 'booklet');
  });
});

describe('long words in every text of every PDF format', async () => {
  const LONG_ID = 'x'.repeat(150);
  const body = [
    `## Batch ${CODE}`,
    '',
    `See ${URL} and keep the code ${CODE} with you.`,
    '',
    `- Code: ${CODE}`,
    `- Site: ${URL}`,
    '',
    `:::warning[Call about ${CODE}]`,
    `Go to ${URL} at once.`,
    ':::',
    '',
    '| Item | Value |',
    '| --- | --- |',
    `| Code | ${CODE} |`,
    `| Site | ${URL} |`,
    '',
    `![Label ${CODE}](images/label.png)`,
    '',
  ].join('\n');
  const project = await tempProject({
    'content/tokens.md': topic(body, { levels: '[plain]', summary: `Keep ${CODE} at hand.` }),
    [`content/${LONG_ID}.md`]: topic('## Care\n\nA short text.\n', { levels: '[plain]' }),
  });
  await mkdir(path.join(project.contentDir, 'images'), { recursive: true });
  await writeFile(path.join(project.contentDir, 'images/label.png'), png(40, 20));
  const result = await build(project, { formats: PDF_FORMATS, languages: ['en'] }, { jobs: 0 });

  for (const format of PDF_FORMATS) {
    it(`breaks a 150-character address and a 100-character code where they must in the ${format}, losing no character`, async () => {
      expect(result.editions.filter((edition) => edition.spec.format === format).map((edition) => edition.error)).toEqual([undefined, undefined]);
      const pdf = await pdfOf(project, spec('tokens', format));
      // Summary, heading, paragraph, list item, callout title, table cell and caption.
      expect(occurrences(text(pdf), CODE)).toBe(7);
      // Paragraph, list item, callout and table cell.
      expect(occurrences(text(pdf), URL)).toBe(4);
      expectReadable(pdf, format);
    });

    it(`prints a 150-character topic id whole in the ${format}'s identity and online address`, async () => {
      const pdf = await pdfOf(project, spec(LONG_ID, format));
      expect(occurrences(text(pdf), `handouts/${LONG_ID}/en/plain`)).toBe(1);
      // The footer of every page (the tri-fold's back panel): topic id, version, hash.
      const identities = occurrences(text(pdf), LONG_ID) - 1;
      expect(identities).toBeGreaterThanOrEqual(1);
      expectReadable(pdf, format);
    });
  }

  it('never hyphenates a web address or a code where it breaks them', async () => {
    // Hyphenation patterns made "river-side.ex-am-ple.org" of an address; the handout hyphenates its words.
    const pdf = await pdfOf(project, spec('tokens', 'handout'));
    const raw = pdf.pages.map((page) => page.items.map((item) => item.str).join('\n')).join('\n');
    for (const line of raw.split('\n').filter((candidate) => /segment|[A-Z0-9]{12}/.test(candidate))) expect(line.trim(), line).not.toMatch(/-$/);
  });
});

describe('a list item taller than a page', () => {
  it('breaks across pages, its table rows whole, its header on every page, nothing printed over anything', async () => {
    const rows = Array.from({ length: 40 }, (_, index) => [`Day ${index + 1}`, `${1000 + index * 100} mg`, 'with food and a full glass of water, then sit upright for thirty minutes before you lie down']);
    // In a block quote in a list in a list, as it first failed.
    const table = markdownTable([['Day', 'Dose', 'How'], ...rows]).split('\n').map((line) => `     > ${line}`).join('\n');
    const project = await tempProject({ 'content/doses.md': topic(`## Doses\n\n- Take your doses.\n\n  1. As below:\n\n${table}\n`, { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const pdf = await pdfOf(project, spec('doses', 'handout'));
    expect(pdf.pages.length).toBeGreaterThan(1);
    for (const row of rows) expect(text(pdf)).toContain(normalizeForSearch(row.join('')));
    expectReadable(pdf, 'handout');
    // The header row is repeated atop every page the table continues on.
    const tablePages = pdf.pages.filter((page) => page.items.some((item) => /\d{4}\smg/u.test(item.str)));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const page of tablePages) expect(page.items.map((item) => item.str.trim())).toEqual(expect.arrayContaining(['Day', 'Dose', 'How']));
  });
});

describe('list numbers', () => {
  it('gives a list numbered past 99 the room its numbers need, clear of their text', async () => {
    const project = await tempProject({ 'content/steps.md': topic('## Steps\n\n98. Ninety-eight\n99. Ninety-nine\n100. One hundred\n', { levels: '[plain]' }) });
    const result = await build(project, { formats: ['handout', 'large-print', 'trifold'], languages: ['en'] }, { jobs: 0 });
    // "100." ran into "One hundred": the layout check refused the edition.
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined, undefined, undefined]);
    for (const format of ['handout', 'large-print', 'trifold'] as const) {
      const pdf = await pdfOf(project, spec('steps', format));
      expect(text(pdf)).toContain('100.Onehundred');
      expectReadable(pdf, format);
    }
  });
});

describe('layout time', () => {
  it('lays out a 30,000-character word in seconds, breaking it across lines (hyphenating it took 40 s)', async () => {
    const project = await tempProject({ 'content/long.md': topic('## Care\n\nBefore the word.\n\nPLACEHOLDER\n', { levels: '[plain]' }) });
    const { prepared } = await prepareEdition(project, spec('long', 'handout'));
    // Put in after reading, past any limit the reader sets on words: the renderer must be linear by itself.
    const word = 'abcdefghijklmnopqrstuvwxyz'.repeat(1154).slice(0, 30_000);
    const paragraph = prepared!.document.blocks.find((block) => block.type === 'paragraph' && block.text.source === 'PLACEHOLDER') as { text: Segment };
    paragraph.text = { ...paragraph.text, source: word, content: [{ type: 'text', value: word }] };
    const started = performance.now();
    const { bytes } = await renderEdition(prepared!);
    expect(performance.now() - started).toBeLessThan(15_000);
    const pdf = await readPdf(bytes);
    // It runs over pages: read at the body size, without the footers between them.
    const body = pdf.pages.flatMap((page) => page.items.filter((item) => Math.abs(item.fontSize - handoutLayout.scale.body) < 0.1).map((item) => item.str));
    expect(occurrences(normalizeForSearch(body.join('')), word)).toBe(1);
    expectReadable(pdf, 'handout');
  }, 60_000);
});

describe('right-to-left tables', () => {
  it('lays the columns out mirrored, each as wide as its content needs', async () => {
    const body = `## Doses\n\n| Drug | Dose | Note |\n| --- | --- | --- |\n| Hydroxychloroquine | 200 mg | Take it with food, in the morning and in the evening, every day |\n`;
    const project = await tempProject({ 'content/doses.md': topic(body, { levels: '[plain]' }) });
    await syncProject(project, { topics: ['doses'], languages: ['ar'] });
    const values = {
      title: 'الجرعات',
      summary: 'جدول الجرعات.',
      'doses.h1': 'الجرعات',
      'doses.t1.r1c1': 'الدواء',
      'doses.t1.r1c2': 'الجرعة',
      'doses.t1.r1c3': 'ملاحظة',
      'doses.t1.r2c1': 'Hydroxychloroquine',
      'doses.t1.r2c2': '200 mg',
      'doses.t1.r2c3': 'تناوله مع الطعام، في الصباح وفي المساء، كل يوم',
    };
    await writeFile(catalogPaths(project, 'ar', 'doses').jsonPath, JSON.stringify(values));
    const result = await build(project, { languages: ['ar'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const pdf = await pdfOf(project, spec('doses', 'handout', 'ar'));
    const page = pdf.pages[0]!;
    const itemWith = (value: string) => page.items.find((item) => normalizeForSearch(item.str).includes(normalizeForSearch(value)))!;
    const drug = itemWith('Hydroxychloroquine');
    const dose = itemWith('200 mg');
    // Right to left: the first column at the right, the second to its left; the drug name on one line.
    expect(drug.x).toBeGreaterThan(dose.x + dose.width);
    expect(dose.x).toBeGreaterThan(56);
    // The long note takes the room the dose does not need: the dose column is narrow.
    expect(drug.x - (dose.x + dose.width)).toBeLessThan(40);
    expectReadable(pdf, 'handout');
  });
});

describe('the layout check', () => {
  const segment = (key: string, value: string, line: number): Segment => ({ key, source: value, content: [{ type: 'text', value }], position: { line, column: 1 } });
  const document: Document = {
    meta: { id: 't', title: segment('title', 'Title', 2), summary: segment('summary', 'Summary', 3), sourceLanguage: 'en', languages: ['en'], levels: ['plain'], reviewed: '2026-11-01', version: '1', path: '/t.md', sourceHash: '' },
    level: 'plain',
    language: 'en',
    blocks: [
      { type: 'paragraph', text: segment('a.p1', 'First dose 1000 mg', 9) },
      { type: 'paragraph', text: segment('a.p2', 'Second dose 1100 mg', 11) },
    ],
  };
  /** A text node of one line, as textkit sets it. */
  const textNode = (value: string, left: number, top: number, width = 200): LaidOutNode => ({
    type: 'TEXT',
    box: { left, top, width, height: 15 },
    lines: [{ string: value, runs: [{ start: 0, end: value.length, attributes: { fontSize: 12 } }], box: { x: 0, y: 0, width, height: 15 }, ascent: 12, xAdvance: value.length * 6 }],
  });
  const page = (...children: LaidOutNode[]): LaidOutNode => ({ type: 'PAGE', box: { left: 0, top: 0, width: 400, height: 600 }, children });
  const laidOut = (second: LaidOutNode) => [page(textNode('Title', 20, 20), textNode('Summary', 20, 40), { type: 'VIEW', box: { left: 20, top: 60, width: 300, height: 40 }, children: [textNode('First dose 1000 mg', 0, 0), second] })];

  it('passes a layout that holds every word, each clear of the others', () => {
    expect(checkLayout(laidOut(textNode('Second dose 1100 mg', 0, 20)), editionSegments(document), 'handout')).toEqual([]);
  });

  it('refuses a layout that lost a word, naming the text and its line', () => {
    expect(() => checkLayout(laidOut(textNode('Second dose mg', 0, 20)), editionSegments(document), 'handout')).toThrow(new FitError('text would be lost in the handout layout: "Second dose 1100 mg" (line 11). Shorten or split that text, or use another format', 11));
  });

  it('refuses a layout that prints a text over another, naming both and their lines', () => {
    // Textkit's boxes hold each text, but the second is set on the first one's baseline.
    const check = () => checkLayout(laidOut(textNode('Second dose 1100 mg', 40, 4)), editionSegments(document), 'handout');
    expect(check).toThrow(/^text would be printed over other text in the handout layout, on page 1: "First dose 1000 mg" \(line 9\) and "Second dose 1100 mg" \(line 11\)/);
    expect(check).toThrow(expect.objectContaining({ line: 9 }));
  });

  it('refuses a layout that runs a text off its page', () => {
    expect(() => checkLayout(laidOut(textNode('Second dose 1100 mg', 300, 20)), editionSegments(document), 'trifold')).toThrow(/^text would run off page 1 of the trifold layout: "Second dose 1100 mg" \(line 11\)/);
  });

  it('refuses an edition whose table row is taller than a page, instead of cutting it at the page foot', async () => {
    const project = await tempProject({ 'content/tall.md': topic(`## Codes\n\n| Code | Dose |\n| --- | --- |\n| ${'ABCDEFGHJK '.repeat(600)} | 5 mg |\n`, { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([expect.stringMatching(/^text would run off page \d+ of the handout layout: "[A-Z ]+…" \(line 13\)/)]);
    await expect(access(path.join(project.outputDir, editionPath(spec('tall', 'handout'))))).rejects.toThrow();
  }, 60_000);
});

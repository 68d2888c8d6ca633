import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.ts';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { syncProject } from '../src/i18n/project.ts';
import { cjkLineBreaker } from '../src/typesetting/line-breaks.ts';
import type { Project } from '../src/index.ts';
import { normalizeForSearch, readPdf, type PdfPage } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';
import { handoutLayout } from '../src/formats/handout.ts';

const { scale } = handoutLayout;
/** The handout's side margins, where its text column ends. */
const SIDE = scale.margin.side;

const LONG = 'Blood vessels can press on the facial nerve, and the nerve then sends the wrong signals to the face. '.repeat(4).trim();
const BODY = `## Care\n\n${LONG}\n\nSee [NINDS](https://www.ninds.nih.gov/) or call 911.\n\n- First item\n- Second item\n`;

/** A temporary project with the care topic translated into `language`. */
async function translated(language: string, values: Record<string, string>): Promise<Project> {
  const project = await tempProject({ 'content/care.md': topic(BODY, { levels: '[plain]' }) });
  await syncProject(project, { topics: ['care'], languages: [language] });
  await writeFile(catalogPaths(project, language, 'care').jsonPath, JSON.stringify(values));
  return project;
}

async function render(project: Project, language: string) {
  const result = await build(project, { languages: [language] }, { jobs: 0 });
  expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
  return readPdf(await readFile(path.join(project.outputDir, `care/care.plain.${language}.handout.pdf`)));
}

/** Body lines (above the footer) as [y, items] groups, top to bottom. */
function lines(page: PdfPage) {
  const byY = new Map<number, typeof page.items>();
  for (const item of page.items.filter((candidate) => candidate.y > 70 && candidate.str.trim())) {
    const y = Math.round(item.y);
    byY.set(y, [...(byY.get(y) ?? []), item]);
  }
  return [...byY.entries()].sort(([a], [b]) => b - a);
}


const chinese = {
  title: '测试主题',
  summary: '用于测试的主题。',
  'care.h1': '护理',
  'care.p1': '血管可能压迫面神经，然后神经会向面部发出错误的信号。血管可能压迫面神经，然后神经会向面部发出错误的信号。血管可能压迫面神经，然后神经会向面部发出错误的信号。血管可能压迫面神经，然后神经会向面部发出错误的信号。',
  'care.p2': '请参阅<1>NINDS</1>或拨打911。',
  'care.li1': '第一项',
  'care.li2': '第二项',
};

const arabic = {
  title: 'موضوع تجريبي',
  summary: 'موضوع للاختبارات.',
  'care.h1': 'الرعاية',
  'care.p1': 'قد تضغط الأوعية الدموية على العصب الوجهي، فيرسل العصب إشارات خاطئة إلى الوجه. '.repeat(4).trim(),
  'care.p2': 'راجع <1>NINDS</1> أو اتصل بالرقم 911.',
  'care.li1': 'البند الأول',
  'care.li2': 'البند الثاني',
};

describe('scripts', () => {
  it('wraps Chinese inside the page, never starting a line with closing punctuation, with CJK fonts embedded', async () => {
    const pdf = await render(await translated('zh-Hans', chinese), 'zh-Hans');
    const page = pdf.pages[0]!;
    const paragraph = lines(page).filter(([, items]) => items.some((item) => /血管|神经|信号/.test(item.str)));
    expect(paragraph.length).toBeGreaterThanOrEqual(3);
    for (const [, items] of lines(page)) {
      for (const item of items) expect(item.x + item.width).toBeLessThanOrEqual(page.width - SIDE + 1);
      const first = items.sort((a, b) => a.x - b.x)[0]!.str.trim()[0]!;
      expect('，。、：；？！）」』》'.includes(first), `line starts with ${first}`).toBe(false);
    }
    // No hyphen is drawn at the breaks.
    expect(page.text).not.toMatch(/[\u4e00-\u9fff]-/);
    expect(pdf.embeddedFonts.map((font) => font.baseFont.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['NotoSansSC-Regular']));
    expect(pdf.embeddedFonts.every((font) => font.embedded && /NotoSans/.test(font.baseFont))).toBe(true);
    expect(page.text).not.toContain('\ufffd');
    expect(page.text.replace(/\s/g, '')).toContain('血管可能压迫面神经');
  });

  it('sets Arabic right to left: right-aligned lines, Arabic font, Arabic and Latin text read back intact', async () => {
    const pdf = await render(await translated('ar', arabic), 'ar');
    const page = pdf.pages[0]!;
    const rightMargin = page.width - SIDE;
    // Every line of the paragraph ends at the right margin and stays inside the left one.
    const paragraph = lines(page).filter(([, items]) => items.some((item) => item.str.includes('الأوعية') || item.str.includes('العصب')));
    expect(paragraph.length).toBeGreaterThanOrEqual(3);
    for (const [, items] of paragraph) {
      expect(Math.abs(Math.max(...items.map((item) => item.x + item.width)) - rightMargin), 'line ends at the right margin').toBeLessThan(2);
      expect(Math.min(...items.map((item) => item.x))).toBeGreaterThanOrEqual(SIDE - 1);
    }
    // Letters read back as written: with ccmp off, no letter is built from shared shapes and dots
    // (stray characters from glyphs without any are tested on the sample below).
    const text = normalizeForSearch(page.text);
    for (const value of [arabic.title, arabic.summary, arabic['care.h1'], 'قد تضغط الأوعية الدموية على العصب الوجهي، فيرسل العصب إشارات خاطئة إلى الوجه.']) {
      expect(text).toContain(normalizeForSearch(value));
    }
    expect(page.text).not.toMatch(/[!;\u0000-\u001f]/);
    // Title, summary and heading are single lines: they end at the right margin and start far from the left one.
    const single = lines(page).filter(([, items]) => items.some((item) => /[\u0600-\u06ff]/.test(item.str) && [scale.title, scale.headings[1], scale.summary].some((size) => Math.abs(item.fontSize - size) < 0.1)));
    expect(single).toHaveLength(3);
    for (const [, items] of single) {
      const right = Math.max(...items.map((item) => item.x + item.width));
      expect(Math.abs(right - rightMargin), 'line ends at the right margin').toBeLessThan(2);
      expect(Math.min(...items.map((item) => item.x))).toBeGreaterThan(page.width / 2);
    }
    expect(pdf.embeddedFonts.map((font) => font.baseFont.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['NotoSansArabic-Regular']));
    expect(page.text).toContain('NINDS');
    expect(page.text).toContain('https://www.ninds.nih.gov/');
    expect(page.text).toContain('911');
  });

  it('spaces the lines of an Arabic title by the language’s least line height (1.3), not Latin’s 1.2, so dots above and below do not touch', async () => {
    const longTitle = 'تشنج نصف الوجه الذي يعود بعد الجراحة وما يمكن أن يساعد المرضى في العودة إلى حياتهم';
    const pdf = await render(await translated('ar', { ...arabic, title: longTitle }), 'ar');
    const titleLines = lines(pdf.pages[0]!).filter(([, items]) => items.some((item) => Math.round(item.fontSize) === 24));
    expect(titleLines.length).toBeGreaterThanOrEqual(2);
    const [first, second] = titleLines.map(([y]) => y);
    expect(first! - second!).toBeGreaterThanOrEqual(24 * 1.3 - 0.5);
  });

  it('lays out a paragraph or table cell with no Arabic letters left to right in an Arabic edition, right-aligned', async () => {
    const body = '## Contact\n\nWe are here to help you.\n\nCall (555) 010-0199 (Riverside Clinic)\n\n| Medicine | Dose |\n| --- | --- |\n| Botox | 50 (U) |\n';
    const project = await tempProject({ 'content/care.md': topic(body, { levels: '[plain]' }) });
    await syncProject(project, { topics: ['care'], languages: ['ar'] });
    const values = {
      title: 'موضوع تجريبي',
      summary: 'موضوع للاختبارات.',
      'contact.h1': 'اتصل بنا',
      'contact.p1': 'نحن هنا لمساعدتك.',
      'contact.p2': '(555) 010-0199 (Riverside Clinic)',
      'contact.t1.r1c1': 'الدواء',
      'contact.t1.r1c2': 'الجرعة',
      'contact.t1.r2c1': 'Botox',
      'contact.t1.r2c2': '50 (U)',
    };
    await writeFile(catalogPaths(project, 'ar', 'care').jsonPath, JSON.stringify(values));
    const page = (await render(project, 'ar')).pages[0]!;
    // Set right to left, these came out as "(Riverside Clinic) 010-0199 (555)" and "(U) 50".
    expect(page.text).toContain('(555) 010-0199 (Riverside Clinic)');
    expect(page.text).toContain('50 (U)');
    // The paragraph's line, not page 1's header, which has the clinic's phone too.
    const [, contactLine] = lines(page).find(([, items]) => items.some((item) => item.str.includes('Riverside Clinic')))!;
    expect(Math.abs(Math.max(...contactLine.map((item) => item.x + item.width)) - (page.width - SIDE)), 'ends at the right margin').toBeLessThan(2);
  });

  it('reads the Arabic draft of the sample back letter for letter, with no stray characters', async () => {
    const project = await tempProject({}, { withSamples: true });
    const result = await build(project, { languages: ['ar'], levels: ['plain'], formats: ['handout'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const pdf = await readPdf(await readFile(path.join(project.outputDir, 'recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.ar.handout.pdf')));
    const text = pdf.pages.map((page) => page.text).join(' ');
    const catalog = JSON.parse(await readFile(path.join(project.localesDir, 'ar', 'recurrent-hemifacial-spasm.json'), 'utf8')) as Record<string, string>;
    // Texts of Arabic words only (Latin names and brackets come out in drawing order, see README); several end in a
    // kaf, which Noto Sans Arabic draws as a body and a stroke glyph without characters (src/render/text-layer.ts).
    for (const key of ['title', 'what-is-hemifacial-spasm.plain.p1', 'what-is-hemifacial-spasm.plain.p2', 'getting-help.li1', 'getting-help.li4', 'getting-help.li11']) {
      expect(normalizeForSearch(text), key).toContain(normalizeForSearch(catalog[key]!));
    }
    // Words with their vowel marks (shadda and fatha: الشَّرَق, choking, not الشرق, the east), each read back whole.
    for (const word of catalog['getting-help.li5']!.split(/[\s()]+/).filter(Boolean)) expect(normalizeForSearch(text), word).toContain(normalizeForSearch(word));
    expect(text).not.toMatch(/[!;\u0000-\u001f\ufffd]/);
  });

  it('reads back letters with a dot below (Vietnamese ị ọ ụ ẹ) in an edition in another language, as in a Vietnamese one', async () => {
    const words = 'Nguyễn Thị Lịch hẹn khám bệnh viện Chợ Rẫy, phụ trách Đặng Thị Ngọc';
    const project = await tempProject({ 'content/care.md': topic(`## Care\n\nCall ${words} before the visit.\n`, { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const pdf = await readPdf(await readFile(path.join(project.outputDir, 'care/care.plain.en.handout.pdf')));
    // With ccmp on, each such letter came back as its base letter and a stray character.
    expect(normalizeForSearch(pdf.pages[0]!.text)).toContain(normalizeForSearch(words));
  });

  it('breaks Chinese between words and keeps punctuation with the word before it', () => {
    const parts = cjkLineBreaker('zh-Hans')('您无法控制它，使用Botox注射（通常）。');
    expect(parts.filter((part) => part !== '')).toEqual(['您', '无法', '控制', '它，', '使用', 'Botox', '注射', '（通常）。']);
    // A break without a hyphen between any two words, and at both edges, where another run (a Latin word, another font) may meet it.
    expect(parts.filter((_, index) => index % 2 === 0).every((part) => part === '')).toBe(true);
    expect(cjkLineBreaker('zh-Hans')('Botox')).toEqual(['Botox']);
    // Not before closing punctuation nor after opening punctuation: there React-PDF keeps the runs together (or adds a hyphenation point).
    expect(cjkLineBreaker('zh-Hans')('）检查')).toEqual(['）', '', '检查', '']);
    expect(cjkLineBreaker('zh-Hans')('共振（')).toEqual(['', '共振', '', '（']);
  });
});

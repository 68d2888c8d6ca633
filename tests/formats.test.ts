import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, editionPath, previewPath } from '../src/index.ts';
import type { EditionSpec } from '../src/model/edition.ts';
import { ConfigError, openProject, type Project } from '../src/index.ts';
import type { FormatName } from '../src/model/edition.ts';
import { bookletOrder } from '../src/formats/sheets/booklet-imposition.ts';
import { decodeQr, normalizeForSearch, readPdf, textContrasts, type PdfPage } from './helpers/pdf.ts';
import { png } from './helpers/png.ts';
import { tempProject, topic } from './helpers/project.ts';

const SAMPLE = 'recurrent-hemifacial-spasm';
const ONLINE = 'https://riverside-neuro.example.org/handouts/recurrent-hemifacial-spasm/en/plain';

const spec = (format: FormatName, language = 'en', level = 'plain', paper: 'letter' | 'a4' = 'letter'): EditionSpec => ({ topic: SAMPLE, language, level, format, paper, clinic: null });

async function pdfOf(project: Project, edition: EditionSpec) {
  return readPdf(await readFile(path.join(project.outputDir, editionPath(edition))));
}

/** "Page 3 of 5" footers on a page side, by which half of the sheet they are on. */
function footerPages(page: PdfPage): { left: number[]; right: number[] } {
  const halves = { left: [] as number[], right: [] as number[] };
  for (const item of page.items) {
    const match = /^Page (\d+) of \d+$/.exec(item.str.trim());
    if (match) halves[item.x < page.width / 2 ? 'left' : 'right'].push(Number(match[1]));
  }
  return halves;
}

/** Side margins of the one-column formats, in points. */
const SIDE_MARGINS: Partial<Record<FormatName, number>> = { handout: 56, 'large-print': 54, booklet: 34 };

function expectInsideMargins(pdf: Awaited<ReturnType<typeof readPdf>>, format: FormatName): void {
  const margin = SIDE_MARGINS[format]!;
  for (const page of pdf.pages) {
    for (const item of page.items.filter((candidate) => candidate.str.trim())) {
      // React-PDF leaves letter spacing out of its measure: the booklet's letter-spaced header ran
      // 5.5 pt into the margin. Its line breaker lets some lines run up to 2.7 pt over (measured on the samples), harmless in margins of 34 pt and more.
      expect(item.x, `${format} "${item.str}"`).toBeGreaterThanOrEqual(margin - 1);
      expect(item.x + item.width, `${format} "${item.str}"`).toBeLessThanOrEqual(page.width - margin + 3);
      expect(item.y, `${format} "${item.str}" on the page`).toBeGreaterThan(0);
    }
  }
}

describe('print formats of the sample topic', async () => {
  const project = await tempProject({}, { withSamples: true, configuredFormats: true });
  const formats: FormatName[] = ['handout', 'large-print', 'booklet', 'booklet-print', 'trifold'];
  const result = await build(project, { languages: ['en', 'es'], levels: ['plain'], formats }, { previews: true });

  it('builds every format', () => {
    expect(result.editions.filter((edition) => edition.error)).toEqual([]);
    expect(result.editions).toHaveLength(formats.length * 2);
  });

  it('gives each format its page size and orientation', async () => {
    const sizes: Record<FormatName, [number, number]> = { handout: [612, 792], 'large-print': [612, 792], booklet: [396, 612], 'booklet-print': [792, 612], trifold: [792, 612] };
    for (const format of formats) {
      const pdf = await pdfOf(project, spec(format));
      for (const page of pdf.pages) expect([Math.round(page.width), Math.round(page.height)], format).toEqual(sizes[format]);
      expect(pdf.lang).toBe('en');
      expect(pdf.info.Title).toBe('Hemifacial spasm that comes back after surgery');
    }
    expect((await pdfOf(project, spec('trifold'))).pages).toHaveLength(2);
  });

  it("records each edition's page count, the format's own, as a PDF reader counts the pages", async () => {
    for (const edition of result.editions) {
      expect(edition.entry?.pages, editionPath(edition.spec)).toBe((await pdfOf(project, edition.spec)).pages.length);
    }
  });

  it('keeps every text of the one-column formats inside the side margins', async () => {
    for (const format of Object.keys(SIDE_MARGINS) as FormatName[]) {
      for (const language of ['en', 'es']) expectInsideMargins(await pdfOf(project, { ...spec(format), language }), format);
    }
  });

  it('imposes the booklet for saddle stitching: a multiple of four pages, the back cover outside on sheet 1 with page 1, blank pages before it', async () => {
    expect(bookletOrder(8)).toEqual([
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
    const reader = await pdfOf(project, spec('booklet'));
    const printer = await pdfOf(project, spec('booklet-print'));
    const padded = Math.ceil(reader.pages.length / 4) * 4;
    const textPages = reader.pages.length - 1;
    expect(reader.pages.length).toBeGreaterThan(4);
    expect(printer.pages).toHaveLength(padded / 2);
    // The last page is the back cover, not numbered: the blanks that reach a multiple of four go before it.
    const expected = bookletOrder(padded).map(([left, right]) => ({ left: left <= textPages ? [left] : [], right: right <= textPages ? [right] : [] }));
    expect(printer.pages.map(footerPages)).toEqual(expected);
    const half = (page: PdfPage, side: 'left' | 'right') => normalizeForSearch(page.items.filter((item) => (item.x < page.width / 2) === (side === 'left')).map((item) => item.str).join(''));
    bookletOrder(padded).forEach(([left, right], index) => {
      const sheet = printer.pages[index]!;
      for (const [position, side] of [[left, 'left'], [right, 'right']] as const) {
        const text = half(sheet, side);
        if (position === padded) for (const part of ['Contact us', '(555) 010-0199', '200 River Road', 'Scan to read this handout online']) expect(text, `back cover: ${part}`).toContain(normalizeForSearch(part));
        else if (position > textPages) expect(text, `page ${position} is blank`).toBe('');
      }
    });
    // The reader's edition is in order, for email, and ends with the back cover.
    expect(reader.pages.map((page) => Object.values(footerPages(page)).flat())).toEqual(reader.pages.map((_, index) => (index < textPages ? [index + 1] : [])));
    expect(normalizeForSearch(reader.pages.at(-1)!.text)).toContain(normalizeForSearch('Contact us'));
  });

  it('lays the tri-fold out in panels: cover on the front panel, contact and QR on the back, content inside in order, nothing across a fold', async () => {
    const pdf = await pdfOf(project, spec('trifold'));
    const [outside, inside] = pdf.pages as [PdfPage, PdfPage];
    const panelWidth = 264;
    const panelOf = (x: number) => Math.floor(x / panelWidth);
    for (const page of [outside, inside]) {
      for (const item of page.items.filter((candidate) => candidate.str.trim())) {
        const panel = panelOf(item.x + 0.5);
        expect(item.x + item.width, `"${item.str}" crosses the fold`).toBeLessThanOrEqual((panel + 1) * panelWidth);
        expect(item.x).toBeGreaterThanOrEqual(panel * panelWidth + 10);
      }
    }
    const textOfPanel = (page: PdfPage, panel: number) => normalizeForSearch(page.items.filter((item) => panelOf(item.x + 0.5) === panel).map((item) => item.str).join(''));
    // Outside: inside flap, back panel, front cover (left to right).
    expect(textOfPanel(outside, 2)).toContain(normalizeForSearch('Hemifacial spasm that comes back after surgery'));
    expect(textOfPanel(outside, 2)).toContain(normalizeForSearch('Why face spasms can return after an operation'));
    expect(textOfPanel(outside, 1)).toContain(normalizeForSearch('(555) 010-0199'));
    expect(textOfPanel(outside, 1)).toContain(normalizeForSearch('recurrent-hemifacial-spasm'));
    // Inside: the content from its first heading, in order; the rest continues on the inside flap.
    const headings = ['What is hemifacial spasm?', 'The first operation', 'Why can the spasms come back?', 'A second operation', 'If surgery is not right for you', 'What to expect', 'Getting help'];
    const flow = [0, 1, 2].map((panel) => textOfPanel(inside, panel)).join('') + textOfPanel(outside, 0);
    let from = 0;
    for (const heading of headings) {
      const index = flow.indexOf(normalizeForSearch(heading), from);
      expect(index, heading).toBeGreaterThanOrEqual(from);
      from = index;
    }
    expect(textOfPanel(inside, 0).startsWith(normalizeForSearch('What is hemifacial spasm?'))).toBe(true);
  });

  it('sets large print at 18 pt and up, headings at 22 pt and up, in Atkinson Hyperlegible without italics or hyphenation, at most 70 characters a line', async () => {
    const pdf = await pdfOf(project, spec('large-print'));
    expect(pdf.embeddedFonts.map((font) => font.baseFont).join(' ')).toMatch(/AtkinsonHyperlegible/);
    expect(pdf.embeddedFonts.filter((font) => /Italic/i.test(font.baseFont))).toEqual([]);
    for (const page of pdf.pages) {
      // The footer (page number and edition identity) sits in the bottom margin.
      const body = page.items.filter((item) => item.y > 92 && item.str.trim());
      expect(body.length).toBeGreaterThan(0);
      for (const item of body) expect(item.fontSize, item.str).toBeGreaterThanOrEqual(18);
      const lines = new Map<number, string>();
      for (const item of body) lines.set(Math.round(item.y), `${lines.get(Math.round(item.y)) ?? ''}${item.str}`);
      for (const line of lines.values()) {
        expect(line.length, line).toBeLessThanOrEqual(70);
        // No hyphenation: broken words are harder to read with low vision.
        expect(line.trimEnd(), line).not.toMatch(/\p{L}-$/u);
      }
    }
    const headingSizes = pdf.pages[0]!.items.filter((item) => item.str.includes('What is hemifacial spasm?')).map((item) => item.fontSize);
    expect(headingSizes[0]).toBeGreaterThanOrEqual(22);
  });

  it('draws a QR code that decodes to the online edition, on the handout and on the tri-fold back panel', async () => {
    const handout = await readFile(path.join(project.outputDir, editionPath(spec('handout'))));
    const handoutPages = (await readPdf(handout)).pages.length;
    expect(await decodeQr(handout, handoutPages)).toBe(ONLINE);
    const trifold = await readFile(path.join(project.outputDir, editionPath(spec('trifold', 'es'))));
    expect(await decodeQr(trifold, 1)).toBe(ONLINE.replace('/en/', '/es/'));
  });

  it('writes a PNG preview of each edition', async () => {
    for (const format of formats) {
      const png = await readFile(path.join(project.outputDir, previewPath(spec(format))));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // Width and height from the IHDR chunk: landscape formats give landscape previews.
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(width > height, format).toBe(format === 'trifold' || format === 'booklet-print');
    }
  });

  it('gives identical bytes when the imposed formats are built again', async () => {
    const again = await tempProject({}, { withSamples: true });
    await build(again, { languages: ['en'], levels: ['plain'], formats: ['booklet-print', 'trifold'] }, { jobs: 0 });
    for (const format of ['booklet-print', 'trifold'] as const) {
      const [first, second] = await Promise.all([project, again].map((root) => readFile(path.join(root.outputDir, editionPath(spec(format))))));
      expect(second!.equals(first!), format).toBe(true);
    }
  });

  it('uses A4 sheets and A5 booklet pages when asked', async () => {
    const a4 = await tempProject({}, { withSamples: true });
    await build(a4, { languages: ['en'], levels: ['plain'], formats: ['booklet', 'booklet-print', 'trifold'], paper: 'a4' }, { jobs: 0 });
    const size = async (format: FormatName) => {
      const page = (await pdfOf(a4, spec(format, 'en', 'plain', 'a4'))).pages[0]!;
      return [Math.round(page.width), Math.round(page.height)];
    };
    expect(await size('booklet')).toEqual([420, 595]);
    expect(await size('booklet-print')).toEqual([842, 595]);
    expect(await size('trifold')).toEqual([842, 595]);
  });
});

describe('right-to-left print formats', () => {
  it('opens an Arabic tri-fold the other way, with the phone number and address in their order', async () => {
    const project = await tempProject({}, { withSamples: true });
    const result = await build(project, { languages: ['ar'], levels: ['plain'], formats: ['trifold'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const [outside, inside] = (await pdfOf(project, spec('trifold', 'ar'))).pages as [PdfPage, PdfPage];
    const textOfPanel = (page: PdfPage, panel: number) => page.items.filter((item) => Math.floor((item.x + 0.5) / 264) === panel).map((item) => item.str).join(' ');
    const catalog = JSON.parse(await readFile(path.join(project.localesDir, 'ar', `${SAMPLE}.json`), 'utf8')) as Record<string, string>;
    // Outside, left to right: front cover, back panel, inside flap; inside, the first content panel is on the right.
    expect(normalizeForSearch(textOfPanel(outside, 0))).toContain(normalizeForSearch(catalog.title!));
    expect(textOfPanel(outside, 1)).toContain('(555) 010-0199');
    expect(textOfPanel(outside, 1)).toContain('200 River Road, Springfield');
    expect(normalizeForSearch(textOfPanel(inside, 2))).toContain(normalizeForSearch(catalog['what-is-hemifacial-spasm.h1']!));
  });
});

describe('drafts in every format', () => {
  const formats: FormatName[] = ['handout', 'large-print', 'booklet', 'booklet-print', 'trifold'];
  /** The Spanish plain editions of the sample, built as drafts: one English source sentence changed since its translation. */
  let drafts: Promise<{ project: Project; result: Awaited<ReturnType<typeof build>> }> | undefined;
  const drafted = () =>
    (drafts ??= (async () => {
      const project = await tempProject({}, { withSamples: true });
      const source = path.join(project.contentDir, `${SAMPLE}.md`);
      await writeFile(source, (await readFile(source, 'utf8')).replace('It often starts near the eye.', 'It often starts near one eye.'));
      return { project, result: await build(project, { languages: ['es'], levels: ['plain'], formats, draft: true }, { jobs: 0 }) };
    })());

  it('marks every page, and every tri-fold panel, of a draft as a draft', async () => {
    const { project, result } = await drafted();
    // The final edition fits at 11 pt; the draft's banner takes room, and a draft may take one more step rather than none.
    expect(result.editions.find((edition) => edition.spec.format === 'trifold')?.entry?.notes).toContain('body text set at 10.5 pt instead of 12 pt to fit the tri-fold panels');
    expect(result.editions.map((edition) => [edition.spec.format, edition.entry?.translation.status])).toEqual(formats.map((format) => [format, 'draft']));
    const mark = normalizeForSearch('BORRADOR');
    const marks = (page: PdfPage) => normalizeForSearch(page.text).split(mark).length - 1;
    // Also in English, which the staff handing it out read.
    const inEnglish = (text: string) => text.includes('DRAFT – NOT FOR PATIENTS');
    for (const format of ['handout', 'large-print', 'booklet'] as const) {
      for (const page of (await pdfOf(project, spec(format, 'es'))).pages) {
        expect(marks(page), format).toBeGreaterThanOrEqual(1);
        expect(inEnglish(page.text), format).toBe(true);
      }
    }
    // Every panel of the tri-fold's two sides, the cover included.
    const panels = (await pdfOf(project, spec('trifold', 'es'))).pages.flatMap((page) => [0, 1, 2].map((panel) => page.items.filter((item) => Math.floor((item.x + 0.5) / 264) === panel).map((item) => item.str).join(' ')));
    expect(panels).toHaveLength(6);
    for (const panel of panels) {
      expect(normalizeForSearch(panel)).toContain(mark);
      expect(inEnglish(panel)).toBe(true);
    }
    const readerPages = (await pdfOf(project, spec('booklet', 'es'))).pages.length;
    const sheets = (await pdfOf(project, spec('booklet-print', 'es'))).pages;
    expect(sheets.reduce((total, page) => total + marks(page), 0)).toBeGreaterThanOrEqual(readerPages);
    // Outside: flap, back panel and cover; inside: three content panels. Each has a banner and a watermark.
    for (const side of (await pdfOf(project, spec('trifold', 'es'))).pages) expect(marks(side)).toBe(6);
  });

  it('prints the draft banner at 4.5:1 contrast or more wherever it sits, within the tri-fold\'s printable area and above its text', async () => {
    const { project } = await drafted();
    // The banner, in Spanish and English, may wrap; the watermark is in Spanish only.
    const isBanner = (item: { str: string }) => /DRAFT|PATIENTS/.test(item.str);
    for (const format of formats) {
      const pages = await textContrasts(await readFile(path.join(project.outputDir, editionPath(spec(format, 'es')))), isBanner);
      for (const [index, contrasts] of pages.entries()) {
        expect(contrasts.length, `${format} page ${index + 1}`).toBeGreaterThan(0);
        for (const { contrast, text, background } of contrasts) expect(contrast, `${format} page ${index + 1}: ${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    const printable = 18;
    for (const side of (await pdfOf(project, spec('trifold', 'es'))).pages) {
      const banners = side.items.filter(isBanner);
      expect(banners).toHaveLength(3);
      for (const banner of banners) {
        expect(banner.y + banner.fontSize, 'banner within the printable area').toBeLessThanOrEqual(side.height - printable);
        const below = side.items.filter((item) => !isBanner(item) && item.x < banner.x + banner.width && item.x + item.width > banner.x && item.fontSize < 15);
        for (const item of below) expect(item.y + item.fontSize * 0.8, `"${item.str}" under the banner`).toBeLessThan(banner.y - banner.fontSize * 0.25);
      }
    }
  });
});

describe('tri-fold fit check', () => {
  const PARAGRAPH = 'Rest your face and take your medicine each day as your care team asked you to do it.';
  /** A topic of `count` short paragraphs with a heading every sixth: 30 fit, 72 are just over, 140 far over. */
  const body = (count: number) => Array.from({ length: count }, (_, index) => (index % 6 === 0 ? `## Part ${index}\n\n${PARAGRAPH}\n` : `${PARAGRAPH}\n`)).join('\n');
  const trifold = async (count: number) => {
    const project = await tempProject({ 'content/care.md': topic(body(count), { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['trifold'] }, { jobs: 0 });
    return { project, edition: result.editions[0]!, messages: result.files.flatMap((file) => file.messages.map((message) => `${file.path}: ${message.reason} ${message.ruleId}`)) };
  };

  it('builds a topic that fits at 12 pt, with no note', async () => {
    const { edition } = await trifold(30);
    expect(edition.error).toBeUndefined();
    expect(edition.entry?.notes).toEqual([]);
  });

  it('steps the body down, never below 11 pt, and says so', async () => {
    const { edition, messages } = await trifold(58);
    expect(edition.error).toBeUndefined();
    expect(edition.entry?.notes).toEqual(['body text set at 11 pt instead of 12 pt to fit the tri-fold panels']);
    expect(messages.some((message) => message.includes('format-fit'))).toBe(true);
  });

  it('then tightens the space between blocks and the leading, still at 11 pt, and says so', async () => {
    const { edition } = await trifold(66);
    expect(edition.error).toBeUndefined();
    expect(edition.entry?.notes).toEqual([
      'body text set at 11 pt instead of 12 pt to fit the tri-fold panels',
      'less space between paragraphs, to fit the tri-fold panels',
      'lines set 1.2 apart instead of 1.3, to fit the tri-fold panels',
    ]);
  });

  it('refuses a topic just over, saying by how much and what to do, and writes no file', async () => {
    const { project, edition, messages } = await trifold(72);
    expect(edition.error).toMatch(/does not fit the tri-fold: at 11 pt its content needs 4\.\d panels and a tri-fold has 4, 0\.\d panels \(\d+%\) too much\. Shorten this level's text, or use the handout or booklet format/);
    expect(messages.some((message) => message.startsWith('content/care.md') && message.includes('does not fit the tri-fold'))).toBe(true);
    await expect(access(path.join(project.outputDir, 'care/care.plain.en.trifold.pdf'))).rejects.toThrow();
  });

  it('refuses a detailed level far over, suggesting the plain level', async () => {
    const project = await tempProject({ 'content/care.md': topic(`:::plain\n${PARAGRAPH}\n:::\n\n:::detailed\n${body(140)}\n:::\n`) });
    const result = await build(project, { languages: ['en'], levels: ['plain', 'detailed'], formats: ['trifold'] }, { jobs: 0 });
    const [plain, detailed] = ['plain', 'detailed'].map((level) => result.editions.find((edition) => edition.spec.level === level)!);
    expect(plain!.error).toBeUndefined();
    expect(Number(/needs (\d+\.\d) panels/.exec(detailed!.error ?? '')?.[1])).toBeGreaterThan(8);
    expect(detailed!.error).toContain('build the "plain" level as a tri-fold');
  });
});

describe('clinic branding', () => {
  async function withClinics(change: (clinics: Record<string, Record<string, unknown>>) => void, files: Record<string, string> = {}): Promise<string> {
    const project = await tempProject(files);
    const configPath = path.join(project.root, 'handout.config.yaml');
    const config = parse(await readFile(configPath, 'utf8')) as { clinics: Record<string, Record<string, unknown>> };
    change(config.clinics);
    await writeFile(configPath, stringify(config));
    return project.root;
  }

  const configErrors = async (root: string) => {
    const error = await openProject(root).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).file.messages.map((message) => `${message.line}:${message.column} ${message.reason} ${message.ruleId}`);
  };

  it('refuses a brand colour below 4.5:1 against white, naming its line', async () => {
    const root = await withClinics((clinics) => {
      clinics.riverside!.brandColor = '#7fb2e5';
    });
    const [message] = await configErrors(root);
    expect(message).toMatch(/^\d+:\d+ clinic riverside: brandColor #7fb2e5 has a contrast of 2\.\d\d:1 with white, below 4\.5:1; choose a darker colour brand-contrast$/);
  });

  it('refuses a missing logo, a logo outside the project and an SVG with entities', async () => {
    const root = await withClinics(
      (clinics) => {
        clinics.riverside!.logo = 'assets/missing.png';
        clinics.lakeside!.logo = '../outside.svg';
        clinics.third = { name: 'Third clinic', logo: 'assets/bomb.svg' };
      },
      { 'assets/bomb.svg': '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>' },
    );
    const messages = await configErrors(root);
    expect(messages.join('\n')).toContain('clinic riverside: logo assets/missing.png cannot be read');
    expect(messages.join('\n')).toContain('clinic lakeside: logo ../outside.svg is outside the project folder');
    expect(messages.join('\n')).toContain('clinic third: logo assets/bomb.svg has a DOCTYPE or entities');
  });

  it('draws a PNG logo on the handout and the tri-fold cover', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nRest well.\n', { levels: '[plain]' }) });
    await writeFile(path.join(project.root, 'assets/logo.png'), png(120, 40, '#1d4e89'));
    const configPath = path.join(project.root, 'handout.config.yaml');
    const config = parse(await readFile(configPath, 'utf8')) as { clinics: Record<string, Record<string, unknown>> };
    config.clinics.riverside!.logo = 'assets/logo.png';
    await writeFile(configPath, stringify(config));
    const branded = await openProject(project.root);
    const result = await build(branded, { languages: ['en'], formats: ['handout', 'trifold'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined, undefined]);
    for (const format of ['handout', 'trifold']) {
      const pdf = await PDFDocument.load(await readFile(path.join(branded.outputDir, `care/care.plain.en.${format}.pdf`)));
      const images = pdf.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
      const sizes = images.map(([, object]) => [(object as PDFRawStream).dict.get(PDFName.of('Width'))?.toString(), (object as PDFRawStream).dict.get(PDFName.of('Height'))?.toString()]);
      expect(sizes, format).toContainEqual(['120', '40']);
    }
  });

  it('wraps a long clinic name inside the margins, and the footer short of the page counter, in every one-column format', async () => {
    const name = 'Riverside Regional Neurology and Movement Disorders Clinic at the University Hospital';
    const root = await withClinics((clinics) => {
      clinics.riverside!.name = name;
    }, { 'content/care.md': topic('## Care\n\nRest well.\n', { levels: '[plain]' }) });
    const project = await openProject(root);
    const result = await build(project, { languages: ['en'], formats: ['handout', 'large-print', 'booklet'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined, undefined, undefined]);
    // The counter shares the footer's last line, the clinic's name, which wraps short of it.
    for (const format of ['handout', 'large-print', 'booklet'] as const) {
      const pdf = await readPdf(await readFile(path.join(project.outputDir, `care/care.plain.en.${format}.pdf`)));
      expectInsideMargins(pdf, format);
      const page = pdf.pages[0]!;
      const counter = page.items.find((item) => item.str.startsWith('Page 1 of'))!;
      const sameLine = page.items.filter((item) => item !== counter && Math.abs(item.y - counter.y) < 1 && item.str.trim());
      expect(sameLine.length, format).toBeGreaterThan(0);
      for (const item of sameLine) expect(item.x + item.width, `${format}: "${item.str}"`).toBeLessThan(counter.x - 4);
    }
  });

  it('brands editions for another clinic with --clinic, in that clinic’s folder', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nRest well.\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], clinic: 'lakeside', formats: ['trifold'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const pdf = readPdf(await readFile(path.join(project.outputDir, 'lakeside/care/care.plain.en.trifold.pdf')));
    const text = (await pdf).pages.map((page) => page.text).join(' ');
    expect(text).toContain('Lakeside Family Health');
    expect(text).not.toContain('Riverside');
    expect((await pdf).info.Author).toBe('Lakeside Family Health');
    expect((await build(project, { clinic: 'nowhere' })).ok).toBe(false);
  });
});

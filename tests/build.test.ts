import { rendererDigest } from '../src/render/digest.ts';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import { prepareEdition, topicContext } from '../src/prepare/index.ts';
import { uiSource } from '../src/i18n/catalog.ts';
import { syncProject } from '../src/i18n/project.ts';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { walkSegments } from '../src/model/walk.ts';
import { inlineText } from '../src/model/segments.ts';
import { readTopic } from '../src/reader/index.ts';
import { ConfigError, openProject, type Project } from '../src/index.ts';
import type { Inline } from '../src/model/document.ts';
import { pageCounterText } from '../src/model/edition.ts';
import { arabicRuns, normalizeForSearch, readPdf, type PdfPage } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

const SAMPLE = 'recurrent-hemifacial-spasm';

/** What a printed page must show for inline content: link text followed by its URL. */
function printedText(content: Inline[]): string {
  return content
    .map((node) => {
      if (node.type === 'text') return node.value;
      if (node.type === 'break') return ' ';
      const inner = printedText(node.children);
      return node.type === 'link' && inner !== node.url ? `${inner} (${node.url})` : inner;
    })
    .join('');
}

const SAMPLE_LANGUAGES = ['en', 'es', 'zh-Hans', 'vi', 'ru', 'ht', 'ar'];

async function prepared(project: Project, language: string, level: string) {
  const { document, file } = await readTopic(project, SAMPLE);
  const context = await topicContext(project, document!, file, await uiSource(project), [language], rendererDigest());
  return prepareEdition(context, { topic: SAMPLE, language, level, format: 'handout', paper: 'letter', clinic: null }, { draft: false });
}

/** The text a reader should find, in order: title, then every segment, links with their URL. */
async function expectedTexts(project: Project, language: string, level: string): Promise<string[]> {
  const { document } = await prepared(project, language, level);
  return [printedText(document.meta.title.content), ...[...walkSegments(document.blocks)].map(([segment]) => printedText(segment.content))].filter((text) => text.trim().length > 0);
}

/**
 * A page's text in reading order. pdfjs lists the runs (bold, regular) of a
 * line in drawing order, which is left to right: in right-to-left text, each
 * stretch of consecutive items on one line is read from its rightmost run.
 */
/** The handout's bottom margin (src/formats/handout.ts), where the identity footer and page counter sit. */
const HANDOUT_BOTTOM_MARGIN = 78;

/** A page's body text: without the footer, and without the clinic's name the header repeats on every page. */
function pageText(page: PdfPage, direction: 'ltr' | 'rtl'): string {
  const body = page.items.filter((item) => item.y > HANDOUT_BOTTOM_MARGIN && item.str.trim() !== 'Riverside Neurology Clinic');
  if (direction === 'ltr') return body.map((item) => item.str).join(' ');
  const stretches: PdfPage['items'][] = [];
  for (const item of body) {
    const last = stretches.at(-1);
    if (last && Math.round(last[0]!.y) === Math.round(item.y)) last.push(item);
    else stretches.push([item]);
  }
  return stretches.map((items) => items.sort((a, b) => b.x - a.x).map((item) => item.str).join(' ')).join(' ');
}

/**
 * Right-to-left text draws "(" with the glyph of ")" (bidi mirroring), and a
 * PDF's text layer maps glyphs, not characters: copied Arabic has its brackets
 * turned round (known limit, see README). There, brackets are compared without their side.
 */
const withoutBracketSides = (text: string) => text.replace(/[()]/g, '|').replace(/[[\]]/g, '¦');

/**
 * What can be checked in order in right-to-left text: the longest run of
 * Arabic words of each text (arabicRuns); the other words are checked for
 * presence only (see README).
 */
function rightToLeftNeedles(texts: string[]): { ordered: string[]; present: string[] } {
  const ordered = texts.map((text) => arabicRuns(text).reduce((longest, run) => (longest === '' || run.split(' ').length > longest.split(' ').length ? run : longest), ''));
  const present = texts.flatMap((text) => text.split(/[\s()[\].,،:;؛?؟!]+/)).filter((word) => word.length > 0);
  return { ordered: ordered.filter((run) => run.length > 0), present };
}

function expectInReadingOrder(pageTexts: string[], needles: string[], direction: 'ltr' | 'rtl' = 'ltr'): void {
  const normalize = (text: string) => (direction === 'rtl' ? withoutBracketSides(normalizeForSearch(text)) : normalizeForSearch(text));
  const haystack = normalize(pageTexts.join(' '));
  let from = 0;
  for (const needle of needles) {
    const index = haystack.indexOf(normalize(needle), from);
    expect(index, `"${needle}" missing or out of order`).toBeGreaterThanOrEqual(0);
    from = index + normalize(needle).length;
  }
}

describe('building the sample topic', async () => {
  const project = await tempProject({}, { withSamples: true });
  const result = await build(project);
  const manifest = JSON.parse(await readFile(path.join(project.outputDir, 'manifest.json'), 'utf8'));

  it('builds every language and level of the sample', () => {
    expect(result.editions.filter((edition) => edition.error)).toEqual([]);
    expect(manifest.editions.map((entry: { path: string }) => entry.path).sort()).toEqual(
      SAMPLE_LANGUAGES.flatMap((language) => ['plain', 'detailed'].map((level) => `${SAMPLE}/${SAMPLE}.${level}.${language}.handout.pdf`)).sort(),
    );
  });

  it('formats template strings for each locale (known answers)', async () => {
    const text = async (language: string) =>
      (await readPdf(await readFile(path.join(project.outputDir, editionPath({ topic: SAMPLE, language, level: 'plain', format: 'handout', paper: 'letter', clinic: null }))))).pages[0]!.text;
    expect(await text('es')).toContain('Revisado el 1 de noviembre de 2026');
    expect(await text('es')).toMatch(/Página 1 de \d/);
    expect(await text('en')).toMatch(/Page 1 of \d/);
    // CLDR writes Arabic with Western digits by default.
    expect(await text('ar')).toMatch(/الصفحة 1 من \d/);
    expect((await text('zh-Hans')).replace(/\s/g, '')).toContain('2026年11月1日');
    expect(await text('ru')).toContain('1 ноября 2026');
    // ICU has no Haitian Creole month names: ISO 8601, never an English date.
    expect(await text('ht')).toContain('Revize 2026-11-01');
  });

  for (const language of SAMPLE_LANGUAGES) {
    for (const level of ['plain', 'detailed']) {
      it(`${language} ${level}: every text present in reading order, Letter pages, embedded fonts, metadata`, async () => {
        const bytes = await readFile(path.join(project.outputDir, editionPath({ topic: SAMPLE, language, level, format: 'handout', paper: 'letter', clinic: null })));
        const pdf = await readPdf(bytes);
        expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
        for (const page of pdf.pages) {
          expect([Math.round(page.width), Math.round(page.height)]).toEqual([612, 792]);
        }
        const { direction } = project.config.languages[language]!;
        const pageTexts = pdf.pages.map((page) => pageText(page, direction));
        if (direction === 'rtl') {
          const { ordered, present } = rightToLeftNeedles(await expectedTexts(project, language, level));
          expectInReadingOrder(pageTexts, ordered, direction);
          const all = normalizeForSearch(pageTexts.join(' '));
          for (const word of present) expect(all, word).toContain(normalizeForSearch(word));
        } else {
          expectInReadingOrder(pageTexts, await expectedTexts(project, language, level));
        }
        expect(pdf.lang).toBe(language);
        expect(pdf.embeddedFonts.length).toBeGreaterThan(0);
        for (const font of pdf.embeddedFonts) {
          expect(font).toMatchObject({ embedded: true, subset: true });
          expect(font.baseFont).toMatch(/NotoSans/);
        }
        const entry = manifest.editions.find((candidate: { language: string; level: string }) => candidate.language === language && candidate.level === level);
        expect(entry).toMatchObject({ pages: pdf.pages.length, bytes: bytes.length, format: 'handout' });
        const texts = await expectedTexts(project, language, level);
        expect(pdf.info).toMatchObject({ Title: texts[0], Author: 'Riverside Neurology Clinic', Creator: 'handout 0.1.0' });
        expect(pdf.info.Subject?.length).toBeGreaterThan(20);
        // Bookmarks: every heading of the edition, in order.
        const { document } = await readTopic(project, SAMPLE);
        const headings = [...walkSegments(document!.blocks)].filter(([, context]) => context.role === 'heading' && (context.level === null || context.level === level));
        expect(pdf.outline).toHaveLength(headings.length);
        expect(pdf.outline.every((title) => texts.includes(title))).toBe(true);
        // Every page says which edition it is, and page X of Y, in the edition's language.
        const { labels } = await prepared(project, language, level);
        const squash = (text: string) => text.replace(/\s/g, '');
        pdf.pages.forEach((page, index) => {
          expect(page.text).toContain(SAMPLE);
          expect(direction === 'rtl' ? withoutBracketSides(page.text) : page.text).toContain(direction === 'rtl' ? `|${language}|` : `(${language})`);
          expect(page.text).toContain(entry.contentHash);
          expect(squash(page.text)).toContain(squash(pageCounterText(labels.pageOf, index + 1, pdf.pages.length)));
          expect(squash(page.text)).toContain(squash(labels.reviewedOn));
        });
        // Body text (everything above the footer) is at least 12 pt.
        const body = pdf.pages.flatMap((page) => page.items.filter((item) => item.y > 70 && item.str.trim()));
        expect(body.length).toBeGreaterThan(50);
        expect(Math.min(...body.map((item) => item.fontSize))).toBeGreaterThanOrEqual(12);
        if (language === 'en') {
          expect(labels.unreviewedNotice).toBeNull();
          expect(pdf.pages[0]!.text).not.toContain('translator');
        } else {
          // Every sample translation is an unreviewed draft by its author: page 1 says so.
          expectInReadingOrder([pdf.pages[0]!.text], [labels.unreviewedNotice!]);
          expect(entry.translation).toMatchObject({ status: 'final', reviewed: false, missing: 0, stale: 0 });
        }
        expect(pdf.pages.map((page) => page.text).join(' ')).not.toMatch(/DRAFT|BORRADOR|草稿/);
        expect(pdf.pages.map((page) => page.text).join(' ')).not.toContain('\ufffd');
      });
    }
  }

  it('selects level blocks: plain text is not in the detailed edition and the other way round', async () => {
    const text = async (level: string) =>
      normalizeForSearch(
        (await readPdf(await readFile(path.join(project.outputDir, editionPath({ topic: SAMPLE, language: 'en', level, format: 'handout', paper: 'letter', clinic: null }))))).pages
          .map((page) => page.text)
          .join(' '),
      );
    const { document } = await readTopic(project, SAMPLE);
    const only = (level: string) => [...walkSegments(document!.blocks)].filter(([, context]) => context.level === level).map(([segment]) => normalizeForSearch(inlineText(segment.content)));
    const plain = await text('plain');
    const detailed = await text('detailed');
    expect(only('plain').length).toBeGreaterThan(3);
    expect(only('detailed').length).toBeGreaterThan(3);
    for (const segment of only('plain')) expect(detailed.includes(segment), segment).toBe(false);
    for (const segment of only('detailed')) expect(plain.includes(segment), segment).toBe(false);
  });

  it('records readability figures and meets the plain targets', () => {
    const entry = (language: string, level: string) => manifest.editions.find((candidate: { language: string; level: string }) => candidate.language === language && candidate.level === level);
    expect(entry('en', 'plain').readability).toMatchObject({ measured: true, scores: { smog: expect.any(Number), fleschKincaidGrade: expect.any(Number) } });
    expect(entry('es', 'plain').readability).toMatchObject({ measured: true, scores: { inflesz: expect.any(Number), fernandezHuerta: expect.any(Number) } });
    for (const language of ['en', 'es']) {
      for (const level of ['plain', 'detailed']) expect(entry(language, level).targets.every((target: { met: boolean }) => target.met)).toBe(true);
    }
    // No validated formula: "not measured", never an English score.
    for (const language of ['zh-Hans', 'vi', 'ru', 'ht']) {
      expect(entry(language, 'plain').readability).toEqual({ language, measured: false, reason: `not measured: no validated readability formula for ${language}` });
    }
  });

  it('gives byte-identical PDFs when built twice', async () => {
    const again = await tempProject({}, { withSamples: true });
    await build(again);
    for (const entry of manifest.editions) {
      expect(await readFile(path.join(again.outputDir, entry.path))).toEqual(await readFile(path.join(project.outputDir, entry.path)));
    }
  });
});

describe('paper sizes', () => {
  it('renders A4 when asked', async () => {
    const project = await tempProject({ 'content/care.md': topic('Fine text.\n', { levels: '[plain]' }) });
    await build(project, { languages: ['en'], paper: 'a4' });
    const pdf = await readPdf(await readFile(path.join(project.outputDir, 'care/care.plain.en.handout.pdf')));
    expect([pdf.pages[0]!.width, pdf.pages[0]!.height].map((value) => Math.round(value * 100) / 100)).toEqual([595.28, 841.89]);
  });
});

describe('stale and missing translations', () => {
  async function translatedProject() {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nTake 5 mg daily.\n\nRest well.\n', { levels: '[plain]' }) });
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    await writeFile(
      catalogPaths(project, 'es', 'care').jsonPath,
      JSON.stringify({ title: 'Tema de prueba', summary: 'Un tema para pruebas.', 'care.h1': 'Cuidados', 'care.p1': 'Tome 5 mg al día.', 'care.p2': 'Descanse bien.' }),
    );
    return project;
  }

  it('refuses a language edition whose paragraph changed after translation, naming the segment and line', async () => {
    const project = await translatedProject();
    expect((await build(project, { languages: ['es'] })).editions[0]?.error).toBeUndefined();
    await writeFile(path.join(project.contentDir, 'care.md'), topic('## Care\n\nTake 10 mg daily.\n\nRest well.\n', { levels: '[plain]' }));
    const before = await readFile(path.join(project.outputDir, 'care/care.plain.es.handout.pdf'));

    const result = await build(project);
    const es = result.editions.find((edition) => edition.spec.language === 'es');
    const en = result.editions.find((edition) => edition.spec.language === 'en');
    expect(es?.error).toMatch(/1 stale/);
    expect(en?.entry).toBeDefined();
    const message = result.files.flatMap((file) => file.messages).find((candidate) => candidate.ruleId === 'translation-stale');
    expect(message).toMatchObject({ line: 11, file: 'content/care.md', fatal: true });
    expect(message?.reason).toContain('care.p1');
    // The previous Spanish PDF is untouched and no longer vouched for by the manifest.
    expect(await readFile(path.join(project.outputDir, 'care/care.plain.es.handout.pdf'))).toEqual(before);
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, 'manifest.json'), 'utf8'));
    expect(manifest.editions.map((entry: { path: string }) => entry.path)).toEqual(['care/care.plain.en.handout.pdf']);
  });

  it('builds a draft with --draft, marked on every page', async () => {
    const project = await translatedProject();
    await writeFile(path.join(project.contentDir, 'care.md'), topic('## Care\n\nTake 10 mg daily.\n\nRest well.\n\nNew paragraph.\n', { levels: '[plain]' }));
    const result = await build(project, { languages: ['es'], draft: true });
    expect(result.editions[0]?.entry?.translation).toMatchObject({ status: 'draft', missing: 1, stale: 1 });
    const pdf = await readPdf(await readFile(path.join(project.outputDir, 'care/care.plain.es.handout.pdf')));
    for (const page of pdf.pages) expect(page.text).toContain('BORRADOR');
    // The stale translation and the untranslated source text are shown, as a draft.
    expect(pdf.pages[0]!.text).toContain('Tome 5 mg al día.');
    expect(pdf.pages[0]!.text).toContain('New paragraph.');
  });
});

describe('bad input', () => {
  it('reports bad front matter with file and line, and still builds the other topics', async () => {
    const project = await tempProject({
      'content/good.md': topic('Fine text.\n', { levels: '[plain]' }),
      'content/bad.md': topic('Text.\n', { reviewed: 'last week' }),
    });
    const result = await build(project, { languages: ['en'] });
    const message = result.files.flatMap((file) => file.messages).find((candidate) => candidate.ruleId === 'front-matter-schema');
    expect(message).toMatchObject({ file: 'content/bad.md', line: 6, fatal: true });
    expect(result.editions.find((edition) => edition.spec.topic === 'good')?.entry).toBeDefined();
    expect(result.editions.find((edition) => edition.spec.topic === 'bad')?.error).toBeDefined();
    expect(await readdir(project.outputDir)).not.toContain('bad');
  });

  it('counts down to the exact number of editions as topics are read (for the progress bar)', async () => {
    // Topics are read as the build goes: until then each counts every configured level.
    const project = await tempProject({
      'content/good.md': topic('Fine text.\n', { levels: '[plain]' }),
      'content/bad.md': topic('Text.\n', { reviewed: 'last week' }),
    });
    const totals: number[] = [];
    const result = await build(project, { languages: ['en'] }, { onEdition: (_outcome, done, total) => totals.push(done, total) });
    const reported = totals.filter((_value, index) => index % 2 === 1);
    expect(reported.at(-1)).toBe(result.editions.length);
    expect(totals.at(-2)).toBe(result.editions.length);
    expect(reported[0]).toBeGreaterThan(result.editions.length);
    expect(reported).toEqual([...reported].sort((a, b) => b - a));
  });

  /** The messages of the ConfigError that loading the project at `root` must throw: line, rule and reason. */
  async function configMessages(root: string): Promise<string[]> {
    const error = await openProject(root).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).file.messages.map((message) => `${message.line ?? '-'} ${message.ruleId}: ${message.reason}`);
  }

  it('says whether the project configuration is missing or cannot be read', async () => {
    const project = await tempProject();
    const configFile = path.join(project.root, 'handout.config.yaml');
    await rm(configFile);
    expect(await configMessages(project.root)).toEqual([`- config-missing: Project configuration handout.config.yaml not found in ${project.root}`]);
    await mkdir(configFile);
    expect(await configMessages(project.root)).toEqual([expect.stringMatching(/^- config-unreadable: Project configuration handout\.config\.yaml cannot be read: EISDIR/)]);
  });

  it('refuses a font or hyphenation patterns the tool does not have, naming the config line', async () => {
    const project = await tempProject();
    const configFile = path.join(project.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configFile, 'utf8'));
    config.setIn(['languages', 'ru', 'fonts'], ['Noto Serif']);
    config.setIn(['languages', 'es', 'hyphenation'], 'es-xx');
    await writeFile(configFile, config.toString());
    const lines = (await readFile(configFile, 'utf8')).split('\n');
    const lineOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line)) + 1;
    expect(await configMessages(project.root)).toEqual([
      `${lineOf(/hyphenation: es-xx/)} config-schema: \`languages.es.hyphenation\`: no such hyphenation patterns in the \`hyphen\` package (e.g. "en-us", "es", "ru")`,
      expect.stringMatching(new RegExp(`^${lineOf(/- Noto Serif/)} config-schema: \`languages\.ru\.fonts\.0\`: .*"Noto Sans"`)),
    ]);
  });

  it('reports a catalog that cannot be read on its file, fails that language only and builds the others', async () => {
    const project = await tempProject({ 'content/care.md': topic('Fine text.\n', { levels: '[plain]' }) });
    // A folder where the Spanish catalog should be: reading it fails with EISDIR, not ENOENT.
    await mkdir(catalogPaths(project, 'es', 'care').jsonPath, { recursive: true });
    const result = await build(project, { languages: ['en', 'es'] });
    const message = result.files.flatMap((file) => file.messages).find((candidate) => candidate.ruleId === 'catalog-json');
    expect(message).toMatchObject({ file: 'locales/es/care.json', fatal: true });
    expect(message?.reason).toMatch(/^Catalog cannot be read: EISDIR/);
    expect(result.editions.find((edition) => edition.spec.language === 'es')?.error).toBeDefined();
    expect(result.editions.find((edition) => edition.spec.language === 'en')?.entry).toBeDefined();
  });

  it('shows raw HTML as visible text with a warning', async () => {
    const project = await tempProject({ 'content/html.md': topic('Before.\n\n<b>Bold?</b> and <script>alert(1)</script>\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'] });
    expect(result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'raw-html').length).toBeGreaterThan(0);
    const pdf = await readPdf(await readFile(path.join(project.outputDir, 'html/html.plain.en.handout.pdf')));
    expect(normalizeForSearch(pdf.pages[0]!.text)).toContain(normalizeForSearch('<b>Bold?</b> and <script>alert(1)</script>'));
  });

  it('leaves no partial file when writing an edition fails, and builds the others', async () => {
    const project = await tempProject({ 'content/care.md': topic('Fine text.\n') });
    // A directory where the plain PDF should go makes the final rename fail.
    await mkdir(path.join(project.outputDir, 'care/care.plain.en.handout.pdf'), { recursive: true });
    const result = await build(project, { languages: ['en'] });
    expect(result.editions.find((edition) => edition.spec.level === 'plain')?.error).toBeDefined();
    expect(result.editions.find((edition) => edition.spec.level === 'detailed')?.entry).toBeDefined();
    const left = await readdir(path.join(project.outputDir, 'care'));
    expect(left.sort()).toEqual(['care.detailed.en.handout.pdf', 'care.plain.en.handout.pdf']);
    expect(left.some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('refuses unknown languages, levels and formats with a clear message', async () => {
    const project = await tempProject({ 'content/care.md': topic('Fine text.\n') });
    const result = await build(project, { languages: ['xx'], formats: ['poster'] });
    expect(result.ok).toBe(false);
    expect(result.files.flatMap((file) => file.messages).map((message) => message.reason)).toEqual([
      'Unknown language "xx": known languages are en, es, zh-Hans, vi, ru, ht, ar',
      'Unknown format "poster": known formats are handout, large-print, booklet, booklet-print, trifold, html',
    ]);
  });
});

describe('glyph coverage', () => {
  it('refuses an edition with a character no font has, naming U+ code, file and segment', async () => {
    const project = await tempProject({
      'content/care.md': topic('## Care\n\nRest well ✓ today.\n\nAnd 中文 here.\n', { levels: '[plain]' }),
      'content/fine.md': topic('Fine text.\n', { levels: '[plain]' }),
    });
    const result = await build(project, { languages: ['en'] });
    expect(result.editions.find((edition) => edition.spec.topic === 'care')?.error).toMatch(/U\+2713/);
    expect(result.editions.find((edition) => edition.spec.topic === 'fine')?.entry).toBeDefined();
    const messages = result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'missing-glyph');
    expect(messages.map((message) => [message.file, message.line, message.reason.match(/U\+[0-9A-F]+/)?.[0]])).toEqual([
      ['content/care.md', 11, 'U+2713'],
      ['content/care.md', 13, 'U+4E2D'],
      ['content/care.md', 13, 'U+6587'],
    ]);
    expect(messages[0]?.reason).toContain('segment `care.p1`');
    await expect(readFile(path.join(project.outputDir, 'care/care.plain.en.handout.pdf'))).rejects.toThrow();
  });
});

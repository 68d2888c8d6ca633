import { createServer, type Server } from 'node:http';
import { access, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { build, ConfigError, editionPath, mergeManifests, openProject, prepareEdition, type Project } from '../src/index.ts';
import { siteFileOf } from '../src/pipeline/index.ts';
import type { EditionSpec } from '../src/model/edition.ts';
import { inlineText } from '../src/model/segments.ts';
import { walkSegments } from '../src/model/walk.ts';
import { decodeQr, normalizeForSearch, readPdf, type PdfTextItem, type ReadPdf } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

const SAMPLE = 'recurrent-hemifacial-spasm';
const LANGUAGES = ['en', 'es', 'zh-Hans', 'vi', 'ru', 'ht', 'ar'];
const LEVELS = ['plain', 'detailed'];
const ONLINE = 'https://riverside-neuro.example.org/handouts';
/** The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core (2.2 adds only AA rules). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const spec = (format: string, language: string, level: string): EditionSpec => ({ topic: SAMPLE, language, level, format, paper: 'letter', clinic: null });
const sitePage = (project: Project, language: string, level: string) => path.join(project.outputDir, 'site/handouts', SAMPLE, language, level, 'index.html');

/** Serves a folder as a web server would: a folder's index.html for the folder; 404 for anything else missing. */
async function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (request, response) => {
    let file = path.join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(await readFile(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** Every HTML file of a site, relative to it. */
async function sitePages(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.html')).sort();
}

/** The page's address for a site file: a folder's index.html by the folder's own address. */
const addressOf = (origin: string, file: string) => `${origin}/${file.split(path.sep).join('/').replace(/index\.html$/, '')}`;

/** The links of a page's main content, as absolute addresses. */
const mainLinks = (page: Page) => page.$$eval('main a', (links) => links.map((link) => (link as HTMLAnchorElement).href));

/**
 * A PDF's text without its page furniture, so a paragraph broken across pages
 * reads on: the lines (by height on the page) that some other page repeats word
 * for word, with every item on them (the page counter's numbers differ).
 */
function bodyText(pdf: ReadPdf): string {
  const line = (item: PdfTextItem) => Math.round(item.y);
  const pagesWith = new Map<string, number>();
  for (const pdfPage of pdf.pages) for (const key of new Set(pdfPage.items.map((item) => `${line(item)}|${item.str}`))) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  const furniture = new Set([...pagesWith].filter(([key, count]) => count > 1 && key.split('|')[1]!.trim()).map(([key]) => Number(key.split('|')[0])));
  return pdf.pages.map((pdfPage) => pdfPage.items.filter((item) => !furniture.has(line(item))).map((item) => item.str).join(' ')).join(' ');
}

describe('the online site of the sample topic, in every shipped language', async () => {
  const project = await tempProject({}, { withSamples: true });
  const selection = { languages: LANGUAGES, levels: LEVELS, formats: ['handout', 'html'] };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let site: { server: Server; origin: string };
  let pages: string[];

  beforeAll(async () => {
    const result = await build(project, selection);
    expect(result.editions.filter((edition) => edition.error)).toEqual([]);
    site = await serve(path.join(project.outputDir, 'site'));
    pages = await sitePages(path.join(project.outputDir, 'site'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    // axe-core/playwright needs a context of its own.
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    site?.server.close();
  });

  it("puts each online edition at its address's path under output/site/, its PDF beside it, as the edition in output/", async () => {
    for (const language of LANGUAGES) {
      for (const level of LEVELS) {
        const html = await readFile(sitePage(project, language, level));
        expect(html.equals(await readFile(path.join(project.outputDir, editionPath(spec('html', language, level))))), `${language} ${level}`).toBe(true);
        const pdf = path.basename(editionPath(spec('handout', language, level)));
        const beside = await readFile(path.join(path.dirname(sitePage(project, language, level)), pdf));
        expect(beside.equals(await readFile(path.join(project.outputDir, editionPath(spec('handout', language, level)))))).toBe(true);
        // Under the ~150 KB a page on a slow phone connection should stay within (it uses the system's fonts).
        expect(html.length).toBeLessThan(150 * 1024);
      }
    }
    // 7 languages × 2 levels, 7 language indexes and the index of languages.
    expect(pages).toHaveLength(LANGUAGES.length * LEVELS.length + LANGUAGES.length + 1);
  });

  it('the QR code on a printed edition leads to its page of the site', async () => {
    for (const language of ['en', 'ar']) {
      const bytes = await readFile(path.join(project.outputDir, editionPath(spec('handout', language, 'plain'))));
      const pdf = await readPdf(bytes);
      const address = await decodeQr(bytes, pdf.pages.length);
      expect(address).toBe(`${ONLINE}/${SAMPLE}/${language}/plain`);
      const { pathname } = new URL(address!);
      await access(path.join(project.outputDir, 'site', pathname, 'index.html'));
      // Served as the clinic's web server would serve output/site/ at its address.
      expect((await page.goto(`${site.origin}${pathname}`))?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
    }
  });

  it('the index pages list exactly the editions built, each language in its own language', async () => {
    await page.goto(`${site.origin}/handouts/`);
    const languages = await page.$$eval('main li', (items) => items.map((item) => [item.closest('[lang]')!.getAttribute('lang'), (item.querySelector('a') as HTMLAnchorElement).href]));
    expect(languages).toEqual(LANGUAGES.map((language) => [language, `${site.origin}/handouts/${language}/`]));
    for (const language of LANGUAGES) {
      await page.goto(`${site.origin}/handouts/${language}/`);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      expect(await mainLinks(page)).toEqual(LEVELS.map((level) => `${site.origin}/handouts/${SAMPLE}/${language}/${level}/`));
    }
  });

  it('every link between pages and to the PDFs leads to a file of the site', async () => {
    for (const file of pages) {
      await page.goto(addressOf(site.origin, file));
      const links = await page.$$eval('a[href]', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
      for (const link of links.filter((href) => href.startsWith(site.origin))) {
        const response = await fetch(link);
        expect(response.status, `${file} → ${link}`).toBe(200);
      }
    }
  });

  it('axe-core finds no WCAG 2.2 A or AA violation on any page, Arabic included; at 320 px nothing scrolls sideways', async () => {
    expect(pages.some((file) => file.includes(`${path.sep}ar${path.sep}`))).toBe(true);
    for (const file of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(addressOf(site.origin, file));
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      expect(
        results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
        file,
      ).toEqual([]);
      // WCAG 1.4.10 Reflow: 320 CSS pixels wide, no scrolling in two directions (a table may scroll in its own region).
      await page.setViewportSize({ width: 320, height: 640 });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, file).toBeLessThanOrEqual(clientWidth);
    }
    // axe-core takes seconds a page on a busy 2-core machine.
  }, 600_000);

  it('the HTML and PDF editions say the same, segment by segment, in every language and level', async () => {
    for (const language of LANGUAGES) {
      for (const level of LEVELS) {
        const { prepared } = await prepareEdition(project, spec('html', language, level));
        expect(prepared).not.toBeNull();
        await page.goto(`${site.origin}/handouts/${SAMPLE}/${language}/${level}/`);
        // Each text block of the page holds one segment (a title, a paragraph, a list item's paragraph, a table cell),
        // with the targets of its links as the print stylesheet and the PDF print them.
        const shown = await page.$$eval('main :is(h1, h2, h3, h4, h5, h6, p, th, td, figcaption)', (elements) =>
          elements.map((element) => {
            const printed = element.cloneNode(true) as HTMLElement;
            printed.querySelectorAll<HTMLElement>('a[data-print]').forEach((link) => link.append(` (${link.dataset.print})`));
            return { screen: element.textContent ?? '', paper: printed.textContent ?? '' };
          }),
        );
        const blocks = shown.map((block) => block.paper);
        const pdf = await readPdf(await readFile(path.join(project.outputDir, editionPath(spec('handout', language, level)))));
        const printed = normalizeForSearch(bodyText(pdf));
        let from = 0;
        for (const block of blocks.filter((text) => text.trim())) {
          if (language === 'ar') {
            // An untagged right-to-left PDF's text comes back in drawing order where a line mixes scripts (a bold
            // "Botox." lead-in is drawn at the line's end, "(MVD)" reads ")MVD("): each word of the block is there.
            const unpunctuated = (text: string) => text.replace(/\p{P}/gu, '');
            for (const word of block.split(/\s+/).map(unpunctuated).filter(Boolean)) expect(unpunctuated(printed), `${language} ${level}: ${word} of "${block}"`).toContain(normalizeForSearch(word));
            continue;
          }
          // In the PDF's reading order, after the block before it: nothing left out, nothing moved.
          const at = printed.indexOf(normalizeForSearch(block), from);
          expect(at, `${language} ${level}: "${block}" in the PDF after the block before it`).toBeGreaterThanOrEqual(0);
          from = at;
        }
        // And those blocks are the edition's segments: every one of them is on the page.
        const pageText = normalizeForSearch(shown.map((block) => block.screen).join(' '));
        const { meta, blocks: body } = prepared!.document;
        const segments = [meta.title, meta.summary, ...[...walkSegments(body)].map(([segment]) => segment)];
        expect(segments.length).toBeGreaterThan(20);
        for (const segment of segments) expect(pageText, `${language} ${level} ${segment.key}`).toContain(normalizeForSearch(inlineText(segment.content)));
      }
    }
  });
});

describe('what the site publishes', () => {
  it('never a draft, nor an edition whose translation is missing; sharded builds publish when merged', async () => {
    const body = '## Rest\n\nRest and drink water.\n';
    const project = await tempProject({ 'content/rest.md': topic(body, { languages: '[en, es]', levels: '[plain]' }) });
    const formats = ['handout', 'html'];
    // Built in two shards: the site appears once they are merged.
    for (const index of [1, 2]) await build(project, { formats, languages: ['en'] }, { jobs: 0, shard: { index, count: 2 } });
    await expect(access(path.join(project.outputDir, 'site'))).rejects.toThrow();
    expect((await mergeManifests(project)).ok).toBe(true);
    const site = path.join(project.outputDir, 'site');
    expect(await sitePages(site)).toEqual(['handouts/en/index.html', 'handouts/index.html', 'handouts/rest/en/plain/index.html'].map((file) => file.split('/').join(path.sep)));
    await access(path.join(site, 'handouts/rest/en/plain/rest.plain.en.handout.pdf'));

    // No Spanish catalog: refused, so neither published nor listed.
    const refused = await build(project, { formats });
    expect(refused.editions.filter((edition) => edition.error).map((edition) => edition.spec.language)).toEqual(['es', 'es']);
    expect(await sitePages(site)).toHaveLength(3);
    // With --draft it is built, marked as a draft, but not published.
    const draft = await build(project, { formats, draft: true });
    expect(draft.editions.filter((edition) => edition.error)).toEqual([]);
    expect(await readFile(path.join(project.outputDir, 'rest/rest.plain.es.html'), 'utf8')).toContain('draft-banner');
    expect(await sitePages(site)).toHaveLength(3);
    expect(await readFile(path.join(site, 'handouts/index.html'), 'utf8')).not.toContain('lang="es"');

    // An edition that fails leaves the manifest, and so the site: its page, its PDF, and the index pages left with nothing to list.
    await writeFile(path.join(project.root, 'content/rest.md'), topic(`${body}\nRest 中.\n`, { languages: '[en, es]', levels: '[plain]' }));
    const failed = await build(project, { formats, languages: ['en'] });
    expect(failed.editions.filter((edition) => edition.error).map((edition) => edition.spec.format)).toEqual(formats);
    expect(await readdir(site, { recursive: true })).toEqual([]);
  });
});

describe('where the site puts a page', () => {
  it('at the path of its address: a folder gets index.html, an address naming an .html file is that file', () => {
    expect(siteFileOf('https://x.org/handouts/care/zh-Hans/plain')).toBe(path.join('handouts', 'care', 'zh-Hans', 'plain', 'index.html'));
    expect(siteFileOf('https://x.org/handouts/care/es/plain/')).toBe(path.join('handouts', 'care', 'es', 'plain', 'index.html'));
    expect(siteFileOf('https://x.org/h/es/care-plain.html')).toBe(path.join('h', 'es', 'care-plain.html'));
    // Never outside the site: the URL parser resolves dot segments, an encoded slash stays in its segment's name.
    expect(siteFileOf('https://x.org/h/../../etc/%2E%2E/passwd')).toBe(path.join('passwd', 'index.html'));
    expect(siteFileOf('https://x.org/h/a%2Fb')).toBe(path.join('h', 'a_b', 'index.html'));
  });

  it('refuses an onlineUrl that does not give each edition a path of its own', async () => {
    const project = await tempProject();
    const configFile = path.join(project.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configFile, 'utf8'));
    config.setIn(['clinics', 'riverside', 'onlineUrl'], 'https://x.org/handout?topic={topic}&lang={language}&level={level}');
    await writeFile(configFile, config.toString());
    const error = await openProject(project.root).then(() => null, (thrown: unknown) => thrown as ConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.file.messages.map((message) => message.reason)).toEqual([expect.stringContaining('must have {topic}, {language} and {level} in its path')]);
  });

  it("follows the clinic's pattern, {format} and file names included; a clinic without one gets the default layout in its own folder", async () => {
    const project = await tempProject({ 'content/rest.md': topic('Rest and drink water.\n', { levels: '[plain]' }) });
    const configFile = path.join(project.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configFile, 'utf8'));
    config.setIn(['clinics', 'riverside', 'onlineUrl'], 'https://x.org/h/{language}/{topic}-{level}-{format}.html');
    await writeFile(configFile, config.toString());
    const patterned = await openProject(project.root);
    const formats = ['handout', 'html'];
    await build(patterned, { formats, languages: ['en'] });
    await build(patterned, { formats, languages: ['en'], clinic: 'lakeside' });
    const files = async (folder: string) => (await readdir(path.join(project.outputDir, folder), { recursive: true })).filter((name) => /\.(html|pdf)$/.test(name)).sort();
    // The handout's QR code names the handout's address: the page is there too.
    expect(await files('site')).toEqual(['h/en/index.html', 'h/en/rest-plain-handout.html', 'h/en/rest-plain-html.html', 'h/en/rest.plain.en.handout.pdf', 'h/index.html'].map((file) => file.split('/').join(path.sep)));
    expect(await files('lakeside/site')).toEqual(['handouts/en/index.html', 'handouts/index.html', 'handouts/rest/en/plain/index.html', 'handouts/rest/en/plain/rest.plain.en.handout.pdf'].map((file) => file.split('/').join(path.sep)));
    expect(await readFile(path.join(project.outputDir, 'lakeside/site/handouts/rest/en/plain/index.html'), 'utf8')).toContain('Lakeside Family Health');
  });
});

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, Document } from '../src/model/document.ts';
import { inlineText } from '../src/model/segments.ts';
import { walkSegments } from '../src/model/walk.ts';
import { uiSource } from '../src/i18n/catalog.ts';
import { build } from '../src/index.ts';
import { prepareEdition, topicContext, type PreparedEdition, type TopicContext } from '../src/prepare/index.ts';
import { checkPdfUa, PDFUA_CHECKS } from '../src/readback/pdfua.ts';
import { renderPreview } from '../src/readback/preview.ts';
import { rendererDigest } from '../src/render/digest.ts';
import { renderEdition } from '../src/render/edition.ts';
import { readTopic } from '../src/reader/index.ts';
import { normalizeForSearch } from './helpers/pdf.ts';
import { constructsProject, tempProject, topic } from './helpers/project.ts';
import { handout } from './helpers/cli.ts';
import { allElements, readAloud, readTagged, type StructElement, type TaggedPdf } from './helpers/structure.ts';

const TOPIC = 'recurrent-hemifacial-spasm';
const LANGUAGES = ['en', 'es', 'zh-Hans', 'vi', 'ru', 'ht', 'ar'];
const TAGGED_FORMATS = ['handout', 'large-print', 'booklet'];

/** Text as compared: no white space or hyphens (line breaks), nor the marks bidi reordering moves about. */
const comparable = (text: string) => normalizeForSearch(text).replace(/[()[\]\u200e\u200f]/gu, '');

/** Roles of the headings the model gives, in reading order: the title, each heading at its depth, each box's title a level below its section's. */
function expectedHeadings(document: Document, format: string): string[] {
  const roles = ['H1'];
  let depth = 1;
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'heading') {
        roles.push(`H${block.depth}`);
        depth = block.depth;
      } else if (block.type === 'callout') roles.push(`H${depth + 1}`);
    }
  };
  visit(document.blocks);
  // A booklet's back cover: "Contact us".
  return format === 'booklet' ? [...roles, 'H2'] : roles;
}

function listItems(blocks: Block[]): number {
  return blocks.reduce((total, block) => {
    if (block.type === 'list') return total + block.items.length + block.items.reduce((nested, item) => nested + listItems(item.children), 0);
    if (block.type === 'callout' || block.type === 'blockquote') return total + listItems(block.children);
    return total;
  }, 0);
}

describe('tagged PDF/UA-1 editions of the sample topic', () => {
  let context: TopicContext;
  const rendered = new Map<string, { prepared: PreparedEdition; bytes: Uint8Array; tagged: TaggedPdf }>();

  beforeAll(async () => {
    const project = await tempProject({}, { withSamples: true });
    const { document, file } = await readTopic(project, TOPIC);
    context = await topicContext(project, document!, file, await uiSource(project), LANGUAGES, rendererDigest());
    for (const language of LANGUAGES) {
      for (const format of TAGGED_FORMATS) {
        const prepared = prepareEdition(context, { topic: TOPIC, language, level: 'plain', format, paper: 'letter', clinic: null }, { draft: false });
        const { bytes } = await renderEdition(prepared);
        rendered.set(`${language} ${format}`, { prepared, bytes, tagged: await readTagged(bytes) });
      }
    }
  }, 600_000);

  for (const language of LANGUAGES) {
    for (const format of TAGGED_FORMATS) {
      describe(`${language} ${format}`, () => {
        it('passes every machine check of PDF/UA-1', async () => {
          expect(await checkPdfUa(rendered.get(`${language} ${format}`)!.bytes)).toEqual([]);
        });

        it('holds every drawn word in a structure element, pdf.js reading each page tree; furniture is an artifact', () => {
          const { tagged, prepared } = rendered.get(`${language} ${format}`)!;
          expect(tagged.untagged).toEqual([]);
          expect(tagged.outsideStructTree).toEqual([]);
          expect(tagged.pdfjsRoles.every((roles) => roles.includes('Document'))).toBe(true);
          // The footer's identity line (it holds the content hash) and the page counter are furniture.
          const artifacts = comparable(tagged.artifacts.join(''));
          expect(artifacts).toContain(prepared.identity.contentHash);
          const structured = comparable(allElements(tagged.roots).map((element) => element.text).join(''));
          expect(structured).not.toContain(prepared.identity.contentHash);
        });

        it('reads the model through the tags in its order, in logical order: a Document of headings, paragraphs, lists, boxes', () => {
          const { tagged, prepared } = rendered.get(`${language} ${format}`)!;
          expect(tagged.roots.map((root) => root.role)).toEqual(['Document']);
          const elements = allElements(tagged.roots);
          // Each segment of the model, in order, is read aloud whole by one element, across pages where it is split.
          const readable = elements.filter((element) => element.text !== '' || element.actualText !== undefined);
          const { document } = prepared;
          const segments = [document.meta.title, document.meta.summary, ...[...walkSegments(document.blocks)].map(([segment]) => segment)].map((segment) => inlineText(segment.content)).filter((text) => text.trim() !== '');
          let cursor = 0;
          for (const segment of segments) {
            const found = readable.findIndex((element, index) => index >= cursor && comparable(readAloud(element)) === comparable(segment));
            expect(found, `"${segment}" read in order through the tags`).toBeGreaterThanOrEqual(cursor);
            cursor = found + 1;
          }
          expect(elements.filter((element) => /^H[1-6]$/.test(element.role)).map((element) => element.role)).toEqual(expectedHeadings(document, format));
          expect(comparable(readAloud(elements.find((element) => element.role === 'H1')!))).toBe(comparable(inlineText(document.meta.title.content)));
          // Lists: L of LI, each LI a label and a body; as many items as the model has.
          const lists = elements.filter((element) => element.role === 'L');
          expect(lists.length).toBeGreaterThan(0);
          for (const list of lists) expect(list.children.every((child) => child.role === 'LI' && child.children.map((part) => part.role).join(' ') === 'Lbl LBody')).toBe(true);
          expect(elements.filter((element) => element.role === 'LI')).toHaveLength(listItems(document.blocks));
          // A box is a section opening with its title.
          const boxes = elements.filter((element) => element.role === 'Sect' && /^H[1-6]$/.test(element.children[0]?.role ?? ''));
          expect(boxes).toHaveLength(document.blocks.filter((block) => block.type === 'callout').length);
          // The QR code: a figure whose alternate text is the address it encodes.
          expect(elements.filter((element) => element.role === 'Figure').map((figure) => figure.alt)).toEqual([prepared.online!.url]);
        });
      });
    }
  }

  it('draws the same page as the untagged PDF, pixel for pixel (Arabic and English handouts)', async () => {
    for (const key of ['ar handout', 'en handout']) {
      const { prepared, bytes } = rendered.get(key)!;
      process.env.HANDOUT_UNTAGGED = '1';
      let untagged: Uint8Array;
      try {
        untagged = (await renderEdition(prepared)).bytes;
      } finally {
        delete process.env.HANDOUT_UNTAGGED;
      }
      expect((await checkPdfUa(untagged)).length).toBeGreaterThan(0);
      expect((await renderPreview(bytes)).equals(await renderPreview(untagged))).toBe(true);
    }
  });

  it('gives right-to-left lines holding left-to-right words their logical text (ActualText), and a paragraph split over two pages one element', () => {
    const arabic = allElements(rendered.get('ar handout')!.tagged.roots);
    const mixed = arabic.filter((element) => element.actualText !== undefined && /[A-Za-z0-9]/.test(element.actualText));
    expect(mixed.length).toBeGreaterThan(0);
    // Drawn in visual order, the text itself does not read as the logical text does.
    expect(mixed.some((element) => comparable(element.text) !== comparable(element.actualText!))).toBe(true);
    const split = [...rendered.values()].flatMap(({ tagged }) => allElements(tagged.roots)).filter((element) => element.pages.length > 1);
    expect(split.length).toBeGreaterThan(0);
  });
});

describe('tagged Markdown constructs', () => {
  it('tags a figure with its alt text, nested lists, a table with header cells and scope, a quote, and links with their annotations', async () => {
    const project = await constructsProject();
    const result = await build(project, { languages: ['en'], formats: ['handout'] });
    expect(result.files.flatMap((file) => file.messages).map(String)).toEqual([]);
    const bytes = await readFile(path.join(project.outputDir, 'care/care.plain.en.handout.pdf'));
    expect(await checkPdfUa(bytes)).toEqual([]);
    const elements = allElements((await readTagged(bytes)).roots);
    const figure = elements.find((element) => element.role === 'Figure' && element.alt === 'Where the facial nerve leaves the brainstem')!;
    expect(figure.children.map((child) => child.role)).toEqual(['Caption']);
    const table = elements.find((element) => element.role === 'Table')!;
    const shape = (element: StructElement): unknown => [element.role, ...element.children.map(shape)];
    expect(shape(table)).toEqual(['Table', ['THead', ['TR', ['TH', ['P']], ['TH', ['P']]]], ['TBody', ['TR', ['TD', ['P']], ['TD', ['P']]]]]);
    expect(allElements([table]).filter((element) => element.role === 'TH').map((cell) => cell.scope)).toEqual(['Column', 'Column']);
    // The key points first, before any section: a box whose title is a heading under the title's H1, then its list.
    const keyPoints = elements.find((element) => element.role === 'Sect' && readAloud(element).startsWith('Key points'))!;
    expect(keyPoints.children.map((child) => child.role)).toEqual(['H2', 'L']);
    const outer = elements.find((element) => element.role === 'L' && readAloud(element).includes('First'))!;
    expect(outer.children).toHaveLength(2);
    expect(allElements(outer.children[0]!.children).some((element) => element.role === 'L')).toBe(true);
    expect(elements.find((element) => element.role === 'BlockQuote')!.children.map(readAloud)).toEqual(['Quoted advice.']);
    const links = elements.filter((element) => element.role === 'Link');
    expect(links.map((link) => link.alt)).toEqual(['https://medlineplus.gov/', 'https://www.ninds.nih.gov/']);
    expect(links.every((link) => link.objects > 0)).toBe(true);
  });
});

describe('a draft with untranslated segments', () => {
  it('tags each English stand-in with its language in a Spanish edition', async () => {
    const project = await tempProject({ 'content/care.md': topic(['## Care', '', 'Rest your face.'].join('\n'), { levels: '[plain]' }) });
    const result = await build(project, { languages: ['es'], formats: ['handout'], draft: true });
    const written = result.editions.flatMap((edition) => (edition.entry ? [edition.spec] : []));
    expect(written).toHaveLength(1);
    const { readdir } = await import('node:fs/promises');
    const [file] = (await readdir(path.join(project.outputDir, 'care'))).filter((name) => name.endsWith('.pdf'));
    const bytes = await readFile(path.join(project.outputDir, 'care', file!));
    expect(await checkPdfUa(bytes)).toEqual([]);
    const elements = allElements((await readTagged(bytes)).roots);
    const fromTopic = elements.filter((element) => ['Test topic', 'Care', 'Rest your face.'].includes(readAloud(element)));
    expect(fromTopic.map((element) => [element.role, element.lang])).toEqual([
      ['H1', 'en'],
      ['H2', 'en'],
      ['P', 'en'],
    ]);
  });
});

describe('the PDF/UA checker', () => {
  it('is described check by check in the README', async () => {
    const readme = await readFile('README.md', 'utf8');
    for (const check of PDFUA_CHECKS) expect(readme).toContain(`| \`${check.id}\` | ${check.matterhorn} | ${check.what} |`);
  });

  it('reads a title with "&" and "<" from well-formed XMP metadata, and as written from the document information', async () => {
    const project = await tempProject({ 'content/diet.md': topic('Eat well.', { levels: '[plain]', title: 'Diet & <exercise>' }) });
    await build(project, { languages: ['en'], formats: ['handout'] });
    const bytes = await readFile(path.join(project.outputDir, 'diet/diet.plain.en.handout.pdf'));
    expect(await checkPdfUa(bytes)).toEqual([]);
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Diet & <exercise>');
    const xmp = new TextDecoder().decode(decodePDFRawStream(pdf.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream).decode());
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Diet &amp; &lt;exercise&gt;</rdf:li>');
  });

  it('finds a heading level the topic skips (## then ####): the author must fix it', async () => {
    const project = await tempProject({ 'content/skips.md': topic(['## Care', '', 'Rest.', '', '#### Details', '', 'More rest.'].join('\n'), { levels: '[plain]' }) });
    await build(project, { languages: ['en'], formats: ['handout'] });
    const findings = await checkPdfUa(await readFile(path.join(project.outputDir, 'skips/skips.plain.en.handout.pdf')));
    expect(findings).toEqual([{ check: 'headings', message: 'H4 follows H2: a level is skipped' }]);
  });

  it("fails today's untagged editions: the print shop's imposed booklet, and a handout rendered untagged", async () => {
    const project = await tempProject({}, { withSamples: true });
    await build(project, { topics: [TOPIC], languages: ['en'], levels: ['plain'], formats: ['booklet-print'] });
    const imposedFile = path.join(project.outputDir, TOPIC, `${TOPIC}.plain.en.booklet-print.pdf`);
    const imposed = await checkPdfUa(await readFile(imposedFile));
    expect(imposed.map((finding) => finding.check)).toEqual(expect.arrayContaining(['marked', 'content-tagged', 'metadata']));
    // On the command line, beside the reader's booklet, which passes.
    await build(project, { topics: [TOPIC], languages: ['en'], levels: ['plain'], formats: ['booklet'] });
    const bookletFile = path.join(project.outputDir, TOPIC, `${TOPIC}.plain.en.booklet.pdf`);
    const cli = await handout(project.root, 'check-pdf', bookletFile, imposedFile);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`${bookletFile}: passes every PDF/UA-1 check\n`);
    expect(cli.stdout).toContain(`${imposedFile}: marked: MarkInfo Marked is not true: the PDF is not tagged\n`);
    process.env.HANDOUT_UNTAGGED = '1';
    try {
      await build(project, { topics: [TOPIC], languages: ['en'], levels: ['plain'], formats: ['handout'] });
    } finally {
      delete process.env.HANDOUT_UNTAGGED;
    }
    const untagged = await checkPdfUa(await readFile(path.join(project.outputDir, TOPIC, `${TOPIC}.plain.en.handout.pdf`)));
    expect(untagged.map((finding) => finding.check)).toEqual(expect.arrayContaining(['marked', 'content-tagged', 'metadata']));
  }, 120_000);
});

describe("the React-PDF internals the tagged render relies on (docs/accessibility.md: carrying the patch to a new version)", () => {
  it('are still there: the render step walks each node’s children with forEach and ends the document itself', async () => {
    const packageVersion = async (name: string) => (JSON.parse(await readFile(path.join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await packageVersion('@react-pdf/render')).toBe('4.7.0');
    expect(await packageVersion('@react-pdf/layout')).toBe('5.2.0');
    expect(await packageVersion('pdfkit')).toBe('0.20.1');
    const render = await readFile(path.join('node_modules/@react-pdf/render/lib/index.js'), 'utf8');
    for (const walk of ['children.forEach(renderChild)', 'pages.forEach((page) => renderNode(ctx, page, options))', 'ctx.end()', "ctx[method](left - slop.left"]) expect(render).toContain(walk);
  });
});

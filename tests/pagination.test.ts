import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import type { FormatName } from '../src/model/edition.ts';
import { normalizeForSearch, readPaths, readPdf, type PdfPage, type PdfTextItem } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

const CLINIC = 'Riverside Neurology Clinic';
const SAMPLE = 'recurrent-hemifacial-spasm';
const FORMATS = ['handout', 'large-print', 'booklet'] as const satisfies FormatName[];
type Format = (typeof FORMATS)[number];
/** Bottom margins of the one-column formats (src/formats/), where the footer sits. */
const BOTTOM_MARGIN: Record<Format, number> = { handout: 78, 'large-print': 112, booklet: 64 };

// FAQ boilerplate: every answer the same two-line paragraph, shorter than a heading's keep-with-next distance.
const ANSWER = 'Call the clinic if you have questions about this topic. Our nurses answer the phone on weekdays from eight to five, and a doctor on call can help you at night.';
const faq = Array.from({ length: 10 }, (_, index) => `## Question ${index + 1}: what should I do?\n\n${ANSWER}\n`).join('\n');
const sections = (count: number) => Array.from({ length: count }, (_, index) => `## Section ${index + 1}\n\nShort text number ${index + 1} of this section.\n`).join('\n');
const LONG_PARAGRAPH = 'Rest your face, take your medicine each day as your care team asked, and write down when the spasms come and how long they last. '.repeat(8);
const longSections = Array.from({ length: 6 }, (_, index) => `## Part ${index + 1}\n\n${LONG_PARAGRAPH}Part ${index + 1} ends here.\n`).join('\n');
// A warning box of many short lines: far taller than any page, yet under 600 characters (the old keep-together bound).
const longCallout = `## Before\n\n${'Filler line of text.\n\n'.repeat(10)}:::warning\n${Array.from({ length: 45 }, (_, index) => `- Sign ${index + 1}.`).join('\n')}\n:::\n\n## After\n\nMore text.\n`;

// A warning box of one paragraph that breaks across a page: the cue goes between its halves.
const calloutParagraph = `## Before\n\n${'Filler line of text.\n\n'.repeat(24)}:::warning\n${LONG_PARAGRAPH.repeat(2)}\n:::\n\n## After\n\nMore text.\n`;

const TOPICS = { faq, 'sections-20': sections(20), 'sections-200': sections(200), 'long-sections': longSections, 'long-callout': longCallout, 'callout-paragraph': calloutParagraph };
type TopicName = keyof typeof TOPICS | typeof SAMPLE;

/** Headings and box titles of a topic's source: none may end a page. */
function headingsOf(source: string): Set<string> {
  const headings = [...source.matchAll(/^#{1,6} (.+)$/gm), ...source.matchAll(/^:::\w+\[(.+)\]$/gm)].map((match) => match[1]!.trim());
  return new Set([...headings, 'When to get help', 'Questions to ask your care team']);
}

describe('pagination of the one-column formats', async () => {
  const project = await tempProject(Object.fromEntries(Object.entries(TOPICS).map(([name, body]) => [`content/${name}.md`, topic(body, { levels: '[plain]' })])), { withSamples: true });
  const result = await build(project, { languages: ['en'], levels: ['plain'], formats: [...FORMATS] });
  const editions = new Map<string, { pages: PdfPage[]; contentHash: string; bytes: Buffer }>();
  for (const edition of result.editions) {
    if (edition.error || !edition.entry) continue;
    const bytes = await readFile(path.join(project.outputDir, editionPath(edition.spec)));
    editions.set(`${edition.spec.topic} ${edition.spec.format}`, { pages: (await readPdf(bytes)).pages, contentHash: edition.entry.contentHash, bytes });
  }
  const pdfOf = (name: TopicName, format: Format) => editions.get(`${name} ${format}`)!;
  /** The pages of text: a booklet's last page is its back cover (contact details and QR code), not numbered. */
  const textPagesOf = (name: TopicName, format: Format) => {
    const { pages, contentHash } = pdfOf(name, format);
    return { pages: format === 'booklet' ? pages.slice(0, -1) : pages, contentHash };
  };
  const names: TopicName[] = [...(Object.keys(TOPICS) as TopicName[]), SAMPLE];
  const all = names.flatMap((name) => FORMATS.map((format) => ({ name, format })));
  const headings = new Map(await Promise.all(names.map(async (name) => [name, headingsOf(await readFile(path.join(project.contentDir, `${name}.md`), 'utf8'))] as const)));

  /** Page text in the flow: not the clinic's name (header), nor anything in the bottom margin (footer). */
  const bodyItems = (page: PdfPage, format: Format): PdfTextItem[] => page.items.filter((item) => item.str.trim() && item.y > BOTTOM_MARGIN[format] && item.str.trim() !== CLINIC);

  it('builds every edition', () => {
    expect(result.editions.filter((edition) => edition.error).map((edition) => `${edition.spec.topic} ${edition.spec.format}: ${edition.error}`)).toEqual([]);
    expect(editions.size).toBe(all.length);
  });

  it('puts the clinic header, the identity footer and "Page N of M" on every page', () => {
    for (const { name, format } of all) {
      const { pages, contentHash } = textPagesOf(name, format);
      pages.forEach((page, index) => {
        const where = `${name} ${format} page ${index + 1}`;
        // The header: the page's topmost text is the clinic's name.
        const top = page.items.filter((item) => item.str.trim()).reduce((highest, item) => (item.y > highest.y ? item : highest));
        expect(top.str.trim(), where).toBe(CLINIC);
        const footer = normalizeForSearch(page.items.filter((item) => item.y < BOTTOM_MARGIN[format]).map((item) => item.str).join(''));
        for (const part of [name, contentHash.slice(0, 12), CLINIC, `Page ${index + 1} of ${pages.length}`]) expect(footer, where).toContain(normalizeForSearch(part));
      });
    }
  });

  it('leaves no page without body text, and no heading or box title at the foot of a page', () => {
    for (const { name, format } of all) {
      textPagesOf(name, format).pages.forEach((page, index) => {
        const where = `${name} ${format} page ${index + 1}`;
        const body = bodyItems(page, format);
        expect(body.length, where).toBeGreaterThan(0);
        const lowest = Math.min(...body.map((item) => item.y));
        for (const item of body.filter((candidate) => Math.abs(candidate.y - lowest) < 1)) expect(headings.get(name)!.has(item.str.trim()), `${where}: "${item.str}"`).toBe(false);
      });
    }
  });

  it('flows short sections together: the FAQ fits in 3 handout pages, and every page but the last is filled', async () => {
    expect(pdfOf('faq', 'handout').pages.length).toBeLessThanOrEqual(3);
    expect(pdfOf('sections-20', 'handout').pages.length).toBeLessThanOrEqual(3);
    expect(pdfOf('sections-200', 'handout').pages.length).toBeLessThanOrEqual(25);
    for (const { name, format } of all.filter((edition) => edition.name !== SAMPLE)) {
      const { pages } = textPagesOf(name, format);
      const reach = (page: PdfPage) => Math.min(...bodyItems(page, format).map((item) => item.y));
      // The QR block is kept with the block before it: both go to the last page where the two do not fit
      // below the text of the page before. That page may end as far above the footer as the last page's
      // text and QR code (a drawing, not text) reach below its first line.
      const lastPage = pages.at(-1)!;
      const [drawn] = await readPaths(pdfOf(name, format).bytes, [pages.length]);
      const lowest = Math.min(reach(lastPage), ...drawn!.filter((box) => box.bottom > BOTTOM_MARGIN[format]).map((box) => box.bottom));
      const lastHolds = Math.max(...bodyItems(lastPage, format).map((item) => item.y + item.fontSize)) - lowest;
      pages.slice(0, -1).forEach((page, index) => {
        // Text ends within a fifth of the page height above the footer: what is left is less than the next section needs.
        const room = index === pages.length - 2 ? Math.max(page.height * 0.2, lastHolds) : page.height * 0.2;
        expect(reach(page) - BOTTOM_MARGIN[format], `${name} ${format} page ${index + 1}`).toBeLessThan(room);
      });
    }
  });

  it('prints every section once, in order', () => {
    for (const format of FORMATS) {
      const text = normalizeForSearch(pdfOf('sections-200', format).pages.map((page) => page.text).join(' '));
      let from = 0;
      for (let number = 1; number <= 200; number += 1) {
        const sentence = normalizeForSearch(`Short text number ${number} of this section.`);
        const index = text.indexOf(sentence, from);
        expect(index, `${format}: section ${number}`).toBeGreaterThanOrEqual(from);
        expect(text.indexOf(sentence, index + 1), `${format}: section ${number} twice`).toBe(-1);
        from = index;
      }
    }
  });

  it('breaks a box taller than a page across pages, every line once and none printed over another', () => {
    for (const format of FORMATS) {
      const { pages } = pdfOf('long-callout', format);
      const text = normalizeForSearch(pages.map((page) => page.text).join(' '));
      for (let number = 1; number <= 45; number += 1) expect(text.split(normalizeForSearch(`Sign ${number}.`)).length - 1, `${format}: sign ${number}`).toBe(1);
      for (const page of pages) {
        const lines = bodyItems(page, format).filter((item) => /^Sign \d+\.$/.test(item.str.trim()));
        for (const [index, line] of lines.entries()) {
          for (const other of lines.slice(index + 1)) expect(Math.abs(line.y - other.y), `${format}: "${line.str}" and "${other.str}"`).toBeGreaterThanOrEqual(line.fontSize);
        }
      }
    }
  });

  it('heads every page a box goes on to with its "(continued)" cue, and not the page where it begins', () => {
    for (const format of FORMATS) {
      const { pages } = textPagesOf('long-callout', format);
      const holding = pages.flatMap((page, index) => (bodyItems(page, format).some((item) => /^Sign \d+\.$/.test(item.str.trim())) ? [index] : []));
      // The box is taller than a page: it begins on one and goes on to at least one more.
      expect(holding.length, format).toBeGreaterThan(1);
      const [first, ...continued] = holding;
      expect(bodyItems(pages[first!]!, format).filter((item) => item.str.includes('(continued)')).length, `${format} page ${first! + 1}`).toBe(0);
      for (const pageIndex of continued) {
        const top = bodyItems(pages[pageIndex]!, format).reduce((highest, item) => (item.y > highest.y ? item : highest));
        expect(top.str.trim(), `${format} page ${pageIndex + 1}`).toBe('When to get help (continued)');
      }
      // A box whose one paragraph breaks across a page: the next page starts with the cue, and every word is printed.
      const paragraph = textPagesOf('callout-paragraph', format).pages;
      const begins = paragraph.findIndex((page) => bodyItems(page, format).some((item) => item.str.trim() === 'When to get help'));
      const next = bodyItems(paragraph[begins + 1]!, format).reduce((highest, item) => (item.y > highest.y ? item : highest));
      expect(next.str.trim(), `${format}: the page after the box begins`).toBe('When to get help (continued)');
    }
  });

  it('draws the parts of a split box a point over each other, so no hairline shows between them', async () => {
    let seams = 0;
    for (const format of FORMATS) {
      const { bytes, pages } = pdfOf('long-callout', format);
      const drawn = await readPaths(bytes, pages.map((_, index) => index + 1));
      drawn.forEach((boxes, index) => {
        // The box's background and its bar, part by part: fills as wide as the box or as the bar.
        for (const wide of [true, false]) {
          const fills = boxes.filter((box) => (wide ? box.right - box.left > 100 : box.right - box.left <= 6) && box.top - box.bottom > 4).sort((a, b) => b.top - a.top);
          fills.slice(1).forEach((fill, offset) => {
            const above = fills[offset]!;
            if (Math.abs(fill.left - above.left) > 0.1 || fill.top < above.bottom - 3) return;
            seams += 1;
            expect(fill.top - above.bottom, `${format} page ${index + 1}: parts meet at ${above.bottom.toFixed(2)}`).toBeGreaterThanOrEqual(0.5);
          });
        }
      });
    }
    expect(seams).toBeGreaterThan(0);
  });

  it('breaks a questions box across tri-fold panels (old pagination engine) with every question, and its title kept with the first', async () => {
    // Filler puts the box's start at a different height on the first panel in each topic. The box is
    // over 600 characters: the old templates broke it, and lost questions past a panel's foot.
    const fillers = [22, 23, 24, 25, 26, 27];
    const questions = Array.from({ length: 12 }, (_, index) => `${index + 1}. Question number ${index + 1} for the team about the next steps of my care?`).join('\n');
    const trifold = await tempProject(
      Object.fromEntries(fillers.map((count) => [`content/questions-${count}.md`, topic(`## Before\n\n${'Filler line of text for the panel.\n\n'.repeat(count)}:::questions\n${questions}\n:::\n`, { levels: '[plain]' })])),
    );
    const built = await build(trifold, { languages: ['en'], formats: ['trifold'] });
    expect(built.editions.map((edition) => edition.error)).toEqual(fillers.map(() => undefined));
    for (const edition of built.editions) {
      const pdf = await readPdf(await readFile(path.join(trifold.outputDir, editionPath(edition.spec))));
      const text = normalizeForSearch(pdf.pages.map((page) => page.text).join(' '));
      for (let number = 1; number <= 12; number += 1) expect(text.split(normalizeForSearch(`Question number ${number} for`)).length - 1, `${edition.spec.topic}: question ${number}`).toBe(1);
      for (const page of pdf.pages) {
        for (const panel of [0, 1, 2]) {
          const items = page.items.filter((item) => item.str.trim() && Math.floor(item.x / (page.width / 3)) === panel && item.y > 40);
          if (items.length === 0) continue;
          const lowest = items.reduce((low, item) => (item.y < low.y ? item : low));
          expect(lowest.str.trim(), `${edition.spec.topic}: panel ${panel}`).not.toBe('Questions to ask your care team');
        }
      }
    }
  });
});

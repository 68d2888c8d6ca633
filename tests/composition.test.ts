import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath, prepareEdition, type PreparedEdition } from '../src/index.ts';
import { bookletOrder } from '../src/formats/sheets/booklet-imposition.ts';
import type { Block, CalloutBlock } from '../src/model/document.ts';
import { BOX_TITLE } from '../src/model/edition.ts';
import { arabicRuns, normalizeForSearch, readPdf, type PdfPage, type PdfTextItem, type ReadPdf } from './helpers/pdf.ts';
import { tempProject } from './helpers/project.ts';
import { namesNumberToCall } from '../src/model/callouts.ts';
import { handoutLayout } from '../src/formats/handout.ts';

const PHONE = '(555) 010-0199';
const CLINIC = 'Riverside Neurology Clinic';
/** Bottom margins of the one-column formats (src/formats/): the footer is below, the text above. */
const BOTTOM_MARGIN: Record<string, number> = { handout: 78, 'large-print': 112, booklet: 64 };
const ONE_COLUMN = Object.keys(BOTTOM_MARGIN);

/** Warning boxes, by default those that end with the clinic's number: a box whose title names a number to call (Call 911) is for emergencies, and has none. */
function warningBoxes(blocks: Block[], counted: (box: CalloutBlock<never>) => boolean = (box) => !namesNumberToCall(box)): number {
  return blocks.reduce((count, block) => {
    if (block.type === 'callout') return count + (block.kind === 'warning' && counted(block) ? 1 : 0) + warningBoxes(block.children, counted);
    if (block.type === 'list') return count + block.items.reduce((sum, item) => sum + warningBoxes(item.children, counted), 0);
    if (block.type === 'blockquote') return count + warningBoxes(block.children, counted);
    return count;
  }, 0);
}

/** Readability guidance for patient materials: 50–75 characters a line. */
const MEASURE = 75;
const LIST_MARKER = /^(?:•|\d+\.)\s/u;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * The lines of body text on a page, as read back: items of the body size on one baseline, left to right,
 * a gap wider than the body size (a list's marker, a table's next cell) starting another line.
 */
function bodyLines(items: PdfTextItem[], bodySize: number): string[] {
  const baselines = new Map<number, PdfTextItem[]>();
  for (const item of items.filter((candidate) => Math.abs(candidate.fontSize - bodySize) < 0.3)) baselines.set(Math.round(item.y), [...(baselines.get(Math.round(item.y)) ?? []), item]);
  return [...baselines.values()].flatMap((baseline) => {
    const lines: PdfTextItem[][] = [];
    for (const item of baseline.sort((a, b) => a.x - b.x)) {
      const line = lines.at(-1);
      const end = line?.at(-1);
      if (line && end && item.x - (end.x + end.width) < bodySize) line.push(item);
      else lines.push([item]);
    }
    // pdfjs reads a list item's marker and its text as one item: the marker is not part of the line's text.
    return lines.map((line) => line.map((item) => item.str).join('').replace(/\s+/g, ' ').trim().replace(LIST_MARKER, '')).filter(Boolean);
  });
}

/** Most of the line's letters are Latin (English, Spanish, Haitian Creole, Vietnamese; a Latin line in another edition). */
const latinMostly = (line: string) => {
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && (line.match(/\p{Script=Latin}/gu)?.length ?? 0) > letters / 2;
};

const occurrences = (text: string, part: string) => normalizeForSearch(text).split(normalizeForSearch(part)).length - 1;

describe('every sample edition (all languages, levels and formats): the clinic’s phone where it is needed, and pages with real content', async () => {
  const project = await tempProject({}, { withSamples: true, configuredFormats: true });
  const result = await build(project, {});
  const editions = await Promise.all(
    result.editions
      .filter((edition) => !edition.error)
      .map(async (edition) => {
        const { prepared } = await prepareEdition(project, edition.spec);
        const file = path.join(project.outputDir, editionPath(edition.spec));
        const pdf = edition.spec.format === 'html' ? null : await readPdf(await readFile(file));
        const html = edition.spec.format === 'html' ? await readFile(file, 'utf8') : null;
        return { spec: edition.spec, name: `${edition.spec.language} ${edition.spec.level} ${edition.spec.format}`, prepared: prepared!, pdf, html };
      }),
  );
  const pdfs = editions.filter((edition): edition is (typeof editions)[number] & { pdf: ReadPdf } => edition.pdf !== null);
  const oneColumn = pdfs.filter((edition) => ONE_COLUMN.includes(edition.spec.format));

  /** What a page shows besides the furniture (footer, running header) and the QR block. */
  const bodyItems = (page: PdfPage, index: number, format: string, prepared: PreparedEdition): PdfTextItem[] => {
    const url = prepared.online!.url;
    const readOnline = normalizeForSearch(`${prepared.labels.readOnline}:`);
    return page.items.filter((item) => {
      const text = item.str.trim();
      if (!text || item.y < BOTTOM_MARGIN[format]!) return false;
      if (index > 0 && text === CLINIC) return false;
      return !url.includes(text.replace(/-$/, '')) && normalizeForSearch(text) !== readOnline;
    });
  };

  it('builds all 77 editions', () => {
    expect(result.editions.filter((edition) => edition.error).map((edition) => `${edition.spec.language} ${edition.spec.level} ${edition.spec.format}: ${edition.error}`)).toEqual([]);
    expect(editions).toHaveLength(77);
    expect(oneColumn).toHaveLength(42);
  });

  it('prints the phone on every page of every one-column edition, every sheet side of the printed booklet, and in the tri-fold', () => {
    for (const { name, spec, pdf } of pdfs) {
      if (spec.format === 'trifold') expect(occurrences(pdf.pages.map((page) => page.text).join(' '), PHONE), name).toBeGreaterThan(0);
      else pdf.pages.forEach((page, index) => expect(occurrences(page.text, PHONE), `${name} page ${index + 1}`).toBeGreaterThan(0));
    }
  });

  it('ends every warning box with "Call … at (555) 010-0199." in the edition’s language, in PDF and HTML', () => {
    for (const { name, prepared, pdf, html } of editions) {
      const call = prepared.labels.callClinic!;
      expect(normalizeForSearch(call), name).toContain(normalizeForSearch(PHONE));
      const boxes = warningBoxes(prepared.document.blocks);
      expect(boxes, name).toBeGreaterThan(0);
      // The sample's "Call 911 if you have" box is one of its warning boxes, and gets no clinic line.
      expect(warningBoxes(prepared.document.blocks, () => true), name).toBe(boxes + 1);
      if (html !== null) {
        expect(html.split('class="call-clinic"').length - 1, name).toBe(boxes);
        expect(html, name).toContain(`href="tel:5550100199"`);
      }
      if (pdf === null) continue;
      // Right to left, a line mixing Arabic with the clinic's name and number comes back in drawing order
      // (the tri-fold's narrow panel wraps the sentence, the name before "call"): each run of Arabic words counts.
      const text = pdf.pages.map((page) => page.text).join(' ');
      const parts = prepared.language.direction === 'rtl' ? arabicRuns(call) : [call];
      expect(parts.length, name).toBeGreaterThan(0);
      for (const part of parts) expect(occurrences(text, part), `${name}: "${part}"`).toBe(boxes);
    }
  });

  it('never ends a line inside the phone number, nor with a hyphen standing alone', () => {
    for (const { name, pdf } of pdfs) {
      pdf.pages.forEach((page, index) => {
        const lines = new Map<number, string>();
        for (const item of page.items) lines.set(Math.round(item.y), `${lines.get(Math.round(item.y)) ?? ''} ${item.str}`);
        for (const line of lines.values()) {
          if (/\(555\)|010-0199/.test(line)) expect(normalizeForSearch(line), `${name} page ${index + 1}: "${line}"`).toContain(normalizeForSearch(PHONE));
          // A break where a right-to-left line's bidi isolate meets the number printed a hyphen of its own: `على الرقم -`.
          expect(line, `${name} page ${index + 1}`).not.toMatch(/(^|\s)-(\s|$)/);
        }
      });
    }
  });

  it('leaves no page of a one-column edition holding only page furniture or the QR block', () => {
    for (const { name, spec, prepared, pdf } of oneColumn) {
      // A booklet's last page is its back cover: contact details and QR code, by design (below).
      const textPages = spec.format === 'booklet' ? pdf.pages.slice(0, -1) : pdf.pages;
      textPages.forEach((page, index) => expect(bodyItems(page, index, spec.format, prepared).length, `${name} page ${index + 1}`).toBeGreaterThan(0));
    }
  });

  it('keeps the QR block with text on the last page of every handout and large-print edition', () => {
    for (const { name, spec, prepared, pdf } of oneColumn.filter((edition) => edition.spec.format !== 'booklet')) {
      const last = pdf.pages.at(-1)!;
      expect(occurrences(last.text, prepared.labels.readOnline), name).toBe(1);
      expect(bodyItems(last, pdf.pages.length - 1, spec.format, prepared).length, name).toBeGreaterThan(0);
    }
  });

  it('heads a box that goes on to a new page with "(continued)" at the top of that page, and nowhere else', () => {
    let cues = 0;
    for (const { name, spec, prepared, pdf } of oneColumn) {
      const suffix = normalizeForSearch(prepared.labels.continued.replace(BOX_TITLE, '').trim());
      pdf.pages.forEach((page, index) => {
        const body = bodyItems(page, index, spec.format, prepared);
        for (const item of body.filter((candidate) => normalizeForSearch(candidate.str).endsWith(suffix))) {
          cues += 1;
          // The cue is the page's first text; a long title wraps it to a second line.
          expect(Math.max(...body.map((other) => other.y)) - item.y, `${name} page ${index + 1}: "${item.str}" starts the page`).toBeLessThan(item.fontSize * 1.6);
          // A box that moves whole to a new page begins there with its title, not a cue: a cue followed by the title was drawn.
          const title = normalizeForSearch(item.str).slice(0, -suffix.length);
          if (title) expect(body.filter((other) => normalizeForSearch(other.str) === title).map((other) => other.str), `${name} page ${index + 1}: a cue above its box's own title`).toEqual([]);
        }
      });
    }
    // The sample's boxes split in some editions (the English plain handout's warning box does): the check above has work to do.
    expect(cues).toBeGreaterThan(0);
  });

  it('sets the Latin body lines of every sample handout at most 75 characters long', () => {
    const handouts = pdfs.filter((edition) => edition.spec.format === 'handout');
    expect(handouts).toHaveLength(14);
    const measuredLatin = new Set<string>();
    const overlong: string[] = [];
    for (const { name, spec, pdf } of handouts) {
      const body = pdf.pages.flatMap((page) => bodyLines(page.items, handoutLayout.scale.body));
      const lines = body.filter(latinMostly);
      const lengths = lines.map((line) => [...graphemes.segment(line)].length);
      lines.forEach((line, index) => lengths[index]! > MEASURE && overlong.push(`${name}, ${lengths[index]} characters: "${line}"`));
      // An edition in a Latin script has full lines of running text, near the measure: the lines read back are its body.
      if (lines.length > body.length / 2 && lines.length > 50) {
        expect(Math.max(...lengths), name).toBeGreaterThan(60);
        measuredLatin.add(spec.language);
      }
    }
    expect(overlong).toEqual([]);
    expect([...measuredLatin].sort()).toEqual(['en', 'es', 'ht', 'vi']);
  });

  it('gives every booklet a back cover with the contact details and QR code, and puts the printed booklet’s blank pages before it', () => {
    const booklets = pdfs.filter((edition) => edition.spec.format === 'booklet');
    expect(booklets).toHaveLength(14);
    for (const { name, spec, prepared, pdf } of booklets) {
      const contact = [prepared.labels.contactUs, CLINIC, PHONE, '200 River Road, Springfield', prepared.labels.readOnline];
      for (const part of contact) expect(occurrences(pdf.pages.at(-1)!.text, part), `${name} back cover: ${part}`).toBeGreaterThan(0);
      const printed = pdfs.find((edition) => edition.spec.format === 'booklet-print' && edition.spec.language === spec.language && edition.spec.level === spec.level)!;
      const padded = printed.pdf.pages.length * 2;
      expect(padded, name).toBe(Math.ceil(pdf.pages.length / 4) * 4);
      // Right-to-left booklets are bound on the right: each sheet side's halves swap.
      const rtl = prepared.language.direction === 'rtl';
      const half = (page: PdfPage, side: 0 | 1) => page.items.filter((item) => item.str.trim() && (item.x < page.width / 2 ? 0 : 1) === (rtl ? 1 - side : side)).map((item) => item.str).join(' ');
      bookletOrder(padded).forEach((positions, index) => {
        positions.forEach((position, side) => {
          const text = half(printed.pdf.pages[index]!, side as 0 | 1);
          if (position === padded) for (const part of contact) expect(occurrences(text, part), `${name} printed back cover: ${part}`).toBeGreaterThan(0);
          else if (position >= pdf.pages.length) expect(text, `${name} printed page ${position} is blank`).toBe('');
          else expect(occurrences(text, PHONE), `${name} printed page ${position}`).toBeGreaterThan(0);
        });
      });
    }
  });
});

import { createElement, type FunctionComponent } from 'react';
import { PDFDocument, rgb, type PDFEmbeddedPage, type PDFPage } from 'pdf-lib';
import type { FormatName } from '../config/index.ts';
import { BookletPages, Handout, LargePrint, PANEL_SIZES, TrifoldPanels, TRIFOLD_BODY_SIZE, type TemplateProps } from '../../templates/index.ts';
import { lowestTextFraction } from './measure.ts';
import { renderPdf } from './render.ts';

export interface RenderedFormat {
  bytes: Buffer;
  /** Things the reader of the build log should know (e.g. a smaller font to fit). */
  notes: string[];
}

/** A tri-fold's content panels: the three inside panels and the inside flap. */
const CONTENT_PANELS = 4;
/** Body sizes a tri-fold may step down through to fit; never below 11 pt. */
const TRIFOLD_STEPS = [TRIFOLD_BODY_SIZE, 11.5, 11];

/** Landscape sheets the booklet and the tri-fold are printed on, in points. */
const SHEETS = { LETTER: [792, 612], A4: [841.89, 595.28] } as const;

/** The edition cannot be made in this format without losing content. */
class FitError extends Error {}

export interface FormatOptions {
  /** Plainer (shorter) levels the topic also has, to suggest when a tri-fold overflows. */
  plainerLevels: string[];
}

export async function renderFormat(format: FormatName, props: TemplateProps, options: FormatOptions): Promise<RenderedFormat> {
  const simple = (component: FunctionComponent<TemplateProps>) => renderPdf(createElement(component, props), props.typography.fontFamily);
  switch (format) {
    case 'handout':
      return { bytes: await simple(Handout), notes: [] };
    case 'large-print':
      return { bytes: await simple(LargePrint), notes: [] };
    case 'booklet':
      return { bytes: await simple(BookletPages), notes: [] };
    case 'booklet-print':
      return { bytes: await imposeBooklet(await simple(BookletPages), props), notes: [] };
    case 'trifold':
      return renderTrifold(props, options);
  }
}

/** The PDF metadata of the edition, set again on sheets pdf-lib puts together. */
function copyMetadata(target: PDFDocument, source: PDFDocument, props: TemplateProps): void {
  target.setTitle(source.getTitle() ?? '');
  target.setAuthor(source.getAuthor() ?? '');
  target.setSubject(source.getSubject() ?? '');
  target.setKeywords([source.getKeywords() ?? '']);
  target.setCreator(props.creator);
  target.setProducer(props.creator);
  target.setCreationDate(props.creationDate);
  target.setModificationDate(props.creationDate);
  target.setLanguage(props.identity.language);
}

function foldMark(page: PDFPage, x: number): void {
  const { height } = page.getSize();
  for (const [from, to] of [
    [0, 12],
    [height - 12, height],
  ] as const) {
    page.drawLine({ start: { x, y: from }, end: { x, y: to }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
  }
}

async function save(document: PDFDocument): Promise<Buffer> {
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * The printer's booklet: the pages two-up on landscape sheets in saddle-stitch
 * order, with blank pages added to a multiple of four. Print double-sided,
 * flipped on the short edge, fold in the middle and staple.
 */
export async function imposeBooklet(readerEdition: Buffer, props: TemplateProps): Promise<Buffer> {
  const source = await PDFDocument.load(readerEdition, { updateMetadata: false });
  const output = await PDFDocument.create({ updateMetadata: false });
  const pages = await output.embedPages(source.getPages());
  const count = Math.ceil(pages.length / 4) * 4;
  const [width, height] = SHEETS[props.paper];
  // Right-to-left booklets are bound on the right: the halves swap.
  const rtl = props.typography.direction === 'rtl';
  const place = (sheet: PDFPage, page: PDFEmbeddedPage | undefined, half: 0 | 1) => {
    if (!page) return;
    const x = (rtl ? 1 - half : half) * (width / 2) + (width / 2 - page.width) / 2;
    sheet.drawPage(page, { x, y: (height - page.height) / 2 });
  };
  for (const [left, right] of bookletOrder(count)) {
    const sheet = output.addPage([width, height]);
    place(sheet, pages[left - 1], 0);
    place(sheet, pages[right - 1], 1);
    foldMark(sheet, width / 2);
  }
  copyMetadata(output, source, props);
  return save(output);
}

/** Page numbers (1-based) on the left and right of each sheet side, front then back: for 8 pages, [8,1], [2,7], [6,3], [4,5]. */
export function bookletOrder(pageCount: number): [number, number][] {
  const sides: [number, number][] = [];
  for (let sheet = 0; sheet < pageCount / 4; sheet += 1) {
    sides.push([pageCount - 2 * sheet, 1 + 2 * sheet]);
    sides.push([2 + 2 * sheet, pageCount - 1 - 2 * sheet]);
  }
  return sides;
}

/**
 * Lays the content out on panel-sized pages, stepping the body size down to
 * 11 pt at most, and refuses the edition when it still needs more than the
 * four content panels: React-PDF would clip a fixed panel without a word.
 */
async function renderTrifold(props: TemplateProps, options: FormatOptions): Promise<RenderedFormat> {
  let attempt: { bytes: Buffer; panels: PDFDocument } | undefined;
  for (const bodySize of TRIFOLD_STEPS) {
    const bytes = await renderPdf(createElement(TrifoldPanels, { ...props, bodySize }), props.typography.fontFamily);
    const panels = await PDFDocument.load(bytes, { updateMetadata: false });
    attempt = { bytes, panels };
    if (panels.getPageCount() - 2 <= CONTENT_PANELS) {
      const notes = bodySize < TRIFOLD_BODY_SIZE ? [`body text set at ${bodySize} pt instead of ${TRIFOLD_BODY_SIZE} pt to fit the tri-fold panels`] : [];
      return { bytes: await composeTrifold(panels, props), notes };
    }
  }
  const contentPanels = attempt!.panels.getPageCount() - 2;
  const lastFill = await lowestTextFraction(attempt!.bytes, attempt!.panels.getPageCount());
  const needed = contentPanels - 1 + lastFill;
  const over = needed - CONTENT_PANELS;
  const plainer = options.plainerLevels.length > 0 ? `build the ${options.plainerLevels.map((level) => `"${level}"`).join(' or ')} level as a tri-fold, ` : '';
  throw new FitError(
    `does not fit the tri-fold: at ${TRIFOLD_STEPS.at(-1)} pt its content needs ${needed.toFixed(1)} panels and a tri-fold has ${CONTENT_PANELS}, ` +
      `${over.toFixed(1)} panels (${Math.round((over / CONTENT_PANELS) * 100)}%) too much. Shorten this level's text, ${plainer}or use the handout or booklet format`,
  );
}

/**
 * Places the panels on the two sides of a landscape sheet for a letter fold.
 * Outside, left to right: inside flap, back panel, front cover; inside: the
 * first three content panels. Printed double-sided flipped on the short edge,
 * each panel lands behind the right one. Right-to-left editions open the other way.
 */
async function composeTrifold(panels: PDFDocument, props: TemplateProps): Promise<Buffer> {
  const output = await PDFDocument.create({ updateMetadata: false });
  const [cover, back, ...content] = await output.embedPages(panels.getPages());
  const [width, height] = SHEETS[props.paper];
  const panelWidth = PANEL_SIZES[props.paper][0];
  const rtl = props.typography.direction === 'rtl';
  const side = (order: (PDFEmbeddedPage | undefined)[]) => {
    const sheet = output.addPage([width, height]);
    (rtl ? [...order].reverse() : order).forEach((panel, index) => {
      if (panel) sheet.drawPage(panel, { x: index * panelWidth, y: 0 });
    });
    foldMark(sheet, panelWidth);
    foldMark(sheet, panelWidth * 2);
  };
  side([content[3], back, cover]);
  side([content[0], content[1], content[2]]);
  copyMetadata(output, panels, props);
  return save(output);
}

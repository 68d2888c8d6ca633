import { PDFDocument, rgb, type PDFEmbeddedPage, type PDFPage } from 'pdf-lib';
import { PANEL_PAGES, type TrifoldGeometry } from '../../../templates/trifold/Trifold.tsx';
import type { EditionProps } from '../../../templates/types.ts';
import { copyMetadata, save, type Composed } from './sheet.ts';

/** Crop and fold marks of print-shop output: this long, starting the bleed's distance from the trim, so none reaches into the bleed. */
const MARK_LENGTH = 18;
/** Fold marks of office output, just inside the printable area. */
const OFFICE_FOLD_MARK = 8;
const MARK_GREY = rgb(0.6, 0.6, 0.6);
const REGISTRATION = rgb(0, 0, 0);

/**
 * Places the panels on the two sides of a landscape sheet for a letter fold.
 * Outside, left to right: inside flap (the fourth content panel), back panel,
 * front cover; inside: the first three content panels. Printed double-sided
 * flipped on the short edge, each panel lands behind the right one: the
 * inside flap behind the third inside panel, the tuck-in panel, which is
 * narrower (geometry.tuckIn). Right-to-left editions open the other way.
 * With a bleed (print-shop output) the sheet is the trim box of a larger page
 * with the cover's colour bleeding past it, crop marks and fold marks outside it.
 */
export async function composeTrifold(panelsPdf: Buffer, geometry: TrifoldGeometry, props: EditionProps): Promise<Composed> {
  const panels = await PDFDocument.load(panelsPdf, { updateMetadata: false });
  const output = await PDFDocument.create({ updateMetadata: false });
  const pages = await output.embedPages(panels.getPages());
  const cover = pages[PANEL_PAGES.cover];
  const back = pages[PANEL_PAGES.back];
  const content = pages.slice(PANEL_PAGES.firstContent);
  const { sheet: [width, height], panel, tuckIn, bleed, printableMargin } = geometry;
  // Print-shop output: room around the trim for the bleed and the marks beyond it.
  const slug = bleed > 0 ? bleed + MARK_LENGTH : 0;
  const rtl = props.typography.direction === 'rtl';
  const side = (order: { page: PDFEmbeddedPage | undefined; width: number }[]) => {
    const sheet = output.addPage([width + 2 * slug, height + 2 * slug]);
    const placed = rtl ? [...order].reverse() : order;
    let x = 0;
    placed.forEach(({ page, width: panelWidth }, index) => {
      if (page) {
        // Against the sheet's edge on the outer panels, centred on the middle one. The cover with a bleed is taller than the sheet and runs past its edge.
        const overhang = page.height > height ? bleed : 0;
        const left = index === 0 ? x - overhang : index === placed.length - 1 ? x + panelWidth + overhang - page.width : x + (panelWidth - page.width) / 2;
        sheet.drawPage(page, { x: slug + left, y: slug + (height - page.height) / 2 });
      }
      x += panelWidth;
    });
    const folds = placed.slice(0, -1).map((_, index) => placed.slice(0, index + 1).reduce((sum, panel) => sum + panel.width, 0));
    // Outside the bleed for a print shop (trimmed off); just inside the printable area for an office printer.
    const [near, far] = bleed > 0 ? [-bleed - MARK_LENGTH, -bleed] : [printableMargin, printableMargin + OFFICE_FOLD_MARK];
    for (const fold of folds) {
      foldMarks(sheet, slug + fold, [
        [slug + near, slug + far],
        [slug + height - far, slug + height - near],
      ]);
    }
    if (bleed > 0) printShopBoxes(sheet, slug, width, height, bleed);
  };
  side([
    { page: content[3], width: tuckIn },
    { page: back, width: panel },
    { page: cover, width: panel },
  ]);
  side([
    { page: content[0], width: panel },
    { page: content[1], width: panel },
    { page: content[2], width: tuckIn },
  ]);
  copyMetadata(output, panels, props);
  return save(output);
}

/** Short grey marks where the sheet folds, at `x` from `from` to `to` on the page. */
function foldMarks(page: PDFPage, x: number, spans: [number, number][]): void {
  for (const [from, to] of spans) page.drawLine({ start: { x, y: from }, end: { x, y: to }, thickness: 0.5, color: MARK_GREY });
}

/** Crop marks at the trim's corners, outside the bleed, and the page's TrimBox and BleedBox, which print-shop software reads. */
function printShopBoxes(page: PDFPage, slug: number, width: number, height: number, bleed: number): void {
  for (const x of [slug, slug + width]) {
    for (const y of [slug, slug + height]) {
      const outX = x === slug ? -1 : 1;
      const outY = y === slug ? -1 : 1;
      page.drawLine({ start: { x: x + outX * bleed, y }, end: { x: x + outX * (bleed + MARK_LENGTH), y }, thickness: 0.25, color: REGISTRATION });
      page.drawLine({ start: { x, y: y + outY * bleed }, end: { x, y: y + outY * (bleed + MARK_LENGTH) }, thickness: 0.25, color: REGISTRATION });
    }
  }
  page.setTrimBox(slug, slug, width, height);
  page.setBleedBox(slug - bleed, slug - bleed, width + 2 * bleed, height + 2 * bleed);
}

import { PDFDocument, type PDFEmbeddedPage, type PDFPage } from 'pdf-lib';
import type { EditionProps } from '../../../templates/types.ts';
import { copyMetadata, foldMark, save, type Composed } from './sheet.ts';
import { SHEETS } from './sizes.ts';

/**
 * The printer's booklet: the pages two-up on landscape sheets in saddle-stitch
 * order, with blank pages added to a multiple of four before the last page,
 * the back cover, which stays on the outside. Print double-sided, flipped on
 * the short edge, fold in the middle and staple.
 */
export async function imposeBooklet(readerEdition: Buffer, props: EditionProps): Promise<Composed> {
  const source = await PDFDocument.load(readerEdition, { updateMetadata: false });
  const output = await PDFDocument.create({ updateMetadata: false });
  const embedded = await output.embedPages(source.getPages());
  const count = Math.ceil(embedded.length / 4) * 4;
  const backCover = embedded.at(-1);
  // Positions in the booklet: the text's pages, the blanks, then the back cover.
  const pages: (PDFEmbeddedPage | undefined)[] = [...embedded.slice(0, -1), ...Array<undefined>(count - embedded.length), backCover];
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

import { PDFDocument, type PDFEmbeddedPage } from 'pdf-lib';
import { PANEL_PAGES } from '../../../templates/trifold/Trifold.tsx';
import type { EditionProps } from '../../../templates/types.ts';
import { copyMetadata, foldMark, save, SHEETS } from './sheet.ts';

/**
 * Places the panels on the two sides of a landscape sheet for a letter fold.
 * Outside, left to right: inside flap (the fourth content panel), back panel,
 * front cover; inside: the first three content panels. Printed double-sided
 * flipped on the short edge, each panel lands behind the right one.
 * Right-to-left editions open the other way.
 */
export async function composeTrifold(panelsPdf: Buffer, panelWidth: number, props: EditionProps): Promise<Buffer> {
  const panels = await PDFDocument.load(panelsPdf, { updateMetadata: false });
  const output = await PDFDocument.create({ updateMetadata: false });
  const pages = await output.embedPages(panels.getPages());
  const cover = pages[PANEL_PAGES.cover];
  const back = pages[PANEL_PAGES.back];
  const content = pages.slice(PANEL_PAGES.firstContent);
  const [width, height] = SHEETS[props.paper];
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

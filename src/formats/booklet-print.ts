import { bookletPages } from './booklet.ts';
import { PRINTED_PDF, type FormatDefinition } from './types.ts';

export const bookletPrint: FormatDefinition = {
  name: 'booklet-print',
  summary:
    "the printer's edition: the booklet's pages two-up on landscape sheets in saddle-stitch order, blank pages added to a multiple of four before the back cover. Print double-sided, flipped on the short edge, fold and staple",
  medium: 'Letter or A4 landscape',
  // pdf-lib, which places the pages on sheets, would drop structure tags anyway.
  ...PRINTED_PDF,
  // The booklet, then its pages placed on sheets.
  renderCost: 1.7,
  async write(input, engine) {
    const { imposeBooklet } = await import('./sheets/booklet-imposition.ts');
    const { bytes, notes } = await bookletPages('booklet-print', input, engine);
    return { ...(await imposeBooklet(bytes, input.props)), notes };
  },
};

import { renderOneColumn, type OneColumnOutput } from './one-column.ts';
import { PRINTED_PDF, type FormatDefinition, type PdfEngine, type RenderOptions, type WriterInput } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

/** Half-Letter and A5 pages, in points. */
const bookletLayout: PageLayout & TableFloor = {
  name: 'booklet',
  pageSize: { LETTER: [396, 612], A4: [419.53, 595.28] },
  scale: { body: 12, lineHeight: 1.4, headings: [17, 15, 13.5], title: 20, summary: 13, small: 12, footer: 7, margin: { top: 32, bottom: 64, side: 34 }, spacing: 0.9 },
  tableFloor: 10.5,
  italics: true,
  blackText: false,
  qrSize: 72,
  backCover: true,
};

/** The booklet's pages in reading order: the reader's edition, and the printer's before imposition. */
export function bookletPages(format: string, input: WriterInput, engine: PdfEngine, options: RenderOptions = {}): Promise<OneColumnOutput> {
  return renderOneColumn(format, bookletLayout, input, engine, options);
}

export const booklet: FormatDefinition = {
  name: 'booklet',
  summary: "the reader's edition of a booklet, pages in order, for email; its last page is a back cover with the clinic's contact details and the QR code",
  medium: 'half-Letter (5.5 × 8.5 in) or A5',
  ...PRINTED_PDF,
  tagged: true,
  linkedOnline: true,
  renderCost: 1.2,
  async write(input, engine) {
    return bookletPages('booklet', input, engine, { tagged: true });
  },
};

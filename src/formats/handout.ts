import { renderOneColumn } from './one-column.ts';
import { PRINTED_PDF, type FormatDefinition } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

export const handoutLayout: PageLayout & TableFloor = {
  name: 'handout',
  pageSize: { LETTER: 'LETTER', A4: 'A4' },
  scale: { body: 12.5, lineHeight: 1.45, headings: [20, 17, 14.5], title: 24, summary: 14, small: 12, footer: 8.5, margin: { top: 46, bottom: 78, side: 56 }, spacing: 1 },
  tableFloor: 10.5,
  italics: true,
  blackText: false,
  qrSize: 72,
};

export const handout: FormatDefinition = {
  name: 'handout',
  summary: "one column; header with the clinic's logo, name, phone and address, footer with its name and phone on every page",
  medium: 'Letter or A4',
  ...PRINTED_PDF,
  tagged: true,
  linkedOnline: true,
  renderCost: 1,
  async write(input, engine) {
    return renderOneColumn('handout', handoutLayout, input, engine, { tagged: true });
  },
};

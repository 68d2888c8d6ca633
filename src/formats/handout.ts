import { renderOneColumn } from './one-column.ts';
import { PRINTED_PDF, type FormatDefinition } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

// 14 pt between 1.2 in side margins: lines of at most 75 characters (they ran to 95 at 12.5 pt between 0.78 in), larger type for older readers.
export const handoutLayout: PageLayout & TableFloor = {
  name: 'handout',
  pageSize: { LETTER: 'LETTER', A4: 'A4' },
  scale: { body: 14, lineHeight: 1.45, headings: [22, 18, 15.5], title: 26, summary: 15.5, small: 12, footer: 8.5, margin: { top: 46, bottom: 78, side: 86 }, spacing: 1 },
  tableFloor: 10.5,
  italics: true,
  blackText: false,
  qrSize: 72,
};

export const handout: FormatDefinition = {
  name: 'handout',
  summary: "one column, body 14 pt on a 6.1 in measure (at most 75 characters a line, as readability guidance for patient materials asks); header with the clinic's logo, name, phone and address, footer with its name and phone on every page",
  medium: 'Letter or A4',
  ...PRINTED_PDF,
  tagged: true,
  linkedOnline: true,
  renderCost: 1,
  async write(input, engine) {
    return renderOneColumn('handout', handoutLayout, input, engine, { tagged: true });
  },
};

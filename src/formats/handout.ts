import { renderOneColumn } from './one-column.ts';
import { PRINTED_PDF, type FormatDefinition } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

// Body 13 pt between 1⅓ in side margins: Latin lines of at most 75 characters, as readability guidance for patient materials
// asks (at 12.5 pt between 0.78 in they ran to 89); the leading a little tighter (1.4) for the shorter lines. The header and
// footer keep the 0.78 in margins: the clinic's address and the edition's identity each stay on one line.
export const handoutLayout: PageLayout & TableFloor = {
  name: 'handout',
  pageSize: { LETTER: 'LETTER', A4: 'A4' },
  scale: { body: 13, lineHeight: 1.4, headings: [20, 17, 15], title: 24, summary: 14.5, small: 12, footer: 8.5, margin: { top: 46, bottom: 78, side: 96, furniture: 56 }, spacing: 1 },
  tableFloor: 10.5,
  italics: true,
  blackText: false,
  qrSize: 72,
};

export const handout: FormatDefinition = {
  name: 'handout',
  summary: "one column, body 13 pt between 1⅓ in side margins (Latin lines of at most 75 characters, as readability guidance for patient materials asks); header with the clinic's logo, name, phone and address, footer with its name and phone on every page, both wider than the text (0.78 in margins)",
  medium: 'Letter or A4',
  ...PRINTED_PDF,
  tagged: true,
  linkedOnline: true,
  renderCost: 1,
  async write(input, engine) {
    return renderOneColumn('handout', handoutLayout, input, engine, { tagged: true });
  },
};

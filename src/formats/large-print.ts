import { renderOneColumn } from './one-column.ts';
import type { FormatDefinition } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

// Follows the APH/RNIB guidance: body ≥ 18 pt, headings larger still, black text.
const largePrintLayout: PageLayout & TableFloor = {
  name: 'large-print',
  pageSize: { LETTER: 'LETTER', A4: 'A4' },
  scale: { body: 18, lineHeight: 1.5, headings: [28, 24, 22], title: 30, summary: 20, small: 18, footer: 12, margin: { top: 46, bottom: 112, side: 54 }, spacing: 1 },
  // Tables too: a low-vision reader cannot read them smaller.
  tableFloor: 18,
  italics: false,
  blackText: true,
  qrSize: 96,
};

export const largePrint: FormatDefinition = {
  name: 'large-print',
  summary:
    'for low-vision readers: body 18 pt, headings 22–28 pt, Atkinson Hyperlegible (where it has every letter of the language; the language\'s fonts otherwise), black text, left-aligned, no italics (emphasis is bold), no hyphenation, under 70 characters a line',
  medium: 'Letter or A4',
  extension: 'pdf',
  // Designed by the Braille Institute for low-vision readers; words mixing two fonts read worse, so only where it has every letter.
  leadFont: 'Atkinson Hyperlegible',
  hyphenation: false,
  suits: 'every level',
  tagged: true,
  linkedOnline: true,
  // More pages than a handout, fewer words on each.
  renderCost: 1.2,
  async write(input, engine) {
    return renderOneColumn('large-print', largePrintLayout, input, engine, { tagged: true });
  },
};

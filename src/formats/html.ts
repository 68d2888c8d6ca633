import type { FormatDefinition } from './types.ts';

export const html: FormatDefinition = {
  name: 'html',
  summary:
    "the online edition: one self-contained, accessible web page (landmarks, one h1, headings in order, lists, tables with header cells, callouts as asides, alt text, a skip link, links to its handout, large-print and booklet PDFs, a print stylesheet; no JavaScript; the reader's own fonts), reflowing from 320 px wide; published with index pages in output/site/ at the clinic's onlineUrl (see The online edition)",
  medium: 'a screen: phones, screen readers, magnifiers',
  extension: 'html',
  leadFont: null,
  hyphenation: false,
  suits: 'every level',
  // Its structure is in the HTML itself: headings, lists, tables and landmarks a screen reader can walk.
  tagged: true,
  linkedOnline: false,
  // No layout, no fonts: a string.
  renderCost: 0.05,
  async write({ props }) {
    const { renderHtmlEdition } = await import('../../templates/html/HtmlEdition.tsx');
    const { document, identity, labels, clinic, online, creator, typography } = props;
    const page = renderHtmlEdition({ document, identity, labels, clinic, online, creator, direction: typography.direction });
    return { bytes: Buffer.from(page, 'utf8'), pages: null, notes: [] };
  },
};

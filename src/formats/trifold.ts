import { createElement } from 'react';
import { checkLayout, editionSegments } from './layout-check.ts';
import { FitError, type FormatDefinition, type LaidOutNode } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';

/** One panel of a tri-fold on Letter or A4 landscape (a third of the sheet), in points. */
const trifoldLayout: PageLayout & TableFloor = {
  name: 'trifold',
  pageSize: { LETTER: [264, 612], A4: [280.63, 595.28] },
  scale: { body: 12, lineHeight: 1.3, headings: [15, 14, 13], title: 22, summary: 13, small: 11, footer: 7.5, margin: { top: 22, bottom: 20, side: 18 }, spacing: 0.55 },
  tableFloor: 10.5,
  italics: true,
  blackText: false,
  qrSize: 120,
};

/** A tri-fold's content panels: the three inside panels and the inside flap. */
const CONTENT_PANELS = 4;
/** Body sizes a tri-fold may step down through to fit; never below 11 pt. */
const BODY_STEPS = [trifoldLayout.scale.body, 11.5, 11];

export const trifold: FormatDefinition = {
  name: 'trifold',
  summary:
    'a letter-fold brochure, two sides of three panels. Outside, left to right: inside flap, back panel (clinic contact details, QR code, edition identity), front cover (logo, clinic, title, summary, the key points of a :::summary box, unreviewed-translation notice). Inside: the content, flowing over the three panels and on to the inside flap. Print double-sided, flipped on the short edge; short fold marks at the sheet\'s edges',
  medium: 'Letter or A4 landscape',
  extension: 'pdf',
  leadFont: null,
  hyphenation: true,
  suits: 'the plainest level',
  tagged: false,
  // Printed double-sided and folded: a print-shop job more than one for a home printer.
  linkedOnline: false,
  // As a handout when it fits at once; laid out again at each smaller body size when not, then composed on sheets.
  renderCost: 1.5,
  /**
   * Lays the content out on panel-sized pages, stepping the body size down to
   * 11 pt at most, and refuses the edition when it still needs more than the
   * four content panels: React-PDF would clip a fixed panel without a word.
   */
  async write({ props, plainerLevels }, engine) {
    const [{ TrifoldPanels, PANEL_PAGES, COVER_PAGE }, { composeTrifold }] = await Promise.all([import('../../templates/trifold/Trifold.tsx'), import('./sheets/trifold-sheet.ts')]);
    let pages: LaidOutNode[] = [];
    let coverFits = true;
    const printed = editionSegments(props.document);
    const coverOnOnePage = (laidOut: LaidOutNode[]) => laidOut.filter((page) => page.props?.[COVER_PAGE]).length === 1;
    // A size that does not fit is only laid out, never drawn.
    const fits = (laidOut: LaidOutNode[]) => coverOnOnePage(laidOut) && laidOut.length - PANEL_PAGES.firstContent <= CONTENT_PANELS;
    for (const bodySize of BODY_STEPS) {
      const rendered = await engine.renderPdf((onRender) => createElement(TrifoldPanels, { ...props, layout: trifoldLayout, bodySize, onRender }), props.typography.fontFamily, { accept: fits });
      pages = rendered.pages;
      // The key points on the cover are body text too: a cover carried over to a second page may fit at a smaller size.
      coverFits = coverOnOnePage(pages);
      if (!coverFits) continue;
      // Checked at every size: a table too wide for a panel is refused as that, not as too much text.
      const layoutNotes = checkLayout(pages, printed, 'trifold');
      if (rendered.bytes) {
        const notes = bodySize < BODY_STEPS[0]! ? [`body text set at ${bodySize} pt instead of ${BODY_STEPS[0]} pt to fit the tri-fold panels`] : [];
        const panelWidth = (trifoldLayout.pageSize[props.paper] as readonly [number, number])[0];
        return { bytes: await composeTrifold(rendered.bytes, panelWidth, props), notes: [...layoutNotes, ...notes] };
      }
    }
    if (!coverFits) {
      throw new FitError(`the front cover's text does not fit its panel at ${BODY_STEPS.at(-1)} pt: shorten the title, the summary or the key points (:::summary), or use the handout or booklet format`);
    }
    const contentPanels = pages.length - PANEL_PAGES.firstContent;
    const needed = contentPanels - 1 + lowestTextFraction(pages.at(-1)!);
    const over = needed - CONTENT_PANELS;
    const plainer = plainerLevels.length > 0 ? `build the ${plainerLevels.map((level) => `"${level}"`).join(' or ')} level as a tri-fold, ` : '';
    throw new FitError(
      `does not fit the tri-fold: at ${BODY_STEPS.at(-1)} pt its content needs ${needed.toFixed(1)} panels and a tri-fold has ${CONTENT_PANELS}, ` +
        `${over.toFixed(1)} panels (${Math.round((over / CONTENT_PANELS) * 100)}%) too much. Shorten this level's text, ${plainer}or use the handout or booklet format`,
    );
  },
};

/** How far down a laid-out page its text reaches, as a fraction of the page height (0–1). */
function lowestTextFraction(page: LaidOutNode): number {
  const height = page.box?.height ?? 1;
  let lowest = 0;
  const visit = (node: LaidOutNode) => {
    if (node.type === 'TEXT' && node.box) lowest = Math.max(lowest, node.box.top + node.box.height);
    node.children?.forEach(visit);
  };
  visit(page);
  return Math.min(1, Math.max(0, lowest / height));
}

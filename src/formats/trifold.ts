import { createElement } from 'react';
import { checkLayout, editionSegments, segmentExcerpt } from './layout-check.ts';
import { SHEETS } from './sheets/sizes.ts';
import { walkSegments } from '../model/walk.ts';
import { boxIdOf } from '../model/callouts.ts';
import { FitError, type FormatDefinition, type LaidOutNode } from './types.ts';
import type { PageLayout } from '../../templates/types.ts';
import type { PrintSettings } from '../model/edition.ts';
import type { Document } from '../model/document.ts';
import type { TrifoldGeometry } from '../../templates/trifold/Trifold.tsx';
import type { TableFloor } from '../../templates/shared/styles.ts';
import { DRAFT_BAND } from '../../templates/trifold/draft-band.ts';

/** Print-shop bleed: 1/8 in. */
const BLEED = 9;
/** Least space between text and a fold (3/16 in): a fold is less exact than a sheet's edge, but nothing there is cut off. */
const FOLD_MARGIN = 13.5;

/**
 * Where the panels of a letter fold sit: the tuck-in panel (the inside flap,
 * behind the third inside panel) is `tuckIn` narrower than the other two,
 * which share the rest, so it folds in without buckling.
 */
export function trifoldGeometry(paper: 'LETTER' | 'A4', print: PrintSettings): TrifoldGeometry {
  const [width, height] = SHEETS[paper];
  const panel = (width + print.tuckIn) / 3;
  return { sheet: [width, height], panel, tuckIn: panel - print.tuckIn, printableMargin: print.printableMargin, foldMargin: FOLD_MARGIN, bleed: print.bleed ? BLEED : 0 };
}

/**
 * The panels' page (all but the cover): one text column for every panel, as
 * wide as the tuck-in panel holds between the printable area at the sheet's
 * edge and the fold margin; the sheet places it against the sheet's edge on
 * the outer panels and centres it on the middle ones. A draft's panels start
 * their text lower, below the draft banner.
 */
function trifoldLayout(print: PrintSettings, draft: boolean): PageLayout & TableFloor {
  const inset = print.printableMargin;
  const side = Math.max(18, inset);
  const pageWidth = (paper: 'LETTER' | 'A4') => trifoldGeometry(paper, print).tuckIn - FOLD_MARGIN + side;
  return {
    name: 'trifold',
    pageSize: { LETTER: [pageWidth('LETTER'), SHEETS.LETTER[1]], A4: [pageWidth('A4'), SHEETS.A4[1]] },
    scale: { body: 12, lineHeight: 1.3, headings: [15, 14, 13], title: 22, summary: 13, small: 11, footer: 7.5, margin: { top: draft ? inset + DRAFT_BAND : Math.max(22, inset + 4), bottom: Math.max(20, inset + 2), side }, spacing: 0.55 },
    tableFloor: 10.5,
    italics: true,
    blackText: false,
    qrSize: 120,
  };
}

/** A tri-fold's content panels: the three inside panels and the inside flap. */
const CONTENT_PANELS = 4;
/**
 * What a tri-fold may give up to fit, step by step, rather than a warning
 * box's place on one side of the sheet: body size, never below 11 pt; space
 * between blocks; leading, from 1.3 to 1.2 (a script's own least leading
 * still holds); then the lines under the questions (the patient can write
 * beside them).
 */
const FIT_STEPS: { bodySize: number; spacing?: number; lineHeight?: number; answerLines: number }[] = [
  { bodySize: 12, answerLines: 1 },
  { bodySize: 11.5, answerLines: 1 },
  { bodySize: 11, answerLines: 1 },
  { bodySize: 11, spacing: 0.35, answerLines: 1 },
  { bodySize: 11, spacing: 0.35, lineHeight: 1.2, answerLines: 1 },
  { bodySize: 11, spacing: 0.35, lineHeight: 1.2, answerLines: 0 },
];
/**
 * A draft's one more step, as its banner takes room from the text: a
 * translator reviews a draft that only just fits as a final edition, rather
 * than none. Never for a final edition.
 */
const DRAFT_STEP = { ...FIT_STEPS.at(-1)!, bodySize: 10.5 };

export const trifold: FormatDefinition = {
  name: 'trifold',
  summary:
    'a letter-fold brochure, two sides of three panels. Outside, left to right: inside flap, back panel (clinic contact details, QR code, edition identity), front cover (logo, clinic, title, summary, the key points of a :::summary box, unreviewed-translation notice). Inside: the content, flowing over the three panels and on to the inside flap. The tuck-in panel (the inside flap and the third inside panel behind it) is narrower by the config\'s print.tuckIn; nothing is printed within print.printableMargin of the sheet\'s edges, with print.bleed for print-shop output. Print double-sided, flipped on the short edge; short fold marks at the folds',
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
    const [{ TrifoldPanels, PANEL_PAGES, COVER_PAGE }, { composeTrifold }, { CALLOUT_PART }] = await Promise.all([
      import('../../templates/trifold/Trifold.tsx'),
      import('./sheets/trifold-sheet.ts'),
      import('../../templates/shared/blocks.tsx'),
    ]);
    const layout = trifoldLayout(props.print, props.labels.draftMark !== null);
    const geometry = trifoldGeometry(props.paper, props.print);
    const runs = warningRuns(props.document);
    const acrossSides = (laidOut: LaidOutNode[]) => boxesAcrossSides(laidOut.slice(PANEL_PAGES.firstContent), CALLOUT_PART, runs);
    const coverOnOnePage = (laidOut: LaidOutNode[]) => laidOut.filter((page) => page.props?.[COVER_PAGE]).length === 1;
    // A layout that does not fit (too many panels, or a box on both sides) is only laid out, never drawn.
    const fits = (laidOut: LaidOutNode[]) => coverOnOnePage(laidOut) && laidOut.length - PANEL_PAGES.firstContent <= CONTENT_PANELS && acrossSides(laidOut).length === 0;
    const renderPanels = (step: (typeof FIT_STEPS)[number]) =>
      keepBoxesOnOneSide(
        (breakBefore) =>
          engine.renderPdf(
            (onRender) =>
              createElement(TrifoldPanels, { ...props, bodySize: step.bodySize, answerLines: step.answerLines, layout: { ...layout, scale: { ...layout.scale, lineHeight: step.lineHeight ?? layout.scale.lineHeight, spacing: step.spacing ?? layout.scale.spacing } }, geometry, breakBefore, onRender }),
            props.typography.fontFamily,
            { accept: fits },
          ),
        acrossSides,
      );
    const steps = props.labels.draftMark ? [...FIT_STEPS, DRAFT_STEP] : FIT_STEPS;
    const smallest = steps.at(-1)!.bodySize;
    let pages: LaidOutNode[] = [];
    let coverFits = true;
    let split: string[] = [];
    const printed = editionSegments(props.document);
    for (const step of steps) {
      const rendered = await renderPanels(step);
      pages = rendered.pages;
      // The key points on the cover are body text too: a cover carried over to a second page may fit at a smaller size.
      coverFits = coverOnOnePage(pages);
      if (!coverFits) continue;
      // Checked at every size: a table too wide for a panel is refused as that, not as too much text.
      const layoutNotes = checkLayout(pages, printed, 'trifold');
      split = rendered.split;
      if (rendered.bytes) {
        const notes = [
          ...(step.bodySize < FIT_STEPS[0]!.bodySize ? [`body text set at ${step.bodySize} pt instead of ${FIT_STEPS[0]!.bodySize} pt to fit the tri-fold panels`] : []),
          ...(step.answerLines === 0 ? ['no lines to write answers under the questions, to fit the tri-fold panels'] : []),
          ...(step.spacing ? ['less space between paragraphs, to fit the tri-fold panels'] : []),
          ...(step.lineHeight ? [`lines set ${step.lineHeight} apart instead of ${layout.scale.lineHeight}, to fit the tri-fold panels`] : []),
        ];
        return { ...(await composeTrifold(rendered.bytes, geometry, props)), notes: [...layoutNotes, ...notes] };
      }
    }
    if (!coverFits) {
      throw new FitError(`the front cover's text does not fit its panel at ${smallest} pt: shorten the title, the summary or the key points (:::summary), or use the handout or booklet format`);
    }
    const contentPanels = pages.length - PANEL_PAGES.firstContent;
    if (contentPanels <= CONTENT_PANELS) throw splitBoxError(props.document, split[0]!, runs, smallest);
    const needed = contentPanels - 1 + lowestTextFraction(pages.at(-1)!);
    const over = needed - CONTENT_PANELS;
    const plainer = plainerLevels.length > 0 ? `build the ${plainerLevels.map((level) => `"${level}"`).join(' or ')} level as a tri-fold, ` : '';
    throw new FitError(
      `does not fit the tri-fold: at ${smallest} pt its content needs ${needed.toFixed(1)} panels and a tri-fold has ${CONTENT_PANELS}, ` +
        `${over.toFixed(1)} panels (${Math.round((over / CONTENT_PANELS) * 100)}%) too much. Shorten this level's text, ${plainer}or use the handout or booklet format`,
    );
  },
};

/** The inside panels of the sheet, among the content panels; the rest (the inside flap) are on its outside. */
const INSIDE_PANELS = 3;

/**
 * Laid out again with a page break before each box that runs from the inside
 * of the sheet on to the flap on its outside, where a reader holding the
 * open brochure would not find its end; `split` lists the boxes still split
 * (too tall for the flap, or not where a break can move them).
 */
async function keepBoxesOnOneSide<Rendered extends { pages: LaidOutNode[] }>(
  render: (breakBefore: ReadonlySet<string>) => Promise<Rendered>,
  acrossSides: (pages: LaidOutNode[]) => string[],
): Promise<Rendered & { split: string[] }> {
  let moved = new Set<string>();
  for (;;) {
    const rendered = await render(moved);
    const split = acrossSides(rendered.pages);
    const fresh = split.filter((box) => !moved.has(box));
    if (fresh.length === 0) return { ...rendered, split };
    moved = new Set([...moved, ...fresh]);
  }
}

/**
 * Each warning box's id mapped to the first box of the run of warning boxes it
 * stands in (boxes one after the other): the signs to act on and whom to call
 * read as one, so a run is kept on one side of the sheet like a single box.
 */
function warningRuns(document: Document): ReadonlyMap<string, string> {
  const firstOfRun = new Map<string, string>();
  let first: string | undefined;
  for (const block of document.blocks) {
    const box = block.type === 'callout' && block.kind === 'warning' ? boxIdOf(block) : undefined;
    first = box === undefined ? undefined : (first ?? box);
    if (box !== undefined) firstOfRun.set(box, first!);
  }
  return firstOfRun;
}

/**
 * Boxes (by their parts' `box#part` ids, prop `partProp`) with parts on the
 * inside panels and on the flap; a run of warning boxes counts as its first box.
 */
function boxesAcrossSides(contentPages: LaidOutNode[], partProp: string, runs: ReadonlyMap<string, string>): string[] {
  const boxesOn = (pages: LaidOutNode[]) => {
    const boxes = new Set<string>();
    const visit = (node: LaidOutNode) => {
      const id = node.props?.[partProp];
      if (typeof id === 'string') {
        const box = id.slice(0, id.lastIndexOf('#'));
        boxes.add(runs.get(box) ?? box);
      } else node.children?.forEach(visit);
    };
    pages.forEach(visit);
    return boxes;
  };
  const outside = boxesOn(contentPages.slice(INSIDE_PANELS));
  return [...boxesOn(contentPages.slice(0, INSIDE_PANELS))].filter((box) => outside.has(box));
}

function splitBoxError(document: Document, box: string, runs: ReadonlyMap<string, string>, smallest: number): FitError {
  const segment = Array.from(walkSegments(document.blocks), ([found]) => found).find((found) => found.key === box);
  const inRun = [...runs.values()].filter((first) => first === box).length > 1;
  const named = segment ? `the ${inRun ? 'warning boxes from the box' : 'box'} "${segmentExcerpt(segment)}" (line ${segment.position.line})` : 'a box';
  return new FitError(
    `${named} would run from the third inside panel on to the flap, on the other side of the sheet, and ${inRun ? 'do' : 'does'} not fit the flap whole at ${smallest} pt: ` +
      'shorten the box or the text before it, split it into two boxes, or use the handout or booklet format',
    segment?.position.line ?? null,
  );
}

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

import { createElement } from 'react';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';
import { checkLayout, editionSegments, printedText } from './layout-check.ts';
import { misHyphenatedWords } from './line-rules.ts';
import type { LaidOutNode, PdfEngine, RenderOptions, WriterInput } from './types.ts';

/**
 * The one-column template (handout, large print, booklet pages) laid out as
 * format `format` says, its layout checked (layout-check.ts): the bytes, and
 * notes on what fitting it took. A box that goes on to a new page gets a
 * "continued" cue there: where it splits is known only once laid out, so the
 * document is laid out again with cues where the boxes split, until the
 * boxes split just where the cues are. Words hyphenated against the
 * composition rules (a paragraph's last line only a word's tail, a third
 * hyphenated line in a row) are kept whole, and the document laid out again.
 */
export async function renderOneColumn(format: string, layout: PageLayout & TableFloor, { props }: WriterInput, engine: PdfEngine, options: RenderOptions = {}): Promise<{ bytes: Buffer; notes: string[] }> {
  const [{ OneColumn }, { pageTypography }, { layoutStyles }, { CALLOUT_PART }] = await Promise.all([
    import('../../templates/handout/Handout.tsx'),
    import('../../templates/shared/fit-words.ts'),
    import('../../templates/shared/styles.ts'),
    import('../../templates/shared/blocks.tsx'),
  ]);
  const segments = editionSegments(props.document);
  const printed = [...segments.map(printedText), props.online?.url ?? ''].join('\n');
  // Words hyphenated against the composition rules (line-rules.ts), kept whole when the document is laid out again.
  const whole = new Set<string>();
  const hyphenate = (word: string) => (whole.has(word) ? props.typography.breakOtherLanguage(word) : props.typography.hyphenate(word));
  const styles = layoutStyles(layout, props.clinic.brandColor);
  // The words the last layout checked hyphenated against the rules, not yet kept whole: the next layout keeps them whole.
  let misHyphenated: string[] = [];
  // A layout is drawn only once its cues are where its boxes split and no word is hyphenated against the rules; another is laid out again, never drawn.
  const settled = (cues: ReadonlySet<string>) => (pages: LaidOutNode[]) => {
    misHyphenated = misHyphenatedWords(pages, printed).filter((word) => !whole.has(word));
    return misHyphenated.length === 0 && sameSet(new Set(boxContinuations(pages, CALLOUT_PART)), cues);
  };
  const render = (continuedBefore: ReadonlySet<string>, accept?: (pages: LaidOutNode[]) => boolean) => {
    // The template's title, summary, notice and footer break a word too long for them; blocks fit their own. Made anew for
    // each layout: its callbacks keep the breaks of each word they were asked for, and the words kept whole may have changed.
    const typography = pageTypography({ ...props.typography, hyphenate }, layout, styles);
    return engine.renderPdf((onRender) => createElement(OneColumn, { ...props, typography, layout, onRender, continuedBefore }), props.typography.fontFamily, { ...options, ...(accept ? { accept } : {}) });
  };
  let rendered = await render(new Set(), settled(new Set()));
  for (let pass = 1; rendered.bytes === null; pass += 1) {
    for (const word of misHyphenated) whole.add(word);
    // A cue makes its part taller, which may move a part before it to the new page instead: cue where the boxes split now.
    if (pass > MAX_LAYOUT_PASSES) {
      // Never settled (each layout splits where the other has its cue): no cue, rather than one in mid-page.
      rendered = await render(new Set());
      break;
    }
    const cued = new Set(boxContinuations(rendered.pages, CALLOUT_PART));
    rendered = await render(cued, settled(cued));
  }
  return { bytes: rendered.bytes!, notes: checkLayout(rendered.pages, segments, format) };
}

/**
 * Layouts a document may take to settle its "continued" cues and keep mis-hyphenated words whole (a word kept
 * whole moves the breaks after it, which may hyphenate another); the samples settle within four.
 */
const MAX_LAYOUT_PASSES = 6;

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

/**
 * The box parts that begin a page while their box began on an earlier one.
 * Parts carry their id as prop `partProp`, `box#number`; a part split itself
 * across the pages (a long paragraph in a box) is not a new part, and gets no cue.
 */
function boxContinuations(pages: LaidOutNode[], partProp: string): string[] {
  const boxesSeen = new Set<string>();
  const partsSeen = new Set<string>();
  const continuations: string[] = [];
  const boxOf = (id: string) => id.slice(0, id.lastIndexOf('#'));
  for (const page of pages) {
    const onPage: string[] = [];
    const visit = (node: LaidOutNode) => {
      const id = node.props?.[partProp];
      if (typeof id === 'string') onPage.push(id);
      else node.children?.forEach(visit);
    };
    visit(page);
    const firsts = new Map<string, string>();
    for (const id of onPage) if (!firsts.has(boxOf(id))) firsts.set(boxOf(id), id);
    for (const [box, id] of firsts) if (boxesSeen.has(box) && !partsSeen.has(id)) continuations.push(id);
    for (const id of onPage) {
      partsSeen.add(id);
      boxesSeen.add(boxOf(id));
    }
  }
  return continuations;
}

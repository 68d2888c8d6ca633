import { createElement } from 'react';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';
import { checkLayout, editionSegments, printedText } from './layout-check.ts';
import { misHyphenatedInLines, misHyphenatedWords } from './line-rules.ts';
import type { FormatOutput, LaidOutLine, LaidOutNode, PdfEngine, RenderOptions, WriterInput } from './types.ts';

/**
 * The one-column template (handout, large print, booklet pages) laid out as
 * format `format` says, its layout checked (layout-check.ts): the bytes, and
 * notes on what fitting it took. Words hyphenated against the composition
 * rules (a paragraph's last line only a word's tail, a third hyphenated line
 * in a row) are kept whole, and their text broken again within the layout;
 * the document is laid out again only where that did not settle them.
 */
export async function renderOneColumn(format: string, layout: PageLayout & TableFloor, { props }: WriterInput, engine: PdfEngine, options: RenderOptions = {}): Promise<OneColumnOutput> {
  const [{ OneColumn }, { pageTypography }, { layoutStyles }] = await Promise.all([
    import('../../templates/handout/Handout.tsx'),
    import('../../templates/shared/fit-words.ts'),
    import('../../templates/shared/styles.ts'),
  ]);
  const segments = editionSegments(props.document);
  const printed = [...segments.map(printedText), props.online?.url ?? ''].join('\n');
  // Words hyphenated against the composition rules (line-rules.ts), kept whole from then on: the text is broken again
  // at once (`refusesLines`). Told to the templates' breakers (`keptWhole`), which remember other words' breaks.
  const whole = new Set<string>();
  const hyphenate = Object.assign((word: string) => (whole.has(word) ? props.typography.breakOtherLanguage(word) : props.typography.hyphenate(word)), { keptWhole: whole });
  const refusesLines = (lines: readonly LaidOutLine[]) => {
    const words = misHyphenatedInLines(lines, printed).filter((word) => !whole.has(word));
    for (const word of words) whole.add(word);
    return words.length > 0;
  };
  const styles = layoutStyles(layout, props.clinic.brandColor);
  // The words the last layout hyphenated against the rules, not yet kept whole (a text broken again three times over
  // still breaking one): the next layout keeps them whole.
  let misHyphenated: string[] = [];
  // A layout is drawn only once no word is hyphenated against the rules; another is laid out again, never drawn.
  const settled = (pages: LaidOutNode[]) => {
    misHyphenated = misHyphenatedWords(pages, printed).filter((word) => !whole.has(word));
    return misHyphenated.length === 0;
  };
  // The template's title, summary, notice and footer break a word too long for them; blocks fit their own.
  const typography = pageTypography({ ...props.typography, hyphenate }, layout, styles);
  const render = (accept?: (pages: LaidOutNode[]) => boolean) =>
    engine.renderPdf((onRender) => createElement(OneColumn, { ...props, typography, layout, onRender }), props.typography.fontFamily, { ...options, refusesLines, ...(accept ? { accept } : {}) });
  let rendered = await render(settled);
  for (let pass = 1; rendered.bytes === null; pass += 1) {
    for (const word of misHyphenated) whole.add(word);
    // Each word kept whole moves the breaks after it; past this many layouts, the last one's hyphens are drawn.
    rendered = await render(pass < MAX_LAYOUT_PASSES ? settled : undefined);
  }
  return { bytes: rendered.bytes!, pages: rendered.pages.length, notes: checkLayout(rendered.pages, segments, format) };
}

/** A one-column PDF: React-PDF draws a page for each page it laid out. */
export type OneColumnOutput = FormatOutput & { bytes: Buffer; pages: number };

/** Layouts a document may take to keep mis-hyphenated words whole (a word kept whole moves the breaks after it, which may hyphenate another). */
const MAX_LAYOUT_PASSES = 6;

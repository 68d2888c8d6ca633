import { createElement } from 'react';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';
import { checkLayout, editionSegments } from './layout-check.ts';
import type { PdfEngine, WriterInput } from './types.ts';

/**
 * The one-column template (handout, large print, booklet pages) laid out as
 * format `format` says, its layout checked (layout-check.ts): the bytes, and
 * notes on what fitting it took.
 */
export async function renderOneColumn(format: string, layout: PageLayout & TableFloor, { props }: WriterInput, engine: PdfEngine): Promise<{ bytes: Buffer; notes: string[] }> {
  const [{ OneColumn }, { pageTypography }, { layoutStyles }] = await Promise.all([
    import('../../templates/handout/Handout.tsx'),
    import('../../templates/shared/fit-words.ts'),
    import('../../templates/shared/styles.ts'),
  ]);
  // The template's title, summary, notice and footer break a word too long for them; blocks fit their own.
  const typography = pageTypography(props.typography, layout, layoutStyles(layout, props.clinic.brandColor));
  const { bytes, pages } = await engine.renderPdf((onRender) => createElement(OneColumn, { ...props, typography, layout, onRender }), props.typography.fontFamily);
  return { bytes, notes: checkLayout(pages, editionSegments(props.document), format) };
}

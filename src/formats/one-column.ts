import { createElement } from 'react';
import type { PageLayout } from '../../templates/types.ts';
import type { TableFloor } from '../../templates/shared/styles.ts';
import type { PdfEngine, WriterInput } from './types.ts';

/** The one-column template (handout, large print, booklet pages) laid out as a format says. */
export async function renderOneColumn(layout: PageLayout & TableFloor, { props }: WriterInput, engine: PdfEngine): Promise<Buffer> {
  const [{ OneColumn }, { pageTypography }, { layoutStyles }] = await Promise.all([
    import('../../templates/handout/Handout.tsx'),
    import('../../templates/shared/fit-words.ts'),
    import('../../templates/shared/styles.ts'),
  ]);
  // The template's title, summary, notice and footer break a word too long for them; blocks fit their own.
  const typography = pageTypography(props.typography, layout, layoutStyles(layout, props.clinic.brandColor));
  return (await engine.renderPdf((onRender) => createElement(OneColumn, { ...props, typography, layout, onRender }), props.typography.fontFamily)).bytes;
}

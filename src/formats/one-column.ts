import { createElement } from 'react';
import type { PageLayout } from '../../templates/types.ts';
import type { PdfEngine, WriterInput } from './types.ts';

/** The one-column template (handout, large print, booklet pages) laid out as a format says. */
export async function renderOneColumn(layout: PageLayout, { props }: WriterInput, engine: PdfEngine): Promise<Buffer> {
  const { OneColumn } = await import('../../templates/handout/Handout.tsx');
  return (await engine.renderPdf((onRender) => createElement(OneColumn, { ...props, layout, onRender }), props.typography.fontFamily)).bytes;
}

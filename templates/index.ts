/**
 * Templates: React components that draw an already translated edition. Which
 * format uses which, and how the booklet's printer's edition and the tri-fold
 * sheet are made from their pages, is in src/render/formats.ts.
 */
export { BookletPages, Handout, LargePrint } from './handout/Handout.tsx';
export { PANEL_SIZES, TrifoldPanels, TRIFOLD_BODY_SIZE, type TrifoldProps } from './trifold/Trifold.tsx';
export type { TemplateProps } from './types.ts';

/** Landscape sheets the booklet and the tri-fold are printed on, in points. */
export const SHEETS = { LETTER: [792, 612], A4: [841.89, 595.28] } as const;

/** The draft banner at the top of every tri-fold panel: one line, in the edition's language and the source's, of at most 7 pt. */
export const DRAFT_SIZE = 7;
export const DRAFT_LINE_HEIGHT = 1.1;
export const DRAFT_PADDING = 1;
/** Not smaller: the banner's text would be too small to read at a glance. */
export const DRAFT_SMALLEST = 5;
/**
 * What a draft's panels keep free above their text, inside the printable
 * area: the banner and a gap. Drafts only: a final edition keeps the room for text.
 */
export const DRAFT_BAND = DRAFT_SIZE * DRAFT_LINE_HEIGHT + 2 * DRAFT_PADDING + 2;

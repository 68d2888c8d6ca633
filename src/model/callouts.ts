import type { CalloutBlock } from './document.ts';
import { inlineText } from './segments.ts';

/**
 * Whether a warning box's title already names a number to call (`Call 911 if
 * you have`, `Llame al 911`, `112`): such a box is for emergencies, and the
 * clinic's number under it would send a stroke to the front desk. Digits are
 * what every translation keeps, so this needs no word list.
 */
export function namesNumberToCall(block: CalloutBlock<unknown>): boolean {
  return block.title !== null && /\p{Nd}{3}/u.test(inlineText(block.title.content));
}

import type { CalloutBlock, CalloutKind } from './document.ts';
import type { EditionLabels } from './edition.ts';
import { inlineText } from './segments.ts';
import { walkSegments } from './walk.ts';

/** The title a box of this kind shows when its author gave none. */
export function defaultCalloutTitle(kind: CalloutKind, labels: EditionLabels): string {
  return { warning: labels.warningTitle, questions: labels.questionsTitle, summary: labels.summaryTitle }[kind];
}

/**
 * Whether a warning box's title already names a number to call (`Call 911 if
 * you have`, `Llame al 911`, `112`): such a box is for emergencies, and the
 * clinic's number under it would send a stroke to the front desk. Digits are
 * what every translation keeps, so this needs no word list.
 */
export function namesNumberToCall(block: CalloutBlock<unknown>): boolean {
  return block.title !== null && /\p{Nd}{3}/u.test(inlineText(block.title.content));
}

/** A box's id: its first segment's key (unique in a document). */
export function boxIdOf(block: CalloutBlock<never>): string | undefined {
  return walkSegments([block]).next().value?.[0].key;
}

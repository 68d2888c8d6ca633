import type { Catalog, SourceEntry } from './catalog.ts';

export type SegmentState = 'missing' | 'stale' | 'translated' | 'reviewed';

/**
 * Derived from hashes every time, never trusted from a flag, so a source edit
 * is stale even if nobody ran `handout i18n sync`:
 * - no translation → missing (stale if sync kept the old one as a suggestion);
 * - translation made from another source text, or with no recorded source
 *   (until `handout i18n sync` adopts a hand-written one, see sync.ts) → stale;
 * - otherwise translated, or reviewed when a reviewer said so.
 */
export function segmentState(entry: SourceEntry, catalog: Catalog): SegmentState {
  const value = catalog.values[entry.key];
  const meta = catalog.meta.segments[entry.key];
  const madeFromCurrentSource = meta?.sourceHash === entry.hash;
  if (!value) return madeFromCurrentSource && meta?.suggestion !== undefined ? 'stale' : 'missing';
  if (!madeFromCurrentSource) return 'stale';
  return meta.state;
}

export interface StatusProblem {
  namespace: string;
  key: string;
  state: 'missing' | 'stale';
  entry: SourceEntry;
}

export interface CatalogStatus {
  total: number;
  translated: number;
  reviewed: number;
  stale: number;
  missing: number;
  /** Every segment translated from the current source text (none missing or stale). */
  complete: boolean;
  /** Every segment reviewed by a qualified medical translator, from the current source text. */
  fullyReviewed: boolean;
  problems: StatusProblem[];
}

/** Counts the segments of `entries` in each state; `complete` and `fullyReviewed` are the words status and editions both use. */
export function catalogStatus(entries: SourceEntry[], catalog: Catalog): CatalogStatus {
  const status: CatalogStatus = { total: entries.length, translated: 0, reviewed: 0, stale: 0, missing: 0, complete: false, fullyReviewed: false, problems: [] };
  for (const entry of entries) {
    const state = segmentState(entry, catalog);
    status[state] += 1;
    // A reviewed segment is also translated.
    if (state === 'reviewed') status.translated += 1;
    if (state === 'missing' || state === 'stale') status.problems.push({ namespace: catalog.namespace, key: entry.key, state, entry });
  }
  status.complete = status.problems.length === 0;
  // A stale segment counts as stale whatever its recorded review, so every reviewed one is current.
  status.fullyReviewed = status.reviewed === status.total;
  return status;
}

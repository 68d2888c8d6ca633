import type { Catalog, SourceCatalog } from './catalog.ts';

export interface SyncReport {
  language: string;
  namespace: string;
  added: string[];
  /** Source changed: the old translation moved to `suggestion`. */
  stale: string[];
  /** Filled from an identical source text elsewhere in the catalog (moved or repeated text). */
  reused: string[];
  /** Source gone: translation moved to `removed`. */
  removed: string[];
  /** Written by hand for a key the sidecar did not record yet: recorded as translated from the current source, unreviewed. */
  adopted: string[];
  changed: boolean;
}

/**
 * Brings a catalog in line with its source: records the source hash of every
 * segment, turns translations of changed sources into suggestions, and moves
 * translations of removed sources aside instead of deleting them.
 *
 * A translation with no recorded source hash is adopted (translated from the
 * current source, unreviewed) only for a key the sidecar has never recorded,
 * not even under `removed`, in a sidecar that records other keys; otherwise
 * nothing says what it was made from, and it becomes a suggestion.
 */
export function syncCatalog(source: SourceCatalog, catalog: Catalog): SyncReport {
  const report: SyncReport = { language: catalog.language, namespace: catalog.namespace, added: [], stale: [], reused: [], removed: [], adopted: [], changed: false };
  const before = JSON.stringify([catalog.values, catalog.meta]);
  const { values, meta } = catalog;
  // A sidecar that records nothing has lost its history (or never had one): none of its translations can be vouched for.
  const hasHistory = Object.keys(meta.segments).length > 0;

  // Translations of exactly this source text, wherever they are (translation memory).
  const memory = new Map<string, { value: string; state: 'translated' | 'reviewed' }>();
  for (const [key, segment] of Object.entries(meta.segments)) {
    const value = values[key];
    if (value) memory.set(segment.sourceHash, { value, state: segment.state });
  }

  const keys = new Set(source.entries.map((entry) => entry.key));
  for (const entry of source.entries) {
    const segment = meta.segments[entry.key];
    const value = values[entry.key];
    if (segment?.sourceHash === entry.hash) {
      segment.source = entry.source;
      // Re-translated after being stale: the suggestion has served its purpose.
      if (value && segment.suggestion !== undefined) {
        delete segment.suggestion;
        delete segment.previousSource;
      }
      continue;
    }
    if (value && !segment && hasHistory && !(entry.key in meta.removed)) {
      // A key this sidecar has never seen (a new template string or segment), translated by hand
      // before sync recorded it: taken as made from the current source, and never as reviewed.
      report.adopted.push(entry.key);
      meta.segments[entry.key] = { sourceHash: entry.hash, source: entry.source, state: 'translated' };
      continue;
    }
    const remembered = memory.get(entry.hash);
    if (value) {
      // Made from another source text (or from an unknown one): keep it only as a suggestion.
      report.stale.push(entry.key);
      const previousSource = segment?.source ?? meta.removed[entry.key]?.source;
      meta.segments[entry.key] = { sourceHash: entry.hash, source: entry.source, state: 'translated', suggestion: value, ...(previousSource !== undefined ? { previousSource } : {}) };
      delete values[entry.key];
    } else if (segment) {
      // Never translated since its last change: just follow the source.
      meta.segments[entry.key] = { ...segment, sourceHash: entry.hash, source: entry.source };
    } else {
      report.added.push(entry.key);
      meta.segments[entry.key] = { sourceHash: entry.hash, source: entry.source, state: 'translated' };
    }
    if (remembered) {
      // The same source text is translated elsewhere (moved or repeated text): reuse it.
      report.reused.push(entry.key);
      values[entry.key] = remembered.value;
      // The reused translation is of the current source: what this key held before is no suggestion for it.
      const { suggestion: _obsolete, previousSource: _obsoleteSource, ...current } = meta.segments[entry.key]!;
      meta.segments[entry.key] = { ...current, state: remembered.state };
    }
  }

  for (const key of new Set([...Object.keys(meta.segments), ...Object.keys(values)])) {
    if (keys.has(key)) continue;
    const translation = values[key];
    if (translation) meta.removed[key] = { source: meta.segments[key]?.source ?? '', translation };
    delete meta.segments[key];
    delete values[key];
    report.removed.push(key);
  }
  report.changed = JSON.stringify([catalog.values, catalog.meta]) !== before;
  return report;
}

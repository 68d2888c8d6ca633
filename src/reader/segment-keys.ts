import GithubSlugger from 'github-slugger';

/**
 * Stable keys for translatable text: `<section-slug>.[<level>.]<kind><n>`, counted
 * within the section, so editing one section does not re-key the others.
 */
export class SegmentKeys {
  private readonly slugger = new GithubSlugger();
  private readonly counts = new Map<string, number>();
  private section = 'intro';

  /** Starts the section a heading opens; its slug is also the heading's anchor id. */
  startSection(headingText: string): string {
    this.section = this.slugger.slug(headingText) || 'section';
    return this.section;
  }

  next(level: string | null, kind: string): string {
    const counter = `${this.section}|${level ?? ''}|${kind}`;
    const count = (this.counts.get(counter) ?? 0) + 1;
    this.counts.set(counter, count);
    return `${this.section}.${level ? `${level}.` : ''}${kind}${count}`;
  }
}

/** A table cell's key: the table's key, then the row and column counted from 1. */
export function cellKey(tableKey: string, row: number, column: number): string {
  return `${tableKey}.r${row}c${column}`;
}

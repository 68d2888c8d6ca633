import GithubSlugger, { slug } from 'github-slugger';

/** The section before the first heading. */
const FIRST_SECTION = 'intro';
/** The section of a heading whose text gives no slug (only punctuation or emoji). */
const UNNAMED_SECTION = 'section';

/**
 * Stable keys for translatable text: `<section-slug>.[<level>.]<kind><n>`, counted
 * within the section, so editing one section does not re-key the others. Every
 * section name goes through one slugger, so none repeats: a heading "Intro" gets
 * `intro-1`, headings without a slug `section`, `section-1`…
 */
export class SegmentKeys {
  private readonly slugger = new GithubSlugger();
  private readonly counts = new Map<string, number>();
  private section = this.slugger.slug(FIRST_SECTION);

  /** Starts the section a heading opens; its slug is also the heading's anchor id. */
  startSection(headingText: string): string {
    this.section = this.slugger.slug(slug(headingText) ? headingText : UNNAMED_SECTION);
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

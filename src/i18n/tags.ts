import type { TagKind } from '../model/segments.ts';

/**
 * The tags of a tagged source text, for checking a translation's tags against.
 * Only pair versus line break matters there, so pairs are all reported as emphasis.
 */
export function tagsOfSource(source: string): TagKind[] {
  const tags: TagKind[] = [];
  for (const match of source.matchAll(/<(\d+)(\/?)>/g)) {
    tags[Number(match[1]) - 1] = match[2] ? { type: 'break' } : { type: 'emphasis' };
  }
  return tags;
}

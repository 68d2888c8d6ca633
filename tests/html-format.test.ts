import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import { readTopic } from '../src/reader/index.ts';
import { selectLevel } from '../src/levels/index.ts';
import { walkSegments } from '../src/model/walk.ts';
import { inlineText } from '../src/model/segments.ts';
import { tempProject } from './helpers/project.ts';

/** Every text node of a parsed page, in document order. */
function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  if (node && typeof node === 'object') return Object.entries(node).filter(([key]) => key !== ':@').map(([, value]) => textOf(value)).join(' ');
  return '';
}

describe('the html format, registered like any other', () => {
  it('writes the online edition of a topic through the build: every word of the source, the language and direction, the identity, listed in the manifest', async () => {
    const project = await tempProject({}, { withSamples: true });
    const result = await build(project, { topics: ['recurrent-hemifacial-spasm'], languages: ['en', 'ar'], levels: ['plain'], formats: ['html'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error ?? 'ok')).toEqual(['ok', 'ok']);
    const { document } = await readTopic(project, 'recurrent-hemifacial-spasm');
    const plain = selectLevel(document!, 'plain');
    for (const edition of result.editions) {
      const file = path.join(project.outputDir, editionPath(edition.spec));
      expect(file).toMatch(/recurrent-hemifacial-spasm\.plain\.(en|ar)\.html$/);
      expect(edition.entry?.pages).toBeNull();
      const page = await readFile(file, 'utf8');
      const [htmlTag] = /<html[^>]*>/.exec(page)!;
      expect(htmlTag).toContain(`lang="${edition.spec.language}"`);
      expect(htmlTag).toContain(`dir="${edition.spec.language === 'ar' ? 'rtl' : 'ltr'}"`);
      expect(page).toContain(edition.entry!.contentHash);
      expect(page).not.toMatch(/<script/i);
      const text = textOf(new XMLParser({ preserveOrder: true, ignoreAttributes: true }).parse(page.replace(/^<!doctype html>/i, ''))).replace(/\s+/g, ' ');
      if (edition.spec.language === 'en') {
        // The source edition: every word of every segment of the level is on the page.
        for (const [segment] of walkSegments(plain.blocks)) {
          for (const word of inlineText(segment.content).split(/\s+/).filter(Boolean)) expect(text).toContain(word);
        }
      } else {
        expect(page).toMatch(/[\u0600-\u06ff]{3,}/u);
      }
    }
  });
});

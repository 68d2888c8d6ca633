import { rendererDigest } from '../src/render/digest.ts';
import { describe, expect, it } from 'vitest';
import { prepareEdition, topicContext } from '../src/prepare/index.ts';
import { renderEdition } from '../src/render/edition.ts';
import { uiSource } from '../src/i18n/catalog.ts';
import { readTopic } from '../src/reader/index.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempProject } from './helpers/project.ts';

// A file of its own: the bug needs a process that has rendered nothing yet.
describe('rendering in a long-lived process', () => {
  it('gives the same bytes and text whatever was rendered before, or nothing (fontkit glyph cache, glyphs kept for subsets)', async () => {
    const project = await tempProject({}, { withSamples: true });
    const { document, file } = await readTopic(project, 'recurrent-hemifacial-spasm');
    const context = await topicContext(project, document!, file, await uiSource(project), ['es', 'ht', 'ru', 'ar'], rendererDigest());
    const render = async (language: string, level: string) =>
      Buffer.from((await renderEdition(prepareEdition(context, { topic: 'recurrent-hemifacial-spasm', language, level, format: 'handout', paper: 'letter', clinic: null }, { draft: false }))).bytes);
    // First in the process: every glyph decoded for this document alone.
    const first = await render('ht', 'detailed');
    // Spanish italics ("transmisión efáptica") first once turned the Creole italic "o" of "transmisyon" into a space in the text layer.
    await render('es', 'detailed');
    const afterSpanish = await render('ht', 'detailed');
    expect((await readPdf(afterSpanish)).pages.map((page) => page.text).join(' ')).toContain('transmisyon efaptik');
    expect(afterSpanish.equals(first)).toBe(true);
    // Arabic and Russian, in other fonts, in between; then both documents again.
    const arabic = await render('ar', 'plain');
    await render('ru', 'plain');
    expect((await render('ht', 'detailed')).equals(first)).toBe(true);
    expect((await render('ar', 'plain')).equals(arabic)).toBe(true);
  });
});

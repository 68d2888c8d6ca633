import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/index.ts';
import type { FormatName } from '../src/model/edition.ts';
import { hyphenatorFor } from '../src/typesetting/hyphenation.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

const HEADING = 'Understanding hemifacial spasm recurrence after microvascular decompression surgery';
const CALLOUT_TITLE = 'Contact your neurosurgeon immediately regarding postoperative complications';
const TITLE = 'Recurrent hemifacial spasm after microvascular decompression';

describe('hyphenation policy', () => {
  it('never hyphenates the title, a heading or a warning box title, in any format that hyphenates', async () => {
    // Short body words only: any hyphen at a line end would be the title's, a heading's or a box title's.
    const body = `## ${HEADING}\n\nRest well.\n\n:::warning[${CALLOUT_TITLE}]\n- A bad headache\n:::\n`;
    const project = await tempProject({ 'content/care.md': topic(body, { levels: '[plain]', title: TITLE }) });
    const formats: FormatName[] = ['handout', 'booklet', 'trifold'];
    const result = await build(project, { languages: ['en'], formats }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error ?? 'printed')).toEqual(formats.map(() => 'printed'));
    for (const format of formats) {
      const pdf = await readPdf(await readFile(path.join(project.outputDir, `care/care.plain.en.${format}.pdf`)));
      const items = pdf.pages.flatMap((page) => page.items.map((item) => item.str.trim())).filter((text) => text !== '');
      expect(items.filter((text) => /\p{L}-$/u.test(text)), format).toEqual([]);
      // Both wrapped onto more than one line in the narrower formats, at spaces.
      const text = items.join(' ').replace(/\s+/g, ' ');
      expect(text, format).toContain(TITLE);
      expect(text, format).toContain(HEADING);
      expect(text, format).toContain(CALLOUT_TITLE);
    }
  });
});

describe('hyphenation of body text', () => {
  it('never breaks a word of fewer than seven letters, in every language with patterns', () => {
    for (const patterns of ['en-us', 'es', 'ru']) {
      const hyphenate = hyphenatorFor(patterns);
      for (const word of ['water', 'center', 'agua', 'nervio', 'нерв', 'голова']) expect(hyphenate(word), `${patterns} ${word}`).toEqual([word]);
    }
    expect(hyphenatorFor('en-us')('carbamazepine').length).toBeGreaterThan(1);
    expect(hyphenatorFor('es')('carbamazepina').length).toBeGreaterThan(1);
  });
});

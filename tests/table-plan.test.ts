import { describe, expect, it } from 'vitest';
import { build } from '../src/index.ts';
import { tempProject, topic } from './helpers/project.ts';

describe('words of joined letters in a table', () => {
  it('refuses a table that fits only by breaking Arabic words, rather than print their halves in other letter forms', async () => {
    const word = 'مستشفياتالأعصاب';
    const row = (cell: string) => `| ${Array(7).fill(cell).join(' | ')} |`;
    const table = [row('Day'), row('---'), row(word)].join('\n');
    const project = await tempProject({ 'content/wide.md': topic(`## Clinics\n\n${table}\n`, { levels: '[plain]' }) });
    const result = await build(project, { languages: ['ar'], formats: ['handout'], draft: true }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([expect.stringMatching(/^the table at line 11 is too wide for the handout format/)]);
    // The same table of Latin words as long breaks them and prints.
    const latin = await tempProject({ 'content/wide.md': topic(`## Clinics\n\n${table.replaceAll(word, 'hospitalsclinicsx')}\n`, { levels: '[plain]' }) });
    const printed = await build(latin, { languages: ['ar'], formats: ['handout'], draft: true }, { jobs: 0 });
    expect(printed.editions.map((edition) => edition.error ?? 'printed')).toEqual(['printed']);
  }, 60_000);
});

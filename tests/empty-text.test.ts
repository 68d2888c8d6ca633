import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath } from '../src/index.ts';
import { tempProject, topic } from './helpers/project.ts';

describe('an empty text', () => {
  it('prints as nothing, never as its segment key (a blank dose cell printed "doses.t1.r2c2")', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Doses\n\n| Drug | Dose |\n| --- | --- |\n| Pill |  |\n', { levels: '[plain]' }) });
    const result = await build(project, { languages: ['en'], formats: ['html'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.error)).toEqual([undefined]);
    const page = await readFile(path.join(project.outputDir, editionPath(result.editions[0]!.spec)), 'utf8');
    expect(page).toContain('<td>Pill</td>');
    expect(page).not.toMatch(/doses\.t1/);
  });
});

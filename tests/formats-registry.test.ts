import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatsTable } from '../scripts/formats-table.ts';
import { build } from '../src/index.ts';
import { tempProject, topic, REPO_ROOT } from './helpers/project.ts';

describe('the format registry', () => {
  it('is what the README lists under Formats', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(formatsTable());
  });

  it('builds a format that suits the plainest level only at that level when the config gives it no levels', async () => {
    const project = await tempProject({ 'content/care.md': topic(':::plain\nRest.\n:::\n\n:::detailed\nRest well today.\n:::\n') });
    const result = await build(project, { languages: ['en'], formats: ['trifold', 'handout'] }, { jobs: 0 });
    expect(result.editions.map((edition) => `${edition.spec.format} ${edition.spec.level}`).sort()).toEqual(['handout detailed', 'handout plain', 'trifold plain']);
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { sourceCatalogs, statusProject, syncProject, type StatusRow } from '../src/i18n/project.ts';
import { exportXliff, importXliff } from '../src/i18n/xliff.ts';
import { prepareEdition, type Project } from '../src/index.ts';
import { handout } from './helpers/cli.ts';
import { tempProject, topic } from './helpers/project.ts';

const body = (first: string) => `## Care\n\n${first}\n`;
const care = (first: string) => topic(body(first), { levels: '[plain]', languages: '[en, es, ru]' });
const spanish = { title: 'Tema de prueba', summary: 'Un tema para pruebas.', 'care.h1': 'Cuidados', 'care.p1': 'Tome 5 mg al día.' };

/** A project whose topic `care` has a complete, unreviewed Spanish translation, and no Russian one. */
async function setUp(): Promise<Project> {
  const project = await tempProject({ 'content/care.md': care('Take 5 mg daily.') });
  await syncProject(project, { languages: ['es'] });
  await writeFile(catalogPaths(project, 'es', 'care').jsonPath, JSON.stringify(spanish));
  // Adopts the translation written by hand, as translated and unreviewed.
  await syncProject(project, { languages: ['es'] });
  return project;
}

/** What a reviewer's tool does: every Spanish unit, the template strings' too, comes back in state "reviewed". */
async function review(project: Project): Promise<void> {
  const { sources } = await sourceCatalogs(project, {});
  const { xml } = await exportXliff(project, { language: 'es', sources, all: true });
  const file = new VFile({ path: 'es.xlf' });
  const result = await importXliff(project, xml.replaceAll('state="translated"', 'state="reviewed"'), file, sources);
  expect(file.messages.filter((message) => message.fatal)).toEqual([]);
  expect(result.rejected).toBe(0);
}

async function careRow(project: Project, language: string): Promise<StatusRow> {
  const { rows } = await statusProject(project, { topics: ['care'], languages: [language] });
  return rows.find((row) => row.namespace === 'care')!;
}

const edition = (project: Project, language: string, draft = false) =>
  prepareEdition(project, { topic: 'care', language, level: 'plain', format: 'handout', paper: 'letter', clinic: null }, { draft });

describe('i18n status and the edition decision use the same words', () => {
  it('complete and reviewed: a final edition without the unreviewed notice', async () => {
    const project = await setUp();
    await review(project);
    expect(await careRow(project, 'es')).toMatchObject({ offered: true, total: 4, translated: 4, reviewed: 4, stale: 0, missing: 0, complete: true, fullyReviewed: true });
    const { prepared } = await edition(project, 'es');
    expect(prepared?.translation).toEqual({ status: 'final', reviewed: true, missing: 0, stale: 0 });
    expect(prepared?.labels.unreviewedNotice).toBeNull();
  });

  it('complete and unreviewed: a final edition that says it is unreviewed', async () => {
    const project = await setUp();
    expect(await careRow(project, 'es')).toMatchObject({ total: 4, translated: 4, reviewed: 0, complete: true, fullyReviewed: false });
    const { prepared } = await edition(project, 'es');
    expect(prepared?.translation).toEqual({ status: 'final', reviewed: false, missing: 0, stale: 0 });
    expect(prepared?.labels.unreviewedNotice).toMatch(/\S/);
  });

  it('incomplete: refused, or a marked draft with --draft', async () => {
    const project = await setUp();
    const { ['care.p1']: _left, ...partial } = spanish;
    await writeFile(catalogPaths(project, 'es', 'care').jsonPath, JSON.stringify(partial));
    expect(await careRow(project, 'es')).toMatchObject({ total: 4, translated: 3, missing: 1, complete: false, fullyReviewed: false });
    expect((await edition(project, 'es')).prepared).toBeNull();
    const { prepared } = await edition(project, 'es', true);
    expect(prepared?.translation).toEqual({ status: 'draft', reviewed: false, missing: 1, stale: 0 });
    expect(prepared?.labels.draftMark).toMatch(/\S/);
  });

  it('stale, even where it was reviewed: neither complete nor reviewed', async () => {
    const project = await setUp();
    await review(project);
    await writeFile(path.join(project.contentDir, 'care.md'), care('Take 10 mg daily.'));
    expect(await careRow(project, 'es')).toMatchObject({ total: 4, translated: 3, reviewed: 3, stale: 1, missing: 0, complete: false, fullyReviewed: false });
    expect((await edition(project, 'es')).prepared).toBeNull();
    expect((await edition(project, 'es', true)).prepared?.translation).toEqual({ status: 'draft', reviewed: false, missing: 0, stale: 1 });
  });

  it('not offered: no counts, no edition', async () => {
    const project = await setUp();
    expect(await careRow(project, 'vi')).toEqual({ namespace: 'care', language: 'vi', offered: false });
    // Offered in Russian but untranslated: that is incomplete, not "not offered".
    expect(await careRow(project, 'ru')).toMatchObject({ offered: true, missing: 4, complete: false });
    expect((await edition(project, 'vi', true)).prepared).toBeNull();
  });

  it('prints both columns and says what each word means (command line)', async () => {
    const project = await setUp();
    const { code, stdout } = await handout(project.root, 'i18n', 'status', '--topic', 'care', '--lang', 'es', 'ru', 'vi');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^catalog +language +total +translated +reviewed +stale +missing +complete +fully reviewed$/);
    expect(lines).toContainEqual(expect.stringMatching(/^care +es +4 +4 +0 +0 +0 +yes +no$/));
    expect(lines).toContainEqual(expect.stringMatching(/^care +ru +4 +0 +0 +0 +4 +no +no$/));
    expect(lines).toContainEqual(expect.stringMatching(/^care +vi +- +- +- +- +- +not offered +-$/));
    expect(stdout).not.toMatch(/final/);
    expect(stdout).toContain('complete: every segment translated from the current source text');
    expect(stdout).toContain('fully reviewed: every segment reviewed by a qualified medical translator');
  });
});

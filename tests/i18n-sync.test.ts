import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogPaths, loadCatalog, topicSource } from '../src/i18n/catalog.ts';
import { statusProject, syncProject } from '../src/i18n/project.ts';
import { catalogStatus } from '../src/i18n/status.ts';
import { readTopic } from '../src/reader/index.ts';
import type { Project } from '../src/index.ts';
import { tempProject, topic } from './helpers/project.ts';

const body = (first: string) => `## Care\n\n${first}\n\nRest *well*.\n\n:::plain\nDrink water.\n:::\n`;

async function setUp() {
  const project = await tempProject({ 'content/care.md': topic(body('Take 5 mg daily.')) });
  await syncProject(project, { topics: ['care'], languages: ['es'] });
  const { jsonPath } = catalogPaths(project, 'es', 'care');
  const translations = {
    title: 'Tema de prueba',
    summary: 'Un tema para pruebas.',
    'care.h1': 'Cuidados',
    'care.p1': 'Tome 5 mg al día.',
    'care.p2': 'Descanse <1>bien</1>.',
    'care.plain.p1': 'Beba agua.',
  };
  await writeFile(jsonPath, JSON.stringify(translations));
  return { project, jsonPath };
}

async function status(project: Project) {
  const { document } = await readTopic(project, 'care');
  const catalog = await loadCatalog(project, 'es', 'care');
  return { catalog, status: catalogStatus(topicSource(document!).entries, catalog) };
}

async function edit(project: Project, first: string, rest = body(first)) {
  await writeFile(path.join(project.contentDir, 'care.md'), topic(rest));
}

describe('i18n sync', () => {
  it('adds every segment of every level to the catalog sidecar, with source and hash', async () => {
    const project = await tempProject({ 'content/care.md': topic(body('Take 5 mg daily.')) });
    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(reports.find((report) => report.namespace === 'care')?.added).toEqual(['title', 'summary', 'care.h1', 'care.p1', 'care.p2', 'care.plain.p1']);
    const meta = JSON.parse(await readFile(catalogPaths(project, 'es', 'care').metaPath, 'utf8'));
    expect(meta.segments['care.p2']).toMatchObject({ source: 'Rest <1>well</1>.', state: 'translated' });
    const { status: counts } = await status(project);
    expect(counts).toMatchObject({ total: 6, missing: 6, translated: 0 });
  });

  it('counts a filled catalog as translated', async () => {
    const { project } = await setUp();
    expect((await status(project)).status).toMatchObject({ total: 6, translated: 6, stale: 0, missing: 0 });
  });

  it('makes a changed paragraph stale even before sync, then keeps the old translation as a suggestion', async () => {
    const { project, jsonPath } = await setUp();
    await edit(project, 'Take 10 mg daily.');
    const before = await status(project);
    expect(before.status.problems.map((problem) => [problem.key, problem.state])).toEqual([['care.p1', 'stale']]);

    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(reports.find((report) => report.namespace === 'care')).toMatchObject({ stale: ['care.p1'], added: [], removed: [] });
    const after = await status(project);
    expect(after.status.problems.map((problem) => [problem.key, problem.state])).toEqual([['care.p1', 'stale']]);
    expect(after.catalog.meta.segments['care.p1']).toMatchObject({ source: 'Take 10 mg daily.', suggestion: 'Tome 5 mg al día.', previousSource: 'Take 5 mg daily.' });
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))['care.p1']).toBeUndefined();

    // The translator fills in the new translation: current again, and the suggestion goes at the next sync.
    const values = JSON.parse(await readFile(jsonPath, 'utf8'));
    await writeFile(jsonPath, JSON.stringify({ ...values, 'care.p1': 'Tome 10 mg al día.' }));
    expect((await status(project)).status.problems).toEqual([]);
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect((await status(project)).catalog.meta.segments['care.p1']?.suggestion).toBeUndefined();
  });

  it('treats a translation with no recorded source as stale, never as current', async () => {
    const { project, jsonPath } = await setUp();
    await writeFile(catalogPaths(project, 'es', 'care').metaPath, JSON.stringify({ language: 'es', namespace: 'care', segments: {} }));
    expect((await status(project)).status.stale).toBe(6);
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect((await status(project)).status.stale).toBe(6);
    expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual({});
  });

  it('adopts a translation written by hand for a new key as translated from the current source, unreviewed', async () => {
    const { project, jsonPath } = await setUp();
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    // A new paragraph and its translation, both written before anyone runs sync.
    await edit(project, 'Take 5 mg daily.', `${body('Take 5 mg daily.')}\nSleep well.\n`);
    await writeFile(jsonPath, JSON.stringify({ ...JSON.parse(await readFile(jsonPath, 'utf8')), 'care.p3': 'Duerma bien.' }));
    // Until sync records what it was made from, it is not current.
    expect((await status(project)).status.problems.map((problem) => [problem.key, problem.state])).toEqual([['care.p3', 'stale']]);

    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(reports.find((report) => report.namespace === 'care')).toMatchObject({ adopted: ['care.p3'], stale: [], added: [] });
    const { catalog, status: counts } = await status(project);
    expect(counts).toMatchObject({ problems: [], reviewed: 0 });
    expect(catalog.values['care.p3']).toBe('Duerma bien.');
    expect(catalog.meta.segments['care.p3']).toEqual({ sourceHash: expect.any(String), source: 'Sleep well.', state: 'translated' });

    // Adopted, it goes stale like any other translation when its source changes.
    await edit(project, 'Take 5 mg daily.', `${body('Take 5 mg daily.')}\nSleep eight hours.\n`);
    expect((await status(project)).status.problems.map((problem) => [problem.key, problem.state])).toEqual([['care.p3', 'stale']]);
  });

  it('does not adopt a hand-written translation of a key whose earlier text was removed: nothing says which text it translates', async () => {
    const { project, jsonPath } = await setUp();
    await edit(project, '', '## Care\n\nTake 5 mg daily.\n\n:::plain\nDrink water.\n:::\n');
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect((await status(project)).catalog.meta.removed['care.p2']).toBeDefined();
    // care.p2 comes back with other text; an old translation is put back in the catalog by hand.
    await edit(project, 'Take 5 mg daily.', '## Care\n\nTake 5 mg daily.\n\nRest often.\n\n:::plain\nDrink water.\n:::\n');
    await writeFile(jsonPath, JSON.stringify({ ...JSON.parse(await readFile(jsonPath, 'utf8')), 'care.p2': 'Descanse <1>bien</1>.' }));
    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(reports.find((report) => report.namespace === 'care')).toMatchObject({ adopted: [], stale: ['care.p2'] });
    expect((await status(project)).catalog.meta.segments['care.p2']).toMatchObject({ suggestion: 'Descanse <1>bien</1>.', previousSource: 'Rest <1>well</1>.' });
  });

  it('moves translations of removed text aside instead of deleting them', async () => {
    const { project } = await setUp();
    await edit(project, '', '## Care\n\nRest *well*.\n\n:::plain\nDrink water.\n:::\n');
    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    const report = reports.find((entry) => entry.namespace === 'care')!;
    // "Rest well" is now care.p1: its translation is reused from the old key.
    expect(report.reused).toEqual(['care.p1']);
    expect(report.removed).toEqual(['care.p2']);
    const { catalog, status: counts } = await status(project);
    expect(counts.problems).toEqual([]);
    expect(catalog.values['care.p1']).toBe('Descanse <1>bien</1>.');
    // What care.p1 held before ("Take 5 mg daily") is no suggestion for the text it holds now.
    expect(catalog.meta.segments['care.p1']).toEqual({ sourceHash: expect.any(String), source: 'Rest <1>well</1>.', state: 'translated' });
    expect(catalog.meta.removed['care.p2']).toEqual({ source: 'Rest <1>well</1>.', translation: 'Descanse <1>bien</1>.' });
  });

  it('is a no-op on an up-to-date catalog, byte for byte', async () => {
    const { project, jsonPath } = await setUp();
    await syncProject(project, { topics: ['care'], languages: ['es'] });
    const before = [await readFile(jsonPath), await readFile(catalogPaths(project, 'es', 'care').metaPath)];
    const { reports } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(reports.every((report) => !report.changed)).toBe(true);
    expect([await readFile(jsonPath), await readFile(catalogPaths(project, 'es', 'care').metaPath)]).toEqual(before);
  });

  it('refuses to rewrite a catalog it cannot parse', async () => {
    const { project, jsonPath } = await setUp();
    await writeFile(jsonPath, '{ "title": "Tema", ');
    const { files } = await syncProject(project, { topics: ['care'], languages: ['es'] });
    expect(files.flatMap((file) => file.messages).map((message) => message.ruleId)).toContain('catalog-json');
    expect(await readFile(jsonPath, 'utf8')).toBe('{ "title": "Tema", ');
  });

  it('reports status per topic and language', async () => {
    const { project } = await setUp();
    await edit(project, 'Take 10 mg daily.');
    const { rows } = await statusProject(project, { topics: ['care'], languages: ['es'] });
    expect(rows.find((row) => row.namespace === 'care')).toMatchObject({ language: 'es', total: 6, translated: 5, stale: 1, missing: 0, complete: false, fullyReviewed: false });
  });
});

import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { VFile } from 'vfile';
import { catalogPaths, loadCatalog, MAX_CATALOG_BYTES } from '../src/i18n/catalog.ts';
import { syncProject } from '../src/i18n/project.ts';
import { check, type Project } from '../src/index.ts';
import { REPO_ROOT, tempProject, topic } from './helpers/project.ts';

const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin/handout.js');

/** Runs the real command line; resolves with exit code and output instead of throwing. */
async function handout(root: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, '--root', root, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** Two topics with Spanish catalogs recorded by sync. */
async function setUp() {
  const project = await tempProject({
    'content/care.md': topic('## Care\n\nTake **5 mg** daily.\n\nRest well.\n', { levels: '[plain]' }),
    'content/rest.md': topic('Sleep well.\n', { levels: '[plain]' }),
  });
  await syncProject(project, { languages: ['es'] });
  return project;
}

/** Every file under locales/, byte for byte. */
async function locales(project: Project): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(project.localesDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(project.localesDir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'base64');
  }
  return files;
}

const messagesOf = (files: VFile[]) => files.flatMap((file) => file.messages);

const lineOf = (text: string, fragment: string) => text.slice(0, text.indexOf(fragment)).split('\n').length;

describe('hostile catalogs', () => {
  it('a key given twice is an error naming the key and both lines; sync leaves that catalog alone and syncs the others', async () => {
    const project = await setUp();
    const { jsonPath } = catalogPaths(project, 'es', 'care');
    await writeFile(jsonPath, '{\n  "title": "Tema",\n  "summary": "Resumen",\n  "title": "Otro tema"\n}\n');
    // The other topic changes, so sync has work to do there.
    await writeFile(path.join(project.contentDir, 'rest.md'), topic('Sleep well.\n\nDrink water.\n', { levels: '[plain]' }));
    const before = await locales(project);

    const { code, stdout, stderr } = await handout(project.root, 'i18n', 'sync', '--lang', 'es');
    expect(code).toBe(1);
    expect(stderr).toMatch(/locales\/es\/care\.json\n\s*4:3\s+error\s+Catalog has the key "title" twice \(lines 2 and 4\); JSON keeps only the last: delete one\s+catalog-duplicate-key/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toContain('es/rest: 1 new: intro.p2');
    const after = await locales(project);
    expect(after['es/care.json']).toBe(before['es/care.json']);
    expect(after['es/care.meta.json']).toBe(before['es/care.meta.json']);
    expect(after['es/rest.meta.json']).not.toBe(before['es/rest.meta.json']);
  });

  it('a key given twice in a .meta.json is named with its path and lines', async () => {
    const project = await setUp();
    const { metaPath } = catalogPaths(project, 'es', 'care');
    const meta = await readFile(metaPath, 'utf8');
    // The title's entry again, at the end of "segments".
    const titleEntry = /\n(\s*"title": \{[^}]*\}),/.exec(meta)![1]!;
    const twice = meta.replace(/(\n\s*"care\.p2": \{[^}]*\})/, `$1,\n${titleEntry}`);
    await writeFile(metaPath, twice);
    const first = lineOf(twice, '"title": {');
    const second = twice.slice(0, twice.lastIndexOf('"title": {')).split('\n').length;
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.file.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['catalog-duplicate-key', `care.meta.json line ${second} has the key "segments" → "title" twice (lines ${first} and ${second}); JSON keeps only the last: delete one`],
    ]);
  });

  it.each([
    ['an object as a translation', '{\n  "title": "Tema",\n  "summary": { "text": "Resumen" }\n}\n', /^Catalog must be a flat i18next JSON v4 object of key → translated string: the value of "summary" is an object$/, 3],
    ['a number as a translation', '{\n  "title": 5\n}\n', /the value of "title" is a number$/, 2],
    ['an array', '[\n  "Tema"\n]\n', /^Catalog must be a flat i18next JSON v4 object of key → translated string, but it is an array$/, undefined],
    ['broken JSON', '{\n  "title": "Tema",\n  "summary": "Resumen",\n}\n', /^Catalog is not valid JSON: /, 4],
  ])('%s is an error on the catalog, with its line', async (_, text, reason, line) => {
    const project = await setUp();
    await writeFile(catalogPaths(project, 'es', 'care').jsonPath, text);
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.file.messages).toHaveLength(1);
    expect(catalog.file.messages[0]).toMatchObject({ ruleId: 'catalog-json', fatal: true, line });
    expect(catalog.file.messages[0]!.reason).toMatch(reason);
    expect(catalog.values).toEqual({});
  });

  it('refuses a catalog over the size limit and one nested without end, with a message, at once', async () => {
    const project = await setUp();
    const { jsonPath, metaPath } = catalogPaths(project, 'es', 'care');
    await writeFile(jsonPath, JSON.stringify({ title: 'x'.repeat(MAX_CATALOG_BYTES) }));
    await writeFile(metaPath, `{"segments": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const started = performance.now();
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(catalog.file.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['catalog-size', 'Catalog is 10.0 MiB, more than the limit of 10.0 MiB'],
      ['catalog-meta', 'care.meta.json line 1 nests objects and arrays more than 16 levels deep'],
    ]);
  });

  it('reads a catalog saved with a byte-order mark', async () => {
    const project = await setUp();
    await writeFile(catalogPaths(project, 'es', 'care').jsonPath, '\ufeff{ "title": "Tema" }\n');
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.file.messages).toEqual([]);
    expect(catalog.values).toEqual({ title: 'Tema' });
  });

  it('a broken source ui.json is a message, not a crash, and the topics are still synced', async () => {
    const project = await setUp();
    await writeFile(path.join(project.localesDir, 'en/ui.json'), '{ "pageOf": "Page {{page}}", }');
    await writeFile(path.join(project.contentDir, 'rest.md'), topic('Sleep well.\n\nDrink water.\n', { levels: '[plain]' }));
    const { code, stdout, stderr } = await handout(project.root, 'i18n', 'sync', '--lang', 'es');
    expect(code).toBe(1);
    expect(stderr).toMatch(/locales\/en\/ui\.json\n\s*1:\d+\s+error\s+Catalog is not valid JSON: .*catalog-json/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toContain('es/rest: 1 new: intro.p2');
  });

  it('a topic that cannot be read is an error on it, and the other topics are synced', async () => {
    const project = await setUp();
    // A malformed escape in an image path made the reader throw.
    await writeFile(path.join(project.contentDir, 'care.md'), topic('![x](%)\n', { levels: '[plain]' }));
    await writeFile(path.join(project.contentDir, 'rest.md'), topic('Sleep well.\n\nDrink water.\n', { levels: '[plain]' }));
    const { reports, files } = await syncProject(project, { languages: ['es'] });
    expect(messagesOf(files).filter((message) => message.fatal).map((message) => message.file)).toEqual(['content/care.md']);
    expect(reports.find((report) => report.namespace === 'rest')?.added).toEqual(['intro.p2']);
  });

  it('a bidi override in a catalog fails the check of that language, naming the key, code point and line', async () => {
    const project = await setUp();
    const { jsonPath } = catalogPaths(project, 'es', 'care');
    const values = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, string>;
    await writeFile(jsonPath, JSON.stringify({ ...values, title: 'Tema', summary: 'Resumen.', 'care.h1': 'Cuidados', 'care.p1': 'Tome <1>\u202e05\u202c mg</1> al día.', 'care.p2': 'Descanse.' }));
    await syncProject(project, { languages: ['es'] });
    const result = await check(project, { topics: ['care'], languages: ['es'] });
    const message = messagesOf(result.files).find((candidate) => candidate.ruleId === 'invisible-characters');
    const source = await readFile(path.join(project.contentDir, 'care.md'), 'utf8');
    expect(message).toMatchObject({ file: 'content/care.md', line: lineOf(source, 'Take **5 mg**'), fatal: true });
    expect(message?.reason).toMatch(/^es translation of `care\.p1`: invisible characters: U\+202E \(right-to-left override\) after "Tome <1>", which reorders/);
    expect(result.editions.every((edition) => edition.error)).toBe(true);
  });
});

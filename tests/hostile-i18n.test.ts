import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { catalogPaths, loadCatalog, MAX_CATALOG_BYTES } from '../src/i18n/catalog.ts';
import { sourceCatalogs, syncProject } from '../src/i18n/project.ts';
import { exportXliff, importXliff, MAX_XLIFF_BYTES, MAX_XLIFF_DEPTH } from '../src/i18n/xliff.ts';
import { i18nExport } from '../src/cli/i18n.ts';
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

/** The exported XLIFF of every segment, with `targets` (unit id → target XML) as translated targets. */
async function xliffWith(project: Project, targets: Record<string, string>): Promise<string> {
  const { sources } = await sourceCatalogs(project, {});
  let { xml } = await exportXliff(project, { language: 'es', sources, all: true });
  for (const [id, value] of Object.entries(targets)) {
    const unit = new RegExp(`(<unit id="${id.replace(/\./g, '\\.')}">[\\s\\S]*?<segment) state="\\w+">([\\s\\S]*?</source>)(?:<target>.*</target>)?`);
    expect(xml, id).toMatch(unit);
    xml = xml.replace(unit, `$1 state="translated">$2<target>${value}</target>`);
  }
  return xml;
}

async function runImport(project: Project, xml: string) {
  const file = new VFile({ path: 'es.xlf' });
  const { sources } = await sourceCatalogs(project, {});
  const result = await importXliff(project, xml, file, sources);
  return { result, messages: file.messages };
}

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

describe('hostile XLIFF', () => {
  it('refuses every copy of a unit given twice, naming the id and both lines, and imports the others', async () => {
    const project = await setUp();
    let xml = await xliffWith(project, { 'care.p1': 'Tome <pc id="1">5 mg</pc> al día.', 'care.p2': 'Descanse.' });
    const p2 = /\n {4}<unit id="care\.p2">[\s\S]*?<\/unit>/.exec(xml)![0];
    xml = xml.replace(p2, `${p2}${p2.replace('Descanse.', 'Duerma.')}`);
    const before = await locales(project);
    const { result, messages } = await runImport(project, xml);
    const first = lineOf(xml, '<unit id="care.p2">');
    const second = xml.slice(0, xml.lastIndexOf('<unit id="care.p2">')).split('\n').length;
    expect(messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['xliff-duplicate-unit', second, `unit "care:care.p2" appears 2 times (lines ${first} and ${second}); none of them is imported: keep one`],
    ]);
    expect(result).toMatchObject({ applied: 1, rejected: 2 });
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.values).toEqual({ 'care.p1': 'Tome <1>5 mg</1> al día.' });
    expect((await locales(project))['es/rest.json']).toBe(before['es/rest.json']);
  });

  it('refuses a unit given in two <file>s of the same topic, and reads units inside groups', async () => {
    const project = await setUp();
    const xml = await xliffWith(project, { 'care.p2': 'Descanse.', 'intro.p1': 'Duerma bien.' });
    const p2 = /\n {4}<unit id="care\.p2">[\s\S]*?<\/unit>/.exec(xml)![0];
    const again = xml.replace('</xliff>', `  <file id="care">\n  <group id="g">${p2}\n  </group>\n  </file>\n</xliff>`);
    const before = await locales(project);
    const { result, messages } = await runImport(project, again);
    expect(messages.map((message) => message.ruleId)).toEqual(['xliff-duplicate-unit']);
    expect(messages[0]!.reason).toMatch(/^unit "care:care\.p2" appears 2 times \(lines \d+ and \d+\)/);
    expect(result).toMatchObject({ applied: 1, rejected: 2 });
    expect((await locales(project))['es/care.json']).toBe(before['es/care.json']);
    // A unit in a <group> alone is imported like any other.
    const grouped = xml.replace(p2, `\n    <group id="g">${p2}\n    </group>`);
    expect((await runImport(project, grouped)).result).toMatchObject({ applied: 1, rejected: 0 });
    expect((await loadCatalog(project, 'es', 'care')).values['care.p2']).toBe('Descanse.');
  });

  it('refuses inline codes nested 20,000 deep with a message and its line, writing nothing', async () => {
    const project = await setUp();
    const deep = `${'<pc id="1">'.repeat(20_000)}5 mg${'</pc>'.repeat(20_000)}`;
    const xml = await xliffWith(project, { 'care.p1': `Tome ${deep} al día.` });
    await writeFile(path.join(project.root, 'es.xlf'), xml);
    const before = await locales(project);
    const { code, stderr } = await handout(project.root, 'i18n', 'import', path.join(project.root, 'es.xlf'));
    expect(code).toBe(1);
    const line = lineOf(xml, '<pc id="1">');
    expect(stderr).toMatch(new RegExp(`es\\.xlf\\n\\s*${line}:\\d+\\s+error\\s+elements are nested more than ${MAX_XLIFF_DEPTH} levels deep; nothing of this file is imported\\s+xliff-depth`));
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await locales(project)).toEqual(before);
  });

  it(`takes ${MAX_XLIFF_DEPTH} levels of elements and refuses one more`, async () => {
    const project = await setUp();
    // xliff, file, unit, segment and target are 5 levels.
    const nested = (levels: number) => `Tome ${'<pc id="1">'.repeat(levels)}5 mg${'</pc>'.repeat(levels)} al día.`;
    const atLimit = await runImport(project, await xliffWith(project, { 'care.p1': nested(MAX_XLIFF_DEPTH - 5) }));
    expect(atLimit.messages.map((message) => message.ruleId)).toEqual(['inline-tags']);
    const over = await runImport(project, await xliffWith(project, { 'care.p1': nested(MAX_XLIFF_DEPTH - 4) }));
    expect(over.messages.map((message) => message.ruleId)).toEqual(['xliff-depth']);
  });

  it('refuses a file over the size limit, before reading it', async () => {
    const project = await setUp();
    const xml = await xliffWith(project, { 'care.p2': 'Descanse.' });
    const padded = xml.replace('</xliff>', `<!--${' '.repeat(MAX_XLIFF_BYTES)}-->\n</xliff>`);
    const { result, messages } = await runImport(project, padded);
    expect(result).toMatchObject({ applied: 0, rejected: 0 });
    expect(messages.map((message) => [message.ruleId, message.reason])).toEqual([['xliff-size', 'the file is 20.0 MiB, more than the limit of 20.0 MiB: export fewer topics at a time; nothing of this file is imported']]);
    await writeFile(path.join(project.root, 'big.xlf'), padded);
    const before = await locales(project);
    const { code, stderr } = await handout(project.root, 'i18n', 'import', path.join(project.root, 'big.xlf'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/big\.xlf\n\s*error\s+the file is 20\.0 MiB, more than the limit of 20\.0 MiB: export fewer topics at a time; nothing of this file is imported\s+xliff-size/);
    expect(await locales(project)).toEqual(before);
  });

  it('decodes character references, and refuses entities XML does not define and characters it does not allow, with their line', async () => {
    const project = await setUp();
    const decoded = await runImport(project, await xliffWith(project, { 'care.p2': 'Descanse despu&#233;s de com&#xE9;r&#x2e;' }));
    expect(decoded.messages).toEqual([]);
    expect((await loadCatalog(project, 'es', 'care')).values['care.p2']).toBe('Descanse después de comér.');
    const before = await locales(project);
    for (const [reference, reason] of <[string, string][]>[
      ['&nbsp;', '&nbsp; is not an entity XML defines (only &lt; &gt; &amp; &apos; &quot; are)'],
      ['&#x1;', '&#x1; is not a character XML allows'],
      ['&#xD800;', '&#xD800; is not a character XML allows'],
      ['&#x110000;', '&#x110000; is not a character XML allows'],
    ]) {
      const xml = await xliffWith(project, { 'care.p1': `Tome <pc id="1">5${reference}mg</pc> al día.` });
      const { messages } = await runImport(project, xml);
      expect(messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([['xliff-xml', lineOf(xml, reference), `not well-formed XML: ${reason}; nothing of this file is imported`]]);
    }
    expect(await locales(project)).toEqual(before);
  });

  it('refuses a unit with a bidi override or a control character, written raw or as a reference, and imports the others', async () => {
    const project = await setUp();
    const before = await locales(project);
    const hostile: [string, string, string, string][] = [
      ['\u202e', 'invisible-characters', 'U+202E (right-to-left override)', 'Duerma bien.'],
      ['&#x202E;', 'invisible-characters', 'U+202E (right-to-left override)', 'Duerma mucho.'],
      ['\u0007', 'control-characters', 'U+0007', 'Descanse bien.'],
      ['&#x85;', 'control-characters', 'U+0085', 'Duerma tranquilo.'],
    ];
    for (const [override, ruleId, named, other] of hostile) {
      const xml = await xliffWith(project, { 'care.p1': `Tome <pc id="1">${override}05 mg</pc> al día.`, 'intro.p1': other });
      const { result, messages } = await runImport(project, xml);
      expect(result, override).toMatchObject({ applied: 1, rejected: 1 });
      expect(messages.map((message) => [message.ruleId, message.line]), override).toEqual([[ruleId, lineOf(xml, '<unit id="care.p1">')]]);
      expect(messages[0]!.reason).toContain(`unit "care:care.p1": ${ruleId === 'control-characters' ? 'control characters' : 'invisible characters'}`);
      expect(messages[0]!.reason).toContain(`${named} after "Tome <1>"`);
      expect((await locales(project))['es/care.json']).toBe(before['es/care.json']);
      expect((await loadCatalog(project, 'es', 'rest')).values['intro.p1']).toBe(other);
    }
  });
});

describe('hostile catalogs on export', () => {
  it('leaves out a topic whose catalog cannot be read, reports it, and exports the others', async () => {
    const project = await setUp();
    await writeFile(catalogPaths(project, 'es', 'care').jsonPath, '{ "title": "Tema", "title": "Tema" }');
    const out = path.join(project.root, 'es.xlf');
    const files = await i18nExport(project, { language: 'es', all: true, out });
    expect(messagesOf(files).map((message) => [message.file, message.ruleId])).toEqual([['locales/es/care.json', 'catalog-duplicate-key']]);
    const xml = await readFile(out, 'utf8');
    expect(xml).toContain('<file id="rest">');
    expect(xml).not.toContain('<file id="care">');
  });

  it('reports an XLIFF file it cannot write', async () => {
    const project = await setUp();
    // A file where the folder of the XLIFF file should be.
    const files = await i18nExport(project, { language: 'es', all: true, out: path.join(project.root, 'handout.config.yaml', 'es.xlf') });
    expect(messagesOf(files).map((message) => [message.file, message.ruleId, message.reason.split(':')[0]])).toEqual([['handout.config.yaml/es.xlf', 'xliff-write', 'cannot be written']]);
  });
});

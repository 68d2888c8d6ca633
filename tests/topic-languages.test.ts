import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { sourceCatalogs, statusProject, syncProject } from '../src/i18n/project.ts';
import { exportXliff, importXliff } from '../src/i18n/xliff.ts';
import { build, check, mergeManifests, parseShard, prepareEdition, type ManifestEntry } from '../src/index.ts';
import { readTopic } from '../src/reader/index.ts';
import { handout } from './helpers/cli.ts';
import { tempProject, topic } from './helpers/project.ts';

const SAMPLE = 'recurrent-hemifacial-spasm';
// With its key points: a plain level without them is a health-literacy error (summary-missing).
const PARKING = ':::summary\n- Park in lot B.\n:::\n\n## Parking\n\nPark in lot B.\n';
const englishOnly = topic(PARKING, { title: 'Parking', levels: '[plain]', languages: '[en]' });

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function manifest(root: string): Promise<ManifestEntry[]> {
  return (JSON.parse(await readFile(path.join(root, 'output/manifest.json'), 'utf8')) as { editions: ManifestEntry[] }).editions;
}

describe('front matter languages', () => {
  async function read(text: string) {
    const project = await tempProject({ 'content/t.md': text });
    return readTopic(project, 't');
  }
  const found = (file: VFile) => file.messages.map((message) => ({ reason: message.reason, line: message.line, ruleId: message.ruleId }));

  it('offers a topic in every configured language unless it says otherwise', async () => {
    const all = await read(topic('Text.\n'));
    expect(all.document?.meta.languages).toEqual(['en', 'es', 'zh-Hans', 'vi', 'ru', 'ht', 'ar']);
    const some = await read(topic('Text.\n', { languages: '[en, es]' }));
    expect(some.file.messages).toEqual([]);
    expect(some.document?.meta.languages).toEqual(['en', 'es']);
  });

  it('refuses an unknown language code on its own line', async () => {
    // Fields: title 2 … version 7, languages 8, its items 9 and 10.
    const { file, document } = await read(topic('Text.\n', { languages: '\n  - en\n  - sp' }));
    expect(document).toBeNull();
    expect(found(file)).toEqual([{ reason: 'Front matter field `languages.1`: expected one of the configured languages: en, es, zh-Hans, vi, ru, ht, ar', line: 10, ruleId: 'front-matter-schema' }]);
  });

  it("refuses a list without the topic's own language, a repeated one and an empty one", async () => {
    expect(found((await read(topic('Text.\n', { languages: '[es]' }))).file)).toEqual([
      { reason: "Front matter field `languages`: must include the topic's own language, en", line: 8, ruleId: 'front-matter-schema' },
    ]);
    expect(found((await read(topic('Text.\n', { languages: '[en, es, es]' }))).file)).toEqual([
      { reason: 'Front matter field `languages`: languages must not repeat', line: 8, ruleId: 'front-matter-schema' },
    ]);
    expect(found((await read(topic('Text.\n', { languages: '[]' }))).file)[0]).toMatchObject({ line: 8, ruleId: 'front-matter-schema' });
  });
});

describe('a topic offered in some languages', () => {
  it('builds with exit 0 beside the samples, and status and check agree (command line)', async () => {
    const project = await tempProject({ 'content/parking.md': englishOnly }, { withSamples: true });
    const built = await handout(project.root, 'build');
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const editions = await manifest(project.root);
    expect(editions.filter((entry) => entry.topic === 'parking').map((entry) => entry.path)).toEqual(['parking/parking.plain.en.handout.pdf']);
    expect(new Set(editions.filter((entry) => entry.topic === SAMPLE).map((entry) => entry.language)).size).toBe(7);

    const checked = await handout(project.root, 'check');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('15 of 15 editions ready');

    const status = await handout(project.root, 'i18n', 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^parking +es +- +- +- +- +- +not offered +-$/m);
    expect(status.stdout).toMatch(/^parking +ar +- +- +- +- +- +not offered +-$/m);
    expect(status.stdout).toContain("not offered: the topic's front matter `languages` leaves the language out");

    // Asked for by name, a language the topic is not offered in is skipped just the same.
    const named = await handout(project.root, 'build', '--topic', 'parking', '--lang', 'es');
    expect(named).toMatchObject({ code: 0, stderr: '' });
  });

  it('still fails a language it claims and lacks', async () => {
    const project = await tempProject({ 'content/parking.md': topic(PARKING, { levels: '[plain]', languages: '[en, es]' }) });
    const result = await build(project);
    expect(result.editions.map((edition) => [edition.spec.language, edition.error === undefined]).sort()).toEqual([
      ['en', true],
      ['es', false],
    ]);
    const missing = result.files.flatMap((file) => file.messages).filter((message) => message.ruleId === 'translation-missing');
    expect(missing[0]).toMatchObject({ file: 'content/parking.md', line: 2, fatal: true });
    expect((await check(project)).editions.filter((edition) => edition.error).map((edition) => edition.spec.language)).toEqual(['es']);
    const { rows } = await statusProject(project, { topics: ['parking'] });
    expect(rows.filter((row) => row.namespace === 'parking').map((row) => [row.language, row.offered ? row.complete : 'not offered'])).toEqual([
      ['es', false],
      ['zh-Hans', 'not offered'],
      ['vi', 'not offered'],
      ['ru', 'not offered'],
      ['ht', 'not offered'],
      ['ar', 'not offered'],
    ]);
  });

  it('refuses to prepare an edition in a language it is not offered in (library)', async () => {
    const project = await tempProject({ 'content/parking.md': englishOnly });
    const { prepared, files } = await prepareEdition(project, { topic: 'parking', language: 'es', level: 'plain', format: 'handout', paper: 'letter', clinic: null });
    expect(prepared).toBeNull();
    expect(files.flatMap((file) => file.messages).map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([
      'language-not-offered: Topic parking is not offered in es (its front matter lists languages: en)',
    ]);
  });

  /** A topic once offered in Spanish, its manifest listing a Spanish edition, now offered in English only. */
  async function noLongerInSpanish() {
    const project = await tempProject({ 'content/parking.md': topic('## Parking\n\nPark in lot B.\n', { levels: '[plain]' }) });
    await build(project, { languages: ['en'] });
    // Not offered in Spanish, but an earlier Spanish edition would stay listed were it not dropped.
    const earlier = await manifest(project.root);
    const spanish: ManifestEntry = { ...earlier[0]!, path: 'parking/parking.plain.es.handout.pdf', language: 'es' };
    await writeFile(path.join(project.outputDir, 'manifest.json'), JSON.stringify({ editions: [...earlier, spanish] }));
    await writeFile(path.join(project.contentDir, 'parking.md'), englishOnly);
    return project;
  }

  it('drops from the manifest the editions of a language the topic is no longer offered in', async () => {
    const project = await noLongerInSpanish();
    const result = await build(project);
    expect(result.editions.map((edition) => [edition.spec.language, edition.error])).toEqual([['en', undefined]]);
    expect((await manifest(project.root)).map((entry) => entry.path)).toEqual(['parking/parking.plain.en.handout.pdf']);
    // A build that reuses the topic unread knows its languages from the manifest.
    const again = await build(project);
    expect(again.editions).toEqual([expect.objectContaining({ reused: true })]);
  });

  it('drops them in a merge of shards too', async () => {
    const project = await noLongerInSpanish();
    for (const index of [1, 2]) await build(project, {}, { shard: parseShard(`${index}/2`) });
    const merged = await mergeManifests(project);
    expect(merged.ok).toBe(true);
    expect((await manifest(project.root)).map((entry) => entry.path)).toEqual(['parking/parking.plain.en.handout.pdf']);
  });

  it('keeps, exports and imports no catalog in a language it is not offered in', async () => {
    const project = await tempProject({ 'content/parking.md': englishOnly });
    await syncProject(project, {});
    expect(await exists(catalogPaths(project, 'es', 'parking').jsonPath)).toBe(false);
    const { sources } = await sourceCatalogs(project, {});
    const exported = await exportXliff(project, { language: 'es', sources, all: true });
    expect(exported.xml).not.toContain('<file id="parking"');
    const file = new VFile({ path: 'es.xlf' });
    const xml =
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es"><file id="parking"><unit id="title"><segment state="translated"><source>Parking</source><target>Estacionamiento</target></segment></unit></file></xliff>';
    const imported = await importXliff(project, xml, file, sources);
    expect(imported.rejected).toBe(1);
    expect(file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([
      'xliff-not-offered: topic parking is not offered in es (its front matter lists languages: en); its 1 units are not imported: add es to its languages first',
    ]);
    expect(await exists(catalogPaths(project, 'es', 'parking').jsonPath)).toBe(false);
  });
});

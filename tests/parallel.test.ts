import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { build, renderPool, type BuildOptions } from '../src/index.ts';
import { openProject } from '../src/index.ts';
import { killAfterFirstEdition } from './helpers/cli.ts';
import { tempProject, topic } from './helpers/project.ts';

const body = (plain: string) => `## Care\n\nShared text.\n\n:::plain\n${plain}\n:::\n\n:::detailed\nDetailed text.\n:::\n`;

async function pdfs(outputDir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(outputDir, { recursive: true })).filter((name) => name.endsWith('.pdf')).sort();
  return new Map(await Promise.all(files.map(async (name) => [name, await readFile(path.join(outputDir, name))] as const)));
}

describe('parallel and incremental builds', () => {
  it('give identical bytes with workers and without', async () => {
    const serial = await tempProject({}, { withSamples: true });
    const parallel = await tempProject({}, { withSamples: true });
    const started = await tempProject({}, { withSamples: true });
    const inWorkers = async (project: typeof serial, options: BuildOptions) => (await build(project, {}, options)).editions.filter((edition) => edition.stats?.inWorker).length;
    // With no workers every edition renders in this thread; with workers, every edition in the workers.
    expect(await inWorkers(serial, { jobs: 0 })).toBe(0);
    expect(await inWorkers(parallel, { jobs: 2, oneWorkerEditions: 0 })).toBe(14);
    // A worker started before the build (as the command line starts one) takes the first editions, then another joins it.
    expect(await inWorkers(started, { jobs: 2, oneWorkerEditions: 4, startedWorker: renderPool(1) })).toBe(14);
    const [a, b, c] = [await pdfs(serial.outputDir), await pdfs(parallel.outputDir), await pdfs(started.outputDir)];
    // Every sample language (7) at both levels.
    expect([...a.keys()]).toHaveLength(14);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...c.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) {
      expect(b.get(name)!.equals(bytes), name).toBe(true);
      expect(c.get(name)!.equals(bytes), name).toBe(true);
    }
  });

  it('prepare only a few editions ahead of the workers, so a build of any size holds few in memory', async () => {
    const files = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`content/topic-${index}.md`, topic(`Text ${index}.\n`, { levels: '[plain]' })]));
    const project = await tempProject(files);
    let firstTotal = 0;
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 2, oneWorkerEditions: 0, onEdition: (_outcome, _done, total) => (firstTotal ||= total) });
    expect(result.editions.filter((edition) => edition.stats?.inWorker)).toHaveLength(16);
    // Until a topic is read the total counts both configured levels: when the first PDF came back, topics were still unread.
    expect(firstTotal).toBeGreaterThan(16);
  });

  it('render a small build in one worker started with its first edition, while later topics are still unread', async () => {
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`content/topic-${index}.md`, topic(`Text ${index}.\n`, { levels: '[plain]' })]));
    const project = await tempProject(files);
    let firstTotal = 0;
    // 8 editions, fewer than oneWorkerEditions (24): before, they all waited to be prepared, then one worker started.
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 2, onEdition: (_outcome, _done, total) => (firstTotal ||= total) });
    expect(result.editions.filter((edition) => edition.stats?.inWorker)).toHaveLength(8);
    expect(firstTotal).toBeGreaterThan(8);
  });

  it('start every worker with the first edition of a build of more than oneWorkerEditions, not once that many are submitted', async () => {
    const files = Object.fromEntries(Array.from({ length: 14 }, (_, index) => [`content/topic-${index}.md`, topic(`Text ${index}.\n`)]));
    const project = await tempProject(files);
    const threads: number[] = [];
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { jobs: 2, onEdition: (outcome) => outcome.stats && threads.push(outcome.stats.threadId) });
    expect(threads).toHaveLength(28);
    // Three editions ahead per worker: waiting for the 25th submission, the first worker had rendered about 20 alone.
    expect(new Set(threads.slice(0, 10)).size, `threads of the first ten editions: ${threads.slice(0, 10).join(' ')}`).toBe(2);
    expect(result.editions.every((edition) => edition.stats?.inWorker)).toBe(true);
  });

  it('skip unchanged editions by content hash, not file time, and rebuild only what an edit touches', async () => {
    const project = await tempProject({ 'content/care.md': topic(body('Plain text.')) });
    const first = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(first.editions.map((edition) => edition.unchanged ?? false)).toEqual([false, false]);

    // New file times alone change nothing.
    const future = new Date(Date.now() + 60_000);
    await utimes(path.join(project.contentDir, 'care.md'), future, future);
    const touched = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(touched.editions.map((edition) => edition.unchanged)).toEqual([true, true]);

    // An edit inside the plain block re-renders the plain edition only.
    await writeFile(path.join(project.contentDir, 'care.md'), topic(body('Plain text, edited.')));
    const edited = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(edited.editions.map((edition) => [edition.spec.level, edition.unchanged ?? false]).sort()).toEqual([
      ['detailed', true],
      ['plain', false],
    ]);

    // A PDF changed on disk (same name, other bytes) is rendered again.
    const plainPdf = path.join(project.outputDir, 'care/care.plain.en.handout.pdf');
    const bytes = await readFile(plainPdf);
    bytes[bytes.length - 10] = 0x20;
    await writeFile(plainPdf, bytes);
    const repaired = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(repaired.editions.find((edition) => edition.spec.level === 'plain')?.unchanged ?? false).toBe(false);
  });

  it('render again when a language setting the renderer uses changes in the config', async () => {
    const project = await tempProject({ 'content/care.md': topic(body('Plain text.')) });
    const configFile = path.join(project.root, 'handout.config.yaml');
    const config = parseDocument(await readFile(configFile, 'utf8'));
    // The plain level breaks no words: its editions read no hyphenation patterns, unless the level asks for them.
    config.setIn(['levels', 'plain', 'hyphenation'], true);
    await writeFile(configFile, config.toString());
    const first = await build(await openProject(project.root), { languages: ['en'], levels: ['plain'] }, { jobs: 0 });
    config.setIn(['languages', 'en', 'hyphenation'], null);
    await writeFile(configFile, config.toString());
    const again = await build(await openProject(project.root), { languages: ['en'], levels: ['plain'] }, { jobs: 0 });
    expect(again.editions.map((edition) => edition.unchanged ?? false)).toEqual([false]);
    expect(again.editions[0]!.entry!.contentHash).not.toBe(first.editions[0]!.entry!.contentHash);
  });

  it('skip a topic whose input files are all unchanged without reading it, and read it again when one changes', async () => {
    const project = await tempProject({}, { withSamples: true });
    const selection = { languages: ['en', 'es'] };
    const readTopics = (result: Awaited<ReturnType<typeof build>>) => result.files.map((file) => file.path).filter((file) => file.startsWith('content/'));
    await build(project, selection, { jobs: 0 });

    // Nothing changed: neither topic is read, every edition is reused as it is.
    const noop = await build(project, selection, { jobs: 0 });
    expect(readTopics(noop)).toEqual([]);
    expect(noop.editions).toHaveLength(4);
    expect(noop.editions.every((edition) => edition.unchanged)).toBe(true);

    // A Spanish catalog rewritten with the same translations: the sample is read again, nothing is rendered.
    const catalog = path.join(project.localesDir, 'es', 'recurrent-hemifacial-spasm.json');
    await writeFile(catalog, `${JSON.stringify(JSON.parse(await readFile(catalog, 'utf8')))}\n`);
    const reformatted = await build(project, selection, { jobs: 0 });
    expect(readTopics(reformatted)).toEqual(['content/recurrent-hemifacial-spasm.md']);
    expect(reformatted.editions.every((edition) => edition.unchanged)).toBe(true);

    // A changed translation re-renders the Spanish editions that show it, and only those.
    const values = JSON.parse(await readFile(catalog, 'utf8')) as Record<string, string>;
    values.summary = values.summary!.replace(/\.$/, ' con el tiempo.');
    await writeFile(catalog, JSON.stringify(values));
    const translated = await build(project, selection, { jobs: 0 });
    const rendered = translated.editions.filter((edition) => !edition.unchanged).map((edition) => `${edition.spec.topic} ${edition.spec.language} ${edition.spec.level}`);
    expect(rendered.sort()).toEqual(['recurrent-hemifacial-spasm es detailed', 'recurrent-hemifacial-spasm es plain']);

    // A deleted PDF is rendered again.
    await rm(path.join(project.outputDir, 'recurrent-hemifacial-spasm/recurrent-hemifacial-spasm.plain.en.handout.pdf'));
    const restored = await build(project, selection, { jobs: 0 });
    expect(restored.editions.filter((edition) => !edition.unchanged).map((edition) => `${edition.spec.language} ${edition.spec.level}`)).toEqual(['en plain']);

    // A draft is reused by another draft build only: without --draft its edition fails again.
    const source = path.join(project.contentDir, 'recurrent-hemifacial-spasm.md');
    await writeFile(source, (await readFile(source, 'utf8')).replace('It often starts near the eye.', 'It often starts near one eye.'));
    const drafted = await build(project, { ...selection, draft: true }, { jobs: 0 });
    expect(drafted.editions.filter((edition) => edition.entry?.translation.status === 'draft').map((edition) => `${edition.spec.language} ${edition.spec.level}`)).toEqual(['es plain']);
    expect((await build(project, { ...selection, draft: true }, { jobs: 0 })).editions.every((edition) => edition.reused)).toBe(true);
    const final = await build(project, selection, { jobs: 0 });
    expect(final.editions.filter((edition) => edition.error).map((edition) => `${edition.spec.language} ${edition.spec.level}`)).toEqual(['es plain']);
  });

  it('fails only the edition whose worker throws; the others complete', async () => {
    const project = await tempProject({ 'content/care.md': topic(body('Plain text.')), 'content/other.md': topic(body('Other text.')) });
    // A directory where the PDF should go: the worker's write fails.
    await mkdir(path.join(project.outputDir, 'care/care.plain.en.handout.pdf'), { recursive: true });
    const result = await build(project, { languages: ['en'] }, { jobs: 2, oneWorkerEditions: 0 });
    const failed = result.editions.filter((edition) => edition.error);
    expect(failed.map((edition) => `${edition.spec.topic} ${edition.spec.level}`)).toEqual(['care plain']);
    expect(failed[0]?.error).toMatch(/EISDIR|directory/);
    expect(result.editions.filter((edition) => edition.entry)).toHaveLength(3);
    expect((await readdir(project.outputDir, { recursive: true })).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves no partial PDF when killed mid-build, and the next build completes', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 12; index += 1) files[`content/topic-${index}.md`] = topic(body(`Plain text number ${index}. `.repeat(40)));
    const project = await tempProject(files);
    await killAfterFirstEdition(project.root, '--lang', 'en', '--jobs', '2');

    await mkdir(project.outputDir, { recursive: true });
    const written = await pdfs(project.outputDir);
    expect(written.size).toBeLessThan(24);
    for (const [name, bytes] of written) await expect(PDFDocument.load(bytes), name).resolves.toBeDefined();

    const next = await build(project, { languages: ['en'] }, { jobs: 2 });
    expect(next.editions.every((edition) => edition.entry)).toBe(true);
    expect((await pdfs(project.outputDir)).size).toBe(24);
    expect((await readdir(project.outputDir, { recursive: true })).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

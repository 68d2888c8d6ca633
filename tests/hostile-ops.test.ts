import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { build, type ManifestEntry } from '../src/index.ts';
import { lockOutput } from '../src/pipeline/lock.ts';
import { tempProject, topic } from './helpers/project.ts';
import { BIN, handout } from './helpers/cli.ts';



/** A line of a stack trace, as Node prints them. */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

const messages = (files: VFile[], ruleId: string) => files.flatMap((file) => file.messages.filter((message) => message.ruleId === ruleId).map((message) => ({ file: file.path, reason: message.reason, fatal: message.fatal })));

async function manifestPaths(outputDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(outputDir, 'manifest.json'), 'utf8')) as { editions: ManifestEntry[] };
  return manifest.editions.map((entry) => entry.path);
}

async function leftovers(outputDir: string): Promise<string[]> {
  return (await readdir(outputDir, { recursive: true })).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'));
}

const plainTopic = (text: string) => topic(`## Care\n\n${text}\n`, { levels: '[plain]' });

describe('--jobs', () => {
  it('is capped at the cores and at what free memory holds, with a warning naming the number used', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    // oneWorkerEditions 0: straight to the full pool, which without the cap would start 1000 workers.
    const result = await build(project, { languages: ['en'] }, { jobs: 1000, oneWorkerEditions: 0 });
    expect(result.editions.map((edition) => edition.stats?.inWorker)).toEqual([true]);
    const [warning] = messages(result.files, 'jobs-capped');
    expect(warning?.fatal).toBe(false);
    const used = Number(/^1000 render workers asked for, (\d+) used: this machine has (\d+) cores and free memory for \d+ workers of up to 400 MB$/.exec(warning!.reason)?.[1]);
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThanOrEqual(availableParallelism());
  });

  it('refuses 1e3 and anything else not written as a whole number in digits, and writes nothing', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    const { code, stderr } = await handout(project.root, 'build', '--jobs', '1e3');
    expect(code).toBe(1);
    expect(stderr).toContain("option '--jobs <n>' argument '1e3' is invalid. expected a whole number, 0 or more, in digits");
    await expect(readdir(project.outputDir)).rejects.toThrow(/ENOENT/);
  });
});

describe('render time limit', () => {
  it('stops an edition that renders longer than the limit and fails it by name; the others are written', async () => {
    // 18,000 short paragraphs, under the topic size limit: hundreds of pages, far longer to render than the limit on any
    // machine. A render is stopped only by terminating its worker, so the build returns once the limit is up.
    const long = Array.from({ length: 18_000 }, (_, index) => `${index % 50 === 0 ? `## Part ${index}\n\n` : ''}Dose ${index}.\n`).join('\n');
    const project = await tempProject({ 'content/long.md': topic(long, { levels: '[plain]' }), 'content/short.md': plainTopic('Rest well.') });
    const started = performance.now();
    // Two editions: a build this small renders in one worker, where the limit holds as it does in a full pool.
    const result = await build(project, { languages: ['en'], formats: ['handout'] }, { renderTimeLimit: 8 });
    const seconds = (performance.now() - started) / 1000;
    const outcome = (id: string) => result.editions.find((edition) => edition.spec.topic === id)!;
    expect(outcome('short').entry?.path).toBe('short/short.plain.en.handout.pdf');
    expect(outcome('short').stats?.inWorker).toBe(true);
    expect(outcome('long').entry).toBeUndefined();
    expect(messages(result.files, 'render-time-limit')).toEqual([
      {
        file: 'content/long.md',
        reason: 'en plain handout: rendering took longer than 8 s, the limit for one edition, and was stopped: split the topic or shorten its widest tables and longest words, or raise the limit (--render-time-limit)',
        fatal: true,
      },
    ]);
    expect(seconds).toBeLessThan(60);
    expect(await manifestPaths(project.outputDir)).toEqual(['short/short.plain.en.handout.pdf']);
    expect((await readdir(project.outputDir, { recursive: true })).filter((name) => name.startsWith('long'))).toEqual([]);
    expect(await leftovers(project.outputDir)).toEqual([]);
  }, 120_000);
});

describe('concurrent builds', () => {
  it('refuse a second build while one is writing output/; run one after the other, they lose nothing', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 8; index += 1) files[`content/topic-${index}.md`] = plainTopic(`Plain text number ${index}. `.repeat(40));
    // About 60 pages: the first build still runs (seconds, on any machine) when the second has started.
    files['content/topic-0.md'] = plainTopic(Array.from({ length: 400 }, (_, index) => `Paragraph ${index} of plain text, long enough to fill a few lines of the page. `.repeat(3)).join('\n\n'));
    const project = await tempProject(files);
    const lock = path.join(project.outputDir, '.build.lock');
    const first = spawn(process.execPath, [BIN, '--root', project.root, 'build', '--lang', 'en', '--topic', ...Object.keys(files).slice(0, 4).map((name) => path.basename(name, '.md'))], { stdio: 'ignore' });
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', resolve));
    // The second starts once the first holds output/.
    while (!(await readFile(lock, 'utf8').catch(() => ''))) await new Promise((resolve) => setTimeout(resolve, 50));
    const others = Object.keys(files).slice(4).map((name) => path.basename(name, '.md'));
    const second = await handout(project.root, 'build', '--lang', 'en', '--topic', ...others);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`output/\\.build\\.lock\\n.*error\\s+Another build \\(pid ${first.pid}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) is writing output/; wait for it to finish\\. If no build is running, delete output/\\.build\\.lock\\s+build-running`));
    expect(second.stdout).not.toMatch(/^built {3}/m);
    expect(await firstExit).toBe(0);
    const firstPaths = await manifestPaths(project.outputDir);
    expect(firstPaths).toHaveLength(4);
    expect((await readdir(project.outputDir)).sort()).toEqual(['manifest.json', 'topic-0', 'topic-1', 'topic-2', 'topic-3']);

    // Once the first has finished, the second runs, and the manifest keeps both builds' editions.
    const again = await handout(project.root, 'build', '--lang', 'en', '--topic', ...others);
    expect(again.code).toBe(0);
    expect(await manifestPaths(project.outputDir)).toHaveLength(8);
    expect(await leftovers(project.outputDir)).toEqual([]);
  }, 120_000);

  it('take over the lock of a build whose process is gone, and refuse one whose process runs', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    const lock = path.join(project.outputDir, '.build.lock');
    await mkdir(project.outputDir, { recursive: true });

    // This test's own process holds it: a build of it (a second call of the library, say) is refused.
    const release = await lockOutput(project.outputDir);
    const { started } = JSON.parse(await readFile(lock, 'utf8')) as { started: string };
    const refused = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(refused.ok).toBe(false);
    expect(refused.editions).toEqual([]);
    expect(messages(refused.files, 'build-running')).toEqual([
      { file: 'output/.build.lock', reason: `Another build (pid ${process.pid}, started ${started}) is writing output/; wait for it to finish. If no build is running, delete output/.build.lock`, fatal: true },
    ]);
    expect(await readdir(project.outputDir)).toEqual(['.build.lock']);
    await release();

    // A lock naming this process that this process does not hold: left by a container started again with the same host name, whose build had the same process id.
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), started }));
    const restarted = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(restarted.editions.map((edition) => edition.entry?.path)).toEqual(['care/care.plain.en.handout.pdf']);
    await rm(project.outputDir, { recursive: true });
    await mkdir(project.outputDir);

    // A killed build's lock: its process has ended.
    const ended = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => ended.on('exit', resolve));
    await writeFile(lock, JSON.stringify({ pid: ended.pid, host: hostname(), started }));
    const takenOver = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(takenOver.editions.map((edition) => edition.entry?.path)).toEqual(['care/care.plain.en.handout.pdf']);
    expect(await leftovers(project.outputDir)).toEqual([]);
  });
});

describe('unexpected exceptions', () => {
  it('a file where output/ should be: a message on output, exit 1, no stack trace but with --debug', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    await writeFile(project.outputDir, 'not a folder');
    const plain = await handout(project.root, 'build', '--lang', 'en');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^output\n\s*error\s+Cannot write in output\/: a file is where a folder should be \(EEXIST\)\s+output-unwritable\s+handout$/m);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    const debug = await handout(project.root, 'build', '--lang', 'en', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('output-unwritable');
    expect(debug.stderr).toMatch(STACK_LINE);
    expect(await readFile(project.outputDir, 'utf8')).toBe('not a folder');
  });

  it('a file where a topic’s output folder should be fails that topic’s editions only, naming the file', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.'), 'content/diet.md': plainTopic('Eat well.') });
    await mkdir(project.outputDir, { recursive: true });
    await writeFile(path.join(project.outputDir, 'care'), 'not a folder');
    const result = await build(project, { languages: ['en'] });
    expect(result.editions.map((edition) => [edition.spec.topic, edition.entry !== undefined])).toEqual([
      ['care', false],
      ['diet', true],
    ]);
    expect(messages(result.files, 'edition-failed')).toEqual([
      { file: 'content/care.md', reason: 'en plain handout: Cannot write output/care/care.plain.en.handout.pdf: a file is where a folder should be (EEXIST)', fatal: true },
    ]);
    expect(await manifestPaths(project.outputDir)).toEqual(['diet/diet.plain.en.handout.pdf']);
    expect(await leftovers(project.outputDir)).toEqual([]);
  });

  it('a manifest that cannot be written is an error on it; the editions are written, nothing partial', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    await mkdir(path.join(project.outputDir, 'manifest.json'), { recursive: true });
    const result = await build(project, { languages: ['en'] }, { jobs: 0 });
    expect(result.editions.map((edition) => edition.entry?.path)).toEqual(['care/care.plain.en.handout.pdf']);
    expect(messages(result.files, 'output-unwritable')).toEqual([
      {
        file: 'output/manifest.json',
        reason: 'Cannot write the manifest: a folder is where a file should be (EISDIR); the editions written are not recorded, so the next build renders them again',
        fatal: true,
      },
    ]);
    expect(await readdir(path.join(project.outputDir, 'manifest.json'))).toEqual([]);
    expect(await leftovers(project.outputDir)).toEqual([]);
  });

  it('a topic that breaks the reader stops neither build nor check of the others', async () => {
    // `%` alone is not a valid percent-encoding: decoding the image path throws inside the reader.
    // The good topic has its key points: a plain level without them fails check (summary-missing).
    const good = topic(':::summary\n- Rest well.\n:::\n\n## Care\n\nRest well.\n', { levels: '[plain]' });
    const project = await tempProject({ 'content/bad.md': plainTopic('![x](%)'), 'content/good.md': good });
    for (const command of ['build', 'check']) {
      const { code, stdout, stderr } = await handout(project.root, command, '--lang', 'en');
      expect(code, command).toBe(1);
      // Whichever message the reader gives it, the error is on the bad topic's file.
      expect(stderr, command).toMatch(/^content\/bad\.md\n.*error/m);
      expect(stderr, command).not.toMatch(STACK_LINE);
      expect(stdout, command).toMatch(command === 'build' ? /built {3}good en plain handout/ : /^1 of 2 editions ready$/m);
    }
  });

  it('a content folder that cannot be read is an error on it, not a crash', async () => {
    const project = await tempProject();
    await rm(project.contentDir, { recursive: true });
    await writeFile(project.contentDir, 'not a folder');
    const { code, stderr } = await handout(project.root, 'check');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^content\n\s*error\s+The content folder cannot be read: a file is where a folder should be \(ENOTDIR\)\s+content-unreadable/m);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('whatever escapes a command is a message and exit 1; its stack only with --debug', async () => {
    const project = await tempProject({ 'content/care.md': plainTopic('Rest well.') });
    // The i18n commands list topics without the build's reading guards: a file where content/ should be escapes them.
    await rm(project.contentDir, { recursive: true });
    await writeFile(project.contentDir, 'not a folder');
    const plain = await handout(project.root, 'i18n', 'status');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^handout\.config\.yaml\n\s*error\s+Unexpected error: .*content.* \(run again with --debug to see where it happened\)\s+internal-error/m);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    const debug = await handout(project.root, 'i18n', 'status', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('internal-error');
    expect(debug.stderr).toMatch(STACK_LINE);
  });
});

import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openProject, type Project } from '../../src/index.ts';
import { png } from './png.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A throw-away project on disk: the repository's config, template strings and
 * (optionally) sample content, plus the given files (path → text).
 */
export async function tempProject(files: Record<string, string> = {}, options: { withSamples?: boolean; configuredFormats?: boolean } = {}): Promise<Project> {
  const root = await mkdtemp(path.join(tmpdir(), 'handout-test-'));
  created.push(root);
  // Builds without --format make handouts only, unless a test asks for the repository's formats.
  const config = parseDocument(await readFile(path.join(REPO_ROOT, 'handout.config.yaml'), 'utf8'));
  if (!options.configuredFormats) config.set('formats', { handout: {} });
  await writeFile(path.join(root, 'handout.config.yaml'), config.toString());
  await cp(path.join(REPO_ROOT, 'assets'), path.join(root, 'assets'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'terminology.tbx'), path.join(root, 'terminology.tbx'));
  const locales = path.join(REPO_ROOT, 'locales');
  // Template strings always; the sample topic's catalogs only with the samples.
  const keep = (source: string) => options.withSamples || path.relative(locales, source).split(path.sep).length < 2 || path.basename(source).startsWith('ui.');
  await cp(locales, path.join(root, 'locales'), { recursive: true, filter: keep });
  await mkdir(path.join(root, 'content'), { recursive: true });
  if (options.withSamples) await cp(path.join(REPO_ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return openProject(root);
}

/** A topic file with valid front matter and the given body. */
export function topic(body: string, frontMatter: Record<string, string> = {}): string {
  const fields = {
    title: 'Test topic',
    summary: 'A topic for tests.',
    language: 'en',
    levels: '[plain, detailed]',
    reviewed: '2026-11-01',
    version: '"1.0"',
    ...frontMatter,
  };
  const lines = Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

/** A project whose one topic, `care`, holds a heading, a local image, nested lists, a table, links and a quote. */
export async function constructsProject(): Promise<Project> {
  const body = [
    ':::summary',
    '- Rest and take your pills.',
    ':::',
    '',
    '## Care',
    '',
    '![Where the facial nerve leaves the brainstem](images/nerve.png)',
    '',
    '1. First',
    '   - nested item',
    '2. Second',
    '',
    '| Dose | When |',
    '| ---: | :--- |',
    '| 5 mg | Morning |',
    '',
    'See [MedlinePlus](https://medlineplus.gov/) and <https://www.ninds.nih.gov/>.',
    '',
    '> Quoted advice.',
  ].join('\n');
  const project = await tempProject({ 'content/care.md': topic(body, { levels: '[plain]' }) });
  await mkdir(path.join(project.contentDir, 'images'), { recursive: true });
  await writeFile(path.join(project.contentDir, 'images/nerve.png'), png(40, 20));
  return project;
}

import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncProject } from '../src/i18n/project.ts';
import { build, mergeManifests, parseShard, type Project, type Selection } from '../src/index.ts';
import { planEditions } from '../src/pipeline/plan.ts';
import { editionCost, MAX_SHARDS, splitByCost, type CostedEdition } from '../src/pipeline/shard.ts';
import { handout, killAfterFirstEdition } from './helpers/cli.ts';
import { tempProject, topic } from './helpers/project.ts';

const SELECTION = ['--lang', 'en', 'es', '--format', 'handout', 'large-print'];
/** The same, for the library. */
const SELECTED = { languages: ['en', 'es'], formats: ['handout', 'large-print'] };
const TOPICS = {
  'content/care.md': topic('## Care\n\nRest and drink water.\n\n:::plain\nAsk us.\n:::\n\n:::detailed\nCall the clinic if it gets worse.\n:::\n'),
  'content/sleep.md': topic('## Sleep\n\nSleep eight hours.\n\n- Dark room\n- No screens\n', { title: 'Sleep well' }),
};

/** Two short topics with Spanish translations (stand-ins that pass the translation checks). */
async function translatedProject(): Promise<Project> {
  const project = await tempProject(TOPICS);
  await syncProject(project, { languages: ['es'] });
  for (const id of ['care', 'sleep']) {
    const catalog = path.join(project.root, 'locales/es', id);
    const { segments } = JSON.parse(await readFile(`${catalog}.meta.json`, 'utf8')) as { segments: Record<string, { source: string }> };
    await writeFile(`${catalog}.json`, JSON.stringify(Object.fromEntries(Object.entries(segments).map(([key, { source }]) => [key, `[es] ${source}`]))));
  }
  return project;
}

/** Every file under output/ with these endings, path → bytes. */
async function outputFiles(project: Project, pattern = /\.pdf$/): Promise<Map<string, Buffer>> {
  const names = (await readdir(project.outputDir, { recursive: true })).filter((name) => pattern.test(name)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(project.outputDir, name))] as const)));
}

const manifest = async (project: Project) => JSON.parse(await readFile(path.join(project.outputDir, 'manifest.json'), 'utf8')) as { editions: { path: string; sha256: string }[] };
const fragmentPath = (project: Project, index: number, count = 3) => path.join(project.outputDir, `manifest.shard-${index}-of-${count}.json`);

describe('sharded builds', () => {
  let whole: Project;
  let sharded: Project;
  /** The three shards' fragments as they wrote them, before any merge. */
  const fragments = new Map<number, string>();
  const saved = async () => {
    for (const [index, text] of fragments) await writeFile(fragmentPath(sharded, index), text);
  };

  beforeAll(async () => {
    [whole, sharded] = await Promise.all([translatedProject(), translatedProject()]);
    const full = await build(whole, SELECTED, { jobs: 0 });
    expect(full.editions.filter((edition) => edition.error)).toEqual([]);
    // At once, in one output/, as the pods of a Kubernetes Job on shared storage.
    const shards = await Promise.all([1, 2, 3].map((index) => handout(sharded.root, 'build', '--shard', `${index}/3`, ...SELECTION, '--jobs', '0')));
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    for (const index of [1, 2, 3]) fragments.set(index, await readFile(fragmentPath(sharded, index), 'utf8'));
  }, 120_000);

  it('3 shards and a merge give the same PDFs, byte for byte, and the same manifest as one build', async () => {
    const shares = [...fragments.values()].map((text) => (JSON.parse(text) as { planned: string[] }).planned);
    // Every shard has a share, and no edition is in two.
    for (const share of shares) expect(share.length).toBeGreaterThan(0);
    expect(new Set(shares.flat()).size).toBe(shares.flat().length);

    const merged = await handout(sharded.root, 'manifest', 'merge');
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('3 shards merged: 16 editions in output/manifest.json');
    const [expected, actual] = [await outputFiles(whole), await outputFiles(sharded)];
    // 2 topics × 2 languages × 2 levels × 2 formats.
    expect(expected.size).toBe(16);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [name, bytes] of expected) expect(actual.get(name)!.equals(bytes), name).toBe(true);
    expect(await manifest(sharded)).toEqual(await manifest(whole));
    // Merged fragments are removed: a later merge cannot mix them with another build's.
    expect([...(await outputFiles(sharded, /^manifest\.shard-/)).keys()]).toEqual([]);

    // The next sharded build skips what the merged manifest lists, whichever shard built it.
    const next = await build(sharded, SELECTED, { jobs: 0, shard: { index: 1, count: 2 } });
    await rm(fragmentPath(sharded, 1, 2));
    expect(next.editions.length).toBeGreaterThan(0);
    expect(next.editions.every((edition) => edition.unchanged)).toBe(true);
  });

  it('refuses a merge with a missing shard, naming it, and writes nothing', async () => {
    await saved();
    await rm(fragmentPath(sharded, 2));
    const before = await readFile(path.join(sharded.outputDir, 'manifest.json'));
    const merged = await handout(sharded.root, 'manifest', 'merge');
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain('output/manifest.shard-2-of-3.json');
    expect(merged.stderr).toContain('Shard 2 of 3 is missing');
    expect((await readFile(path.join(sharded.outputDir, 'manifest.json'))).equals(before)).toBe(true);
    // Nothing removed either: the shards that are there can still be merged once the missing one is.
    expect([...(await outputFiles(sharded, /^manifest\.shard-/)).keys()]).toEqual(['manifest.shard-1-of-3.json', 'manifest.shard-3-of-3.json']);
  });

  /** Edits one saved fragment, merges, and returns the messages of the refused merge. */
  async function mergeWith(edit: (fragment: Record<string, unknown> & { planned: string[]; editions: { path: string; sha256: string }[] }) => void, index = 2): Promise<string> {
    await saved();
    const fragment = JSON.parse(fragments.get(index)!);
    edit(fragment);
    await writeFile(fragmentPath(sharded, index), JSON.stringify(fragment));
    const before = await readFile(path.join(sharded.outputDir, 'manifest.json'));
    const result = await mergeManifests(sharded);
    expect(result.ok).toBe(false);
    expect((await readFile(path.join(sharded.outputDir, 'manifest.json'))).equals(before)).toBe(true);
    return result.files.flatMap((file) => file.messages.map((message) => `${file.path}: ${message.reason} (${message.ruleId})`)).join('\n');
  }

  it('refuses fragments of different code, plans or numbers of shares', async () => {
    expect(await mergeWith((fragment) => (fragment.pipeline = 'f'.repeat(64)))).toMatch(/manifest\.shard-2-of-3\.json: Not from the same build as manifest\.shard-1-of-3\.json: built by different code .*\(shard-mismatch\)/);
    expect(await mergeWith((fragment) => (fragment.plan = 'f'.repeat(64)))).toMatch(/shard-2-of-3\.json: Not from the same build .*planned from different topics/);
    await saved();
    await writeFile(fragmentPath(sharded, 1, 2), JSON.stringify({ ...JSON.parse(fragments.get(1)!), shard: { index: 1, count: 2 } }));
    const mixed = await mergeManifests(sharded);
    await rm(fragmentPath(sharded, 1, 2));
    expect(mixed.ok).toBe(false);
    expect(mixed.files.flatMap((file) => file.messages.map(String)).join('\n')).toMatch(/a different number of shares/);
  });

  it('refuses an edition in two shards, and bytes other than the shard wrote', async () => {
    const theirs = JSON.parse(fragments.get(1)!) as { editions: { path: string; sha256: string }[] };
    const taken = theirs.editions[0]!;
    const duplicated = await mergeWith((fragment) => {
      fragment.planned.push(taken.path);
      fragment.editions.push(taken);
    });
    expect(duplicated).toContain(`output/${taken.path} is also in the share of shard 1 of 3`);
    const conflicting = await mergeWith((fragment) => {
      fragment.planned.push(taken.path);
      fragment.editions.push({ ...taken, sha256: '0'.repeat(64) });
    });
    expect(conflicting).toContain(`output/${taken.path} has other bytes here`);
    const changed = await mergeWith((fragment) => (fragment.editions[0]!.sha256 = '0'.repeat(64)));
    expect(changed).toMatch(/is not the file shard 2 of 3 wrote \(its sha256 differs\).*\(shard-conflict\)/);
  });

  it('a shard killed mid-build and run again completes its share; one whose PDF was removed renders only that one', async () => {
    await rm(sharded.outputDir, { recursive: true, force: true });
    await killAfterFirstEdition(sharded.root, '--shard', '1/3', ...SELECTION, '--jobs', '0');
    const share = (JSON.parse(fragments.get(1)!) as { planned: string[] }).planned;
    expect((await outputFiles(sharded)).size).toBeLessThan(share.length);

    const again = await build(sharded, SELECTED, { jobs: 0, shard: { index: 1, count: 3 } });
    expect(again.editions.filter((edition) => edition.error)).toEqual([]);
    const fragment = JSON.parse(await readFile(fragmentPath(sharded, 1), 'utf8')) as { planned: string[]; editions: { path: string; sha256: string }[] };
    expect(fragment.planned).toEqual(share);
    expect(fragment.editions.map((entry) => entry.path)).toEqual(share);
    const expected = await outputFiles(whole);
    for (const [name, bytes] of await outputFiles(sharded)) expect(bytes.equals(expected.get(name)!), name).toBe(true);
    expect((await outputFiles(sharded)).size).toBe(share.length);

    // A PDF lost (a partial copy): the next run of the shard renders that one and skips the rest.
    await rm(path.join(sharded.outputDir, share[0]!));
    const repaired = await build(sharded, SELECTED, { jobs: 0, shard: { index: 1, count: 3 } });
    expect(repaired.editions.filter((edition) => !edition.unchanged).map((edition) => edition.entry?.path)).toEqual([share[0]]);
    expect(repaired.editions).toHaveLength(share.length);
  }, 90_000);

  it('refuses a shard that is not i/n with a clear message', async () => {
    for (const [text, reason] of [
      ['0/3', 'the share must be from 1 to 3'],
      ['4/3', 'the share must be from 1 to 3'],
      ['1/0', `the number of shares must be from 1 to ${MAX_SHARDS}`],
      [`1/${MAX_SHARDS + 1}`, `the number of shares must be from 1 to ${MAX_SHARDS}`],
      ['1.5/3', 'expected i/n'],
      ['two/3', 'expected i/n'],
    ]) {
      expect(() => parseShard(text!), text).toThrow(reason);
    }
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    const refused = await handout(sharded.root, 'build', '--shard', '4/3');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("option '--shard <i/n>' argument '4/3' is invalid. \"4/3\": the share must be from 1 to 3");
  });
});

describe('the split of a plan into shards', () => {
  /** Costs of a library: many topics of various lengths, several languages and formats. */
  const library: CostedEdition[] = Array.from({ length: 900 }, (_, index) => ({ key: `topic-${index}`, cost: 1 + ((index * 7919) % 97) / 10 }));

  it('gives each shard about the mean cost, the same way whatever order the editions come in', () => {
    for (const count of [2, 3, 7, 16]) {
      const shares = splitByCost(library, count);
      const loads = new Array<number>(count).fill(0);
      for (const { key, cost } of library) loads[shares.get(key)! - 1]! += cost;
      const mean = loads.reduce((sum, load) => sum + load, 0) / count;
      expect(Math.max(...loads) / mean, `${count} shards`).toBeLessThan(1.01);
      expect(Object.fromEntries(splitByCost([...library].reverse(), count))).toEqual(Object.fromEntries(shares));
    }
  });

  it('balances by cost, not count', () => {
    // One costly edition and six cheap ones: the costly one alone is half the work.
    const shares = splitByCost([{ key: 'trifold-zh', cost: 6 }, ...Array.from({ length: 6 }, (_, index) => ({ key: `html-${index}`, cost: 1 }))], 2);
    expect(shares.get('trifold-zh')).toBe(1);
    expect([...shares.values()].filter((share) => share === 2)).toHaveLength(6);
  });

  it('every machine plans the same shares, together the whole plan, and the same digest unless paper, draft or topics differ', async () => {
    const project = await tempProject(TOPICS);
    const planned = async (selection: Selection, index: number, count: number) => (await planEditions(project, selection, [], undefined, { index, count })).share!;
    const whole = await planned(SELECTED, 1, 1);
    expect(whole.paths.size).toBe(16);
    const shares = await Promise.all([1, 2, 3].map((index) => planned(SELECTED, index, 3)));
    expect(shares.reduce((count, share) => count + share.paths.size, 0)).toBe(16);
    expect(new Set(shares.flatMap((share) => [...share.paths]))).toEqual(whole.paths);
    expect(new Set(shares.map((share) => share.digest))).toEqual(new Set([whole.digest]));
    // A checkout with Windows line endings plans the same.
    const care = path.join(project.contentDir, 'care.md');
    await writeFile(care, (await readFile(care, 'utf8')).replaceAll('\n', '\r\n'));
    expect(await planned(SELECTED, 2, 3)).toEqual(shares[1]);
    for (const other of [{ ...SELECTED, paper: 'a4' as const }, { ...SELECTED, draft: true }, { ...SELECTED, topics: ['care'] }]) {
      expect((await planned(other, 1, 3)).digest, JSON.stringify(other)).not.toBe(whole.digest);
    }
  });

  it('estimates Chinese and Arabic, large print and tri-folds, and longer topics as costlier', () => {
    const spec = { topic: 'care', language: 'en', level: 'plain', format: 'handout', paper: 'letter', clinic: null } as const;
    const handout = editionCost(spec, 4000);
    expect(editionCost({ ...spec, language: 'zh-Hans' }, 4000)).toBeGreaterThan(handout);
    expect(editionCost({ ...spec, language: 'ar' }, 4000)).toBeGreaterThan(handout);
    expect(editionCost({ ...spec, language: 'es' }, 4000)).toBe(handout);
    expect(editionCost({ ...spec, format: 'trifold' }, 4000)).toBeGreaterThan(handout);
    expect(editionCost({ ...spec, format: 'large-print' }, 4000)).toBeGreaterThan(handout);
    expect(editionCost({ ...spec, format: 'html' }, 4000)).toBeLessThan(handout);
    expect(editionCost(spec, 40_000)).toBeGreaterThan(handout);
  });
});

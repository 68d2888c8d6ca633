import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { hasErrors, report, sourceFile } from '../messages/index.ts';
import type { Project } from '../project/index.ts';
import { describeError, reportException } from './failures.ts';
import { FileHashes } from './inputs.ts';
import { lockOrReport } from './lock.ts';
import { FRAGMENT_NAME, fragmentName, fragmentNames, MANIFEST, offeredOnly, readManifest, updateManifest, type ManifestFragment } from './manifest.ts';
import { recordedOffers } from './reuse.ts';
import { publishSites } from './site.ts';
import type { ManifestEntry } from './types.ts';

export interface MergeResult {
  files: VFile[];
  ok: boolean;
  /** How many shards were merged (0 when the merge was refused). */
  shards: number;
  /** Editions the shards wrote, now in the manifest. */
  editions: number;
  /** Editions of the shards' shares that failed, and so are not. */
  failed: number;
}

/**
 * Combines the manifest fragments of a sharded build in output/ into
 * output/manifest.json, as one build of every shard's editions would have
 * written it, then removes them. Refuses, writing nothing, unless every shard
 * of one build is there: all n fragments, from the same code and plan, no
 * edition in two, and every PDF they list in output/ with the bytes they
 * list.
 */
export async function mergeManifests(project: Project): Promise<MergeResult> {
  const outputFile = (name: string) => sourceFile(path.join(project.outputDir, name), project.root);
  const files: VFile[] = [];
  const refused = (): MergeResult => ({ files, ok: false, shards: 0, editions: 0, failed: 0 });
  const lock = await lockOrReport(project);
  if ('refused' in lock) return { ...refused(), files: [lock.refused] };
  try {
    const fragments = await readFragments(project, files, outputFile);
    if (!fragments || hasErrors(files)) return refused();
    const written = await checkFragments(project, fragments, files, outputFile);
    if (hasErrors(files)) return refused();
    const failed = fragments.flatMap(({ fragment }) => fragment.planned.filter((edition) => !written.has(edition)));
    const manifestFile = outputFile(MANIFEST);
    try {
      // As a build does: entries in a language a merged topic is no longer offered in leave the manifest.
      const offered = new Map([...recordedOffers(written)].map(([topic, offer]) => [topic, offer.languages]));
      await updateManifest(project, offeredOnly(await readManifest(project), offered), [...written.values()], failed);
    } catch (error) {
      reportException(manifestFile, `Cannot write the manifest: ${describeError(error)}`, 'output-unwritable', error);
      return { ...refused(), files: [...files, manifestFile] };
    }
    // Merged: a fragment left behind could be merged again with a later build's.
    for (const { name } of fragments) await rm(path.join(project.outputDir, name), { force: true });
    files.push(...(await publishSites(project)));
    return { files, ok: true, shards: fragments.length, editions: written.size, failed: failed.length };
  } finally {
    await lock.unlock();
  }
}

interface ReadFragment {
  name: string;
  file: VFile;
  fragment: ManifestFragment;
}

/** The fragments in output/, each checked to be one; null, with the reason on `files`, when there are none. */
async function readFragments(project: Project, files: VFile[], outputFile: (name: string) => VFile): Promise<ReadFragment[] | null> {
  const names = (await fragmentNames(project)).sort(byShard);
  if (names.length === 0) {
    const file = outputFile('');
    report(file, 'error', 'No shard manifests (manifest.shard-<i>-of-<n>.json) in output/: run handout build --shard i/n for every share first, with their output/ folders put together here', 'shard-missing');
    files.push(file);
    return null;
  }
  const read: ReadFragment[] = [];
  for (const name of names) {
    const file = outputFile(name);
    files.push(file);
    const [, index, count] = FRAGMENT_NAME.exec(name)!.map(Number);
    try {
      const fragment = JSON.parse(await readFile(path.join(project.outputDir, name), 'utf8')) as ManifestFragment;
      if (!isFragment(fragment) || fragment.shard.index !== index || fragment.shard.count !== count) {
        report(file, 'error', `Not the manifest of shard ${index} of ${count}: it was renamed or changed by hand; build that shard again`, 'shard-unreadable');
      } else read.push({ name, file, fragment });
    } catch (error) {
      report(file, 'error', `Cannot read this shard's manifest: ${describeError(error)}; build that shard again`, 'shard-unreadable');
    }
  }
  return read;
}

/**
 * Checks that the fragments are every shard of one build, and each edition
 * in one of them with its bytes in output/; the editions written, by path.
 */
async function checkFragments(project: Project, fragments: ReadFragment[], files: VFile[], outputFile: (name: string) => VFile): Promise<Map<string, ManifestEntry>> {
  const written = new Map<string, ManifestEntry>();
  const first = fragments[0]!;
  const mixed = (what: string, value: (fragment: ManifestFragment) => string | number, advice: string) => {
    if (fragments.every(({ fragment }) => value(fragment) === value(first.fragment))) return false;
    for (const { file, fragment } of fragments) {
      if (value(fragment) !== value(first.fragment)) report(file, 'error', `Not from the same build as ${first.name}: ${what}; ${advice}`, 'shard-mismatch');
    }
    return true;
  };
  if (mixed('a different number of shares', (fragment) => fragment.shard.count, 'remove the manifests of the other build')) return written;
  if (mixed('built by different code or dependencies (project digest)', (fragment) => fragment.pipeline, 'build every shard from the same commit and package-lock.json')) return written;
  if (mixed('planned from different topics, languages, formats or options', (fragment) => fragment.plan, 'build every shard from the same commit with the same options')) return written;

  const { count } = first.fragment.shard;
  const present = new Set(fragments.map(({ fragment }) => fragment.shard.index));
  for (let index = 1; index <= count; index++) {
    if (present.has(index)) continue;
    const name = fragmentName({ index, count });
    const file = outputFile(name);
    report(file, 'error', `Shard ${index} of ${count} is missing: output/${name} is not there; run handout build --shard ${index}/${count}, or copy its output/ here`, 'shard-missing');
    files.push(file);
  }

  const shardOf = new Map<string, ReadFragment>();
  const hashes = new FileHashes();
  for (const read of fragments) {
    const { index } = read.fragment.shard;
    for (const edition of read.fragment.planned) {
      const other = shardOf.get(edition);
      if (other) report(read.file, 'error', `output/${edition} is also in the share of shard ${other.fragment.shard.index} of ${count}: the shards were not planned alike; build them again`, 'shard-duplicate');
      else shardOf.set(edition, read);
    }
    for (const entry of read.fragment.editions) {
      const earlier = written.get(entry.path);
      if (earlier && earlier.sha256 !== entry.sha256) {
        report(read.file, 'error', `output/${entry.path} has other bytes here (sha256 ${entry.sha256.slice(0, 12)}…) than in the manifest of shard ${shardOf.get(entry.path)!.fragment.shard.index} (${earlier.sha256.slice(0, 12)}…)`, 'shard-conflict');
        continue;
      }
      if (shardOf.get(entry.path) !== read) continue;
      const onDisk = await hashes.hash(path.join(project.outputDir, entry.path));
      if (onDisk === null) report(read.file, 'error', `output/${entry.path}, written by shard ${index} of ${count}, is not in output/: copy that shard's output/ here in full`, 'shard-conflict');
      else if (onDisk !== entry.sha256) report(read.file, 'error', `output/${entry.path} is not the file shard ${index} of ${count} wrote (its sha256 differs): it was changed or overwritten since; build that shard again`, 'shard-conflict');
      else written.set(entry.path, entry);
    }
  }
  return written;
}

function isFragment(value: unknown): value is ManifestFragment {
  const fragment = value as Partial<ManifestFragment> | null;
  if (typeof fragment !== 'object' || fragment === null) return false;
  const { shard, pipeline, plan, planned, editions } = fragment;
  if (typeof shard?.index !== 'number' || typeof shard.count !== 'number' || typeof pipeline !== 'string' || typeof plan !== 'string') return false;
  if (!Array.isArray(planned) || !Array.isArray(editions)) return false;
  const share = new Set(planned);
  return editions.every((entry) => typeof entry?.path === 'string' && typeof entry.sha256 === 'string' && share.has(entry.path));
}

/** manifest.shard-2-of-3.json before manifest.shard-10-of-12.json. */
function byShard(a: string, b: string): number {
  const [, indexA, countA] = FRAGMENT_NAME.exec(a)!.map(Number);
  const [, indexB, countB] = FRAGMENT_NAME.exec(b)!.map(Number);
  return countA! - countB! || indexA! - indexB!;
}

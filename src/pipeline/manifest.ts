import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import { inlineText } from '../model/segments.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import type { Project } from '../project/index.ts';
import { pipelineDigest } from './digest.ts';
import { toPosix } from './inputs.ts';
import type { RenderJob } from './schedule.ts';
import { shardName, type Shard } from './shard.ts';
import type { EditionOutcome, ManifestEntry } from './types.ts';
import { editionPath, type WrittenEdition } from './write.ts';

export const MANIFEST = 'manifest.json';

export function manifestEntry(job: RenderJob, written: WrittenEdition): ManifestEntry {
  const { spec, prepared } = job;
  return {
    path: toPosix(editionPath(spec)),
    topic: spec.topic,
    language: spec.language,
    level: spec.level,
    format: spec.format,
    paper: spec.paper,
    title: inlineText(prepared.document.meta.title.content).replace(/\s+/g, ' ').trim(),
    version: prepared.identity.version,
    contentHash: prepared.identity.contentHash,
    pages: written.pages,
    bytes: written.bytes,
    sha256: written.sha256,
    translation: prepared.translation,
    readability: prepared.readability,
    targets: prepared.targets,
    warnings: job.warnings,
    notes: written.notes,
    inputs: job.inputs,
  };
}

/** What one shard of a sharded build wrote: its editions, for `handout manifest merge` to combine into the manifest. */
export interface ManifestFragment {
  tool: string;
  shard: Shard;
  /** The code and dependencies that built it (pipelineDigest): the shards of one build share it. */
  pipeline: string;
  /** The whole plan the shares were taken from: the shards of one build share it. */
  plan: string;
  /** Every edition of the shard's share, written or failed. */
  planned: string[];
  /** The written ones, as the manifest lists them. */
  editions: ManifestEntry[];
}

/** The fragment a shard writes in output/: manifest.shard-2-of-4.json. */
export function fragmentName(shard: Shard): string {
  return `manifest.${shardName(shard)}.json`;
}

/** The name of a fragment, with its shard's number and the number of shards. */
export const FRAGMENT_NAME = /^manifest\.shard-(\d+)-of-(\d+)\.json$/;

/** The fragments in output/, by name. */
export async function fragmentNames(project: Project): Promise<string[]> {
  try {
    return (await readdir(project.outputDir)).filter((name) => FRAGMENT_NAME.test(name));
  } catch {
    return [];
  }
}

/** The editions output/manifest.json (or the named manifest or fragment) lists, by path. */
export async function readManifest(project: Project, name = MANIFEST): Promise<Map<string, ManifestEntry>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, name), 'utf8')) as { editions: ManifestEntry[] };
    return new Map(manifest.editions.map((entry) => [entry.path, entry]));
  } catch {
    // No manifest yet, or an unreadable one: everything is rendered afresh.
    return new Map();
  }
}

/**
 * Merges this run into output/manifest.json; entries of editions not built this
 * run are kept, except those in a language their topic is no longer offered in
 * (`offered`: topic → languages, for the topics of this run).
 */
export async function writeManifest(project: Project, previous: Map<string, ManifestEntry>, editions: EditionOutcome[], offered: Map<string, string[]>): Promise<void> {
  await updateManifest(project, offeredOnly(previous, offered), writtenEntries(editions), failedPaths(editions));
}

/** The entries of `entries` in a language their topic is offered in, as far as `offered` knows the topic. */
export function offeredOnly(entries: Map<string, ManifestEntry>, offered: Map<string, string[]>): Map<string, ManifestEntry> {
  return new Map([...entries].filter(([, entry]) => offered.get(entry.topic)?.includes(entry.language) ?? true));
}

/** Writes output/manifest.json: the previous entries, those written added, those failed taken out. */
export async function updateManifest(project: Project, previous: Map<string, ManifestEntry>, written: ManifestEntry[], failed: string[]): Promise<void> {
  const byPath = new Map(previous);
  for (const entry of written) byPath.set(entry.path, entry);
  // A failed edition's PDF from an earlier run stays on disk, but the manifest no longer vouches for it.
  for (const failedPath of failed) byPath.delete(failedPath);
  await writeJson(project, MANIFEST, { tool: TOOL, editions: byPath.values() });
}

/** Writes a shard's editions of this run to its fragment: the merge adds them to the manifest as a build of them all would. */
export async function writeFragment(project: Project, shard: Shard, plan: string, editions: EditionOutcome[]): Promise<void> {
  const planned = [...writtenEntries(editions).map((entry) => entry.path), ...failedPaths(editions)].sort(byText);
  await writeJson(project, fragmentName(shard), { tool: TOOL, shard, pipeline: pipelineDigest(), plan, planned, editions: writtenEntries(editions) });
}

const writtenEntries = (editions: EditionOutcome[]) => editions.flatMap((edition) => (edition.entry ? [edition.entry] : []));
/** A topic with errors fails as one pseudo-edition (language "*"), which has no file. */
const failedPaths = (editions: EditionOutcome[]) => editions.filter((edition) => edition.error && edition.spec.language !== '*').map((edition) => toPosix(editionPath(edition.spec)));

const TOOL = `${TOOL_NAME} ${TOOL_VERSION}`;
const byText = (a: string, b: string) => a.localeCompare(b);

async function writeJson(project: Project, name: string, manifest: { tool: string; editions: Iterable<ManifestEntry> } & Partial<Omit<ManifestFragment, 'editions'>>): Promise<void> {
  const editions = [...manifest.editions].sort((a, b) => byText(a.path, b.path));
  await writeFileAtomic(path.join(project.outputDir, name), `${JSON.stringify({ ...manifest, editions }, null, 2)}\n`);
}

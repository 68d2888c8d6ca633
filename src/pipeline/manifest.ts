import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import type { Project } from '../project/index.ts';
import { toPosix } from './inputs.ts';
import type { RenderJob } from './schedule.ts';
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

export async function readManifest(project: Project): Promise<Map<string, ManifestEntry>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, MANIFEST), 'utf8')) as { editions: ManifestEntry[] };
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
  const byPath = new Map([...previous].filter(([, entry]) => offered.get(entry.topic)?.includes(entry.language) ?? true));
  for (const edition of editions) if (edition.entry) byPath.set(edition.entry.path, edition.entry);
  // A failed edition's PDF from an earlier run stays on disk, but the manifest no longer vouches for it.
  for (const edition of editions) if (edition.error && edition.spec.language !== '*') byPath.delete(toPosix(editionPath(edition.spec)));
  const entries = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  await writeFileAtomic(path.join(project.outputDir, MANIFEST), `${JSON.stringify({ tool: `${TOOL_NAME} ${TOOL_VERSION}`, editions: entries }, null, 2)}\n`);
}

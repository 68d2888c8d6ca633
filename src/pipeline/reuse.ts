import path from 'node:path';
import type { EditionSpec } from '../model/edition.ts';
import type { Project } from '../project/index.ts';
import { inputKey, inputsUnchanged, toPosix, type FileHashes, type InputRecord } from './inputs.ts';

import type { ManifestEntry, Selection } from './types.ts';
import { editionPath } from './write.ts';

/** What a build knows from the last one, to skip topics whose inputs did not change. */
export interface Reuse {
  previous: Map<string, ManifestEntry>;
  hashes: FileHashes;
  draft: boolean;
}

/** Which editions a topic has: its levels and the languages it is offered in. */
export type TopicOffer = Pick<InputRecord, 'levels' | 'languages'>;

/** Each topic's levels and languages as the manifest recorded them when it was last read. */
export function recordedOffers(previous: Map<string, ManifestEntry>): Map<string, TopicOffer> {
  const offers = new Map<string, TopicOffer>();
  // A manifest written before topics had languages records none: such a topic is read again.
  for (const entry of previous.values()) if (entry.inputs?.languages !== undefined && !offers.has(entry.topic)) offers.set(entry.topic, { levels: entry.inputs.levels, languages: entry.inputs.languages });
  return offers;
}

/**
 * The editions of a topic as the last build left them, when every one is on
 * disk with its recorded bytes and none of its input files or code changed;
 * null when the topic must be read and prepared again.
 */
export async function reusableEditions(
  project: Project,
  id: string,
  recorded: TopicOffer,
  selection: Selection,
  specsFor: (id: string, offered: TopicOffer) => EditionSpec[],
  reuse: Reuse,
): Promise<{ specs: EditionSpec[]; reused: ManifestEntry[] } | null> {
  // A level the topic did not have must be reported again, by reading it.
  if (selection.levels?.some((level) => !recorded.levels.includes(level))) return null;
  const specs = specsFor(id, { ...recorded, levels: selection.levels ?? recorded.levels });
  const reused: ManifestEntry[] = [];
  for (const spec of specs) {
    const entry = reuse.previous.get(toPosix(editionPath(spec)));
    if (!entry || !(await inputsUnchanged(project, entry.inputs, inputKey(spec), reuse.hashes))) return null;
    // A draft edition is only reused by another draft build: without --draft it must fail again.
    if (entry.translation.status === 'draft' && !reuse.draft) return null;
    if (!(await hasBytes(project, spec, entry, reuse.hashes))) return null;
    reused.push(entry);
  }
  return specs.length > 0 ? { specs, reused } : null;
}

/**
 * Whether the edition's PDF on disk is exactly the one its manifest entry
 * describes (by hash, not by time). Through the build's file hashes, so a PDF
 * looked at while deciding to skip its topic is not read again.
 */
export async function hasBytes(project: Project, spec: EditionSpec, entry: ManifestEntry, hashes: FileHashes): Promise<boolean> {
  return (await hashes.hash(path.join(project.outputDir, editionPath(spec)))) === entry.sha256;
}


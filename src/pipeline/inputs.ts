import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../project/index.ts';
import { pipelineDigest } from './digest.ts';
import type { TopicMeta } from '../model/document.ts';
import type { EditionSpec } from '../model/edition.ts';
import type { PreparedEdition, TopicContext } from '../prepare/index.ts';

/**
 * The files an edition was made from, each with the hash of its bytes, and a
 * key for everything else that shapes it (code, dependencies, options). A
 * later build that finds the same key and files skips the edition without
 * reading or preparing its topic: that is what keeps a no-op rebuild fast.
 */
export interface InputRecord {
  key: string;
  /** The topic's levels and the languages it is offered in when it was read: which editions it has, without reading it again. */
  levels: string[];
  languages: string[];
  /** Project-relative POSIX path → sha256 of the file's bytes. */
  files: Record<string, string>;
}

/** Hashes of files, each read once per build. */
export class FileHashes {
  private readonly hashes = new Map<string, Promise<string | null>>();

  hash(file: string): Promise<string | null> {
    let hash = this.hashes.get(file);
    if (!hash) {
      hash = readFile(file).then(
        (bytes) => createHash('sha256').update(bytes).digest('hex'),
        () => null,
      );
      this.hashes.set(file, hash);
    }
    return hash;
  }
}

export function inputKey(spec: EditionSpec): string {
  return createHash('sha256').update(JSON.stringify({ spec, pipeline: pipelineDigest() })).digest('hex');
}

/** Every file the edition's bytes depend on. */
export function inputFiles(context: TopicContext, prepared: PreparedEdition): string[] {
  const { project, source } = context;
  const files = [project.configFile.path, source.meta.path, context.uiSource.file, ...imagePaths(source.blocks)].map((file) => path.resolve(project.root, file));
  const catalogs = context.catalogs.get(prepared.spec.language);
  if (catalogs) files.push(catalogs.topic.jsonPath, catalogs.topic.metaPath, catalogs.ui.jsonPath, catalogs.ui.metaPath);
  if (prepared.clinic.logo) files.push(prepared.clinic.logo.file);
  return [...new Set(files)].sort();
}

export async function recordInputs(project: Project, files: string[], key: string, topic: Pick<TopicMeta, 'levels' | 'languages'>, hashes: FileHashes): Promise<InputRecord> {
  const record: InputRecord = { key, levels: topic.levels, languages: topic.languages, files: {} };
  for (const file of files) record.files[toPosix(path.relative(project.root, file))] = (await hashes.hash(file)) ?? 'missing';
  return record;
}

/** Whether every recorded file still has its recorded bytes, under the same key. */
export async function inputsUnchanged(project: Project, record: InputRecord | undefined, key: string, hashes: FileHashes): Promise<boolean> {
  if (!record || record.key !== key) return false;
  for (const [file, hash] of Object.entries(record.files)) {
    if ((await hashes.hash(path.resolve(project.root, file))) !== hash) return false;
  }
  return true;
}

function imagePaths(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) imagePaths(item, found);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const node = value as { type?: unknown; path?: unknown };
    if (node.type === 'image' && typeof node.path === 'string') found.push(node.path);
    for (const child of Object.values(value)) imagePaths(child, found);
  }
  return found;
}

export function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

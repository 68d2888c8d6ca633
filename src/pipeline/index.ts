import path from 'node:path';
import type { VFile } from 'vfile';
import { FitError } from '../formats/index.ts';
import { report, sourceFile } from '../messages/index.ts';
import type { EditionSpec } from '../model/edition.ts';
import { EditionError, prepareEdition, type TopicContext } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import { ruleSeverityIn } from '../config/index.ts';
import { targetMessage } from '../readability/targets.ts';
import { describeError, reportException } from './failures.ts';
import { FileHashes, inputFiles, inputKey, recordInputs, toPosix } from './inputs.ts';
import { LOCK_FILE, lockOrReport } from './lock.ts';
import { fragmentName, fragmentNames, MANIFEST, manifestEntry, readManifest, writeFragment, writeManifest } from './manifest.ts';
import { planEditions } from './plan.ts';
import { writePreviews } from './previews.ts';
import { hasBytes } from './reuse.ts';
import { createRenderer, RenderTimeLimitError, type RenderJob, type ScheduleOptions } from './schedule.ts';
import { shardName, type Shard } from './shard.ts';
import type { EditionOutcome, RunResult, Selection } from './types.ts';
import { publishSites } from './site.ts';
import { editionPath, removeAbandonedTemporaryFiles, type WrittenEdition } from './write.ts';

export { check } from './check.ts';
export { mergeManifests, type MergeResult } from './merge.ts';
export { parseShard, ShardError, type Shard } from './shard.ts';
export { editionPath, previewPath } from './write.ts';
export { DEFAULT_SITE_LAYOUT, siteFileOf, siteFolder } from './site.ts';
export { renderPool, RenderTimeLimitError, type RenderPool } from './schedule.ts';
export { readManifest } from './manifest.ts';
export type { EditionOutcome, ManifestEntry, RunResult, Selection } from './types.ts';

export interface BuildOptions extends ScheduleOptions {
  /** Also write a PNG of each edition's first page to output/previews/. */
  previews?: boolean;
  /**
   * Called as each edition finishes (built, unchanged or failed). Topics are
   * read as the build goes, so `total` counts every configured level of a
   * topic not read yet, and is exact once all are read.
   */
  onEdition?: (outcome: EditionOutcome, done: number, total: number) => void;
  /**
   * Build only this shard's share of the planned editions, and record them in
   * output/manifest.shard-<i>-of-<n>.json instead of output/manifest.json;
   * `mergeManifests` combines the shards' fragments. Shards may share output/.
   */
  shard?: Shard;
}

/**
 * Renders every selected edition; one failing edition never stops or spoils
 * the others. A topic whose input files and code are unchanged since the last
 * build is not even read; the others' editions are prepared here (cheap),
 * compared with the manifest by content hash, and only changed ones are
 * rendered, in parallel workers. One build at a time writes a project's
 * output/: while another runs there, a build writes nothing and fails
 * (`build-running`).
 */
export async function build(project: Project, selection: Selection = {}, options: BuildOptions = {}): Promise<RunResult> {
  const files: VFile[] = [project.configFile];
  try {
    // Two builds at once would each write the manifest without the other's editions, and could write the same PDFs.
    const lock = await lockOrReport(project, options.shard ? `.build.${shardName(options.shard)}.lock` : LOCK_FILE);
    if ('refused' in lock) return { files: [...files, lock.refused], editions: [], ok: false };
    try {
      return await buildLocked(project, selection, options, files);
    } finally {
      await lock.unlock();
    }
  } finally {
    // Whatever happened: a started worker never keeps the process alive.
    await options.startedWorker?.destroy();
  }
}

async function buildLocked(project: Project, selection: Selection, options: BuildOptions, files: VFile[]): Promise<RunResult> {
  const { shard } = options;
  const previous = await readManifest(project);
  // A shard also reuses what shards built since the last merge, its own last: editions may move between shards when topics are added.
  if (shard) {
    const own = fragmentName(shard);
    for (const name of [...(await fragmentNames(project)).filter((name) => name !== own), own]) {
      for (const [editionFile, entry] of await readManifest(project, name)) previous.set(editionFile, entry);
    }
  }
  const hashes = new FileHashes();
  const draft = selection.draft ?? false;
  const plan = await planEditions(project, selection, files, { previous, hashes, draft }, shard);
  const editions: EditionOutcome[] = [];
  /** Languages each topic of this run is offered in: the manifest drops its editions in any other. */
  const offered = new Map<string, string[]>();
  let total = plan.expected;
  const finish = (outcome: EditionOutcome) => {
    editions.push(outcome);
    options.onEdition?.(outcome, editions.length, total);
  };
  const share = plan.share;
  await removeAbandonedTemporaryFiles(project.outputDir, shard && share ? (target) => share.paths.has(target) || target === fragmentName(shard) : undefined);
  const done = (job: RenderJob, written: WrittenEdition) => {
    for (const note of written.notes) {
      report(job.file, 'warning', `${job.spec.language} ${job.spec.level} ${job.spec.format}: ${note}`, 'format-fit', { line: 1, column: 1 });
    }
    finish({ spec: job.spec, entry: manifestEntry(job, written), stats: written.stats });
  };
  const renderer = createRenderer(project, options, done, (job, error) => failed(job.file, job.spec, error, finish));
  /** Prepares one edition of a read topic, then reports it unchanged or hands it to the renderer. */
  const prepareAndSubmit = async (context: TopicContext, spec: EditionSpec, readingWarnings: string[]) => {
    const warningsBefore = context.file.messages.length;
    try {
      const prepared = prepareEdition(context, spec, { draft });
      const inputs = await recordInputs(project, inputFiles(context, prepared), inputKey(spec), context.source.meta, hashes);
      // Style findings warn in a build, like readability targets; `handout check` gives them their configured severity.
      for (const target of prepared.targets.filter((result) => !result.met)) {
        report(context.file, 'warning', targetMessage(spec, target), 'readability-target', { line: 1, column: 1 });
      }
      for (const finding of prepared.styleFindings) {
        if (ruleSeverityIn(project.config, spec.level, finding.ruleId) !== 'off') report(context.file, 'warning', finding.message, finding.ruleId, finding.position);
      }
      const warnings = [...readingWarnings, ...context.file.messages.slice(warningsBefore).map((message) => String(message))];
      const earlier = previous.get(toPosix(editionPath(spec)));
      if (earlier && earlier.contentHash === prepared.identity.contentHash && (await hasBytes(project, spec, earlier, hashes))) {
        finish({ spec, entry: { ...earlier, warnings, inputs }, unchanged: true });
      } else {
        await renderer.submit({ spec, prepared, warnings, inputs, file: context.file }, total - editions.length);
      }
    } catch (error) {
      failed(context.file, spec, error, finish);
    }
  };
  // Whatever goes wrong while reading, the workers finish what they have and stop: none is left running.
  try {
    for await (const topic of plan.topics) {
      total += topic.specs.length - topic.expected;
      if (topic.languages) offered.set(topic.id, topic.languages);
      if (topic.reused) {
        for (const [index, entry] of topic.reused.entries()) finish({ spec: topic.specs[index]!, entry, unchanged: true, reused: true });
      } else if (!topic.context) {
        for (const spec of topic.specs) finish({ spec, error: `Topic ${topic.id} has errors` });
      } else {
        // Warnings from reading the topic (raw HTML, unsupported Markdown) concern every edition of it.
        const readingWarnings = topic.context.file.messages.filter((message) => message.fatal === false).map((message) => String(message));
        for (const spec of topic.specs) await prepareAndSubmit(topic.context, spec, readingWarnings);
      }
    }
  } finally {
    await renderer.close();
  }
  if (options.previews) await writePreviews(project, editions);
  try {
    // A shard whose plan was refused (a bad selection) writes no fragment: the merge would take it for done.
    if (shard && share) await writeFragment(project, shard, share.digest, editions);
    else if (!shard) await writeManifest(project, previous, editions, offered);
  } catch (error) {
    const manifestFile = sourceFile(path.join(project.outputDir, shard ? fragmentName(shard) : MANIFEST), project.root);
    reportException(manifestFile, `Cannot write the manifest: ${describeError(error)}; the editions written are not recorded, so the next build renders them again`, 'output-unwritable', error);
    files.push(manifestFile);
    return { files, editions, ok: plan.ok };
  }
  // A shard's editions reach the site when the shards are merged.
  if (!shard) files.push(...(await publishSites(project)));
  return { files, editions, ok: plan.ok };
}

function failed(file: VFile, spec: EditionSpec, error: unknown, finish: (outcome: EditionOutcome) => void): void {
  const reason = error instanceof Error ? error.message : String(error);
  const edition = `${spec.language} ${spec.level} ${spec.format}`;
  if (error instanceof RenderTimeLimitError) report(file, 'error', `${edition}: ${reason}`, 'render-time-limit');
  else if (error instanceof FitError) report(file, 'error', `${edition}: ${reason}`, 'edition-failed', error.line === null ? undefined : { line: error.line, column: 1 });
  else if (!(error instanceof EditionError)) reportException(file, `${edition}: ${reason}`, 'edition-failed', error);
  finish({ spec, error: reason });
}


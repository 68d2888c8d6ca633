import { access, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { VFile } from 'vfile';
import { FORMAT_NAMES, type FormatName, type Project } from '../config/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { uiSource as loadUiSource, type SourceCatalog } from '../i18n/catalog.ts';
import { report } from '../messages/index.ts';
import { listTopics, readTopic } from '../reader/index.ts';
import type { ReadabilityReport } from '../readability/index.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import type { RenderTask } from './worker.ts';
import { editionPath, previewPath, writeEdition, type WrittenEdition } from './write.ts';
import type { RenderedEdition } from '../render/edition.ts';
import { renderPreview } from '../render/preview.ts';
import { FileHashes, inputFiles, inputKey, inputsUnchanged, recordInputs, toPosix, type InputRecord } from './inputs.ts';
import { EditionError, prepareEdition, topicContext, type EditionSpec, type PreparedEdition, type TargetResult, type TopicContext, type TranslationSummary } from './edition.ts';

export { editionPath, previewPath };

export interface Selection {
  topics?: string[];
  languages?: string[];
  levels?: string[];
  formats?: string[];
  paper?: 'letter' | 'a4';
  /** Clinic id whose branding the editions carry; default: the first configured clinic. */
  clinic?: string;
  /** Build editions with missing or stale translations, each page marked DRAFT. */
  draft?: boolean;
}

export interface ManifestEntry {
  path: string;
  topic: string;
  language: string;
  level: string;
  format: string;
  paper: 'letter' | 'a4';
  version: string;
  contentHash: string;
  pages: number;
  bytes: number;
  sha256: string;
  translation: TranslationSummary;
  readability: ReadabilityReport;
  targets: TargetResult[];
  warnings: string[];
  /** What rendering had to do, e.g. a smaller body size to fit a tri-fold. */
  notes: string[];
  inputs: InputRecord;
}

export interface EditionOutcome {
  spec: EditionSpec;
  /** Set when the edition was written, or is up to date. */
  entry?: ManifestEntry;
  /** The PDF on disk already had this content hash and bytes: not rendered again. */
  unchanged?: boolean;
  /** Unchanged, and none of the topic's input files changed either: the topic was not even read. */
  reused?: boolean;
  /** Render time and memory of the thread that rendered it. */
  stats?: WrittenEdition['stats'];
  /** Why the edition was not written. */
  error?: string;
}

export interface RunResult {
  files: VFile[];
  editions: EditionOutcome[];
  /** Errors that stop the whole run (bad selection). */
  ok: boolean;
}

export interface PlannedTopic {
  id: string;
  context: TopicContext | null;
  specs: EditionSpec[];
  /** Manifest entries of `specs`, in order, when none of their inputs changed: the topic was not read. */
  reused?: ManifestEntry[];
  /** How many editions `Plan.expected` counted for this topic before it was read. */
  expected: number;
}

export interface Plan {
  ok: boolean;
  /**
   * Editions of the selection, counting every configured level of a topic not
   * yet read (a topic has at most those): exact once every topic is read.
   */
  expected: number;
  /** Each topic as it is read, so its editions can be rendered while the next is read. */
  topics: AsyncIterable<PlannedTopic>;
}

/** What a build knows from the last one, to skip topics whose inputs did not change. */
export interface Reuse {
  previous: Map<string, ManifestEntry>;
  hashes: FileHashes;
  draft: boolean;
}

/** Each topic's levels as the manifest recorded them when it was last read. */
function recordedLevels(previous: Map<string, ManifestEntry>): Map<string, string[]> {
  const levels = new Map<string, string[]>();
  for (const entry of previous.values()) if (entry.inputs && !levels.has(entry.topic)) levels.set(entry.topic, entry.inputs.levels);
  return levels;
}

/**
 * Checks the selection, then reads the selected topics one by one and lists
 * their editions. Topics with errors are planned with a null context so
 * their editions are reported as failed.
 */
export async function planEditions(project: Project, selection: Selection, files: VFile[], reuse?: Reuse): Promise<Plan> {
  const config = project.config;
  const configFile = project.configFile;
  const refused: Plan = { ok: false, expected: 0, topics: (async function* () {})() };
  let ok = true;
  const unknown = (kind: string, values: string[] | undefined, known: string[]) => {
    for (const value of values ?? []) {
      if (!known.includes(value)) {
        report(configFile, 'error', `Unknown ${kind} "${value}": known ${kind}s are ${known.join(', ')}`, `unknown-${kind}`);
        ok = false;
      }
    }
  };
  unknown('language', selection.languages, Object.keys(config.languages));
  unknown('level', selection.levels, Object.keys(config.levels));
  unknown('format', selection.formats, [...FORMAT_NAMES]);
  unknown('clinic', selection.clinic === undefined ? undefined : [selection.clinic], [...project.clinics.keys()]);
  if (!ok) return refused;
  // Editions of the default clinic keep the short paths; other clinics' go in their own folder.
  const clinic = selection.clinic === undefined || selection.clinic === project.clinics.keys().next().value ? null : selection.clinic;

  let uiSource: SourceCatalog;
  try {
    uiSource = await loadUiSource(project);
  } catch (error) {
    report(configFile, 'error', `Template strings (locales/${config.sourceLanguage}/ui.json) cannot be read: ${(error as Error).message}`, 'ui-source');
    return refused;
  }

  const ids = selection.topics ?? (await listTopics(project));
  const languages = selection.languages ?? Object.keys(config.languages);
  const formats = (selection.formats ?? Object.keys(config.formats)) as FormatName[];
  // A format limited to some levels in the config gets only those, unless --level names others.
  const formatLevels = (format: FormatName, levels: string[]) => (selection.levels ? levels : levels.filter((level) => config.formats[format]?.levels?.includes(level) ?? true));
  const paper = selection.paper ?? config.paper;
  const specsFor = (id: string, levels: string[]): EditionSpec[] =>
    languages.flatMap((language) => formats.flatMap((format) => formatLevels(format, levels).map((level) => ({ topic: id, language, level, format, paper, clinic }))));
  const levelsOf = reuse ? recordedLevels(reuse.previous) : new Map<string, string[]>();
  const expectedOf = (id: string) => Math.max(1, specsFor(id, selection.levels ?? levelsOf.get(id) ?? Object.keys(config.levels)).length);

  async function* topics(): AsyncGenerator<PlannedTopic> {
    for (const id of ids) {
      const expected = expectedOf(id);
      const recorded = levelsOf.get(id);
      const reused = reuse && recorded ? await reusableEditions(project, id, recorded, selection, specsFor, reuse) : null;
      if (reused) {
        yield { id, context: null, ...reused, expected };
        continue;
      }
      const { file, document } = await readTopic(project, id);
      files.push(file);
      const wanted = selection.levels ?? document?.meta.levels ?? [];
      const missingLevels = document ? wanted.filter((level) => !document.meta.levels.includes(level)) : [];
      for (const level of missingLevels) report(file, 'warning', `Topic has no level "${level}"; skipped`, 'level-not-in-topic');
      const specs = specsFor(id, wanted.filter((level) => !missingLevels.includes(level)));
      const context = document ? await topicContext(project, document, file, uiSource, languages) : null;
      if (context) for (const catalogs of context.catalogs.values()) files.push(catalogs.topic.file, catalogs.ui.file);
      yield { id, context, specs: document ? specs : [{ topic: id, language: '*', level: '*', format: formats[0] ?? 'handout', paper, clinic }], expected };
    }
  }
  return { ok, expected: ids.reduce((count, id) => count + expectedOf(id), 0), topics: topics() };
}

/**
 * The editions of a topic as the last build left them, when every one is on
 * disk with its recorded bytes and none of its input files or code changed;
 * null when the topic must be read and prepared again.
 */
async function reusableEditions(
  project: Project,
  id: string,
  recorded: string[],
  selection: Selection,
  specsFor: (id: string, levels: string[]) => EditionSpec[],
  reuse: Reuse,
): Promise<{ specs: EditionSpec[]; reused: ManifestEntry[] } | null> {
  // A level the topic did not have must be reported again, by reading it.
  if (selection.levels?.some((level) => !recorded.includes(level))) return null;
  const specs = specsFor(id, selection.levels ?? recorded);
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

export interface BuildOptions {
  /** Render workers; 0 renders in this thread. Default: one per core. */
  jobs?: number;
  /**
   * A build with at most this many editions to render renders them in this
   * thread (default 24): one this small, such as after editing a paragraph,
   * is done before workers would have started and warmed up.
   */
  inThreadEditions?: number;
  /** Also write a PNG of each edition's first page to output/previews/. */
  previews?: boolean;
  /**
   * Called as each edition finishes (built, unchanged or failed). Topics are
   * read as the build goes, so `total` counts every configured level of a
   * topic not read yet, and is exact once all are read.
   */
  onEdition?: (outcome: EditionOutcome, done: number, total: number) => void;
}

interface RenderJob {
  spec: EditionSpec;
  prepared: PreparedEdition;
  warnings: string[];
  inputs: InputRecord;
  /** The topic's file, where the edition's messages go. */
  file: VFile;
}

const WORKER = fileURLToPath(new URL('../../bin/render-worker.js', import.meta.url));

/**
 * Renders every selected edition; one failing edition never stops or spoils
 * the others. A topic whose input files and code are unchanged since the last
 * build is not even read; the others' editions are prepared here (cheap),
 * compared with the manifest by content hash, and only changed ones are
 * rendered, in parallel workers.
 */
export async function build(project: Project, selection: Selection = {}, options: BuildOptions = {}): Promise<RunResult> {
  const files: VFile[] = [project.configFile];
  const previous = await readManifest(project);
  const hashes = new FileHashes();
  const draft = selection.draft ?? false;
  const plan = await planEditions(project, selection, files, { previous, hashes, draft });
  const editions: EditionOutcome[] = [];
  let total = plan.expected;
  const finish = (outcome: EditionOutcome) => {
    editions.push(outcome);
    options.onEdition?.(outcome, editions.length, total);
  };
  await removeAbandonedTemporaryFiles(project.outputDir);
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
      const inputs = await recordInputs(project, inputFiles(context, prepared), inputKey(spec), context.source.meta.levels, hashes);
      for (const target of prepared.targets.filter((result) => !result.met)) {
        report(context.file, 'warning', targetMessage(spec, target), 'readability-target', { line: 1, column: 1 });
      }
      const warnings = [...readingWarnings, ...context.file.messages.slice(warningsBefore).map((message) => String(message))];
      const earlier = previous.get(toPosix(editionPath(spec)));
      if (earlier && earlier.contentHash === prepared.identity.contentHash && (await hasBytes(project, spec, earlier, hashes))) {
        finish({ spec, entry: { ...earlier, warnings, inputs }, unchanged: true });
      } else {
        await renderer.submit({ spec, prepared, warnings, inputs, file: context.file });
      }
    } catch (error) {
      failed(context.file, spec, error, finish);
    }
  };
  // Whatever goes wrong while reading, the workers finish what they have and stop: none is left running.
  try {
    for await (const topic of plan.topics) {
      total += topic.specs.length - topic.expected;
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
  await writeManifest(project, previous, editions);
  return { files, editions, ok: plan.ok };
}

function failed(file: VFile, spec: EditionSpec, error: unknown, finish: (outcome: EditionOutcome) => void): void {
  const reason = error instanceof Error ? error.message : String(error);
  if (!(error instanceof EditionError)) report(file, 'error', `${spec.language} ${spec.level} ${spec.format}: ${reason}`, 'edition-failed');
  finish({ spec, error: reason });
}

function manifestEntry(job: RenderJob, written: WrittenEdition): ManifestEntry {
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

/** A worker whose heap in use passes this after an edition is replaced (React-PDF and fontkit caches grow). */
const RECYCLE_HEAP_BYTES = 240 * 1024 * 1024;
/** Hard cap on a worker's V8 old generation, so a worker stays under 400 MB with its young generation. */
const WORKER_OLD_GENERATION_MB = 320;
/** Rendering allocates short-lived objects fast: a larger young generation than V8 gives a worker by default collects less often (5 % faster). */
const WORKER_YOUNG_GENERATION_MB = 64;

/** Measured: up to about this many editions render in this thread before two workers would have started and warmed up (2.5 s). */
const IN_THREAD_EDITIONS = 24;
/** Editions prepared ahead per worker: enough to keep it busy, few enough that a build of any size holds only a handful in memory. */
const AHEAD_PER_WORKER = 3;

/**
 * Renders editions as they are submitted: in a pool of worker threads, which
 * starts once more than `inThreadEditions` editions are waiting, so rendering
 * runs while later topics are still being read and prepared; a smaller build
 * renders in this thread after preparing, and starts no worker at all. With
 * `jobs: 0` every edition renders in this thread as it comes. `submit`
 * returns once there is room for the next edition, so preparing never runs
 * far ahead of rendering.
 */
function createRenderer(project: Project, options: BuildOptions, done: (job: RenderJob, written: WrittenEdition) => void, fail: (job: RenderJob, error: unknown) => void) {
  const threads = options.jobs ?? availableParallelism();
  const inThread = options.inThreadEditions ?? IN_THREAD_EDITIONS;
  const settle = (job: RenderJob, rendered: Promise<RenderedEdition>) =>
    rendered.then((result) => writeEdition(project, job.spec, result)).then((written) => done(job, written), (error: unknown) => fail(job, error));
  // Loaded only to render here: a build that renders in workers, or nothing, never loads React-PDF in this thread.
  const renderHere = (job: RenderJob) => settle(job, import('../render/edition.ts').then(({ renderMeasured }) => renderMeasured(job.prepared)));
  let pool: Tinypool | undefined;
  const inPool = new Set<Promise<void>>();
  const renderInPool = (job: RenderJob) => {
    pool ??= new Tinypool({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      env: { ...process.env, NODE_ENV: 'production' } as Record<string, string>,
      maxMemoryLimitBeforeRecycle: RECYCLE_HEAP_BYTES,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const task: RenderTask = { prepared: job.prepared };
    const settled: Promise<void> = settle(job, pool.run(task) as Promise<RenderedEdition>).then(() => {
      inPool.delete(settled);
    });
    inPool.add(settled);
  };
  const waiting: RenderJob[] = [];
  return {
    async submit(job: RenderJob): Promise<void> {
      if (threads === 0) return renderHere(job);
      if (pool) renderInPool(job);
      else if (waiting.push(job) > inThread) waiting.splice(0).forEach(renderInPool);
      while (inPool.size >= threads * AHEAD_PER_WORKER) await Promise.race(inPool);
    },
    async close(): Promise<void> {
      try {
        for (const job of waiting.splice(0)) await renderHere(job);
        await Promise.all(inPool);
      } finally {
        await pool?.destroy();
      }
    },
  };
}

/** Temporary files of builds that were killed (their process is gone); never those of a running build. */
async function removeAbandonedTemporaryFiles(outputDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outputDir, { recursive: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry);
    if (match && !processAlive(Number(match[1]))) await rm(path.join(outputDir, entry), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function targetMessage(spec: EditionSpec, target: TargetResult): string {
  const bound = target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`;
  return `${spec.language} ${spec.level}: ${target.metric} is ${target.value}, target ${bound}`;
}

const MANIFEST = 'manifest.json';

/**
 * PNGs of the first page of every edition written this run, and of unchanged
 * ones that lack one, made from the PDFs on disk once rendering is over: the
 * PDF reader must not be loaded where editions are rendered (see pdfjs.ts).
 */
async function writePreviews(project: Project, editions: EditionOutcome[]): Promise<void> {
  for (const edition of editions) {
    if (!edition.entry) continue;
    const target = path.join(project.outputDir, previewPath(edition.spec));
    if (edition.unchanged && (await exists(target))) continue;
    try {
      await writeFileAtomic(target, await renderPreview(await readFile(path.join(project.outputDir, editionPath(edition.spec)))));
    } catch (error) {
      report(project.configFile, 'warning', `No preview of ${toPosix(editionPath(edition.spec))}: ${(error as Error).message}`, 'preview-failed');
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the edition's PDF on disk is exactly the one its manifest entry
 * describes (by hash, not by time). Through the build's file hashes, so a PDF
 * looked at while deciding to skip its topic is not read again.
 */
async function hasBytes(project: Project, spec: EditionSpec, entry: ManifestEntry, hashes: FileHashes): Promise<boolean> {
  return (await hashes.hash(path.join(project.outputDir, editionPath(spec)))) === entry.sha256;
}

async function readManifest(project: Project): Promise<Map<string, ManifestEntry>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, MANIFEST), 'utf8')) as { editions: ManifestEntry[] };
    return new Map(manifest.editions.map((entry) => [entry.path, entry]));
  } catch {
    // No manifest yet, or an unreadable one: everything is rendered afresh.
    return new Map();
  }
}

/** Merges this run into output/manifest.json; entries of editions not built this run are kept. */
async function writeManifest(project: Project, previous: Map<string, ManifestEntry>, editions: EditionOutcome[]): Promise<void> {
  const byPath = new Map(previous);
  for (const edition of editions) if (edition.entry) byPath.set(edition.entry.path, edition.entry);
  // A failed edition's PDF from an earlier run stays on disk, but the manifest no longer vouches for it.
  for (const edition of editions) if (edition.error && edition.spec.language !== '*') byPath.delete(toPosix(editionPath(edition.spec)));
  const entries = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  await writeFileAtomic(path.join(project.outputDir, MANIFEST), `${JSON.stringify({ tool: `${TOOL_NAME} ${TOOL_VERSION}`, editions: entries }, null, 2)}\n`);
}

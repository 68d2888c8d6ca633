/**
 * Builds batches of generated topics in a child process (fuzz-child.ts) that
 * is killed when no edition finishes within a time limit: a hang, even one
 * that blocks the build's own thread, cannot stop the fuzz test or the soak
 * script, and a crash is told from an edition that fails with a message.
 */
import { fork } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { EditionSpec, Selection } from '../../src/index.ts';
import { fuzzImages, type GeneratedTopic } from './generate-topic.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fuzz-child.ts', import.meta.url));
/** Time a child process has to load the sources (through tsx) and finish its first edition (React-PDF and fonts loading), on a busy machine. */
const STARTUP_LIMIT_MS = 120_000;

export interface FuzzBatch {
  root: string;
  /** Names the topics to build; one language and format per batch. */
  selection: Selection & { topics: string[] };
  jobs: number;
  /** Editions each topic of the selection should have (one per level). */
  editions: Record<string, number>;
}

export interface FuzzMessage {
  /** Relative to the project root. */
  file: string;
  line: number | null;
  fatal: boolean | null;
  ruleId: string | null;
  reason: string;
}

export interface EditionEvent {
  type: 'edition';
  batch: number;
  spec: EditionSpec;
  /** Relative to output/; set when the edition was written. */
  path?: string;
  error?: string;
  renderMs?: number;
}

export type BatchEvent =
  | { type: 'start'; batch: number }
  | EditionEvent
  | { type: 'end'; batch: number; messages: FuzzMessage[]; peakRss: number; cpuMs: number }
  | { type: 'crash'; batch: number; stack: string; peakRss: number; cpuMs: number };

export interface BatchOutcome {
  batch: FuzzBatch;
  editions: EditionEvent[];
  messages: FuzzMessage[];
  /** `build` threw (its stack), or the process died (exit status and the end of its stderr). */
  crash?: string;
  /** No edition finished within the time limit, and the process was killed. */
  hang?: boolean;
  /** From the batch's start to its end (or to the kill). */
  ms: number;
}

export interface RunOptions {
  /** A batch in which no edition finishes for this long is a hang. */
  idleLimitMs: number;
  /** Called as each edition finishes, in the parent. */
  onEdition?: (event: EditionEvent, batch: FuzzBatch) => void;
  /** Called as each batch ends, crashes or hangs; awaited before `runBatches` returns. */
  onBatch?: (outcome: BatchOutcome) => Promise<void> | void;
}

/** Builds the batches in order; after a crash or hang of the process, a new one goes on with the next batch. */
export async function runBatches(batches: FuzzBatch[], options: RunOptions): Promise<{ outcomes: BatchOutcome[]; peakRss: number; cpuMs: number }> {
  const outcomes: BatchOutcome[] = [];
  let peakRss = 0;
  /** CPU time of the child processes up to their last finished batch. */
  let cpuMs = 0;
  const reported: Promise<void>[] = [];
  const ended = (outcome: BatchOutcome) => {
    if (options.onBatch) reported.push(Promise.resolve(options.onBatch(outcome)));
  };
  let next = 0;
  while (next < batches.length) {
    const offset = next;
    const child = fork(CHILD, [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.send(batches.slice(offset));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let current: BatchOutcome | undefined;
    let started = performance.now();
    let lastProgress = performance.now();
    let killed = false;
    /** Set once the child has finished an edition or a batch: it has loaded what it needs. */
    let warm = false;
    let childCpuMs = 0;
    child.on('message', (event: BatchEvent) => {
      lastProgress = performance.now();
      warm ||= event.type !== 'start';
      const batch = batches[offset + event.batch]!;
      if (event.type === 'start') {
        started = performance.now();
        current = { batch, editions: [], messages: [], ms: 0 };
        outcomes.push(current);
        next = offset + event.batch + 1;
        return;
      }
      if (event.type === 'edition') {
        current!.editions.push(event);
        options.onEdition?.(event, batch);
        return;
      }
      peakRss = Math.max(peakRss, event.peakRss);
      childCpuMs = event.cpuMs;
      current!.ms = performance.now() - started;
      if (event.type === 'end') current!.messages = event.messages;
      else current!.crash = event.stack;
      ended(current!);
      current = undefined;
    });
    const watchdog = setInterval(() => {
      if (performance.now() - lastProgress > (warm ? options.idleLimitMs : Math.max(STARTUP_LIMIT_MS, options.idleLimitMs))) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 250);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    clearInterval(watchdog);
    cpuMs += childCpuMs;
    if (current) {
      // The process ended in the middle of a batch.
      current.ms = performance.now() - started;
      if (killed) current.hang = true;
      else current.crash = `process exited (${exit.signal ?? `status ${exit.code}`}): ${stderr.trim()}`;
      ended(current);
    } else if (next === offset) {
      throw new Error(`The fuzz child process did not start a batch (${exit.signal ?? `status ${exit.code}`}): ${stderr.trim()}`);
    }
  }
  await Promise.all(reported);
  return { outcomes, peakRss, cpuMs };
}

/** Topics of a batch whose editions did not all finish. */
export function unfinishedTopics(outcome: BatchOutcome): string[] {
  const finished = new Map<string, number>();
  for (const event of outcome.editions) finished.set(event.spec.topic, event.spec.level === '*' ? Infinity : (finished.get(event.spec.topic) ?? 0) + 1);
  return outcome.batch.selection.topics.filter((topic) => (finished.get(topic) ?? 0) < outcome.batch.editions[topic]!);
}

/**
 * The topics that crash or hang on their own: each unfinished topic of a
 * batch that crashed or hung, built alone.
 */
export async function culprits(outcome: BatchOutcome, options: RunOptions): Promise<{ topic: string; crash?: string; hang?: boolean }[]> {
  const { batch } = outcome;
  const single = unfinishedTopics(outcome).map((topic) => ({ ...batch, selection: { ...batch.selection, topics: [topic] }, editions: { [topic]: batch.editions[topic]! } }));
  const { outcomes } = await runBatches(single, { idleLimitMs: options.idleLimitMs });
  return outcomes
    .filter((alone) => alone.crash !== undefined || alone.hang)
    .map((alone) => ({ topic: alone.batch.selection.topics[0]!, ...(alone.crash !== undefined ? { crash: alone.crash } : {}), ...(alone.hang ? { hang: true } : {}) }));
}

/** A project for generated topics: the repository's config and template strings, the images topics link, and the topics. */
export async function writeFuzzProject(root: string, topics: GeneratedTopic[]): Promise<void> {
  await mkdir(path.join(root, 'content', 'images'), { recursive: true });
  const config = parseDocument(await readFile(path.join(REPO_ROOT, 'handout.config.yaml'), 'utf8'));
  config.set('formats', { handout: {} });
  await writeFile(path.join(root, 'handout.config.yaml'), config.toString());
  await cp(path.join(REPO_ROOT, 'assets'), path.join(root, 'assets'), { recursive: true });
  await cp(path.join(REPO_ROOT, 'terminology.tbx'), path.join(root, 'terminology.tbx'));
  // Template strings only: topics' catalogs are missing, so editions in other languages are drafts of the source.
  await cp(path.join(REPO_ROOT, 'locales'), path.join(root, 'locales'), {
    recursive: true,
    filter: (source) => !source.endsWith('.json') || path.basename(source).startsWith('ui.'),
  });
  for (const [name, bytes] of Object.entries(fuzzImages())) await writeFile(path.join(root, 'content', name), bytes);
  await Promise.all(topics.map((topic) => writeFile(path.join(root, 'content', `${topic.id}.md`), topic.markdown)));
}

/**
 * The batches that build the topics: one per language and format (a build
 * makes every selected language and format of each topic), each of at most
 * `size` topics.
 */
export function batchesOf(root: string, topics: GeneratedTopic[], size: number, jobs: number): FuzzBatch[] {
  const groups = new Map<string, GeneratedTopic[]>();
  for (const topic of topics) {
    const key = `${topic.edition.language} ${topic.edition.format}`;
    groups.set(key, [...(groups.get(key) ?? []), topic]);
  }
  const batches: FuzzBatch[] = [];
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += size) {
      const members = group.slice(start, start + size);
      const { language, format, draft } = members[0]!.edition;
      batches.push({
        root,
        selection: { topics: members.map((topic) => topic.id), languages: [language], formats: [format], draft },
        jobs,
        editions: Object.fromEntries(members.map((topic) => [topic.id, topic.levels.length])),
      });
    }
  }
  return batches;
}

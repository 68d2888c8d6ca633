import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { VFile } from 'vfile';
import { FitError } from '../formats/index.ts';
import { report } from '../messages/index.ts';
import type { EditionSpec } from '../model/edition.ts';
import type { PreparedEdition } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import type { RenderedEdition } from '../render/edition.ts';
import type { Misfit, RenderTask, WarmUpTask } from '../render/worker.ts';
import type { LanguageConfig } from '../config/index.ts';
import type { InputRecord } from './inputs.ts';
import { writeEdition, type WrittenEdition } from './write.ts';

export interface ScheduleOptions {
  /**
   * Render workers; 0 renders in this thread, where a render cannot be
   * stopped, so without a time limit. Default: one per core. Never more than
   * the cores, nor than free memory holds (a warning says so).
   */
  jobs?: number;
  /**
   * A build with at most this many editions to come renders them in one
   * worker, started with the first (default 24); a bigger one starts every
   * worker with its first edition. A build this small, such as after editing
   * a paragraph, is done before more workers would have started and warmed up.
   */
  oneWorkerEditions?: number;
  /** Seconds a worker may spend rendering one edition; a render that takes longer is stopped and its edition fails (default 120). */
  renderTimeLimit?: number;
  /**
   * A pool of one worker the caller started before the build (renderPool(1)),
   * so that it loads React-PDF while this thread loads the pipeline and reads
   * topics: the build's first editions render in it, the rest in it and the
   * other workers. The build destroys it when done.
   */
  startedWorker?: RenderPool;
}

export interface RenderJob {
  spec: EditionSpec;
  prepared: PreparedEdition;
  warnings: string[];
  inputs: InputRecord;
  /** The topic's file, where the edition's messages go. */
  file: VFile;
}

/**
 * The worker's entry: compiled, this module runs from dist/ and the workers load the compiled worker too;
 * run from the TypeScript sources (tsx, vitest), they load them through bin/render-worker.js.
 */
const WORKER = import.meta.filename.endsWith('.js')
  ? { filename: fileURLToPath(new URL('../render/worker.js', import.meta.url)), name: 'renderTask' }
  : { filename: fileURLToPath(new URL('../../bin/render-worker.js', import.meta.url)), name: 'default' };

/** A worker whose heap in use passes this after an edition is replaced (React-PDF and fontkit caches grow). */
const RECYCLE_HEAP_BYTES = 240 * 1024 * 1024;
/** Hard cap on a worker's V8 old generation, so a worker stays under 400 MB with its young generation. */
const WORKER_OLD_GENERATION_MB = 320;
/** Rendering allocates short-lived objects fast: a larger young generation than V8 gives a worker by default collects less often (5 % faster). */
const WORKER_YOUNG_GENERATION_MB = 64;
/** What one worker may take: its heap limits, and code, stacks and font buffers besides. */
const WORKER_MEMORY_BYTES = (WORKER_OLD_GENERATION_MB + WORKER_YOUNG_GENERATION_MB + 16) * 1024 * 1024;

/**
 * Up to about this many editions render sooner in one worker than in two, which both have to start and warm up
 * (measured in the main thread, 2.5 s; 14 editions took 1.2 times as long in one worker as there, and 1.7 times in two).
 */
const ONE_WORKER_EDITIONS = 24;
/** Editions prepared ahead per worker: enough to keep it busy, few enough that a build of any size holds only a handful in memory. */
const AHEAD_PER_WORKER = 3;
/** The slowest edition measured takes a few seconds; one taking minutes is stuck on its input (a huge table, a giant word). */
const RENDER_TIME_LIMIT_SECONDS = 120;

/** A render stopped because it took longer than the time limit. */
export class RenderTimeLimitError extends Error {
  constructor(seconds: number) {
    super(`rendering took longer than ${seconds} s, the limit for one edition, and was stopped: split the topic or shorten its widest tables and longest words, or raise the limit (--render-time-limit)`);
  }
}

/**
 * The render workers to start: as many as asked (default: one per core), but
 * no more than the cores, which they would only share, nor than the memory
 * available to this process (the container's limit where there is one)
 * holds at WORKER_MEMORY_BYTES each; asking for more gets a warning on `file`.
 */
function workerCount(jobs: number | undefined, file: VFile): number {
  if (jobs === 0) return 0;
  const cores = availableParallelism();
  const memory = Math.max(1, Math.floor(process.availableMemory() / WORKER_MEMORY_BYTES));
  const allowed = Math.min(cores, memory);
  if (jobs !== undefined && jobs > allowed) {
    const megabytes = Math.round(WORKER_MEMORY_BYTES / 1024 / 1024);
    report(file, 'warning', `${jobs} render workers asked for, ${allowed} used: this machine has ${cores} cores and free memory for ${memory} workers of up to ${megabytes} MB`, 'jobs-capped');
  }
  return Math.min(jobs ?? allowed, allowed);
}

/** Render workers that take prepared editions one at a time each; a build starts one, a long-running process (the front desk) keeps one. */
export interface RenderPool {
  /** Renders in a free worker (waiting for one); fails with RenderTimeLimitError when a worker takes longer than the limit, with FitError when the format cannot hold the edition. */
  render(prepared: PreparedEdition): Promise<RenderedEdition>;
  /**
   * Has a worker render a few lines in the typography of `language` while the caller still prepares the first edition
   * (src/render/engine.ts, warmUp), stopping when an edition is sent. Resolves when it ends; it never fails: whatever would make it
   * fail makes the edition's own render fail, with its message.
   */
  warmUp(language: string, config: LanguageConfig): Promise<void>;
  destroy(): Promise<void>;
}

/** A pool of `size` render workers (WORKER), each stopped when it spends more than `limitSeconds` on one edition. */
export function renderPool(size: number, limitSeconds = RENDER_TIME_LIMIT_SECONDS): RenderPool {
  const pool = new Tinypool({
    ...WORKER,
    minThreads: size,
    maxThreads: size,
    env: { ...process.env, NODE_ENV: 'production' } as Record<string, string>,
    maxMemoryLimitBeforeRecycle: RECYCLE_HEAP_BYTES,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  // Raised by the first edition sent: a warm-up still running stops at its next step.
  const editionWaiting = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  return {
    render(prepared) {
      Atomics.store(editionWaiting, 0, 1);
      // Aborting terminates the worker (tinypool), the only way to stop a render stuck in synchronous layout code.
      const stop = new AbortController();
      // The clock starts when a worker takes the edition, not while it waits in the queue or a worker starts.
      const started = new MessageChannel();
      let timer: NodeJS.Timeout | undefined;
      started.port1.once('message', () => (timer = setTimeout(() => stop.abort(), limitSeconds * 1000)));
      started.port1.unref();
      const task: RenderTask = { prepared, started: started.port2 };
      return (pool.run(task, { signal: stop.signal, transferList: [started.port2] }) as Promise<RenderedEdition | Misfit>)
        .then((result) => {
          if ('misfit' in result) throw new FitError(result.misfit.reason, result.misfit.line);
          return result;
        })
        .catch((error: unknown) => {
          throw stop.signal.aborted ? new RenderTimeLimitError(limitSeconds) : error;
        })
        .finally(() => {
          clearTimeout(timer);
          started.port1.close();
        });
    },
    async warmUp(language, config) {
      const task: WarmUpTask = { warmUp: { language, config, editionWaiting } };
      await pool.run(task).catch(() => undefined);
    },
    destroy: () => pool.destroy(),
  };
}

/**
 * Renders editions as they are submitted, so rendering runs while later
 * topics are still being read and prepared: in every worker, started with the
 * first edition to render, when more than `oneWorkerEditions` are to come;
 * in one otherwise (or the one the caller started); a no-op rebuild starts
 * none. A worker that takes longer than the
 * time limit over an edition is stopped, and that edition fails. With
 * `jobs: 0` every edition renders in this thread as it comes. `submit`
 * returns once there is room for the next edition, so preparing never runs
 * far ahead of rendering. Warnings about the options go on `configFile`.
 */
export function createRenderer(project: Project, options: ScheduleOptions, done: (job: RenderJob, written: WrittenEdition) => void, fail: (job: RenderJob, error: unknown) => void) {
  const threads = workerCount(options.jobs, project.configFile);
  const oneWorker = options.oneWorkerEditions ?? ONE_WORKER_EDITIONS;
  const limitSeconds = options.renderTimeLimit ?? RENDER_TIME_LIMIT_SECONDS;
  const settle = (job: RenderJob, rendered: Promise<RenderedEdition>) =>
    rendered.then((result) => writeEdition(project, job.spec, result)).then((written) => done(job, written), (error: unknown) => fail(job, error));
  // Loaded only to render here: a build that renders in workers, or nothing, never loads React-PDF in this thread.
  const renderHere = (job: RenderJob) => settle(job, import('../render/edition.ts').then(({ renderMeasured }) => renderMeasured(job.prepared)));
  const pools = new Pools();
  const early = options.startedWorker;
  // Rendering in this thread, a started worker is not used, only destroyed on close.
  if (early && threads > 0) pools.add(early, 1);
  const startPool = (size: number) => pools.add(renderPool(size, limitSeconds), size);
  const inPool = new Set<Promise<void>>();
  const renderInPool = (job: RenderJob) => {
    const settled: Promise<void> = settle(job, pools.render(job.prepared)).then(() => {
      inPool.delete(settled);
    });
    inPool.add(settled);
  };
  return {
    /** `toCome`: editions of the build not yet done, this one included, as far as the build knows (unchanged ones count until they are found so). */
    async submit(job: RenderJob, toCome: number): Promise<void> {
      if (threads === 0) return renderHere(job);
      // A build with more than oneWorker editions to come starts every worker at once: waiting for oneWorker
      // submissions would have held the others back until the first worker had rendered most of them.
      if (toCome > oneWorker && pools.size < threads) startPool(threads - pools.size);
      else if (pools.size === 0) startPool(1);
      renderInPool(job);
      while (inPool.size >= threads * AHEAD_PER_WORKER) await Promise.race(inPool);
    },
    async close(): Promise<void> {
      try {
        await Promise.all(inPool);
      } finally {
        await Promise.all([pools.destroy(), threads === 0 ? early?.destroy() : undefined]);
      }
    },
  };
}

/** Render pools used as one: each edition goes to the pool with the fewest editions per worker in flight. */
class Pools {
  private readonly members: { pool: RenderPool; size: number; running: number }[] = [];
  /** Workers in all the pools. */
  size = 0;

  add(pool: RenderPool, size: number): void {
    this.members.push({ pool, size, running: 0 });
    this.size += size;
  }

  render(prepared: PreparedEdition): Promise<RenderedEdition> {
    const member = this.members.reduce((best, next) => (next.running / next.size < best.running / best.size ? next : best));
    member.running += 1;
    return member.pool.render(prepared).finally(() => (member.running -= 1));
  }

  destroy(): Promise<void[]> {
    return Promise.all(this.members.map((member) => member.pool.destroy()));
  }
}

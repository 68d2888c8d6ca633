import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { VFile } from 'vfile';
import type { EditionSpec } from '../model/edition.ts';
import type { PreparedEdition } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import type { RenderedEdition } from '../render/edition.ts';
import type { RenderTask } from '../render/worker.ts';
import type { InputRecord } from './inputs.ts';
import { writeEdition, type WrittenEdition } from './write.ts';

export interface ScheduleOptions {
  /** Render workers; 0 renders in this thread. Default: one per core. */
  jobs?: number;
  /**
   * A build with at most this many editions to render renders them in this
   * thread (default 24): one this small, such as after editing a paragraph,
   * is done before workers would have started and warmed up.
   */
  inThreadEditions?: number;
}

export interface RenderJob {
  spec: EditionSpec;
  prepared: PreparedEdition;
  warnings: string[];
  inputs: InputRecord;
  /** The topic's file, where the edition's messages go. */
  file: VFile;
}

const WORKER = fileURLToPath(new URL('../../bin/render-worker.js', import.meta.url));

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
export function createRenderer(project: Project, options: ScheduleOptions, done: (job: RenderJob, written: WrittenEdition) => void, fail: (job: RenderJob, error: unknown) => void) {
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


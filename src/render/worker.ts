import type { MessagePort } from 'node:worker_threads';
import type { LanguageConfig } from '../config/index.ts';
import type { PreparedEdition } from '../prepare/index.ts';
import { FitError } from '../formats/index.ts';
import { renderMeasured, type RenderedEdition } from './edition.ts';
import { warmUp } from './engine.ts';
import { typographyFor } from './typography.ts';

export interface RenderTask {
  /** Prepared in the main thread, sent as it is: the worker renders exactly what was compared with the manifest. */
  prepared: PreparedEdition;
  /** Told when this worker starts on the edition: the render time limit counts from then. */
  started: MessagePort;
}

/** An edition its format cannot print whole, as data: an Error thrown from a worker arrives without its class and fields (the FitError's line). */
export interface Misfit {
  misfit: { reason: string; line: number | null };
}

/** A warm-up before the first edition: the language whose typography it sets, and a flag the pool raises once an edition waits. */
export interface WarmUpTask {
  warmUp: { language: string; config: LanguageConfig; editionWaiting: Int32Array };
}

/** Worker entry: renders one prepared edition, which the main thread writes; or warms up for editions in a language. */
export async function renderTask(task: RenderTask | WarmUpTask): Promise<RenderedEdition | Misfit | null> {
  if ('warmUp' in task) {
    const { language, config, editionWaiting } = task.warmUp;
    await warmUp(typographyFor(language, config), () => Atomics.load(editionWaiting, 0) === 1);
    return null;
  }
  task.started.postMessage('started');
  task.started.close();
  try {
    return await renderMeasured(task.prepared);
  } catch (error) {
    if (error instanceof FitError) return { misfit: { reason: error.message, line: error.line } };
    throw error;
  }
}

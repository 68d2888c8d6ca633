import type { MessagePort } from 'node:worker_threads';
import type { PreparedEdition } from '../prepare/index.ts';
import { FitError } from '../formats/index.ts';
import { renderMeasured, type RenderedEdition } from './edition.ts';

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

/** Worker entry: renders one prepared edition; the main thread writes it. */
export async function renderTask(task: RenderTask): Promise<RenderedEdition | Misfit> {
  task.started.postMessage('started');
  task.started.close();
  try {
    return await renderMeasured(task.prepared);
  } catch (error) {
    if (error instanceof FitError) return { misfit: { reason: error.message, line: error.line } };
    throw error;
  }
}

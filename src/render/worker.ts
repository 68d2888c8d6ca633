import type { MessagePort } from 'node:worker_threads';
import type { PreparedEdition } from '../prepare/index.ts';
import { renderMeasured, type RenderedEdition } from './edition.ts';

export interface RenderTask {
  /** Prepared in the main thread, sent as it is: the worker renders exactly what was compared with the manifest. */
  prepared: PreparedEdition;
  /** Told when this worker starts on the edition: the render time limit counts from then. */
  started: MessagePort;
}

/** Worker entry: renders one prepared edition; the main thread writes it. */
export async function renderTask(task: RenderTask): Promise<RenderedEdition> {
  task.started.postMessage('started');
  task.started.close();
  return renderMeasured(task.prepared);
}

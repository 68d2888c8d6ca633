import type { PreparedEdition } from '../prepare/index.ts';
import { renderMeasured, type RenderedEdition } from './edition.ts';

export interface RenderTask {
  /** Prepared in the main thread, sent as it is: the worker renders exactly what was compared with the manifest. */
  prepared: PreparedEdition;
}

/** Worker entry: renders one prepared edition; the main thread writes it. */
export async function renderTask(task: RenderTask): Promise<RenderedEdition> {
  return renderMeasured(task.prepared);
}

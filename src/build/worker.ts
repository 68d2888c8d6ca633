import { loadProject, type Project } from '../config/index.ts';
import type { PreparedEdition } from './edition.ts';
import { renderMeasured, type RenderedEdition } from '../render/edition.ts';

export interface RenderTask {
  root: string;
  /** Prepared in the main thread, sent as it is: the worker renders exactly what was compared with the manifest. */
  prepared: PreparedEdition;
}

// A pool lives for one build, so the project cannot change under this cache.
const projects = new Map<string, Promise<Project>>();

/** Worker entry: renders one prepared edition; the main thread writes it. */
export async function renderTask(task: RenderTask): Promise<RenderedEdition> {
  let project = projects.get(task.root);
  if (!project) {
    project = loadProject(task.root);
    projects.set(task.root, project);
  }
  return renderMeasured(await project, task.prepared);
}

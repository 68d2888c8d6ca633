import { loadProject, type Project } from '../config/index.ts';
import { uiSource } from '../i18n/catalog.ts';
import { readTopic } from '../reader/index.ts';
import { prepareEdition, topicContext, type EditionSpec, type TopicContext } from './edition.ts';
import { writeEdition, type WrittenEdition } from './write.ts';

export interface RenderTask {
  root: string;
  spec: EditionSpec;
  draft: boolean;
  /** The content hash the main thread computed; a different one means inputs changed mid-build. */
  contentHash: string;
}

// A pool lives for one build, so its inputs cannot change under these caches.
const projects = new Map<string, Promise<Project>>();
const contexts = new Map<string, Promise<TopicContext>>();

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}

/** Worker entry: prepares one edition from its sources and renders it to output/. */
export async function renderTask(task: RenderTask): Promise<WrittenEdition> {
  const project = await cached(projects, task.root, () => loadProject(task.root));
  const context = await cached(contexts, `${task.root}|${task.spec.topic}`, async () => {
    const { file, document } = await readTopic(project, task.spec.topic);
    if (!document) throw new Error(`Topic ${task.spec.topic} has errors`);
    return topicContext(project, document, file, await uiSource(project), Object.keys(project.config.languages));
  });
  const prepared = prepareEdition(context, task.spec, { draft: task.draft });
  if (prepared.identity.contentHash !== task.contentHash) throw new Error('the inputs of this edition changed during the build; build again');
  return writeEdition(project, prepared);
}

import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { report, sourceFile } from '../messages/index.ts';
import { listTopics, readTopic, topicPath } from '../reader/index.ts';
import { loadCatalog, offeredIn, readUiSource, saveCatalog, topicSource, UI_NAMESPACE, type SourceCatalog } from './catalog.ts';
import { catalogStatus, type CatalogStatus } from './status.ts';
import { syncCatalog, type SyncReport } from './sync.ts';

export interface CatalogSelection {
  topics?: string[];
  languages?: string[];
}

/** The source catalogs (every readable topic, then the template strings if readable) with the messages of reading them. */
export async function sourceCatalogs(project: Project, selection: CatalogSelection): Promise<{ sources: SourceCatalog[]; files: VFile[] }> {
  const files: VFile[] = [];
  const sources: SourceCatalog[] = [];
  for (const id of selection.topics ?? (await listTopics(project))) {
    try {
      const { file, document } = await readTopic(project, id);
      files.push(file);
      if (document) sources.push(topicSource(document));
    } catch (error) {
      // Whatever reading one topic throws is that topic's problem: the others' catalogs are still handled.
      const file = sourceFile(topicPath(project, id), project.root);
      report(file, 'error', `Topic cannot be read: ${(error as Error).message}`, 'topic-read');
      files.push(file);
    }
  }
  const ui = await readUiSource(project);
  if (ui.source) sources.push(ui.source);
  else files.push(ui.file);
  return { sources, files };
}

/** Translation languages of the selection, refusing unknown ones. */
export function targetLanguages(project: Project, selection: CatalogSelection): string[] {
  const configured = Object.keys(project.config.languages).filter((language) => language !== project.config.sourceLanguage);
  for (const language of selection.languages ?? []) {
    if (!configured.includes(language)) {
      report(project.configFile, 'error', `Unknown translation language "${language}": configured are ${configured.join(', ')}`, 'unknown-language');
    }
  }
  return selection.languages?.filter((language) => configured.includes(language)) ?? configured;
}

export async function syncProject(project: Project, selection: CatalogSelection): Promise<{ reports: SyncReport[]; files: VFile[] }> {
  const languages = targetLanguages(project, selection);
  const { sources, files } = await sourceCatalogs(project, selection);
  files.push(project.configFile);
  const reports: SyncReport[] = [];
  for (const language of languages) {
    for (const source of sources.filter((candidate) => offeredIn(candidate, language))) {
      const catalog = await loadCatalog(project, language, source.namespace);
      files.push(catalog.file);
      // Never overwrite a catalog we could not read: its contents would be lost.
      if (catalog.file.messages.some((message) => message.fatal)) continue;
      const result = syncCatalog(source, catalog);
      if (result.changed) {
        try {
          await saveCatalog(catalog, source.entries.map((entry) => entry.key));
        } catch (error) {
          report(catalog.file, 'error', `Catalog could not be written: ${(error as Error).message}`, 'catalog-write');
          continue;
        }
      }
      reports.push(result);
    }
  }
  return { reports, files };
}

/** A catalog's row of `i18n status`: its counts, or that the topic is not offered in the language. */
export type StatusRow = { namespace: string; language: string } & ({ offered: false } | ({ offered: true } & Omit<CatalogStatus, 'problems'>));

export async function statusProject(project: Project, selection: CatalogSelection): Promise<{ rows: StatusRow[]; files: VFile[] }> {
  const languages = targetLanguages(project, selection);
  const { sources, files } = await sourceCatalogs(project, selection);
  files.push(project.configFile);
  const rows: StatusRow[] = [];
  for (const source of sources) {
    const namespace = source.namespace === UI_NAMESPACE ? `${UI_NAMESPACE} (template strings)` : source.namespace;
    for (const language of languages) {
      if (!offeredIn(source, language)) {
        rows.push({ namespace, language, offered: false });
        continue;
      }
      const catalog = await loadCatalog(project, language, source.namespace);
      files.push(catalog.file);
      const { problems: _problems, ...counts } = catalogStatus(source.entries, catalog);
      rows.push({ namespace, language, offered: true, ...counts });
    }
  }
  return { rows, files };
}

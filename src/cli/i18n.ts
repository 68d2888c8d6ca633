import type { VFile } from 'vfile';
import type { Project } from '../config/index.ts';
import { statusProject, syncProject, type CatalogSelection } from '../i18n/project.ts';

export async function i18nSync(project: Project, selection: CatalogSelection): Promise<VFile[]> {
  const { reports, files } = await syncProject(project, selection);
  for (const result of reports) {
    const parts = [
      ['new', result.added],
      ['stale', result.stale],
      ['reused', result.reused],
      ['removed (kept under "removed" in the .meta.json)', result.removed],
    ] as const;
    const summary = parts.filter(([, keys]) => keys.length > 0).map(([label, keys]) => `${keys.length} ${label}: ${keys.join(', ')}`);
    process.stdout.write(`${result.language}/${result.namespace}: ${summary.length > 0 ? summary.join('; ') : 'up to date'}\n`);
  }
  return files;
}

export async function i18nStatus(project: Project, selection: CatalogSelection): Promise<VFile[]> {
  const { rows, files } = await statusProject(project, selection);
  const table = rows.map((row) => ({
    catalog: row.namespace,
    language: row.language,
    total: row.total,
    translated: row.translated,
    reviewed: row.reviewed,
    stale: row.stale,
    missing: row.missing,
    final: row.final ? 'yes' : 'no',
  }));
  if (table.length > 0) console.table(table);
  return files;
}

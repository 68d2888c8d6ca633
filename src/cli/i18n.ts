import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { sourceCatalogs, statusProject, syncProject, targetLanguages, type CatalogSelection } from '../i18n/project.ts';
import { exportXliff, importXliff, xliffTooLarge } from '../i18n/xliff.ts';
import { report, sourceFile } from '../messages/index.ts';

export async function i18nSync(project: Project, selection: CatalogSelection): Promise<VFile[]> {
  const { reports, files } = await syncProject(project, selection);
  for (const result of reports) {
    const parts = [
      ['new', result.added],
      ['stale', result.stale],
      ['reused', result.reused],
      ['adopted (hand-written, recorded as translated from the current source, unreviewed)', result.adopted],
      ['removed (kept under "removed" in the .meta.json)', result.removed],
    ] as const;
    const summary = parts.filter(([, keys]) => keys.length > 0).map(([label, keys]) => `${keys.length} ${label}: ${keys.join(', ')}`);
    process.stdout.write(`${result.language}/${result.namespace}: ${summary.length > 0 ? summary.join('; ') : 'up to date'}\n`);
  }
  return files;
}

export async function i18nStatus(project: Project, selection: CatalogSelection): Promise<VFile[]> {
  const { rows, files } = await statusProject(project, selection);
  const header = ['catalog', 'language', 'total', 'translated', 'reviewed', 'stale', 'missing', 'complete', 'fully reviewed'];
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  const table = rows.map((row) =>
    row.offered
      ? [row.namespace, row.language, ...[row.total, row.translated, row.reviewed, row.stale, row.missing].map(String), yesNo(row.complete), yesNo(row.fullyReviewed)]
      : [row.namespace, row.language, '-', '-', '-', '-', '-', 'not offered', '-'],
  );
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
  // Names and words left-aligned, counts right-aligned.
  const line = (cells: string[]) => cells.map((cell, column) => (column < 2 || column > 6 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  const legend = [
    'complete: every segment translated from the current source text (none missing or stale); `handout check` and builds also run the translation checks.',
    'fully reviewed: every segment reviewed by a qualified medical translator; editions that are not carry a notice that no qualified medical translator has reviewed them.',
    ...(rows.some((row) => !row.offered) ? ["not offered: the topic's front matter `languages` leaves the language out; builds skip it."] : []),
  ];
  process.stdout.write(`${[header, ...table].map(line).join('\n')}\n\n${legend.join('\n')}\n`);
  return files;
}

/** Exports every readable topic: one that cannot be read is reported, and left out. */
export async function i18nExport(project: Project, options: { language: string; topics?: string[]; all: boolean; out: string }): Promise<VFile[]> {
  const [language] = targetLanguages(project, { languages: [options.language] });
  if (!language) return [project.configFile];
  const { sources, files } = await sourceCatalogs(project, options.topics ? { topics: options.topics } : {});
  const { xml, units, catalogFiles } = await exportXliff(project, { language, sources, all: options.all });
  const out = path.resolve(options.out);
  try {
    await writeFileAtomic(out, xml);
  } catch (error) {
    const outFile = sourceFile(out, project.root);
    report(outFile, 'error', `cannot be written: ${(error as Error).message}`, 'xliff-write');
    return [...files, ...catalogFiles, outFile];
  }
  process.stdout.write(`${units} units for ${language} written to ${options.out}\n`);
  return [...files, ...catalogFiles];
}

export async function i18nImport(project: Project, xliffPath: string): Promise<VFile[]> {
  const absolute = path.resolve(xliffPath);
  const file = sourceFile(absolute, project.root);
  let xml: string;
  try {
    // Refused before reading, so a huge file is never held in memory.
    const tooLarge = xliffTooLarge((await stat(absolute)).size);
    if (tooLarge) {
      report(file, 'error', `${tooLarge}; nothing of this file is imported`, 'xliff-size');
      return [file];
    }
    xml = await readFile(absolute, 'utf8');
  } catch (error) {
    report(file, 'error', `cannot read ${xliffPath}: ${(error as Error).message}`, 'xliff-missing');
    return [file];
  }
  const { sources, files } = await sourceCatalogs(project, {});
  const result = await importXliff(project, xml, file, sources);
  process.stdout.write(`${result.applied} imported, ${result.unchanged} unchanged, ${result.rejected} rejected\n`);
  return [...files, file];
}

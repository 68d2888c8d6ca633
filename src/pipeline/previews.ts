import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import { formatNamed } from '../formats/index.ts';
import { report } from '../messages/index.ts';
import type { Project } from '../project/index.ts';
import { toPosix } from './inputs.ts';
import type { EditionOutcome } from './types.ts';
import { editionPath, previewPath } from './write.ts';

/**
 * PNGs of the first page of every edition written this run, and of unchanged
 * ones that lack one, made from the PDFs on disk once rendering is over: the
 * PDF reader must not be loaded where editions are rendered (see pdfjs.ts).
 */
export async function writePreviews(project: Project, editions: EditionOutcome[]): Promise<void> {
  // Loaded here, not with the pipeline: a build without --previews never loads pdfjs and the canvas.
  const { renderPreview } = await import('../readback/preview.ts');
  for (const edition of editions) {
    if (!edition.entry || formatNamed(edition.spec.format).extension !== 'pdf') continue;
    const target = path.join(project.outputDir, previewPath(edition.spec));
    if (edition.unchanged && (await exists(target))) continue;
    try {
      await writeFileAtomic(target, await renderPreview(await readFile(path.join(project.outputDir, editionPath(edition.spec)))));
    } catch (error) {
      report(project.configFile, 'warning', `No preview of ${toPosix(editionPath(edition.spec))}: ${(error as Error).message}`, 'preview-failed');
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}


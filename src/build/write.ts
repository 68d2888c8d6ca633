import { createHash } from 'node:crypto';
import path from 'node:path';
import { createElement } from 'react';
import { PDFDocument } from 'pdf-lib';
import type { Project } from '../config/index.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { renderPdf } from '../render/render.ts';
import { typographyFor } from '../render/typography.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { templates, type FormatName } from '../../templates/index.ts';
import type { EditionSpec, PreparedEdition } from './edition.ts';

export interface WrittenEdition {
  pages: number;
  bytes: number;
  sha256: string;
  /** Measurements for `npm run bench`; not part of the manifest, which must not vary between runs. */
  stats: { renderMs: number; heapUsed: number; rss: number };
}

export function editionPath(spec: EditionSpec): string {
  return path.join(spec.topic, `${spec.topic}.${spec.level}.${spec.language}.${spec.format}.pdf`);
}

export async function renderEdition(project: Project, prepared: PreparedEdition): Promise<Buffer> {
  const { spec } = prepared;
  const template = templates[spec.format as FormatName];
  const languageConfig = project.config.languages[spec.language]!;
  return renderPdf(
    createElement(template, {
      document: prepared.document,
      identity: prepared.identity,
      labels: prepared.labels,
      typography: typographyFor(spec.language, languageConfig),
      paper: spec.paper === 'a4' ? 'A4' : 'LETTER',
      clinicName: project.config.clinic.name,
      creator: `${TOOL_NAME} ${TOOL_VERSION}`,
      // From the content, not the clock, so identical inputs give identical bytes.
      creationDate: new Date(`${prepared.identity.reviewed}T12:00:00Z`),
    }),
  );
}

/** Renders an edition and writes it atomically into output/. */
export async function writeEdition(project: Project, prepared: PreparedEdition): Promise<WrittenEdition> {
  const started = performance.now();
  const bytes = await renderEdition(project, prepared);
  const renderMs = performance.now() - started;
  await writeFileAtomic(path.join(project.outputDir, editionPath(prepared.spec)), bytes);
  const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  const { heapUsed, rss } = process.memoryUsage();
  return { pages, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), stats: { renderMs, heapUsed, rss } };
}

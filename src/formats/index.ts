import { booklet } from './booklet.ts';
import { bookletPrint } from './booklet-print.ts';
import { handout } from './handout.ts';
import { html } from './html.ts';
import { largePrint } from './large-print.ts';
import { trifold } from './trifold.ts';
import type { FormatDefinition } from './types.ts';

export { FitError, type FormatDefinition, type FormatOutput, type LaidOutLine, type LaidOutNode, type LayoutReceiver, type PdfEngine, type RenderOptions, type WriterInput } from './types.ts';

/** Every format a build can make, in the order the README and `--help` list them. Adding a format: one module here and its template folder. */
export const FORMATS: readonly FormatDefinition[] = [handout, largePrint, booklet, bookletPrint, trifold, html];

export const FORMAT_NAMES: readonly string[] = FORMATS.map((format) => format.name);

/** An edition's file name: topic, level, language and format (html, named after its file type, is not named twice). */
export function editionFileName(edition: { topic: string; level: string; language: string; format: string }): string {
  const { extension } = formatNamed(edition.format);
  return `${[edition.topic, edition.level, edition.language, ...(edition.format === extension ? [] : [edition.format])].join('.')}.${extension}`;
}

export function formatNamed(name: string): FormatDefinition {
  const format = FORMATS.find((candidate) => candidate.name === name);
  if (!format) throw new Error(`Unknown format "${name}": known formats are ${FORMAT_NAMES.join(', ')}`);
  return format;
}

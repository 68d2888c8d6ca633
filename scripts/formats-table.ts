// Prints the README's table of formats from the format registry.
import { FORMATS, type FormatDefinition } from '../src/formats/index.ts';

export function formatsTable(): string {
  const rows = FORMATS.map((format) => `| \`${format.name}\` | ${format.summary} | ${format.medium} | ${format.suits} | ${structure(format)} |`);
  return ['| `--format` | what it is | paper or screen | built for, when the config says nothing | structure for screen readers |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** What a screen reader gets: a tagged PDF's structure tree, semantic HTML, or nothing (an imposed sheet has no reading order to tag). */
function structure(format: FormatDefinition): string {
  if (!format.tagged) return 'no (pages placed on sheets)';
  return format.extension === 'pdf' ? 'yes: tagged PDF/UA-1' : 'yes';
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatsTable());

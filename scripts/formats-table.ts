// Prints the README's table of formats from the format registry.
import { FORMATS } from '../src/formats/index.ts';

export function formatsTable(): string {
  const rows = FORMATS.map((format) => `| \`${format.name}\` | ${format.summary} | ${format.medium} | ${format.suits} | ${format.tagged ? 'yes' : 'no'} |`);
  return ['| `--format` | what it is | paper or screen | built for, when the config says nothing | structure for screen readers |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatsTable());

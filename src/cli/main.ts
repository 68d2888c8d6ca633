import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { VFile } from 'vfile';
import { build, check, ConfigError, FORMAT_NAMES, formatReport, hasErrors, openProject, type Project, type RunResult, type Selection } from '../index.ts';
import { TOOL_VERSION } from '../version.ts';
import { i18nExport, i18nImport, i18nStatus, i18nSync } from './i18n.ts';
import { buildProgress, buildSummary } from './progress.ts';

interface SelectionFlags {
  topic?: string[];
  lang?: string[];
  level?: string[];
  format?: string[];
  paper?: 'letter' | 'a4';
  clinic?: string;
  draft?: boolean;
}

const program = new Command()
  .name('handout')
  .description('Patient-education handouts from Markdown to PDF, in many languages and reading levels')
  .version(TOOL_VERSION)
  .option('--root <dir>', 'project folder (holding handout.config.yaml)', process.cwd())
  .showHelpAfterError();

function selection(flags: SelectionFlags): Selection {
  return {
    ...(flags.topic ? { topics: flags.topic } : {}),
    ...(flags.lang ? { languages: flags.lang } : {}),
    ...(flags.level ? { levels: flags.level } : {}),
    ...(flags.format ? { formats: flags.format } : {}),
    ...(flags.paper ? { paper: flags.paper } : {}),
    ...(flags.clinic ? { clinic: flags.clinic } : {}),
    draft: flags.draft ?? false,
  };
}

function printReport(files: VFile[]): void {
  const text = formatReport(files, { color: process.stderr.isTTY });
  if (text) process.stderr.write(`${text}\n`);
}

/** Loads the project or prints why not; config errors are reported like any other file's. */
async function project(): Promise<Project> {
  const root = path.resolve(program.opts<{ root: string }>().root);
  try {
    return await openProject(root);
  } catch (error) {
    if (error instanceof ConfigError) {
      printReport([error.file]);
      process.exit(1);
    }
    throw error;
  }
}

function finish(result: RunResult): void {
  printReport(result.files);
  if (!result.ok || hasErrors(result.files) || result.editions.some((edition) => edition.error)) process.exitCode = 1;
}

/** Parses an option that counts something: a whole number, 0 or more. */
function wholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}

const withSelection = (command: Command) =>
  command
    .option('--topic <id...>', 'topic ids (file names in content/ without .md); default: all')
    .option('--lang <code...>', 'languages (BCP 47, as in handout.config.yaml); default: all configured')
    .option('--level <name...>', "reading levels; default: each topic's levels");

withSelection(program.command('build').description('render editions into output/'))
  .addOption(new Option('--format <name...>', 'output formats (default: the formats in handout.config.yaml)').choices([...FORMAT_NAMES]))
  .addOption(new Option('--paper <size>', 'paper size (default from handout.config.yaml)').choices(['letter', 'a4']))
  .option('--clinic <id>', 'clinic whose branding the editions carry (default: the first in handout.config.yaml)')
  .option('--previews', 'also write a PNG of each edition\'s first page to output/previews/')
  .option('--draft', 'build editions with missing or stale translations, marked DRAFT on every page')
  .option('--jobs <n>', 'render workers (default: one per core; 0 renders in the main thread)', wholeNumber)
  .action(async (flags: SelectionFlags & { jobs?: number; previews?: boolean }) => {
    const current = await project();
    const progress = buildProgress(process.stdout.isTTY === true);
    const started = performance.now();
    const result = await build(current, selection(flags), { ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}), previews: flags.previews ?? false, onEdition: progress.update });
    progress.stop();
    process.stdout.write(buildSummary(result, performance.now() - started));
    finish(result);
  });

withSelection(program.command('check').description('validate topics, translations and readability targets without rendering')).action(async (flags: SelectionFlags) => {
  const result = await check(await project(), selection(flags));
  const failed = result.editions.filter((edition) => edition.error).length;
  process.stdout.write(`${result.editions.length - failed} of ${result.editions.length} editions ready\n`);
  finish(result);
});

const i18n = program.command('i18n').description('translation catalogs');
i18n
  .command('sync')
  .description('add new segments to every catalog, mark changed ones stale (keeping the old translation as a suggestion)')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--lang <code...>', 'languages; default: every configured translation language')
  .action(async (flags: SelectionFlags) => {
    const files = await i18nSync(await project(), selection(flags));
    printReport(files);
    if (hasErrors(files)) process.exitCode = 1;
  });
i18n
  .command('status')
  .description('per topic and language: segments translated, stale, missing, reviewed')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--lang <code...>', 'languages; default: every configured translation language')
  .action(async (flags: SelectionFlags) => {
    const files = await i18nStatus(await project(), selection(flags));
    printReport(files);
    if (hasErrors(files)) process.exitCode = 1;
  });

i18n
  .command('export')
  .description('write XLIFF 2.0 for translators: new and stale segments (or --all)')
  .requiredOption('--lang <code>', 'target language')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--all', 'every segment, not only new and stale ones')
  .requiredOption('--out <file>', 'XLIFF file to write (.xlf)')
  .action(async (flags: { lang: string; topic?: string[]; all?: boolean; out: string }) => {
    const files = await i18nExport(await project(), { language: flags.lang, ...(flags.topic ? { topics: flags.topic } : {}), all: flags.all ?? false, out: flags.out });
    printReport(files);
    if (hasErrors(files)) process.exitCode = 1;
  });
i18n
  .command('import')
  .description('validate an XLIFF 2.0 file from a translator and merge it into the catalogs')
  .argument('<file>', 'XLIFF file (.xlf)')
  .action(async (file: string) => {
    const files = await i18nImport(await project(), file);
    printReport(files);
    if (hasErrors(files)) process.exitCode = 1;
  });

await program.parseAsync();

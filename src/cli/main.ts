import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { VFile } from 'vfile';
import { readFile } from 'node:fs/promises';
// Only what parsing the command line needs; each command imports the rest when it runs, so --version and --help
// load almost nothing (they loaded the whole pipeline, about 900 modules, 1 s), and a build never loads
// React-PDF, the front desk or the records database in this thread.
import { CONFIG_FILE } from '../config/file.ts';
import { FORMAT_NAMES } from '../formats/index.ts';
import type { RunResult, Selection } from '../pipeline/index.ts';
import { parseShard, ShardError, type Shard } from '../pipeline/shard.ts';
import type { Project } from '../project/index.ts';
import { TOOL_VERSION } from '../version.ts';

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
  .option('--debug', 'print the stack trace of an unexpected error')
  .showHelpAfterError();

const debug = () => program.opts<{ debug?: boolean }>().debug === true;
const root = () => path.resolve(program.opts<{ root: string }>().root);

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

async function printReport(files: VFile[]): Promise<void> {
  const { formatReport } = await import('../messages/index.ts');
  // An unexpected exception is a message with the exception as its cause: its stack is for --debug only.
  if (!debug()) for (const file of files) for (const message of file.messages) message.cause = undefined;
  const text = formatReport(files, { color: process.stderr.isTTY });
  if (text) process.stderr.write(`${text}\n`);
}

/** Prints the messages of a command; exit code 1 when any is an error. */
async function printOutcome(files: VFile[]): Promise<void> {
  const { hasErrors } = await import('../messages/index.ts');
  await printReport(files);
  if (hasErrors(files)) process.exitCode = 1;
}

/** Loads the project or prints why not; config errors are reported like any other file's. */
async function project(): Promise<Project> {
  const { ConfigError, openProject } = await import('../project/index.ts');
  try {
    return await openProject(root());
  } catch (error) {
    if (error instanceof ConfigError) {
      await printReport(error.files);
      process.exit(1);
    }
    throw error;
  }
}

async function finish(result: RunResult): Promise<void> {
  await printOutcome(result.files);
  if (!result.ok || result.editions.some((edition) => edition.error)) process.exitCode = 1;
}

/** Parses an option that counts something: a whole number, 0 or more, in digits (`1e3` is refused, not read as 1000). */
function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more, in digits');
  return Number(value);
}

/** Parses a duration in seconds: a number above 0. */
function seconds(value: string): number {
  const number = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || number <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return number;
}

/** Parses --shard i/n. */
function shard(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof ShardError) throw new InvalidArgumentError(error.message);
    throw error;
  }
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
  .option('--jobs <n>', 'render workers (default: one per core; never more than the cores and free memory allow; 0 renders in the main thread, without a time limit)', wholeNumber)
  .option('--render-time-limit <seconds>', 'stop rendering an edition that takes longer, and fail it (default: 120)', seconds)
  .option('--shard <i/n>', 'build share i of n of the editions, balanced by estimated render time, into output/manifest.shard-<i>-of-<n>.json; then `handout manifest merge`', shard)
  .action(async (flags: SelectionFlags & { jobs?: number; renderTimeLimit?: number; previews?: boolean; shard?: Shard }) => {
    // A render worker first: it loads React-PDF and the fonts on the other core while this thread loads the pipeline and reads topics.
    const { renderPool } = await import('../pipeline/schedule.ts');
    const startedWorker = flags.jobs === 0 ? undefined : renderPool(1, flags.renderTimeLimit);
    try {
      const [current, { build }, { buildProgress, buildSummary }] = await Promise.all([
        project().then((opened) => {
          // While this thread prepares the first edition, the worker warms up in the typography of its language (the first selected or configured).
          const language = flags.lang?.[0] ?? Object.keys(opened.config.languages)[0] ?? '';
          const config = opened.config.languages[language];
          if (startedWorker && config) void startedWorker.warmUp(language, config);
          return opened;
        }),
        import('../pipeline/index.ts'),
        import('./progress.ts'),
      ]);
      const progress = buildProgress(process.stdout.isTTY === true);
      const started = performance.now();
      const result = await build(current, selection(flags), {
        ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
        ...(flags.renderTimeLimit !== undefined ? { renderTimeLimit: flags.renderTimeLimit } : {}),
        previews: flags.previews ?? false,
        onEdition: progress.update,
        ...(flags.shard ? { shard: flags.shard } : {}),
        ...(startedWorker ? { startedWorker } : {}),
      });
      progress.stop();
      process.stdout.write(buildSummary(result, performance.now() - started));
      await finish(result);
    } finally {
      // Never left running: it would keep the command from exiting.
      await startedWorker?.destroy();
    }
  });

withSelection(program.command('check').description('validate topics, translations, readability targets and health-literacy rules without rendering'))
  .option('--report', 'also write each edition\'s health-literacy report (PEMAT-P and CDC Clear Communication Index items) to output/reports/')
  .action(async (flags: SelectionFlags & { report?: boolean }) => {
    const [current, { check }] = await Promise.all([project(), import('../pipeline/index.ts')]);
    const result = await check(current, selection(flags), { report: flags.report ?? false });
    const failed = result.editions.filter((edition) => edition.error).length;
    process.stdout.write(`${result.editions.length - failed} of ${result.editions.length} editions ready\n`);
    if (flags.report) process.stdout.write(`${result.reports.length} health-literacy reports in output/reports/\n`);
    await finish(result);
  });

program
  .command('manifest')
  .description('the manifest of output/')
  .command('merge')
  .description('combine the manifests of every shard of a sharded build (output/manifest.shard-<i>-of-<n>.json) into output/manifest.json')
  .action(async () => {
    const [current, { mergeManifests }] = await Promise.all([project(), import('../pipeline/index.ts')]);
    const result = await mergeManifests(current);
    if (result.ok) process.stdout.write(`${result.shards} shards merged: ${result.editions} editions in output/manifest.json${result.failed > 0 ? `, ${result.failed} failed in their shard and not listed` : ''}\n`);
    await printOutcome(result.files);
    if (!result.ok) process.exitCode = 1;
  });

program
  .command('check-pdf')
  .description('check PDFs against the machine-checkable PDF/UA-1 conditions (README: Tagged PDF); exits 1 when any fails')
  .argument('<files...>', 'PDF files')
  .action(async (files: string[]) => {
    for (const file of files) {
      const { checkPdfUa } = await import('../readback/pdfua.ts');
      const findings = await checkPdfUa(await readFile(path.resolve(file)));
      if (findings.length === 0) process.stdout.write(`${file}: passes every PDF/UA-1 check\n`);
      for (const finding of findings) process.stdout.write(`${file}: ${finding.check}: ${finding.message}\n`);
      if (findings.length > 0) process.exitCode = 1;
    }
  });

const i18n = program.command('i18n').description('translation catalogs');
i18n
  .command('sync')
  .description('add new segments to every catalog, mark changed ones stale (keeping the old translation as a suggestion)')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--lang <code...>', 'languages; default: every configured translation language')
  .action(async (flags: SelectionFlags) => {
    const [current, { i18nSync }] = await Promise.all([project(), import('./i18n.ts')]);
    await printOutcome(await i18nSync(current, selection(flags)));
  });
i18n
  .command('status')
  .description('per topic and language: segments translated, stale, missing, reviewed')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--lang <code...>', 'languages; default: every configured translation language')
  .action(async (flags: SelectionFlags) => {
    const [current, { i18nStatus }] = await Promise.all([project(), import('./i18n.ts')]);
    await printOutcome(await i18nStatus(current, selection(flags)));
  });

i18n
  .command('export')
  .description('write XLIFF 2.0 for translators: new and stale segments (or --all)')
  .requiredOption('--lang <code>', 'target language')
  .option('--topic <id...>', 'topic ids; default: all')
  .option('--all', 'every segment, not only new and stale ones')
  .requiredOption('--out <file>', 'XLIFF file to write (.xlf)')
  .action(async (flags: { lang: string; topic?: string[]; all?: boolean; out: string }) => {
    const [current, { i18nExport }] = await Promise.all([project(), import('./i18n.ts')]);
    await printOutcome(await i18nExport(current, { language: flags.lang, ...(flags.topic ? { topics: flags.topic } : {}), all: flags.all ?? false, out: flags.out }));
  });
i18n
  .command('import')
  .description('validate an XLIFF 2.0 file from a translator and merge it into the catalogs')
  .argument('<file>', 'XLIFF file (.xlf)')
  .action(async (file: string) => {
    const [current, { i18nImport }] = await Promise.all([project(), import('./i18n.ts')]);
    await printOutcome(await i18nImport(current, file));
  });

const port = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new InvalidArgumentError('expected a port number from 1 to 65535');
  return number;
};

program
  .command('serve')
  .description('the front desk web app: find, preview, print and email handouts, with a record of each (see README, Front desk)')
  .option('--port <number>', 'port to listen on', port, 8080)
  .option('--host <address>', 'address to listen on; 0.0.0.0 for every network (put HTTPS in front)', '127.0.0.1')
  .option('--secure-cookies', 'mark cookies Secure even on 127.0.0.1 (behind a local HTTPS proxy)')
  .option('--workers <number>', 'render workers for editions not built yet (default 1)', port)
  .action(async (flags: { port: number; host: string; secureCookies?: boolean; workers?: number }) => {
    await project();
    const { serve } = await import('./serve.ts');
    await serve(root(), flags);
  });

/** Runs a staff command; its input error, or a message of the records database, in one line; exit 1. */
async function told(action: (commands: typeof import('./serve.ts')) => Promise<void>): Promise<void> {
  const [commands, { RecordsError }] = await Promise.all([import('./serve.ts'), import('../records/index.ts')]);
  try {
    await action(commands);
  } catch (error) {
    if (!(error instanceof commands.StaffInputError || error instanceof RecordsError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  }
}

const staff = program.command('staff').description('front desk users');
staff
  .command('hash')
  .description('print the argon2 hash of a password (asked at a terminal, else read from standard input) for a staff: entry in handout.config.yaml')
  .action(async () => {
    await told(({ staffHash }) => staffHash());
  });
staff
  .command('add')
  .description('add a front desk user to the records database (var/records, or DATABASE_URL); the password is asked at a terminal, else read from standard input')
  .argument('<name>', 'user name, lower case (e.g. mrivera)')
  .option('--display-name <name>', 'name shown on pages')
  .action(async (name: string, flags: { displayName?: string }) => {
    const { staffNameSchema } = await import('../config/index.ts');
    const checked = staffNameSchema.safeParse(name);
    await told(({ staffAdd, StaffInputError }) => (checked.success ? staffAdd(root(), name, flags.displayName) : Promise.reject(new StaffInputError(checked.error.issues[0]!.message))));
  });

/**
 * Whatever escapes a command is reported like any message, on the project's
 * configuration file (which file it concerns is not known here), and the
 * command exits 1; the stack only with --debug.
 */
async function unexpected(error: unknown): Promise<void> {
  const { VFile } = await import('vfile');
  const file = new VFile({ path: CONFIG_FILE, cwd: root() });
  const cause = error instanceof Error ? error : new Error(String(error));
  const message = file.message(`Unexpected error: ${cause.message}${debug() ? '' : ' (run again with --debug to see where it happened)'}`, { ruleId: 'internal-error', source: 'handout', cause });
  message.fatal = true;
  await printReport([file]);
  process.exitCode = 1;
}

process.on('uncaughtException', (error) => {
  void unexpected(error).finally(() => process.exit(1));
});
try {
  await program.parseAsync();
} catch (error) {
  await unexpected(error);
}

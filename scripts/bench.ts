/**
 * `npm run bench`: builds a synthetic corpus and prints throughput, CPU time,
 * rebuild times, memory and PDF sizes, with headless Chromium printing the same
 * editions, with the same fonts and footer, as the reference a clinic would
 * otherwise use (four ways; the ratio is to the fastest), and one edition from
 * a cold command line. Prints figures; it asserts nothing.
 */
import { rendererDigest } from '../src/render/digest.ts';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { build, editionPath, type EditionOutcome, type Selection } from '../src/index.ts';
import { planEditions } from '../src/pipeline/plan.ts';
import { writeFileAtomic } from '../src/files/atomic.ts';
import { prepareEdition, topicContext, type PreparedEdition } from '../src/prepare/index.ts';
import { openProject, type Project } from '../src/index.ts';
import type { EditionSpec, FormatName } from '../src/model/edition.ts';
import { topicSource, uiSource } from '../src/i18n/catalog.ts';
import { readTopic } from '../src/reader/index.ts';
import { renderEdition } from '../src/render/edition.ts';
import { FACES, FONT_PACKAGES, fontFile } from '../src/fonts/index.ts';
import { footer, pageSize, toHtml } from './reference-html.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = 'recurrent-hemifacial-spasm';
const CHROMIUM = '/usr/bin/chromium';
const execFileAsync = promisify(execFile);

const USAGE = `usage: npm run bench -- [options]
  --topics N            synthetic topics (default 50: 1,400 editions, 200 English and Spanish handouts)
  --memory-editions N   editions rendered by one worker for its memory (default 1000)
  --tagging-rounds N    rounds timing the PDF/UA tagging (default 10)
  --cold-rounds N       rounds of one edition from a cold command line (default 5)
  --latin-rounds N      interleaved rounds of the English and Spanish handouts against Chromium (default 1)
  --jobs N              render workers (default: one per core)
  --help                this text`;
const options = (() => {
  try {
    return parseArgs({
      options: {
        topics: { type: 'string', default: '50' },
        'memory-editions': { type: 'string', default: '1000' },
        'tagging-rounds': { type: 'string', default: '10' },
        'cold-rounds': { type: 'string', default: '5' },
        'latin-rounds': { type: 'string', default: '1' },
        jobs: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const topicCount = Number(options.topics);
const jobs = options.jobs === undefined ? availableParallelism() : Number(options.jobs);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const FORMATS: FormatName[] = ['handout', 'booklet'];
const line = (label: string, value: string) => console.log(`  ${label.padEnd(62)} ${value}`);

/** Source keys and hashes of a topic, to find the segments a variation changed. */
async function sourceHashes(project: Project, id: string): Promise<Map<string, string>> {
  const { document } = await readTopic(project, id);
  if (!document) throw new Error(`benchmark corpus: ${id} does not read`);
  return new Map(topicSource(document).entries.map((entry) => [entry.key, entry.hash]));
}

/** Front matter, headings (their text makes the segment keys), directive fences, tables and images stay as they are; every other text line ends in the topic's number. */
function numberLines(markdown: string, index: number): string {
  let frontMatterFences = 0;
  return markdown
    .split('\n')
    .map((text) => {
      if (text === '---') frontMatterFences += 1;
      const body = frontMatterFences >= 2 && text !== '---';
      return body && text.trim() !== '' && !/^(#|:::|\||!\[)/.test(text) ? `${text} ${index}` : text;
    })
    .join('\n');
}

/**
 * The sample topic copied under new ids, with every paragraph and list item
 * ending in the topic's number, in the source and in each translation
 * (recorded as translated from the changed source): no two topics share a
 * paragraph, so nothing that remembers text (fontkit shaping) gains from the
 * copies more than it would from a real library of topics.
 */
async function syntheticCorpus(): Promise<Project> {
  const root = await mkdtemp(path.join(tmpdir(), 'handout-bench-'));
  await cp(path.join(ROOT, 'handout.config.yaml'), path.join(root, 'handout.config.yaml'));
  await cp(path.join(ROOT, 'assets'), path.join(root, 'assets'), { recursive: true });
  await cp(path.join(ROOT, 'terminology.tbx'), path.join(root, 'terminology.tbx'));
  await cp(path.join(ROOT, 'locales'), path.join(root, 'locales'), { recursive: true });
  await mkdir(path.join(root, 'content'));
  const source = await readFile(path.join(ROOT, 'content', `${SAMPLE}.md`), 'utf8');
  const project = await openProject(root);
  const sampleHashes = await sourceHashes(await openProject(ROOT), SAMPLE);
  const translations = Object.keys(project.config.languages).filter((language) => language !== project.config.sourceLanguage);
  const catalogs = await Promise.all(
    translations.map(async (language) => ({
      language,
      values: await readFile(path.join(ROOT, 'locales', language, `${SAMPLE}.json`), 'utf8'),
      meta: await readFile(path.join(ROOT, 'locales', language, `${SAMPLE}.meta.json`), 'utf8'),
    })),
  );
  for (let index = 0; index < topicCount; index += 1) {
    const id = `topic-${String(index).padStart(4, '0')}`;
    // The version is shown on every page too.
    await writeFile(path.join(root, 'content', `${id}.md`), numberLines(source.replace('version: "1.0"', `version: "1.${index}"`), index));
    const { document } = await readTopic(project, id);
    const changed = topicSource(document!).entries.filter((entry) => sampleHashes.get(entry.key) !== entry.hash);
    for (const catalog of catalogs) {
      const values = JSON.parse(catalog.values) as Record<string, string>;
      const meta = JSON.parse(catalog.meta) as { namespace: string; segments: Record<string, { sourceHash: string; source: string }> };
      meta.namespace = id;
      for (const entry of changed) {
        if (values[entry.key] !== undefined) values[entry.key] = `${values[entry.key]} ${index}`;
        const segment = meta.segments[entry.key];
        if (segment) Object.assign(segment, { sourceHash: entry.hash, source: entry.source });
      }
      await writeFile(path.join(root, 'locales', catalog.language, `${id}.json`), JSON.stringify(values, null, 2));
      await writeFile(path.join(root, 'locales', catalog.language, `${id}.meta.json`), JSON.stringify(meta, null, 2));
    }
  }
  return openProject(root);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

function summarize(label: string, editions: EditionOutcome[], timing: CpuTiming): void {
  const rendered = editions.filter((edition) => edition.stats);
  const failed = editions.filter((edition) => edition.error);
  line(`${label}: wall time`, `${(timing.totalMs / 1000).toFixed(2)} s for ${editions.length} editions (${rendered.length} rendered, ${failed.length} failed)`);
  if (rendered.length > 0) {
    const times = rendered.map((edition) => edition.stats!.renderMs);
    line(`${label}: throughput`, `${rates(timing)}; ${cpuPerEdition(timing)}`);
    line(`${label}: render time per edition`, `median ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
  }
}

/** English and Spanish handouts of two topics, prepared as the build prepares them. */
async function preparedSamples(project: Project): Promise<PreparedEdition[]> {
  const prepared: PreparedEdition[] = [];
  const ui = await uiSource(project);
  for (const id of ['topic-0001', 'topic-0002']) {
    const { file, document } = await readTopic(project, id);
    const context = await topicContext(project, document!, file, ui, ['en', 'es'], rendererDigest());
    for (const language of ['en', 'es']) {
      for (const level of ['plain', 'detailed']) prepared.push(prepareEdition(context, { topic: id, language, level, format: 'handout', paper: 'letter', clinic: null }, { draft: false }));
    }
  }
  return prepared;
}

/**
 * Render time per handout with tags (PDF/UA-1) and without (HANDOUT_UNTAGGED,
 * read at each render), in one process, the two alternating round by round so
 * both see the same warm caches; the process's CPU time too, which other work
 * on a shared machine disturbs less than wall time.
 */
async function taggingCost(project: Project, rounds: number): Promise<void> {
  const samples = await preparedSamples(project);
  for (const sample of samples) await renderEdition(sample);
  const times: Record<'tagged' | 'untagged', number[]> = { tagged: [], untagged: [] };
  const cpuTimes: Record<'tagged' | 'untagged', number[]> = { tagged: [], untagged: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const mode of ['tagged', 'untagged'] as const) {
        if (mode === 'untagged') process.env.HANDOUT_UNTAGGED = '1';
        else delete process.env.HANDOUT_UNTAGGED;
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        for (const sample of samples) await renderEdition(sample);
        const cpu = process.cpuUsage(cpuStarted);
        times[mode].push((performance.now() - started) / samples.length);
        cpuTimes[mode].push((cpu.user + cpu.system) / 1000 / samples.length);
      }
    }
  } finally {
    delete process.env.HANDOUT_UNTAGGED;
  }
  for (const [label, measured] of [['render time', times], ['CPU time', cpuTimes]] as const) {
    const [tagged, untagged] = [percentile(measured.tagged, 50), percentile(measured.untagged, 50)];
    line(`${label} per handout, tagged / untagged`, `median ${tagged.toFixed(0)} ms / ${untagged.toFixed(0)} ms (tags ${((tagged / untagged - 1) * 100).toFixed(1)}%, ${rounds} rounds)`);
  }
}

/** Heap after a forced GC, at 100 and at N renders in one process: flat when React-PDF's instance is reused. */
async function memoryFlatness(project: Project, total: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    line('memory over many renders', 'skipped: run with node --expose-gc (npm run bench does)');
    return;
  }
  const samples = await preparedSamples(project);
  const heapAt = new Map<number, number>();
  for (let count = 1; count <= total; count += 1) {
    await renderEdition(samples[count % samples.length]!);
    if (count === 100 || count === total) {
      gc();
      heapAt.set(count, process.memoryUsage().heapUsed);
    }
  }
  const [at100, atTotal] = [heapAt.get(100)!, heapAt.get(total)!];
  line(`heap after 100 / ${total} renders (one process)`, `${mib(at100)} / ${mib(atTotal)} (${(((atTotal - at100) / at100) * 100).toFixed(1)}% change)`);
}

/**
 * fontconfig settings that make the fonts of the npm packages system fonts for
 * Chromium, as on a server with the fonts installed: loaded once per browser,
 * where web fonts would be loaded and parsed again for every page.
 */
async function fontConfig(directory: string): Promise<string> {
  const fontDirectories = new Set(Object.keys(FONT_PACKAGES).flatMap((font) => FACES.map(({ face }) => path.dirname(fontFile(font, face)))));
  const file = path.join(directory, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<fontconfig>\n${[...fontDirectories].map((folder) => `  <dir>${folder}</dir>`).join('\n')}\n  <cachedir>${path.join(directory, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/** A build from nothing to PDFs on disk: how many, the time to the first and to the last. */
interface Timing {
  editions: number;
  firstMs: number;
  totalMs: number;
}

const coldRate = (timing: Timing) => timing.editions / (timing.totalMs / 1000);
/** After the first PDF: without starting up (browser launch, workers loading and warming up). */
const steadyRate = (timing: Timing) => (timing.editions - 1) / ((timing.totalMs - timing.firstMs) / 1000);
const rates = (timing: Timing) => `${coldRate(timing).toFixed(1)} editions/s from the start, ${steadyRate(timing).toFixed(1)} after the first PDF (${(timing.firstMs / 1000).toFixed(2)} s)`;

/**
 * The build as the command line runs it: compiled (dist/, with compiled
 * workers) when `npm run compile` made it and no source is newer, else null.
 */
async function compiledBuild(): Promise<typeof build | null> {
  const { stderr } = await execFileAsync(process.execPath, [path.join(ROOT, 'bin/handout.js'), '--version'], { env: { ...process.env, HANDOUT_FROM_SOURCES: '' } });
  if (stderr) {
    line('compiled build', `not measured: ${stderr.trim()}`);
    return null;
  }
  // A path the type checker does not follow: dist/ has no type declarations; it is the same code as src/.
  const compiled = path.join(ROOT, 'dist/src/pipeline/index.js');
  return ((await import(compiled)) as typeof import('../src/pipeline/index.ts')).build;
}

/** Our build of `selection` (with the sources, or `run`), timed as `Timing`, with its CPU time (this process's, which counts its worker threads); editions not rendered (unchanged, failed) are not counted. */
async function timedBuild(selection: Selection, run = build): Promise<[EditionOutcome[], CpuTiming]> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let firstMs = 0;
  const result = await run(project, selection, { jobs, onEdition: (outcome) => (firstMs ||= outcome.stats ? performance.now() - started : 0) });
  const totalMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return [result.editions, { editions: result.editions.filter((edition) => edition.stats).length, firstMs, totalMs, cpuSeconds: (cpu.user + cpu.system) / 1e6 }];
}

type Browser = Awaited<ReturnType<(typeof import('playwright-core'))['chromium']['launch']>>;

/** An edition as Chromium prints it: HTML, footer and page size, made from the prepared edition. */
interface HtmlEdition {
  spec: EditionSpec;
  html: string;
  footer: string;
  size: ReturnType<typeof pageSize>;
}

const htmlEdition = (prepared: PreparedEdition): HtmlEdition => ({ spec: prepared.spec, html: toHtml(prepared), footer: footer(prepared), size: pageSize(prepared) });

/** The editions of `selection`, read and prepared with the build's code as they are asked for. */
async function* preparedHtml(selection: Selection): AsyncGenerator<HtmlEdition> {
  const plan = await planEditions(project, selection, []);
  for await (const topic of plan.topics) {
    for (const spec of topic.specs) yield htmlEdition(prepareEdition(topic.context!, spec, { draft: selection.draft ?? false }));
  }
}

/** Ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * CPU seconds of this process's descendants alive now, from /proc: the
 * browser playwright launched (its only child while Chromium prints) and its
 * renderer, GPU and utility processes, which Node's figures leave out.
 * Hand-written: no package reads a process tree's times.
 */
function childrenCpuSeconds(): number {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, … utime (14th field), stime (15th).
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
        return [{ pid: Number(pid), parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
      } catch {
        return []; // ended while listed
      }
    });
  const inTree = new Set([process.pid]);
  for (let size = 0; size !== inTree.size; ) {
    size = inTree.size;
    for (const stat of stats) if (inTree.has(stat.parent)) inTree.add(stat.pid);
  }
  return stats.filter((stat) => inTree.has(stat.pid) && stat.pid !== process.pid).reduce((sum, stat) => sum + stat.ticks, 0) / CLOCK_TICKS;
}

/** A run from nothing to PDFs on disk, with the CPU time it took (this process, its worker threads, and the browser's processes). */
interface CpuTiming extends Timing {
  cpuSeconds: number;
}

const cpuPerEdition = (timing: CpuTiming) => `${((timing.cpuSeconds * 1000) / timing.editions).toFixed(0)} ms CPU per edition`;

/**
 * The editions as HTML + CSS with the same fonts and footer, printed by
 * headless Chromium through `pages` pages of one browser, each printing the
 * next edition as soon as it is free (a shared queue), the fastest way a
 * headless-browser toolchain prints on this many cores. Timed as our build
 * is: from launching the browser to the last PDF written atomically.
 */
async function chromiumBuild(launch: () => Promise<Browser>, editions: AsyncIterable<HtmlEdition> | Iterable<HtmlEdition>, pages: number, outputDir: string): Promise<[CpuTiming, number]> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const browser = await launch();
  let printed = 0;
  let bytes = 0;
  let firstMs = 0;
  let browserCpu = 0;
  // One iterator shared by every page: each takes the next edition when it is free.
  const queue = Symbol.asyncIterator in editions ? editions[Symbol.asyncIterator]() : editions[Symbol.iterator]();
  const printWith = async (page: Awaited<ReturnType<Browser['newPage']>>) => {
    for (let next = await queue.next(); !next.done; next = await queue.next()) {
      const edition = next.value;
      await page.setContent(edition.html, { waitUntil: 'load' });
      const pdf = await page.pdf({ ...edition.size, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: edition.footer });
      await writeFileAtomic(path.join(outputDir, editionPath(edition.spec)), pdf);
      printed += 1;
      bytes += pdf.length;
      firstMs ||= performance.now() - started;
    }
  };
  try {
    const opened = await Promise.all(Array.from({ length: pages }, () => browser.newPage()));
    await Promise.all(opened.map(printWith));
    browserCpu = childrenCpuSeconds();
  } finally {
    await browser.close();
  }
  const cpu = process.cpuUsage(cpuStarted);
  return [{ editions: printed, firstMs, totalMs: performance.now() - started, cpuSeconds: browserCpu + (cpu.user + cpu.system) / 1e6 }, bytes / printed];
}

/**
 * Chromium's build of `selection`, four ways (with its own preparation, as
 * the build prepares, or printing HTML made before the clock starts; with one
 * page or as many as the build has workers), printed beside ours; the ratio
 * is to the fastest. Or how to install Chromium when it is missing.
 */
async function compareWithChromium(label: string, selection: Selection, ours: CpuTiming): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    line(`${label}, Chromium`, `skipped: install it with \`apt-get install chromium\` (expected at ${CHROMIUM})`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const scratch = await mkdtemp(path.join(tmpdir(), 'handout-bench-chromium-'));
  const env = { ...process.env, FONTCONFIG_FILE: await fontConfig(scratch) };
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env,
    });
  try {
    // A server with the fonts installed has its font cache made already: make it before timing.
    await (await launch()).close();
    const readyMade: HtmlEdition[] = [];
    for await (const edition of preparedHtml(selection)) readyMade.push(edition);
    const runs: { name: string; timing: CpuTiming }[] = [];
    for (const pages of [...new Set([1, jobs])]) {
      for (const [way, editions] of [
        ['own preparation', () => preparedHtml(selection)],
        ['ready-made HTML', () => readyMade],
      ] as const) {
        const name = `${way}, ${pages} ${pages === 1 ? 'page' : 'pages'}`;
        const [timing, bytesPerPdf] = await chromiumBuild(launch, editions(), pages, path.join(scratch, 'output'));
        line(`${label}, Chromium ${name}`, `${rates(timing)}; ${cpuPerEdition(timing)}, ${(bytesPerPdf / 1024).toFixed(0)} KiB per PDF (${timing.editions} editions)`);
        runs.push({ name, timing });
      }
    }
    const fastest = runs.reduce((best, run) => (run.timing.totalMs < best.timing.totalMs ? run : best));
    const steadiest = runs.reduce((best, run) => (steadyRate(run.timing) > steadyRate(best.timing) ? run : best));
    line(`${label}, handout ÷ fastest Chromium`, `${(coldRate(ours) / coldRate(fastest.timing)).toFixed(2)}× from the start (${fastest.name}), ${(steadyRate(ours) / steadyRate(steadiest.timing)).toFixed(2)}× after the first PDF (${steadiest.name})`);
    line(`${label}, CPU per edition, handout ÷ that Chromium`, `${(ours.cpuSeconds / ours.editions / (fastest.timing.cpuSeconds / fastest.timing.editions)).toFixed(2)}×`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * One edition from a cold command line, what a person waits for: `node
 * bin/handout.js build` with one edition selected, from starting Node to its
 * exit, on a copy of the samples, compiled (dist/bundle/) and from the sources
 * (HANDOUT_FROM_SOURCES=1) alternating round by round after a warm-up of
 * each; the median and the range.
 */
async function coldCommandLine(rounds: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'handout-bench-cli-'));
  for (const entry of ['handout.config.yaml', 'assets', 'terminology.tbx', 'locales', 'content']) await cp(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
  const ways: Record<string, Record<string, string>> = { compiled: { HANDOUT_FROM_SOURCES: '' }, sources: { HANDOUT_FROM_SOURCES: '1' } };
  const once = async (format: string, env: Record<string, string>) => {
    await rm(path.join(root, 'output'), { recursive: true, force: true });
    const started = performance.now();
    const { stderr } = await execFileAsync(process.execPath, [path.join(ROOT, 'bin/handout.js'), '--root', root, 'build', '--topic', SAMPLE, '--lang', 'en', '--level', 'plain', '--format', format], { env: { ...process.env, ...env } });
    return { ms: performance.now() - started, stderr };
  };
  try {
    // The command says so when dist/ is missing or older than a source, and runs the sources instead.
    const { stderr } = await once('handout', ways.compiled!);
    if (stderr.startsWith('handout: ')) {
      line('cold command line, compiled', `skipped: ${stderr.trim()}`);
      delete ways.compiled;
    }
    for (const format of ['handout', 'large-print']) {
      // A first run of each warms the disk cache.
      for (const env of Object.values(ways)) await once(format, env);
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
      for (let round = 0; round < rounds; round += 1) {
        for (const [way, env] of Object.entries(ways)) times[way]!.push((await once(format, env)).ms);
      }
      const seconds = (ms: number) => (ms / 1000).toFixed(2);
      const figures = Object.entries(times).map(([way, measured]) => `${way} median ${seconds(percentile(measured, 50))} s (${seconds(Math.min(...measured))}–${seconds(Math.max(...measured))})`);
      line(`one ${format}, cold command line`, `${figures.join(', ')}; ${rounds} rounds`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const project = await syntheticCorpus();
try {
  console.log(`handout benchmark: ${topicCount} topics × ${Object.keys(project.config.languages).length} languages × 2 levels × ${FORMATS.length} formats (${FORMATS.join(', ')}), ${jobs} workers`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${mib(totalmem())} memory, Node ${process.version}\n`);

  const compiled = await compiledBuild();
  // English and Spanish handouts alone, first: Latin text in one font, what Chromium prints fastest.
  // Rounds alternate the build and Chromium, so both meet the same load on a shared machine.
  const latin: Selection = { formats: ['handout'], languages: ['en', 'es'] };
  const latinRounds = Number(options['latin-rounds']);
  for (let round = 1; round <= latinRounds; round += 1) {
    const label = `en + es handouts${latinRounds > 1 ? ` (round ${round})` : ''}`;
    let ours: CpuTiming | undefined;
    // Compiled (as the command line runs) and from the sources (tsx, in the workers too): the start-up compiling saves.
    for (const [way, run] of [...(compiled ? [['compiled', compiled] as const] : []), ['sources', build] as const]) {
      await rm(project.outputDir, { recursive: true, force: true });
      const [latinBuild, latinTiming] = await timedBuild(latin, run);
      summarize(`${label}, ${way}`, latinBuild, latinTiming);
      // Compared with Chromium: the first, the build the command line runs.
      ours ??= latinTiming;
    }
    await compareWithChromium(label, latin, ours!);
  }

  await coldCommandLine(Number(options['cold-rounds']));

  const everything: Selection = { formats: FORMATS };
  await rm(project.outputDir, { recursive: true, force: true });
  const [cold, coldTiming] = await timedBuild(everything, compiled ?? build);
  summarize(`all editions, ${compiled ? 'compiled' : 'sources'}`, cold, coldTiming);
  const peak = (measure: (stats: NonNullable<(typeof cold)[number]['stats']>) => number) => Math.max(0, ...cold.flatMap((edition) => (edition.stats ? [measure(edition.stats)] : [])));
  line('peak memory per worker (heap + external)', `${mib(peak((stats) => stats.footprint))} (heap in use ${mib(peak((stats) => stats.heapUsed))})`);
  line('peak RSS of the whole process', `${mib(peak((stats) => stats.rss))} (main thread and ${jobs} workers)`);
  const sizes = cold.flatMap((edition) => (edition.entry ? [edition.entry.bytes] : []));
  line('PDF size per edition', `median ${(percentile(sizes, 50) / 1024).toFixed(0)} KiB, p95 ${(percentile(sizes, 95) / 1024).toFixed(0)} KiB`);
  await compareWithChromium('all editions', everything, coldTiming);

  const [noop, noopMs] = await timed(() => build(project, everything, { jobs }));
  line('no-op rebuild', `${noopMs.toFixed(0)} ms for ${noop.editions.length} editions (${noop.editions.filter((edition) => edition.unchanged).length} skipped)`);

  // Edit one English paragraph of the plain level in one topic.
  const edited = path.join(project.contentDir, 'topic-0000.md');
  const text = await readFile(edited, 'utf8');
  await writeFile(edited, text.replace('It often starts near the eye.', 'It often starts near one eye.'));
  const [edit, editMs] = await timed(() => build(project, { ...everything, draft: true }, { jobs }));
  const rebuilt = edit.editions.filter((edition) => edition.stats).map((edition) => `${edition.spec.topic} ${edition.spec.language} ${edition.spec.level} ${edition.spec.format}`);
  line('one-paragraph edit rebuild', `${editMs.toFixed(0)} ms, re-rendered ${rebuilt.length}: ${rebuilt.join('; ')}`);

  await taggingCost(project, Number(options['tagging-rounds']));
  await memoryFlatness(project, Number(options['memory-editions']));
} finally {
  await rm(project.root, { recursive: true, force: true });
}

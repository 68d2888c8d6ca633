/**
 * `npm run bench`: builds a synthetic corpus and prints throughput, rebuild
 * times, memory and PDF sizes, then prints the same editions through headless
 * Chromium, with the same fonts and footer, as the reference a clinic would
 * otherwise use. Prints figures; it asserts nothing.
 */
import { rendererDigest } from '../src/render/digest.ts';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, editionPath, type EditionOutcome, type Selection } from '../src/index.ts';
import { planEditions } from '../src/pipeline/plan.ts';
import { writeFileAtomic } from '../src/files/atomic.ts';
import { prepareEdition, topicContext, type PreparedEdition } from '../src/prepare/index.ts';
import { openProject, type Project } from '../src/index.ts';
import type { FormatName } from '../src/model/edition.ts';
import { topicSource, uiSource } from '../src/i18n/catalog.ts';
import { readTopic } from '../src/reader/index.ts';
import { renderEdition } from '../src/render/edition.ts';
import { FACES, FONT_PACKAGES, fontFile } from '../src/fonts/index.ts';
import { footer, pageSize, toHtml } from './reference-html.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = 'recurrent-hemifacial-spasm';
const CHROMIUM = '/usr/bin/chromium';

const { values: options } = parseArgs({
  options: {
    topics: { type: 'string', default: '50' },
    'memory-editions': { type: 'string', default: '1000' },
    'tagging-rounds': { type: 'string', default: '10' },
    jobs: { type: 'string' },
  },
});
const topicCount = Number(options.topics);
const jobs = options.jobs === undefined ? availableParallelism() : Number(options.jobs);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const FORMATS: FormatName[] = ['handout', 'booklet'];
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

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

function summarize(label: string, editions: EditionOutcome[], timing: Timing): void {
  const rendered = editions.filter((edition) => edition.stats);
  const failed = editions.filter((edition) => edition.error);
  line(`${label}: wall time`, `${(timing.totalMs / 1000).toFixed(2)} s for ${editions.length} editions (${rendered.length} rendered, ${failed.length} failed)`);
  if (rendered.length > 0) {
    const times = rendered.map((edition) => edition.stats!.renderMs);
    line(`${label}: throughput`, rates(timing));
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

/** Our build of `selection`, timed as `Timing`; editions not rendered (unchanged, failed) are not counted. */
async function timedBuild(selection: Selection): Promise<[EditionOutcome[], Timing]> {
  const started = performance.now();
  let firstMs = 0;
  const result = await build(project, selection, { jobs, onEdition: (outcome) => (firstMs ||= outcome.stats ? performance.now() - started : 0) });
  const totalMs = performance.now() - started;
  return [result.editions, { editions: result.editions.filter((edition) => edition.stats).length, firstMs, totalMs }];
}

type Browser = Awaited<ReturnType<(typeof import('playwright-core'))['chromium']['launch']>>;

/**
 * The editions of `selection` as HTML + CSS with the same fonts and footer,
 * printed by headless Chromium, one browser and one reused page, the fastest
 * way a headless-browser toolchain prints. Timed as our build is: launching
 * the browser, reading and preparing the topics the same way, and writing
 * each PDF atomically.
 */
async function chromiumBuild(launch: () => Promise<Browser>, selection: Selection, outputDir: string): Promise<[Timing, number]> {
  const started = performance.now();
  const browser = await launch();
  let editions = 0;
  let bytes = 0;
  let firstMs = 0;
  try {
    const page = await browser.newPage();
    const plan = await planEditions(project, selection, []);
    for await (const topic of plan.topics) {
      for (const spec of topic.specs) {
        const prepared = prepareEdition(topic.context!, spec, { draft: selection.draft ?? false });
        await page.setContent(toHtml(prepared), { waitUntil: 'load' });
        const { width, height, margin } = pageSize(prepared);
        const pdf = await page.pdf({ width, height, margin, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer(prepared) });
        await writeFileAtomic(path.join(outputDir, editionPath(spec)), pdf);
        editions += 1;
        bytes += pdf.length;
        firstMs ||= performance.now() - started;
      }
    }
  } finally {
    await browser.close();
  }
  return [{ editions, firstMs, totalMs: performance.now() - started }, bytes / editions];
}

/**
 * Chromium's build of `selection`, printed beside ours with the ratios, or
 * how to install Chromium when it is missing.
 */
async function compareWithChromium(label: string, selection: Selection, ours: Timing): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    line(`Chromium, ${label}`, `skipped: install it with \`apt-get install chromium\` (expected at ${CHROMIUM})`);
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
    const [timing, bytesPerPdf] = await chromiumBuild(launch, selection, path.join(scratch, 'output'));
    line(`Chromium, ${label}`, `${rates(timing)}, ${(bytesPerPdf / 1024).toFixed(0)} KiB per PDF (${timing.editions} editions)`);
    line(`handout ÷ Chromium, ${label}`, `${(coldRate(ours) / coldRate(timing)).toFixed(2)}× from the start, ${(steadyRate(ours) / steadyRate(timing)).toFixed(2)}× after the first PDF`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const project = await syntheticCorpus();
try {
  console.log(`handout benchmark: ${topicCount} topics × ${Object.keys(project.config.languages).length} languages × 2 levels × ${FORMATS.length} formats (${FORMATS.join(', ')}), ${jobs} workers`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${mib(totalmem())} memory, Node ${process.version}\n`);

  const everything: Selection = { formats: FORMATS };
  const [cold, coldTiming] = await timedBuild(everything);
  summarize('cold build', cold, coldTiming);
  const peak = (measure: (stats: NonNullable<(typeof cold)[number]['stats']>) => number) => Math.max(0, ...cold.flatMap((edition) => (edition.stats ? [measure(edition.stats)] : [])));
  line('peak memory per worker (heap + external)', `${mib(peak((stats) => stats.footprint))} (heap in use ${mib(peak((stats) => stats.heapUsed))})`);
  line('peak RSS of the whole process', `${mib(peak((stats) => stats.rss))} (main thread and ${jobs} workers)`);
  const sizes = cold.flatMap((edition) => (edition.entry ? [edition.entry.bytes] : []));
  line('PDF size per edition', `median ${(percentile(sizes, 50) / 1024).toFixed(0)} KiB, p95 ${(percentile(sizes, 95) / 1024).toFixed(0)} KiB`);
  await compareWithChromium('the same editions', everything, coldTiming);

  const [noop, noopMs] = await timed(() => build(project, everything, { jobs }));
  line('no-op rebuild', `${noopMs.toFixed(0)} ms for ${noop.editions.length} editions (${noop.editions.filter((edition) => edition.unchanged).length} skipped)`);

  // Edit one English paragraph of the plain level in one topic.
  const edited = path.join(project.contentDir, 'topic-0000.md');
  const text = await readFile(edited, 'utf8');
  await writeFile(edited, text.replace('It often starts near the eye.', 'It often starts near one eye.'));
  const [edit, editMs] = await timed(() => build(project, { ...everything, draft: true }, { jobs }));
  const rebuilt = edit.editions.filter((edition) => edition.stats).map((edition) => `${edition.spec.topic} ${edition.spec.language} ${edition.spec.level} ${edition.spec.format}`);
  line('one-paragraph edit rebuild', `${editMs.toFixed(0)} ms, re-rendered ${rebuilt.length}: ${rebuilt.join('; ')}`);

  // English and Spanish handouts alone, rendered again: Latin text in one font, what Chromium prints fastest.
  const latin: Selection = { formats: ['handout'], languages: ['en', 'es'], draft: true };
  for (const edition of cold.filter((outcome) => latin.languages!.includes(outcome.spec.language) && outcome.spec.format === 'handout')) await rm(path.join(project.outputDir, editionPath(edition.spec)));
  const [latinBuild, latinTiming] = await timedBuild(latin);
  summarize('en + es handouts', latinBuild, latinTiming);

  await compareWithChromium('en + es handouts', latin, latinTiming);

  await taggingCost(project, Number(options['tagging-rounds']));
  await memoryFlatness(project, Number(options['memory-editions']));
} finally {
  await rm(project.root, { recursive: true, force: true });
}

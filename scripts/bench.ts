/**
 * `npm run bench`: builds a synthetic corpus and prints throughput, rebuild
 * times, memory and PDF sizes, then prints the same editions through headless
 * Chromium, with the same fonts and footer, as the reference a clinic would
 * otherwise use. Prints figures; it asserts nothing.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, editionPath, type EditionOutcome } from '../src/build/index.ts';
import { prepareEdition, topicContext, type EditionSpec, type PreparedEdition } from '../src/build/edition.ts';
import { loadProject, type FormatName, type Project } from '../src/config/index.ts';
import { topicSource, uiSource } from '../src/i18n/catalog.ts';
import { readTopic } from '../src/reader/index.ts';
import { renderEdition } from '../src/build/write.ts';
import { FACES, FONT_PACKAGES, fontFile } from '../src/render/fonts.ts';
import { footer, pageSize, toHtml } from './reference-html.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = 'recurrent-hemifacial-spasm';
const CHROMIUM = '/usr/bin/chromium';

const { values: options } = parseArgs({
  options: {
    topics: { type: 'string', default: '50' },
    'memory-editions': { type: 'string', default: '1000' },
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
  await cp(path.join(ROOT, 'locales'), path.join(root, 'locales'), { recursive: true });
  await mkdir(path.join(root, 'content'));
  const source = await readFile(path.join(ROOT, 'content', `${SAMPLE}.md`), 'utf8');
  const project = await loadProject(root);
  const sampleHashes = await sourceHashes(await loadProject(ROOT), SAMPLE);
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
  return loadProject(root);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

function summarize(label: string, editions: EditionOutcome[], milliseconds: number): void {
  const rendered = editions.filter((edition) => edition.stats);
  const failed = editions.filter((edition) => edition.error);
  line(`${label}: wall time`, `${(milliseconds / 1000).toFixed(2)} s for ${editions.length} editions (${rendered.length} rendered, ${failed.length} failed)`);
  if (rendered.length > 0) {
    const times = rendered.map((edition) => edition.stats!.renderMs);
    line(`${label}: throughput`, `${(rendered.length / (milliseconds / 1000)).toFixed(1)} editions/s`);
    line(`${label}: render time per edition`, `median ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
  }
}

/** Editions of two topics, prepared as the build prepares them: by default every language, level and format of the benchmark. */
async function preparedSamples(project: Project, languages = Object.keys(project.config.languages), formats: FormatName[] = FORMATS): Promise<PreparedEdition[]> {
  const prepared: PreparedEdition[] = [];
  const ui = await uiSource(project);
  for (const id of ['topic-0001', 'topic-0002']) {
    const { file, document } = await readTopic(project, id);
    const context = await topicContext(project, document!, file, ui, languages);
    for (const language of languages) {
      for (const level of ['plain', 'detailed']) {
        for (const format of formats) prepared.push(prepareEdition(context, { topic: id, language, level, format, paper: 'letter', clinic: null }, { draft: false }));
      }
    }
  }
  return prepared;
}

/** Heap after a forced GC, at 100 and at N renders in one process: flat when React-PDF's instance is reused. */
async function memoryFlatness(project: Project, total: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    line('memory over many renders', 'skipped: run with node --expose-gc (npm run bench does)');
    return;
  }
  const samples = await preparedSamples(project, ['en', 'es'], ['handout']);
  const heapAt = new Map<number, number>();
  for (let count = 1; count <= total; count += 1) {
    await renderEdition(project, samples[count % samples.length]!);
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

/**
 * The same editions (every language, level and format of two topics) as HTML
 * + CSS with the same fonts and footer, printed by headless Chromium: one
 * browser, one reused page, the fastest way a headless-browser toolchain prints.
 */
async function chromiumReference(project: Project, sets: { label: string; samples: PreparedEdition[] }[], rounds: number): Promise<(number | null)[]> {
  if (!existsSync(CHROMIUM)) {
    line('Chromium reference', `skipped: install it with \`apt-get install chromium\` (expected at ${CHROMIUM})`);
    return sets.map(() => null);
  }
  const { chromium } = await import('playwright-core');
  const fontsDir = await mkdtemp(path.join(tmpdir(), 'handout-bench-fonts-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, FONTCONFIG_FILE: await fontConfig(fontsDir) },
  });
  try {
    const page = await browser.newPage();
    const rates: number[] = [];
    for (const { label, samples } of sets) {
      const editions = samples.map((edition) => ({
        html: toHtml(edition, project.config.languages[edition.spec.language]!.direction),
        size: pageSize(edition),
        footer: footer(edition),
      }));
      const print = async (edition: (typeof editions)[number]) => {
        await page.setContent(edition.html, { waitUntil: 'load' });
        const { width, height, margin } = edition.size;
        return page.pdf({ width, height, margin, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: edition.footer });
      };
      await print(editions[0]!);
      const started = performance.now();
      let bytes = 0;
      for (let round = 0; round < rounds; round += 1) {
        for (const edition of editions) bytes += (await print(edition)).length;
      }
      const seconds = (performance.now() - started) / 1000;
      const count = rounds * editions.length;
      line(`Chromium, ${label}`, `${(count / seconds).toFixed(1)} editions/s, ${(bytes / count / 1024).toFixed(0)} KiB per PDF (${editions.length} editions × ${rounds})`);
      rates.push(count / seconds);
    }
    return rates;
  } finally {
    await browser.close();
    await rm(fontsDir, { recursive: true, force: true });
  }
}

const project = await syntheticCorpus();
try {
  console.log(`handout benchmark: ${topicCount} topics × ${Object.keys(project.config.languages).length} languages × 2 levels × ${FORMATS.length} formats (${FORMATS.join(', ')}), ${jobs} workers`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${mib(totalmem())} memory, Node ${process.version}\n`);

  const [cold, coldMs] = await timed(() => build(project, { formats: FORMATS }, { jobs }));
  summarize('cold build', cold.editions, coldMs);
  const peak = (measure: (stats: NonNullable<(typeof cold.editions)[number]['stats']>) => number) => Math.max(0, ...cold.editions.flatMap((edition) => (edition.stats ? [measure(edition.stats)] : [])));
  line('peak memory per worker (heap + external)', `${mib(peak((stats) => stats.footprint))} (heap in use ${mib(peak((stats) => stats.heapUsed))})`);
  line('peak RSS of the whole process', `${mib(peak((stats) => stats.rss))} (main thread and ${jobs} workers)`);
  const sizes = cold.editions.flatMap((edition) => (edition.entry ? [edition.entry.bytes] : []));
  line('PDF size per edition', `median ${(percentile(sizes, 50) / 1024).toFixed(0)} KiB, p95 ${(percentile(sizes, 95) / 1024).toFixed(0)} KiB`);

  const [noop, noopMs] = await timed(() => build(project, { formats: FORMATS }, { jobs }));
  line('no-op rebuild', `${noopMs.toFixed(0)} ms for ${noop.editions.length} editions (${noop.editions.filter((edition) => edition.unchanged).length} skipped)`);

  // Edit one English paragraph of the plain level in one topic.
  const edited = path.join(project.contentDir, 'topic-0000.md');
  const text = await readFile(edited, 'utf8');
  await writeFile(edited, text.replace('It often starts near the eye.', 'It often starts near one eye.'));
  const [edit, editMs] = await timed(() => build(project, { formats: FORMATS, draft: true }, { jobs }));
  const rebuilt = edit.editions.filter((edition) => edition.stats).map((edition) => `${edition.spec.topic} ${edition.spec.language} ${edition.spec.level} ${edition.spec.format}`);
  line('one-paragraph edit rebuild', `${editMs.toFixed(0)} ms, re-rendered ${rebuilt.length}: ${rebuilt.join('; ')}`);

  // English and Spanish handouts alone, rendered again: Latin text in one font, what Chromium prints fastest.
  const latin = (spec: EditionSpec) => ['en', 'es'].includes(spec.language) && spec.format === 'handout';
  for (const edition of cold.editions.filter((outcome) => latin(outcome.spec))) await rm(path.join(project.outputDir, editionPath(edition.spec)));
  const [latinBuild, latinMs] = await timed(() => build(project, { formats: ['handout'], languages: ['en', 'es'], draft: true }, { jobs }));
  summarize('en + es handouts', latinBuild.editions, latinMs);

  await memoryFlatness(project, Number(options['memory-editions']));
  const samples = await preparedSamples(project);
  const [allReference, latinReference] = await chromiumReference(
    project,
    [
      { label: 'the same editions', samples },
      { label: 'en + es handouts', samples: samples.filter((edition) => latin(edition.spec)) },
    ],
    2,
  );
  const rate = (outcomes: EditionOutcome[], milliseconds: number) => outcomes.filter((edition) => edition.stats).length / (milliseconds / 1000);
  if (allReference) line('handout ÷ Chromium, the same editions', `${(rate(cold.editions, coldMs) / allReference).toFixed(2)}×`);
  if (latinReference) line('handout ÷ Chromium, en + es handouts', `${(rate(latinBuild.editions, latinMs) / latinReference).toFixed(2)}×`);
} finally {
  await rm(project.root, { recursive: true, force: true });
}

/**
 * `npm run soak`: builds many generated topics (tests/helpers/generate-topic.ts,
 * the fuzz test's generator) in batches, in a child process killed when no
 * edition finishes within the time limit, and reports crashes, hangs, failed
 * editions by rule, the slowest editions, editions/s and peak memory. Not a
 * test: it asserts nothing and takes minutes to hours (figures in
 * docs/robustness.md).
 *
 *   npm run soak -- --topics 10000 --seed 1 --chunk 250 --jobs 2 --edition-limit 60
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateTopic } from '../tests/helpers/generate-topic.ts';
import { batchesOf, culprits, runBatches, unfinishedTopics, writeFuzzProject, type BatchOutcome, type FuzzBatch } from '../tests/helpers/fuzz-run.ts';

const { values: options } = parseArgs({
  options: {
    topics: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    /** Topics per project folder; each is built one language and format at a time. */
    chunk: { type: 'string', default: '250' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    /** Seconds without a finished edition after which the build counts as hung and is killed. */
    'edition-limit': { type: 'string', default: '60' },
  },
});
const topicCount = Number(options.topics);
const seed = Number(options.seed);
const chunkSize = Number(options.chunk);
const jobs = Number(options.jobs);
const idleLimitMs = Number(options['edition-limit']) * 1000;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${mib(totalmem())} RAM, Node ${process.version}, ${process.platform}`;
console.log(`soak: ${topicCount} topics, seed ${seed}, ${chunkSize} topics a project, --jobs ${jobs}, hang after ${idleLimitMs / 1000} s without an edition`);
console.log(`machine: ${machine}; load average at start ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);

// Every chunk's project is written first, so one child process builds them all (its peak memory is the build's) and each is removed once built.
const roots: string[] = [];
const batches: FuzzBatch[] = [];
/** Topics the generator made to fail (a character no font has, an undeclared level block). */
const meantToFail = new Set<string>();
for (let start = 0; start < topicCount; start += chunkSize) {
  const topics = Array.from({ length: Math.min(chunkSize, topicCount - start) }, (_, offset) => generateTopic(seed, start + offset));
  for (const topic of topics) if (topic.expectedError) meantToFail.add(topic.id);
  const root = await mkdtemp(path.join(tmpdir(), 'handout-soak-'));
  roots.push(root);
  await writeFuzzProject(root, topics);
  batches.push(...batchesOf(root, topics, chunkSize, jobs));
}
const remaining = new Map(roots.map((root) => [root, batches.filter((batch) => batch.root === root).length]));
/** Projects with a batch that crashed or hung: kept to look into. */
const kept = new Set<string>();

/** Render times, the first editions of each build apart: a build's new workers load React-PDF and the fonts first. */
const renderTimes: { seconds: number; label: string }[] = [];
const warmUpTimes: { seconds: number; label: string }[] = [];
const finishedIn = new Map<FuzzBatch, number>();
/** Failed editions by the rules of the errors on their topic file. */
const failures = new Map<string, number>();
/** Failed editions of topics meant to build, with their errors. */
const refused: string[] = [];
let editions = 0;
let written = 0;
const started = performance.now();
const { outcomes, peakRss, cpuMs } = await runBatches(batches, {
  idleLimitMs,
  onEdition: (event, batch) => {
    editions += 1;
    if (event.path) written += 1;
    finishedIn.set(batch, (finishedIn.get(batch) ?? 0) + 1);
    if (event.renderMs === undefined) return;
    const time = { seconds: event.renderMs / 1000, label: `${event.spec.topic} ${event.spec.language} ${event.spec.level} ${event.spec.format}` };
    (finishedIn.get(batch)! <= Math.max(1, jobs) ? warmUpTimes : renderTimes).push(time);
  },
  onBatch: async (outcome) => {
    for (const event of outcome.editions.filter((candidate) => candidate.error !== undefined)) {
      const file = `content/${event.spec.topic}.md`;
      const errors = outcome.messages.filter((message) => message.file === file && message.fatal === true);
      const rules = new Set(errors.map((message) => message.ruleId ?? 'no rule'));
      for (const rule of rules.size > 0 ? rules : ['no error on the topic file']) failures.set(rule, (failures.get(rule) ?? 0) + 1);
      if (!meantToFail.has(event.spec.topic)) refused.push(`${event.spec.topic} ${event.spec.language} ${event.spec.level} ${event.spec.format}: ${errors.map((message) => message.reason).join('; ') || event.error}`);
    }
    if (outcome.crash !== undefined || outcome.hang) kept.add(outcome.batch.root);
    const left = remaining.get(outcome.batch.root)! - 1;
    remaining.set(outcome.batch.root, left);
    if (left > 0) return;
    if (!kept.has(outcome.batch.root)) await rm(outcome.batch.root, { recursive: true, force: true });
    const elapsed = (performance.now() - started) / 1000;
    console.log(`${editions} editions (${written} written) in ${elapsed.toFixed(0)} s, ${(editions / elapsed).toFixed(1)} editions/s`);
  },
});
const seconds = (performance.now() - started) / 1000;

const broken = outcomes.filter((outcome) => outcome.crash !== undefined || outcome.hang);
const found: Awaited<ReturnType<typeof culprits>> = [];
for (const outcome of broken) found.push(...(await culprits(outcome, { idleLimitMs })));
const unfinished = outcomes.filter((outcome) => !outcome.crash && !outcome.hang).flatMap(unfinishedTopics);
for (const root of kept) console.log(`kept to look into: ${root}`);

renderTimes.sort((a, b) => b.seconds - a.seconds);
warmUpTimes.sort((a, b) => b.seconds - a.seconds);
const percentile = (p: number) => renderTimes[Math.min(renderTimes.length - 1, Math.floor((1 - p) * renderTimes.length))]?.seconds ?? 0;
const where = (outcome: BatchOutcome) => `${outcome.batch.selection.languages!.join()} ${outcome.batch.selection.formats!.join()}`;
console.log(
  [
    `topics: ${topicCount} (seed ${seed}); editions: ${editions}, ${written} written, ${editions - written} failed with messages`,
    `failed editions by the rules of their topic's errors: ${[...failures].sort((a, b) => b[1] - a[1]).map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none'}`,
    `failed editions of topics meant to build: ${refused.length}`,
    ...refused.slice(0, 10).map((text) => `  ${text}`),
    `crashes: ${found.filter((culprit) => culprit.crash !== undefined).length}; hangs: ${found.filter((culprit) => culprit.hang).length}; batches that crashed or hung: ${broken.map(where).join('; ') || 'none'}`,
    ...found.map((culprit) => `  ${culprit.topic}: ${culprit.hang ? 'hangs' : `crashes: ${culprit.crash!.split('\n').slice(0, 3).join(' ')}`}`),
    `editions with no outcome (neither written nor failed): ${unfinished.length}${unfinished.length ? ` (${unfinished.slice(0, 10).join(', ')})` : ''}`,
    `time: ${seconds.toFixed(0)} s, ${(editions / seconds).toFixed(1)} editions/s; CPU of the build processes ${(cpuMs / 1000).toFixed(0)} s (${((cpuMs / 1000 / editions) * 1000).toFixed(0)} ms an edition)`,
    `render time per edition after each build's first ${Math.max(1, jobs)}: median ${percentile(0.5).toFixed(2)} s, 99th percentile ${percentile(0.99).toFixed(2)} s; slowest: ${renderTimes.slice(0, 5).map((entry) => `${entry.label} ${entry.seconds.toFixed(1)} s`).join('; ')}`,
    `the first editions of each build (loading React-PDF and the fonts in new workers): slowest ${warmUpTimes.slice(0, 3).map((entry) => `${entry.label} ${entry.seconds.toFixed(1)} s`).join('; ')}`,
    `peak memory (RSS of the build process, its render workers included): ${mib(peakRss)}`,
    `load average at the end: ${loadavg().map((load) => load.toFixed(1)).join(' ')}`,
  ].join('\n'),
);

/**
 * Seeded fuzz test: a few hundred generated topics (CommonMark, GFM and the
 * project's directives, in the shipped scripts; tests/helpers/generate-topic.ts)
 * built in batches by a child process that is killed when it hangs. Every
 * edition is written or fails with an error naming the topic file and a line;
 * no batch crashes or hangs; every word of every written edition is in its
 * PDF's text layer (or its HTML page). FUZZ_SEED=n picks another seed,
 * FUZZ_TOPICS=n another count.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { editionPath, openProject, prepareEdition, type EditionSpec, type Project } from '../src/index.ts';
import type { Inline, Segment } from '../src/model/document.ts';
import { inlineText, normalizeSpace } from '../src/model/segments.ts';
import { walkSegments } from '../src/model/walk.ts';
import { readTopic } from '../src/reader/index.ts';
import { generateTopic, type GeneratedTopic } from './helpers/generate-topic.ts';
import { batchesOf, culprits, runBatches, unfinishedTopics, writeFuzzProject, type BatchOutcome, type EditionEvent, type FuzzMessage } from './helpers/fuzz-run.ts';
import { normalizeForSearch, readPdf, type PdfPage } from './helpers/pdf.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261101);
const TOPICS = Number(process.env.FUZZ_TOPICS ?? 200);
/** FUZZ_ONLY=12,40: only these topics of the run (to reproduce a failure). */
const ONLY = process.env.FUZZ_ONLY?.split(',').map(Number);
/** Topics per build: small enough that finding the topic that crashed a batch, built alone one by one, stays quick. */
const BATCH_TOPICS = 100;
/**
 * Render workers per build: one, so a build of more than 24 editions renders
 * in a worker and a smaller one in its own thread (both paths are fuzzed),
 * while this process reads back the editions on the other core.
 */
const JOBS = 1;
/** The time budget: a batch in which no edition finishes for this long hangs (the slowest takes under 10 s on a busy 2-core machine). */
const IDLE_LIMIT_MS = 30_000;
/** Where failing topics are copied, to build again by hand. */
const FAILURES_DIR = path.join(tmpdir(), 'handout-fuzz-failures', `seed-${SEED}`);

/**
 * Failures that concern a whole edition, not a place in the topic, and so name
 * no line: the tri-fold's fit check (README, "Fit check").
 */
const WHOLE_EDITION_ERRORS = [/does not fit the tri-fold/];

/** Formats whose pages are read in reading order; imposed sheets (booklet-print, tri-fold) put pages side by side out of order. */
const IN_ORDER_FORMATS = new Set(['handout', 'large-print', 'booklet', 'html']);

/** What a page must show for inline content: printed editions follow link text with the URL (README, "Supported Markdown"). */
function shownText(content: Inline[], printed: boolean): string {
  return content
    .map((node) => {
      if (node.type === 'text') return node.value;
      if (node.type === 'break') return ' ';
      const inner = shownText(node.children, printed);
      if (node.type !== 'link' || !printed) return inner;
      const url = node.url.replace(/^mailto:/, '');
      return inner.trim() === node.url || inner.trim() === url ? inner : `${inner} (${url})`;
    })
    .join('');
}

/**
 * Text compared as a search would: without white space and hyphens
 * (normalizeForSearch), and folded to compatibility equivalents, since a
 * glyph two characters share is read back as one of them (Noto Sans draws µ
 * U+00B5 with the glyph of μ U+03BC).
 */
const searchable = (text: string) => normalizeForSearch(text.normalize('NFKC'));

/**
 * What can be checked of a word in a right-to-left edition: its runs of
 * Arabic letters, of ASCII letters and digits, and its other letters and
 * digits one by one (compatibility forms folded first, punctuation left out). A line mixing Arabic with Latin text comes back in
 * drawing order (README, Arabic): mirrored characters print turned round,
 * punctuation next to Latin text moves, and a character another font draws
 * (µ, ² in Noto Sans, not Noto Sans Arabic) may come back apart from its word.
 */
const rightToLeftRuns = (word: string) =>
  (word.match(/[A-Za-z0-9]+|[\p{Script=Arabic}\p{M}]+|[\p{L}\p{N}]/gu) ?? []).map((run) => run.normalize('NFKC').replace(/[^\p{L}\p{N}\p{M}]/gu, '')).filter((run) => run !== '');

/**
 * Items repeated at the same place on every page (footer, page number, DRAFT
 * mark) and the running header of the pages after the first (the clinic's
 * name atop each) are page furniture: left out, so a word broken across a
 * page break reads whole (Chinese breaks between any two characters).
 */
function withoutFurniture(pages: PdfPage[], runningHeader: string): PdfPage['items'][] {
  const key = (item: PdfPage['items'][number]) => `${Math.round(item.x)},${Math.round(item.y)},${item.str.replace(/\p{Nd}+/gu, '#')}`;
  const counts = new Map<string, number>();
  for (const page of pages) for (const itemKey of new Set(page.items.map(key))) counts.set(itemKey, (counts.get(itemKey) ?? 0) + 1);
  const isRunningHeader = (page: PdfPage, index: number, item: PdfPage['items'][number]) => index > 0 && item.str.trim() === runningHeader && item.y > page.height - 100;
  return pages.map((page, index) => page.items.filter((item) => (pages.length < 2 || counts.get(key(item)) !== pages.length) && !isRunningHeader(page, index, item)));
}

/** A page's lines: items on one baseline, in the order pdfjs lists them (content-stream order). */
function linesOf(items: PdfPage['items']): PdfPage['items'][] {
  const lines: PdfPage['items'][] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last && Math.round(last[0]!.y) === Math.round(item.y)) last.push(item);
    else lines.push([item]);
  }
  return lines;
}

/** Every text node of an HTML page, in document order (as tests/html-format.test.ts). */
function htmlText(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(htmlText).join(' ');
  if (node && typeof node === 'object') return Object.entries(node).filter(([key]) => key !== ':@').map(([, value]) => htmlText(value)).join(' ');
  return '';
}

/** An edition's text as searched. */
interface ShownText {
  /** The text in reading order; in a right-to-left edition, also with each line's runs in drawing order (either may hold a word). */
  texts: string[];
  /** Lines, where lines that follow each other on the page do not in the text layer (imposed formats); otherwise none. */
  lines: string[];
}

/**
 * How often a word is shown: in the text, plus once if it is hyphenated across
 * two lines that do not follow each other in the text layer (the last line of a
 * booklet page and the first of the next are on different sheets, as are a
 * tri-fold's panels).
 */
function timesShown(word: string, shown: ShownText): number {
  const times = Math.max(...shown.texts.map((text) => text.split(word).length - 1));
  for (let split = 1; split < word.length; split += 1) {
    const [head, tail] = [word.slice(0, split), word.slice(split)];
    if (shown.lines.some((line) => line.endsWith(head)) && shown.lines.some((line) => line.startsWith(tail))) return times + 1;
  }
  return times;
}

/** Words shown fewer times than the edition has them: each with the first place it has one. */
function lostWords<T>(words: { word: string; place: T }[], shown: ShownText): { word: string; place: T; expected: number; found: number }[] {
  const expected = new Map<string, { place: T; count: number }>();
  for (const { word, place } of words) {
    const key = searchable(word);
    expected.set(key, { place: expected.get(key)?.place ?? place, count: (expected.get(key)?.count ?? 0) + 1 });
  }
  return [...expected]
    .map(([word, { place, count }]) => ({ word, place, expected: count, found: timesShown(word, shown) }))
    .filter(({ expected: count, found }) => found < count);
}

const wordsOf = (text: string, rtl: boolean) => text.split(/\s+/).flatMap((word) => (rtl ? rightToLeftRuns(word) : [word])).filter((word) => searchable(word) !== '');

describe(`fuzz: ${TOPICS} generated topics, seed ${SEED}`, () => {
  const topics: GeneratedTopic[] = (ONLY ?? Array.from({ length: TOPICS }, (_, index) => index)).map((index) => generateTopic(SEED, index));
  const byId = new Map(topics.map((topic) => [topic.id, topic]));
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes every edition or fails it with a message naming the topic file and a line, never crashes or hangs, and loses no word', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'handout-fuzz-'));
    await writeFuzzProject(root, topics);
    const project = await openProject(root);
    const problems = new Map<string, string[]>();
    const problem = (topic: string, text: string) => problems.set(topic, [...(problems.get(topic) ?? []), text]);

    let verifying = Promise.resolve();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { outcomes, cpuMs } = await runBatches(batchesOf(root, topics, BATCH_TOPICS, JOBS), {
      idleLimitMs: IDLE_LIMIT_MS,
      // Read back while later editions build.
      onEdition: (event) => {
        if (!event.path) return;
        const topic = byId.get(event.spec.topic)!;
        verifying = verifying
          .then(() => verifyWritten(project, topic, event, problem))
          .catch((error: unknown) => {
            problem(topic.id, `${event.spec.language} ${event.spec.level} ${event.spec.format}: cannot be read back: ${String(error)}`);
          });
      },
    });
    await verifying;
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpuBefore);

    /** Editions of topics meant to build that failed with a message: a correct outcome (a table too wide for its format, say), but not most of the time. */
    const refused: string[] = [];
    for (const outcome of outcomes) await verifyBatch(project, outcome, byId, problem, refused);

    const editions = outcomes.flatMap((outcome) => outcome.editions);
    const written = editions.filter((event) => event.path).length;
    console.log(
      `fuzz seed ${SEED}: ${topics.length} topics, ${written} editions written, ${editions.length - written} failed with messages ` +
        `(${refused.length} of topics meant to build), ${problems.size} topics with problems; ${seconds.toFixed(1)} s, ` +
        `CPU ${(cpuMs / 1000).toFixed(1)} s building and ${((user + system) / 1e6).toFixed(1)} s checking` +
        refused.map((text) => `\n  refused: ${text}`).join(''),
    );
    if (problems.size > 0) {
      await mkdir(FAILURES_DIR, { recursive: true });
      for (const topic of problems.keys()) await writeFile(path.join(FAILURES_DIR, `${topic}.md`), byId.get(topic)!.markdown);
    }
    const report = [...problems].map(([topic, texts]) => `${path.join(FAILURES_DIR, `${topic}.md`)} (FUZZ_SEED=${SEED} FUZZ_ONLY=${byId.get(topic)!.index}):\n  ${texts.join('\n  ')}`);
    expect(report.join('\n'), `fuzz seed ${SEED}: ${problems.size} topics with problems, copied to ${FAILURES_DIR}; FUZZ_SEED=${SEED} FUZZ_ONLY=<index> npx vitest run tests/fuzz.test.ts builds one again`).toBe('');
    expect(refused.length, 'editions of topics meant to build that failed').toBeLessThanOrEqual(0.1 * (written + refused.length));
  }, 600_000);
});

/** Checks of a batch as a whole: it neither crashed nor hung, every edition has an outcome, failures have messages. */
async function verifyBatch(project: Project, outcome: BatchOutcome, byId: Map<string, GeneratedTopic>, problem: (topic: string, text: string) => void, refused: string[]): Promise<void> {
  const { batch } = outcome;
  const where = `${batch.selection.languages!.join()} ${batch.selection.formats!.join()}${batch.selection.draft ? ' --draft' : ''}`;
  if (outcome.crash !== undefined || outcome.hang) {
    const found = await culprits(outcome, { idleLimitMs: IDLE_LIMIT_MS });
    for (const culprit of found) problem(culprit.topic, `${where}: ${culprit.hang ? `hangs: no edition within ${IDLE_LIMIT_MS / 1000} s` : `crashes the build: ${culprit.crash}`}`);
    if (found.length === 0) problem(batch.selection.topics[0]!, `${where}: the batch ${outcome.hang ? 'hung' : `crashed (${outcome.crash})`}, but no topic of it does alone`);
    return;
  }
  for (const topic of unfinishedTopics(outcome)) problem(topic, `${where}: the build ended without writing or failing every edition`);
  for (const event of outcome.editions) {
    const topic = byId.get(event.spec.topic)!;
    if (event.error === undefined) continue;
    const file = `content/${topic.id}.md`;
    const errors = outcome.messages.filter((message) => message.file === file && message.fatal === true);
    // Nothing partial: a failed edition is not on disk, nor is any edition of a topic that cannot be read.
    if (existsSync(path.join(project.outputDir, event.spec.level === '*' ? topic.id : editionPath(event.spec)))) {
      problem(topic.id, `${where} ${event.spec.level}: failed ("${event.error}"), yet its edition was written`);
    }
    const named = errors.filter((message) => message.line !== null || WHOLE_EDITION_ERRORS.some((pattern) => pattern.test(message.reason)));
    if (named.length === 0) problem(topic.id, `${where} ${event.spec.level}: failed ("${event.error}") without an error naming ${file} and a line: ${listMessages(errors)}`);
    if (!topic.expectedError) refused.push(`${topic.id} ${where} ${event.spec.level}: ${listMessages(errors)}`);
  }
  for (const topic of batch.selection.topics.map((id) => byId.get(id)!)) {
    const expected = topic.expectedError;
    if (!expected) continue;
    const file = `content/${topic.id}.md`;
    const matching = outcome.messages.filter((message) => message.file === file && message.fatal === true && message.ruleId === expected.ruleId && message.line === expected.line);
    if (matching.length === 0) problem(topic.id, `${where}: meant to fail with ${expected.ruleId} on line ${expected.line}; messages: ${listMessages(outcome.messages.filter((message) => message.file === file))}`);
  }
}

function listMessages(messages: FuzzMessage[]): string {
  return messages.length === 0 ? 'none' : messages.map((message) => `${message.line ?? '-'} ${message.fatal ? 'error' : 'warning'} ${message.reason} ${message.ruleId}`).join('; ');
}

/**
 * A written edition shows the source's text and every word of it: each
 * segment of the prepared document is the source's, each of its words is in
 * the PDF (in order where pages are read in order), and so is each word the
 * generator put where a reader sees it (which does not trust the reader's
 * model of the topic).
 */
async function verifyWritten(project: Project, topic: GeneratedTopic, event: EditionEvent, problem: (topic: string, text: string) => void): Promise<void> {
  const spec: EditionSpec = event.spec;
  const label = `${spec.language} ${spec.level} ${spec.format}${topic.edition.draft ? ' --draft' : ''}`;
  if (topic.expectedError) problem(topic.id, `${label}: written, yet it was meant to fail with ${topic.expectedError.ruleId} on line ${topic.expectedError.line}`);
  const { prepared } = await prepareEdition(project, spec, { draft: topic.edition.draft });
  if (!prepared) {
    problem(topic.id, `${label}: written by the build, refused by prepareEdition`);
    return;
  }
  const bytes = await readFile(path.join(project.outputDir, event.path!));
  const rtl = project.config.languages[spec.language]!.direction === 'rtl';
  // Right to left, only letters and digits are compared (the words are runs of them): a bracket or `>` ending a line of a
  // mixed cell takes the line's direction and moves, between the parts of a word broken over two lines (README, Arabic).
  const lettersIfRightToLeft = (text: string) => (rtl ? text.replace(/[^\p{L}\p{N}\p{M}]/gu, '') : text);
  const html = spec.format === 'html';
  const shown: ShownText = { texts: [], lines: [] };
  if (html) {
    shown.texts.push(lettersIfRightToLeft(searchable(htmlText(new XMLParser({ preserveOrder: true, ignoreAttributes: true, htmlEntities: true }).parse(bytes.toString('utf8').replace(/^<!doctype html>/i, ''))))));
  } else {
    const lines = withoutFurniture((await readPdf(bytes)).pages, prepared.clinic.name).flatMap(linesOf);
    const orders = rtl ? [lines, lines.map((line) => [...line].sort((a, b) => b.x - a.x))] : [lines];
    for (const order of orders) {
      const texts = order.map((line) => lettersIfRightToLeft(searchable(line.map((item) => item.str).join(' '))));
      shown.texts.push(texts.join(''));
      if (!IN_ORDER_FORMATS.has(spec.format)) shown.lines.push(...texts);
    }
  }
  const { meta, blocks } = prepared.document;
  const segments = [meta.title, meta.summary, ...[...walkSegments(blocks)].map(([segment]) => segment)];
  // No topic has catalogs: every edition shows the source text of each segment (its white space as translation normalises it), nothing else.
  const { document: source } = await readTopic(project, topic.id);
  const textOf = (segment: Segment) => normalizeSpace(inlineText(segment.content));
  const sourceTexts = new Map([source!.meta.title, source!.meta.summary, ...[...walkSegments(source!.blocks)].map(([segment]) => segment)].map((segment) => [segment.key, textOf(segment)]));
  for (const segment of segments.filter((candidate) => textOf(candidate) !== sourceTexts.get(candidate.key))) {
    problem(topic.id, `${label}: ${segment.key} (line ${segment.position.line}) shows "${textOf(segment)}" where the source has "${sourceTexts.get(segment.key) ?? '(no such segment)'}"`);
  }
  const words = segments.flatMap((segment) => wordsOf(shownText(segment.content, !html), rtl).map((word) => ({ word, place: segment })));
  const lost = lostWords(words, shown);
  const described = (word: string, segment: Segment) => `"${word}" (${segment.key}, line ${segment.position.line})`;
  if (lost.length > 0) {
    const first = lost.slice(0, 5).map(({ word, place, expected, found }) => `${described(word, place)} ${found} of ${expected} times`);
    problem(topic.id, `${label}: ${lost.length} words of the edition missing, first ${first.join(', ')}`);
  } else if (IN_ORDER_FORMATS.has(spec.format) && !rtl) {
    // Every word is there as often as the edition has it: in order too? Taking each word at its first place after the last one finds the order if there is one.
    const text = shown.texts[0]!;
    let from = 0;
    const matched: string[] = [];
    for (const { word, place: segment } of words) {
      const index = text.indexOf(searchable(word), from);
      if (index < 0) {
        // The words before it show where the order went wrong: one found far past its predecessor was most likely lost at its own place.
        problem(topic.id, `${label}: words out of order: ${described(word, segment)} not after the words before it, found that many characters on: ${matched.slice(-4).join(', ')}`);
        break;
      }
      matched.push(`${described(word, segment)} +${index - from}`);
      from = index + searchable(word).length;
    }
  }
  const unseen = lostWords(
    wordsOf((topic.words[spec.level] ?? []).join(' '), rtl).map((word) => ({ word, place: null })),
    shown,
  );
  if (unseen.length > 0) problem(topic.id, `${label}: ${unseen.length} words of the source shown too few times, first ${unseen.slice(0, 8).map(({ word, expected, found }) => `"${word}" ${found} of ${expected}`).join(', ')}`);
}

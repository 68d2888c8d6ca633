import type { VFile } from 'vfile';
import { FORMAT_NAMES } from '../formats/index.ts';
import { suitedLevels } from '../config/index.ts';
import { uiSource as loadUiSource, type SourceCatalog } from '../i18n/catalog.ts';
import { report, sourceFile } from '../messages/index.ts';
import type { EditionSpec } from '../model/edition.ts';
import { topicContext, type TopicContext } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import { listTopics, readTopic, topicPath } from '../reader/index.ts';
import { rendererDigest } from '../render/digest.ts';

import { describeError, reportException } from './failures.ts';
import { toPosix } from './inputs.ts';
import { recordedOffers, reusableEditions, type Reuse, type TopicOffer } from './reuse.ts';
import { editionCost, planDigest, splitByCost, topicBytes, type Shard } from './shard.ts';
import type { ManifestEntry, Selection } from './types.ts';
import { editionPath } from './write.ts';

export interface PlannedTopic {
  id: string;
  context: TopicContext | null;
  specs: EditionSpec[];
  /** Manifest entries of `specs`, in order, when none of their inputs changed: the topic was not read. */
  reused?: ManifestEntry[];
  /** How many editions `Plan.expected` counted for this topic before it was read. */
  expected: number;
  /** Languages the topic is offered in; null when it could not be read. */
  languages: string[] | null;
}

export interface Plan {
  ok: boolean;
  /**
   * Editions of the selection, counting every configured level of a topic not
   * yet read (a topic has at most those): exact once every topic is read.
   */
  expected: number;
  /** Each topic as it is read, so its editions can be rendered while the next is read. */
  topics: AsyncIterable<PlannedTopic>;
  /** In a sharded build: the digest of the whole plan, and the paths of the editions this shard may build. */
  share?: PlannedShare;
}

export interface PlannedShare {
  digest: string;
  paths: Set<string>;
}

/**
 * Checks the selection, then reads the selected topics one by one and lists
 * their editions. Topics with errors are planned with a null context so
 * their editions are reported as failed. With a shard, only the editions of
 * its share are listed, and topics with none are not read.
 */
export async function planEditions(project: Project, selection: Selection, files: VFile[], reuse?: Reuse, shard?: Shard): Promise<Plan> {
  const config = project.config;
  const configFile = project.configFile;
  const refused: Plan = { ok: false, expected: 0, topics: (async function* () {})() };
  let ok = true;
  const unknown = (kind: string, values: string[] | undefined, known: string[]) => {
    for (const value of values ?? []) {
      if (!known.includes(value)) {
        report(configFile, 'error', `Unknown ${kind} "${value}": known ${kind}s are ${known.join(', ')}`, `unknown-${kind}`);
        ok = false;
      }
    }
  };
  unknown('language', selection.languages, Object.keys(config.languages));
  unknown('level', selection.levels, Object.keys(config.levels));
  unknown('format', selection.formats, [...FORMAT_NAMES]);
  unknown('clinic', selection.clinic === undefined ? undefined : [selection.clinic], [...project.clinics.keys()]);
  if (!ok) return refused;
  // Editions of the default clinic keep the short paths; other clinics' go in their own folder.
  const clinic = selection.clinic === undefined || selection.clinic === project.clinics.keys().next().value ? null : selection.clinic;

  let uiSource: SourceCatalog;
  try {
    uiSource = await loadUiSource(project);
  } catch (error) {
    report(configFile, 'error', `Template strings (locales/${config.sourceLanguage}/ui.json) cannot be read: ${(error as Error).message}`, 'ui-source');
    return refused;
  }

  let ids: string[];
  try {
    ids = selection.topics ?? (await listTopics(project));
  } catch (error) {
    const contentFile = sourceFile(project.contentDir, project.root);
    reportException(contentFile, `The content folder cannot be read: ${describeError(error)}`, 'content-unreadable', error);
    files.push(contentFile);
    return refused;
  }
  const languages = selection.languages ?? Object.keys(config.languages);
  const formats = (selection.formats ?? Object.keys(config.formats)) as string[];
  // A format gets the levels the config gives it, or those it suits, unless --level names others.
  const formatLevels = (format: string, levels: string[]) => (selection.levels ? levels : levels.filter((level) => suitedLevels(config, format)?.includes(level) ?? true));
  const paper = selection.paper ?? config.paper;
  // A topic not offered in a language has no edition in it: nothing is built, nothing fails.
  const everySpecFor = (id: string, offered: TopicOffer): EditionSpec[] =>
    languages
      .filter((language) => offered.languages.includes(language))
      .flatMap((language) => formats.flatMap((format) => formatLevels(format, offered.levels).map((level) => ({ topic: id, language, level, format, paper, clinic }))));
  // A shard plans before reading topics: every configured level and selected language (a topic's own are subsets, known once it is read).
  const anyOffer: TopicOffer = { levels: selection.levels ?? Object.keys(config.levels), languages };
  const share = shard ? await planShare(project, ids, (id) => everySpecFor(id, anyOffer), shard, { paper, draft: selection.draft ?? false }) : undefined;
  const specsFor = (id: string, offered: TopicOffer): EditionSpec[] => everySpecFor(id, offered).filter((spec) => !share || share.paths.has(toPosix(editionPath(spec))));
  if (share) ids = ids.filter((id) => specsFor(id, anyOffer).length > 0);
  const offersOf = reuse ? recordedOffers(reuse.previous) : new Map<string, TopicOffer>();
  const expectedOf = (id: string) => {
    const recorded = offersOf.get(id) ?? { levels: Object.keys(config.levels), languages };
    return Math.max(1, specsFor(id, { ...recorded, levels: selection.levels ?? recorded.levels }).length);
  };

  /** A topic with errors has one pseudo-edition, reported as failed. */
  const failedSpecs = (id: string): EditionSpec[] => [{ topic: id, language: '*', level: '*', format: formats[0] ?? 'handout', paper, clinic }];
  async function readPlanned(id: string, expected: number): Promise<PlannedTopic> {
    const { file, document } = await readTopic(project, id);
    files.push(file);
    if (!document) return { id, context: null, specs: failedSpecs(id), expected, languages: null };
    const wanted = selection.levels ?? document.meta.levels;
    const missingLevels = wanted.filter((level) => !document.meta.levels.includes(level));
    for (const level of missingLevels) report(file, 'warning', `Topic has no level "${level}"; skipped`, 'level-not-in-topic');
    const offered = document.meta.languages;
    const specs = specsFor(id, { levels: wanted.filter((level) => !missingLevels.includes(level)), languages: offered });
    try {
      const context = await topicContext(project, document, file, uiSource, languages.filter((language) => offered.includes(language)), rendererDigest());
      for (const catalogs of context.catalogs.values()) files.push(catalogs.topic.file, catalogs.ui.file);
      return { id, context, specs, expected, languages: offered };
    } catch (error) {
      reportException(file, `The topic's translations cannot be read: ${describeError(error)}`, 'topic-failed', error);
      return { id, context: null, specs: failedSpecs(id), expected, languages: offered };
    }
  }

  async function* topics(): AsyncGenerator<PlannedTopic> {
    for (const id of ids) {
      const expected = expectedOf(id);
      const recorded = offersOf.get(id);
      const reused = reuse && recorded ? await reusableEditions(project, id, recorded, selection, specsFor, reuse) : null;
      if (reused) {
        yield { id, context: null, ...reused, expected, languages: recorded!.languages };
        continue;
      }
      let planned: PlannedTopic;
      try {
        planned = await readPlanned(id, expected);
      } catch (error) {
        // One topic that breaks the reader stops neither the build nor the check of the others.
        const file = sourceFile(topicPath(project, id), project.root);
        reportException(file, `The topic cannot be read: ${describeError(error)}`, 'topic-failed', error);
        files.push(file);
        planned = { id, context: null, specs: failedSpecs(id), expected, languages: null };
      }
      yield planned;
    }
  }
  return { ok, expected: ids.reduce((count, id) => count + expectedOf(id), 0), topics: topics(), ...(share ? { share } : {}) };
}

/**
 * Every machine plans every edition, with topic ids, topic lengths and the
 * configured levels (a topic's own levels are a subset, known only once it is
 * read), and keeps the share of its shard. The options that change editions
 * but not their paths count in the plan's digest.
 */
async function planShare(project: Project, ids: string[], specsFor: (id: string) => EditionSpec[], shard: Shard, options: { paper: string; draft: boolean }): Promise<PlannedShare> {
  const editions = [];
  for (const id of ids) {
    const bytes = await topicBytes(topicPath(project, id));
    for (const spec of specsFor(id)) editions.push({ key: toPosix(editionPath(spec)), cost: editionCost(spec, bytes) });
  }
  const shares = splitByCost(editions, shard.count);
  return { digest: planDigest(editions, options), paths: new Set(editions.filter((edition) => shares.get(edition.key) === shard.index).map((edition) => edition.key)) };
}


import type { ConceptTerms } from '../config/terminology.ts';
import type { VFile } from 'vfile';
import type { Place } from '../messages/index.ts';
import type { Segment } from '../model/document.ts';
import type { TranslationSummary } from '../model/edition.ts';
import { UI_NAMESPACE, type Catalog, type SourceCatalog, type SourceEntry } from './catalog.ts';
import { checkTranslation, type CheckFinding } from './checks.ts';
import { catalogStatus, type StatusProblem } from './status.ts';
import { tagsOfSource } from './tags.ts';

/** A language's two catalogs: the topic's segments and the template strings. */
export interface LanguageCatalogs {
  topic: Catalog;
  ui: Catalog;
}

/** Where an edition's translation messages go: once each, on the topic or the catalog they concern. */
export interface TranslationReporter {
  /** Reports once per language, namespace, key and rule, however many editions share the segment. */
  once(id: string[], file: VFile, severity: 'error' | 'warning', reason: string, ruleId: string, place?: Place): void;
  /** The topic's file, where a segment's messages go with its line. */
  topicFile: VFile;
}

export interface EditionTranslationInput {
  /** The edition as messages name it, e.g. "es plain". */
  edition: string;
  language: string;
  languageName: string;
  sourceLanguage: string;
  glossary: string[];
  /** The termbase's concepts in this language. */
  terms: readonly ConceptTerms[];
  /** Segments the edition shows (its level's blocks, title and summary). */
  usedKeys: Set<string>;
  topicSource: SourceCatalog;
  uiSource: SourceCatalog;
  catalogs: LanguageCatalogs;
  /** Build anyway, as a marked draft, when translations are missing, stale or failing their checks. */
  draft: boolean;
  /** Check findings per language, namespace and key: the levels of a topic share most segments. */
  checked: Map<string, CheckFinding[]>;
}

/** Thrown after reporting, when an edition must not be built. */
export class EditionError extends Error {}

/**
 * Decides whether a translated edition is final or a draft: final only when
 * its translation is complete (every segment it shows, and every template
 * string, translated from the current source: what `i18n status` calls
 * complete) and passes its checks; reviewed when all of them are reviewed
 * (status's "fully reviewed"), which a final edition need not be: an
 * unreviewed one carries the unreviewed-translation notice. Without --draft an
 * incomplete edition is refused (EditionError); problems are reported as
 * errors, or as warnings on a draft.
 */
export function editionTranslation(input: EditionTranslationInput, reporter: TranslationReporter): TranslationSummary {
  const { catalogs, language } = input;
  const catalogErrors = [...catalogs.topic.file.messages, ...catalogs.ui.file.messages].filter((message) => message.fatal);
  if (catalogErrors.length > 0) throw new EditionError(`The ${language} catalogs have errors`);
  const topicStatus = catalogStatus(input.topicSource.entries.filter((entry) => input.usedKeys.has(entry.key)), catalogs.topic);
  const uiStatus = catalogStatus(input.uiSource.entries, catalogs.ui);
  const problems = [...topicStatus.problems, ...uiStatus.problems];
  const checkErrors = runChecks(input, reporter);
  reportProblems(input, reporter, problems);
  const translation: TranslationSummary = {
    status: topicStatus.complete && uiStatus.complete && checkErrors === 0 ? 'final' : 'draft',
    reviewed: topicStatus.fullyReviewed && uiStatus.fullyReviewed,
    missing: topicStatus.missing + uiStatus.missing,
    stale: topicStatus.stale + uiStatus.stale,
  };
  if (translation.status === 'draft' && !input.draft) {
    const gaps = problems.length > 0 ? [`${translation.missing} missing and ${translation.stale} stale translations`] : [];
    const failures = checkErrors > 0 ? [`${checkErrors} translations failing their checks`] : [];
    throw new EditionError(`${input.edition}: ${[...gaps, ...failures].join(', ')}; run \`handout i18n sync\`, fix the translations, or build a marked draft with --draft`);
  }
  return translation;
}

function reportProblems(input: EditionTranslationInput, reporter: TranslationReporter, problems: StatusProblem[]): void {
  const severity = input.draft ? 'warning' : 'error';
  for (const problem of problems) {
    const what = problem.state === 'missing' ? 'has no translation' : 'is stale: its source text changed after it was translated';
    const id = [input.language, problem.namespace, problem.key, problem.state];
    const languageLabel = `${input.languageName} (${input.language})`;
    if (problem.namespace === UI_NAMESPACE) {
      reporter.once(id, input.catalogs.ui.file, severity, `${languageLabel} template string \`${problem.key}\` ${what}`, `translation-${problem.state}`);
    } else {
      const place: Place | undefined = problem.entry.position ?? undefined;
      reporter.once(id, reporter.topicFile, severity, `${languageLabel} segment \`${problem.key}\` ${what} (${input.catalogs.topic.file.path})`, `translation-${problem.state}`, place);
    }
  }
}

/** Runs the translation checks on every translation the edition uses; returns how many found errors. */
function runChecks(input: EditionTranslationInput, reporter: TranslationReporter): number {
  let errors = 0;
  const run = (entries: SourceEntry[], catalog: Catalog, withTags: boolean) => {
    for (const entry of entries) {
      const translation = catalog.values[entry.key];
      if (translation === undefined) continue;
      const cacheKey = `${input.language}|${catalog.namespace}|${entry.key}`;
      let findings = input.checked.get(cacheKey);
      if (!findings) {
        findings = checkTranslation({
          source: entry.source,
          translation,
          sourceLanguage: input.sourceLanguage,
          language: input.language,
          tags: withTags ? tagsOfSource(entry.source) : null,
          glossary: input.glossary,
          terms: input.terms,
        });
        input.checked.set(cacheKey, findings);
      }
      for (const finding of findings) {
        if (finding.severity === 'error') errors += 1;
        const severity = finding.severity === 'error' && !input.draft ? 'error' : 'warning';
        const reason = `${input.language} translation of \`${entry.key}\`: ${finding.message}`;
        const id = [input.language, catalog.namespace, entry.key, finding.ruleId];
        if (catalog.namespace === UI_NAMESPACE) reporter.once(id, catalog.file, severity, reason, finding.ruleId);
        else reporter.once(id, reporter.topicFile, severity, `${reason} (${catalog.file.path})`, finding.ruleId, entry.position ?? undefined);
      }
    }
  };
  run(
    input.topicSource.entries.filter((entry) => input.usedKeys.has(entry.key)),
    input.catalogs.topic,
    true,
  );
  run(input.uiSource.entries, input.catalogs.ui, false);
  return errors;
}

/** The keys of the segments an edition shows. */
export function usedKeys(segments: Iterable<Segment>): Set<string> {
  return new Set(['title', 'summary', ...[...segments].map((segment) => segment.key)]);
}

import { report } from '../messages/index.ts';
import { EditionError, prepareEdition } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import { ruleSeverityIn } from '../config/index.ts';
import { unexpandedMessage } from '../readability/abbreviations.ts';
import { targetMessage } from '../readability/targets.ts';
import { reportException } from './failures.ts';
import { planEditions } from './plan.ts';
import type { EditionOutcome, RunResult, Selection } from './types.ts';

/**
 * Validates what a build would use, without rendering: front matter and Markdown,
 * translations (missing, stale, broken tags) and readability targets.
 */
export async function check(project: Project, selection: Selection = {}): Promise<RunResult> {
  const files = [project.configFile];
  const plan = await planEditions(project, { ...selection, draft: false }, files);
  const editions: EditionOutcome[] = [];
  for await (const topic of plan.topics) {
    if (!topic.context) {
      // As in a build: a topic that cannot be read is a failed edition, not left out of the count.
      for (const spec of topic.specs) editions.push({ spec, error: `Topic ${topic.id} has errors` });
      continue;
    }
    // Formats share translations and readability: check each language and level once.
    const seen = new Set<string>();
    for (const spec of topic.specs) {
      const id = `${spec.language}/${spec.level}`;
      if (seen.has(id)) continue;
      seen.add(id);
      try {
        const prepared = prepareEdition(topic.context, spec, { draft: false });
        const missed = prepared.targets.filter((result) => !result.met);
        for (const target of missed) report(topic.context.file, 'error', targetMessage(spec, target), 'readability-target', { line: 1, column: 1 });
        const severity = ruleSeverityIn(project.config, spec.level, 'abbreviation-unexpanded');
        const unexpanded = prepared.unexpandedAbbreviations.map((finding) => ({ position: finding.position, message: unexpandedMessage(finding, spec.level) }));
        if (severity !== 'off') for (const { position, message } of unexpanded) report(topic.context.file, severity, message, 'abbreviation-unexpanded', position);
        const errors = [...missed.map((target) => targetMessage(spec, target)), ...(severity === 'error' ? unexpanded.map(({ message }) => message) : [])];
        editions.push(errors.length > 0 ? { spec, error: errors.join('; ') } : { spec });
      } catch (error) {
        if (!(error instanceof EditionError)) reportException(topic.context.file, `${spec.language} ${spec.level}: ${(error as Error).message}`, 'edition-failed', error);
        editions.push({ spec, error: (error as Error).message });
      }
    }
  }
  return { files, editions, ok: plan.ok };
}

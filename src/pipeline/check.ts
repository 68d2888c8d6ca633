import { report } from '../messages/index.ts';
import { EditionError, prepareEdition } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';
import { ruleSeverityIn } from '../config/index.ts';
import { targetMessage } from '../readability/targets.ts';
import { reportException } from './failures.ts';
import { writeHealthLiteracyReport } from './report.ts';
import { planEditions } from './plan.ts';
import type { EditionOutcome, RunResult, Selection } from './types.ts';

/**
 * Validates what a build would use, without rendering: front matter and Markdown,
 * translations (missing, stale, broken tags), readability targets and the
 * health-literacy rules; with `report`, writes each edition's health-literacy
 * report under output/reports/.
 */
export async function check(project: Project, selection: Selection = {}, options: { report?: boolean } = {}): Promise<RunResult & { reports: string[] }> {
  const reports: string[] = [];
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
        const styleErrors: string[] = [];
        for (const finding of prepared.styleFindings) {
          const severity = ruleSeverityIn(project.config, spec.level, finding.ruleId);
          if (severity === 'off') continue;
          report(topic.context.file, severity, finding.message, finding.ruleId, finding.position);
          if (severity === 'error') styleErrors.push(finding.message);
        }
        const errors = [...missed.map((target) => targetMessage(spec, target)), ...styleErrors];
        if (options.report) {
          try {
            reports.push(await writeHealthLiteracyReport(project, prepared));
          } catch (error) {
            report(project.configFile, 'error', `The report of ${spec.language} ${spec.level} cannot be written: ${(error as Error).message}`, 'output-unwritable');
          }
        }
        editions.push(errors.length > 0 ? { spec, error: errors.join('; ') } : { spec });
      } catch (error) {
        if (!(error instanceof EditionError)) reportException(topic.context.file, `${spec.language} ${spec.level}: ${(error as Error).message}`, 'edition-failed', error);
        editions.push({ spec, error: (error as Error).message });
      }
    }
  }
  return { files, editions, ok: plan.ok, reports };
}

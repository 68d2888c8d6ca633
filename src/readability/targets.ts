import type { Document } from '../model/document.ts';
import { inlineText } from '../model/segments.ts';
import { walkSegments } from '../model/walk.ts';
import type { ReadabilityMetric, ReadabilityReport } from './index.ts';

export interface TargetResult {
  metric: ReadabilityMetric;
  value: number;
  min?: number;
  max?: number;
  met: boolean;
}

export type ReadabilityTargets = Partial<Record<ReadabilityMetric, { min?: number; max?: number }>>;

/** Text units readability is measured on: body paragraphs, list items and table cells (not headings or captions). */
export function readabilityUnits(document: Document): string[] {
  return [...walkSegments(document.blocks)]
    .filter(([, context]) => context.role === 'paragraph' || context.role === 'table-cell')
    .map(([segment]) => inlineText(segment.content).trim())
    .filter((text) => text.length > 0);
}

/** Each configured target of a level against the edition's scores; none where the language has no validated formula. */
export function checkTargets(targets: ReadabilityTargets, readability: ReadabilityReport): TargetResult[] {
  if (!readability.measured) return [];
  const results: TargetResult[] = [];
  for (const [metric, bound] of Object.entries(targets) as [ReadabilityMetric, { min?: number; max?: number } | undefined][]) {
    const value = readability.scores[metric];
    if (bound === undefined || value === undefined) continue;
    const met = (bound.min === undefined || value >= bound.min) && (bound.max === undefined || value <= bound.max);
    results.push({ metric, value, ...bound, met });
  }
  return results;
}

export function targetMessage(edition: { language: string; level: string }, target: TargetResult): string {
  const bound = target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`;
  return `${edition.language} ${edition.level}: ${target.metric} is ${target.value}, target ${bound}`;
}

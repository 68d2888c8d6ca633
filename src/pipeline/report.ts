import path from 'node:path';
import { ruleSeverityIn } from '../config/index.ts';
import { STYLE_RULE_IDS, STYLE_RULES } from '../config/style-rules.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import type { PreparedEdition } from '../prepare/index.ts';
import type { Project } from '../project/index.ts';

/**
 * PEMAT-P items and CDC Clear Communication Index questions no program can
 * judge: a reviewer answers them with the edition in hand.
 */
const FOR_A_PERSON = [
  'PEMAT-P 1: the material makes its purpose completely evident',
  'PEMAT-P 2: the material does not include information or content that distracts from its purpose',
  'PEMAT-P 6 and 7: numbers are clear and easy to understand, and the reader need not calculate',
  'PEMAT-P 9: the material presents information in a logical sequence',
  'PEMAT-P 12: visual cues (bullets, boxes, bold) draw attention to key points',
  'PEMAT-P visual aids: they make the content easier to understand, and are clear and uncluttered',
  'PEMAT-P 21: the material addresses the reader directly when describing actions',
  'PEMAT-P 23: the material provides a tangible tool (a checklist, questions to ask) where it would help',
  'CCI: the material contains one main message, which patients would agree is the most important',
  'CCI: the material explains why the recommended behavior matters, and what the risks and benefits are',
  'CCI: the topic is accurate and balanced against its sources (benefits and risks of every choice)',
  'A qualified medical translator has reviewed each translation',
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The health-literacy report of one prepared edition, in Markdown: what was checked automatically, and what needs a person. */
export function healthLiteracyReport(project: Project, prepared: PreparedEdition): string {
  const { identity, spec, readability, targets, translation } = prepared;
  const isSource = spec.language === project.config.sourceLanguage;
  const lines = [
    `# Health-literacy report: ${identity.topicId}, ${spec.level}, ${spec.language}`,
    '',
    `Version ${identity.version}, reviewed ${identity.reviewed}; translation: ${isSource ? 'source language' : `${translation.status}${translation.reviewed ? ', reviewed' : ', not reviewed by a qualified medical translator'}`}.`,
    '',
    '## Readability',
    '',
  ];
  if (readability.measured) {
    lines.push('| measure | score | target | met |', '| --- | --- | --- | --- |');
    for (const [metric, score] of Object.entries(readability.scores)) {
      const target = targets.find((candidate) => candidate.metric === metric);
      const bound = target ? (target.max !== undefined ? `≤ ${target.max}` : `≥ ${target.min}`) : '—';
      lines.push(`| ${metric} | ${score} | ${bound} | ${target ? (target.met ? 'yes' : '**no**') : '—'} |`);
    }
    const { words, sentences, syllables, polysyllables } = readability.counts;
    lines.push('', `${words} words, ${sentences} sentences, ${syllables} syllables, ${polysyllables} of three or more; abbreviations counted as said (${Object.keys(project.config.abbreviations).join(', ') || 'none listed'}).`);
  } else {
    lines.push(readability.reason);
  }
  lines.push('', '## Checked automatically', '');
  if (isSource) {
    lines.push('| rule | what it checks | PEMAT-P | CCI | severity in this level | result |', '| --- | --- | --- | --- | --- | --- |');
    for (const rule of STYLE_RULE_IDS) {
      const { what, pemat, cci } = STYLE_RULES[rule];
      const severity = ruleSeverityIn(project.config, spec.level, rule);
      const found = prepared.styleFindings.filter((finding) => finding.ruleId === rule);
      const result = severity === 'off' ? 'not checked' : found.length === 0 ? 'passes' : found.map((finding) => `line ${finding.position.line}: ${finding.message}`).join('<br>');
      lines.push(`| \`${rule}\` | ${cell(what)} | ${cell(pemat)} | ${cell(cci)} | ${severity} | ${cell(result)} |`);
    }
  } else {
    lines.push(
      `The style and structure rules read the source text (${project.config.sourceLanguage}); this translation was held to the translation checks and the terminology of ${project.terminology.file ?? 'no termbase'}:`,
      `${translation.missing} segments missing, ${translation.stale} stale.`,
    );
  }
  lines.push('', '## For a person to check', '', ...FOR_A_PERSON.map((item) => `- [ ] ${item}`), '');
  return lines.join('\n');
}

export function reportPath(project: Project, prepared: PreparedEdition): string {
  const { spec } = prepared;
  return path.join(project.outputDir, 'reports', spec.topic, `${spec.topic}.${spec.level}.${spec.language}.md`);
}

export async function writeHealthLiteracyReport(project: Project, prepared: PreparedEdition): Promise<string> {
  const target = reportPath(project, prepared);
  await writeFileAtomic(target, healthLiteracyReport(project, prepared));
  return target;
}

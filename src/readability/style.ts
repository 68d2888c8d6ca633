import retextEnglish from 'retext-english';
import retextPassive from 'retext-passive';
import retextSimplify from 'retext-simplify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { namesNumberToCall } from '../model/callouts.ts';
import type { Block, Document, Position, Segment } from '../model/document.ts';
import { inlineText } from '../model/segments.ts';
import { walkSegments } from '../model/walk.ts';
import { wholeWord } from '../model/words.ts';
import type { StyleRule } from '../config/style-rules.ts';
import { sentencesOf, wordsOf } from './index.ts';
import { placeOf } from './place.ts';

export interface StyleFinding {
  ruleId: StyleRule;
  message: string;
  /** Where in the topic file. */
  position: Position;
}

export interface StyleOptions {
  /** The topic file's text, to place a finding on the line of the words it is about. */
  sourceText: string;
  /** Terms the plainest reader may not know, which must be explained where first used. */
  explainTerms: readonly string[];
  /** Whether the edition's clinic has a phone number the warning boxes can give. */
  clinicHasPhone: boolean;
}

const MAX_SENTENCE_WORDS = 20;
const MAX_WORDS_WITHOUT_HEADING = 200;
// Imperatives that open an instruction to the reader: a paragraph of three of these is a list in disguise.
const ACTION_VERBS = new Set(
  'ask avoid bring call check clean come cover do don’t don\'t drink eat get give go keep let make put read rest see start stop take tell try use wash wear write'.split(' '),
);
// A term counts as explained where its sentence defines it: after a colon, dash or bracket, or with "means", "is", "are", "which".
const EXPLAINED_AFTER = /^\s*(?::|—|–|-|\(|,?\s+(?:means|is|are|which|that)\b)/iu;

const englishProse = unified().use(retextEnglish).use(retextPassive).use(retextSimplify).freeze();

/**
 * Style and structure findings of one source-language edition: its selected
 * level's text, after the project's abbreviation check (done apart).
 */
export function styleFindings(document: Document, options: StyleOptions): StyleFinding[] {
  const findings: StyleFinding[] = [];
  // retext-english and the list of instructions read English only: a project written in another language gets the structure rules.
  const english = /^en(-|$)/i.test(document.language);
  const segments = [...walkSegments(document.blocks)];
  for (const [segment, context] of segments) {
    if (context.role !== 'paragraph' && context.role !== 'table-cell') continue;
    const text = inlineText(segment.content);
    for (const sentence of sentencesOf(text)) {
      const words = wordsOf(sentence, document.language);
      if (words.length > MAX_SENTENCE_WORDS) {
        findings.push({ ruleId: 'sentence-long', message: `This sentence has ${words.length} words (at most ${MAX_SENTENCE_WORDS}): "${clip(sentence)}"`, position: placeOf(options.sourceText, segment, words[0]!) });
      }
    }
    if (!english) continue;
    const file = new VFile(text);
    englishProse.runSync(englishProse.parse(file), file);
    for (const message of file.messages) {
      const ruleId: StyleRule = message.source === 'retext-passive' ? 'passive-voice' : 'simpler-word';
      const words = message.actual ?? text.slice(message.place && 'start' in message.place ? message.place.start.offset : 0, message.place && 'end' in message.place ? message.place.end.offset : 0);
      findings.push({ ruleId, message: `${message.reason}: "${clip(contextOf(text, words))}"`, position: placeOf(options.sourceText, segment, words) });
    }
  }
  findings.push(...unexplainedTerms(segments.map(([segment]) => segment), options));
  findings.push(...longStretches(document.blocks, options.sourceText));
  if (english) findings.push(...actionParagraphs(document.blocks, options.sourceText));
  findings.push(...warningsWithoutCall(document.blocks, options));
  if (document.blocks[0]?.type !== 'callout' || document.blocks[0].kind !== 'summary') {
    findings.push({ ruleId: 'summary-missing', message: 'No key-points summary: start the level with a :::summary box of the two or three things to remember', position: document.blocks[0] ? firstPosition(document.blocks[0]) : { line: 1, column: 1 } });
  }
  return findings;
}

function unexplainedTerms(segments: Segment[], options: StyleOptions): StyleFinding[] {
  const findings: StyleFinding[] = [];
  for (const term of options.explainTerms) {
    const pattern = wholeWord(term, 'iu');
    for (const segment of segments) {
      const sentence = sentencesOf(inlineText(segment.content)).find((candidate) => pattern.test(candidate));
      if (!sentence) continue;
      const after = sentence.slice(sentence.search(pattern) + term.length);
      if (!EXPLAINED_AFTER.test(after)) {
        findings.push({ ruleId: 'term-unexplained', message: `"${term}" is not explained where it is first used: say what it is in the same sentence, as in "${term}: …" or "${term}, which …"`, position: placeOf(options.sourceText, segment, term) });
      }
      break;
    }
  }
  return findings;
}

/** Runs of body text longer than a reader takes in without a heading to rest on. */
function longStretches(blocks: Block[], sourceText: string): StyleFinding[] {
  const findings: StyleFinding[] = [];
  let words = 0;
  let start: Segment | null = null;
  for (const block of blocks) {
    if (block.type === 'heading') {
      words = 0;
      start = null;
      continue;
    }
    for (const [segment, context] of walkSegments([block])) {
      if (context.role === 'heading') continue;
      start ??= segment;
      words += inlineText(segment.content).split(/\s+/).filter(Boolean).length;
    }
    if (words > MAX_WORDS_WITHOUT_HEADING && start) {
      findings.push({ ruleId: 'heading-interval', message: `${words} words without a heading (at most ${MAX_WORDS_WITHOUT_HEADING}): split this section under a heading that says what each part is about`, position: start.position });
      words = 0;
      start = null;
    }
  }
  return findings;
}

function actionParagraphs(blocks: Block[], sourceText: string): StyleFinding[] {
  return blocks.flatMap((block) => {
    if (block.type === 'callout' || block.type === 'blockquote') return actionParagraphs(block.children, sourceText);
    if (block.type !== 'paragraph') return [];
    const actions = sentencesOf(inlineText(block.text.content)).filter((sentence) => ACTION_VERBS.has(sentence.trim().split(/\s+/)[0]!.toLowerCase()));
    if (actions.length < 3) return [];
    return [{ ruleId: 'actions-as-list' as const, message: `${actions.length} things to do in one paragraph: write them as a list, one action an item`, position: block.text.position }];
  });
}

function warningsWithoutCall(blocks: Block[], options: StyleOptions): StyleFinding[] {
  return blocks.flatMap((block) => {
    if (block.type !== 'callout' || block.kind !== 'warning') return [];
    if (options.clinicHasPhone || namesNumberToCall(block)) return [];
    return [
      {
        ruleId: 'warning-whom-to-call' as const,
        message: `This warning box does not say whom to call: its clinic has no phone in handout.config.yaml, and its title names no number (such as "Call 911 if you have")`,
        position: block.title?.position ?? firstPosition(block),
      },
    ];
  });
}

function firstPosition(block: Block): Position {
  const first = walkSegments([block]).next();
  return first.done ? { line: 1, column: 1 } : first.value[0].position;
}

function contextOf(text: string, words: string): string {
  const sentence = sentencesOf(text).find((candidate) => candidate.includes(words));
  return sentence ?? words;
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}…` : trimmed;
}

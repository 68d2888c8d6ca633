import { fleschKincaid } from 'flesch-kincaid';
import { smogFormula } from 'smog-formula';
import { syllable } from 'syllable';
import { spanishSyllables } from './spanish.ts';

export type ReadabilityMetric = 'fleschKincaidGrade' | 'smog' | 'fernandezHuerta' | 'inflesz';

export interface ReadabilityCounts {
  words: number;
  sentences: number;
  syllables: number;
  /** Words of three or more syllables (SMOG). */
  polysyllables: number;
}

export type InfleszBand = 'muy difícil' | 'algo difícil' | 'normal' | 'bastante fácil' | 'muy fácil';

export type ReadabilityReport =
  | { language: string; measured: true; counts: ReadabilityCounts; scores: Partial<Record<ReadabilityMetric, number>>; infleszBand?: InfleszBand }
  | { language: string; measured: false; reason: string };

/** Kincaid, Fishburne, Rogers & Chissom (1975): US school grade. Via wooorm's `flesch-kincaid`. */
export function fleschKincaidGrade(counts: ReadabilityCounts): number {
  return fleschKincaid({ sentence: counts.sentences, word: counts.words, syllable: counts.syllables });
}

/** McLaughlin (1969), SMOG grade: 1.0430·√(polysyllables·30/sentences) + 3.1291. Via wooorm's `smog-formula`. */
export function smogGrade(counts: ReadabilityCounts): number {
  return smogFormula({ sentence: counts.sentences, polysillabicWord: counts.polysyllables });
}

/**
 * Fernández Huerta (1959) reading ease, in the corrected form of Law (2011):
 * 206.84 − 0.60·(syllables per 100 words) − 1.02·(words per sentence).
 * The often-quoted "sentences per 100 words" makes shorter sentences score as
 * harder, the opposite of Flesch's formula it adapts.
 */
export function fernandezHuerta(counts: ReadabilityCounts): number {
  return 206.84 - 0.6 * ((100 * counts.syllables) / counts.words) - 1.02 * (counts.words / counts.sentences);
}

/**
 * Szigriszt-Pazos (1993) perspicuity, read on the INFLESZ scale of
 * Barrio-Cantalejo et al. (2008, Anales Sis San Navarra 31(2):135–152):
 * 206.835 − 62.3·(syllables/words) − words/sentences.
 */
export function szigrisztPazos(counts: ReadabilityCounts): number {
  return 206.835 - 62.3 * (counts.syllables / counts.words) - counts.words / counts.sentences;
}

export function infleszBand(score: number): InfleszBand {
  if (score < 40) return 'muy difícil';
  if (score < 55) return 'algo difícil';
  if (score < 65) return 'normal';
  if (score <= 80) return 'bastante fácil';
  return 'muy fácil';
}

interface LanguageRules {
  metrics: ReadabilityMetric[];
  syllables: (word: string) => number;
}

const RULES: Record<string, LanguageRules> = {
  en: { metrics: ['fleschKincaidGrade', 'smog'], syllables: syllable },
  es: { metrics: ['fernandezHuerta', 'inflesz'], syllables: spanishSyllables },
};

function rulesFor(language: string): LanguageRules | undefined {
  return RULES[language.toLowerCase().split('-')[0]!];
}

/** Metrics with a validated formula for a BCP 47 language tag; none for other languages. */
export function metricsFor(language: string): ReadabilityMetric[] {
  return rulesFor(language)?.metrics ?? [];
}

// Sentence ends: . ! ? … (and their full-width forms) followed by a space or the end.
const SENTENCE_END = /[.!?…。！？]+["'”’»)]*(?=\s|$)/u;

/** The sentences of a text unit, as readability counts them. */
export function sentencesOf(unit: string): string[] {
  return unit.split(SENTENCE_END);
}

const segmenters = new Map<string, Intl.Segmenter>();

/** The words of a sentence: numbers and symbols are not words here, only tokens with letters count. */
export function wordsOf(sentence: string, language: string): string[] {
  const segmenter = segmenters.get(language) ?? new Intl.Segmenter(language, { granularity: 'word' });
  segmenters.set(language, segmenter);
  return [...segmenter.segment(sentence)].filter((part) => part.isWordLike && /\p{L}/u.test(part.segment)).map((part) => part.segment);
}

/** Abbreviation → how it is said (`MVD` → `microvascular decompression`, `MRI` → `M R I`). */
export type SpokenForms = Record<string, string>;

/**
 * Counts words, sentences and syllables; a unit's end always ends a sentence
 * (list items often lack a period). An abbreviation with a spoken form is one
 * word with the syllables said: SMOG's rules read abbreviations unabbreviated
 * to tell whether they are polysyllabic (McLaughlin 1969), and Flesch–Kincaid
 * counts the syllables read.
 */
export function countText(units: string[], language: string, syllables: (word: string) => number, spoken: SpokenForms = {}): ReadabilityCounts {
  // A letter read out ("M R I") is one syllable, but W is three: double-u.
  const syllablesOf = (word: string) => Math.max(1, word === 'W' ? 3 : syllables(word));
  const said = (word: string) => (Object.hasOwn(spoken, word) ? wordsOf(spoken[word]!, language).reduce((sum, part) => sum + syllablesOf(part), 0) : syllablesOf(word));
  const counts: ReadabilityCounts = { words: 0, sentences: 0, syllables: 0, polysyllables: 0 };
  for (const unit of units) {
    for (const sentence of sentencesOf(unit)) {
      const words = wordsOf(sentence, language);
      if (words.length === 0) continue;
      counts.sentences += 1;
      for (const word of words) {
        const count = said(word);
        counts.words += 1;
        counts.syllables += count;
        if (count >= 3) counts.polysyllables += 1;
      }
    }
  }
  return counts;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Readability of a document's text units (paragraphs, list items, table cells).
 * A language without a validated formula is reported as not measured, never
 * with an English score.
 */
export function measureReadability(units: string[], language: string, spoken: SpokenForms = {}): ReadabilityReport {
  const rules = rulesFor(language);
  if (!rules) return { language, measured: false, reason: `not measured: no validated readability formula for ${language}` };
  const counts = countText(units, language, rules.syllables, spoken);
  if (counts.words === 0) return { language, measured: false, reason: 'not measured: no text' };
  const scores: Partial<Record<ReadabilityMetric, number>> = {};
  for (const metric of rules.metrics) {
    const value = { fleschKincaidGrade, smog: smogGrade, fernandezHuerta, inflesz: szigrisztPazos }[metric](counts);
    scores[metric] = round(value);
  }
  return { language, measured: true, counts, scores, ...(scores.inflesz !== undefined ? { infleszBand: infleszBand(scores.inflesz) } : {}) };
}

import type { ConceptTerms } from '../config/terminology.ts';
import { fromTagged, TagError, type TagKind } from '../model/segments.ts';
import { escapeRegExp, wholeWord } from '../model/words.ts';
import { invisibleCharacters } from './invisible.ts';

export interface CheckFinding {
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface CheckInput {
  source: string;
  translation: string;
  sourceLanguage: string;
  language: string;
  /** Tags of the source segment; null for template strings, which have placeholders instead. */
  tags: TagKind[] | null;
  /** Terms that must appear untranslated (drug names, brand names). */
  glossary: readonly string[];
  /** The termbase's concepts in the translation's language. */
  terms: readonly ConceptTerms[];
}

/**
 * Quality checks in the manner of Weblate's and Crowdin's, tuned for patient
 * safety: a changed number or URL is an error, style slips are warnings.
 */
export function checkTranslation(input: CheckInput): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const add = (ruleId: string, severity: CheckFinding['severity'], message: string) => findings.push({ ruleId, severity, message });
  const { source, translation } = input;

  if (!translation.trim()) {
    add('empty-translation', 'error', 'translation is empty');
    return findings;
  }
  for (const finding of invisibleCharacters(source, translation)) add(finding.ruleId, 'error', finding.message);
  if (input.tags) {
    try {
      fromTagged(translation, input.tags);
    } catch (error) {
      if (!(error instanceof TagError)) throw error;
      add('inline-tags', 'error', `inline tags: ${error.message}`);
    }
  }
  const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((match) => match[1]!).sort();
  if (placeholders(source).join() !== placeholders(translation).join()) {
    add('placeholders', 'error', `placeholders differ: source has ${list(placeholders(source))}, translation has ${list(placeholders(translation))}`);
  }
  const sourceNumbers = numbers(stripMarkup(source), input.sourceLanguage);
  const translationNumbers = numbers(stripMarkup(translation), input.language);
  if (sourceNumbers.join() !== translationNumbers.join()) {
    add('numbers', 'error', `numbers differ: source has ${list(sourceNumbers)}, translation has ${list(translationNumbers)}`);
  }
  const sourceUnits = doses(stripMarkup(source), input.sourceLanguage);
  const translationUnits = doses(stripMarkup(translation), input.language);
  if (sameScript(input) && sourceNumbers.join() === translationNumbers.join() && sourceUnits.join() !== translationUnits.join()) {
    add('units', 'error', `doses or units differ: source has ${list(sourceUnits)}, translation has ${list(translationUnits)}`);
  }
  const sourceUrls = urls(source);
  if (sourceUrls.join() !== urls(translation).join()) {
    add('urls', 'error', `URLs or e-mail addresses differ: source has ${list(sourceUrls)}, translation has ${list(urls(translation))}`);
  }
  const sourcePhones = phones(source);
  if (sourcePhones.join() !== phones(translation).join()) {
    add('phone-numbers', 'error', `phone numbers differ: source has ${list(sourcePhones)}, translation has ${list(phones(translation))}`);
  }
  for (const term of input.glossary) {
    if (containsTerm(source, term) && !containsTerm(translation, term)) {
      add('glossary', 'error', `"${term}" is in the glossary of terms that are not translated, but the translation does not contain it`);
    }
  }
  for (const finding of forbiddenTerms(source, translation, input.terms)) add('terminology', 'error', finding);
  const isName = (text: string) => input.glossary.some((term) => stripMarkup(text).trim().toLowerCase() === term.toLowerCase()) || !/\p{L}{2,}/u.test(stripMarkup(text));
  if (input.language !== input.sourceLanguage && translation.trim() === source.trim() && !isName(source)) {
    add('untranslated', 'warning', 'translation is identical to the source text');
  }
  const end = (text: string) => terminalPunctuation(stripMarkup(text).trim());
  if (end(source) !== end(translation)) {
    add('trailing-punctuation', 'warning', `source ends with ${describeEnd(end(source))}, translation with ${describeEnd(end(translation))}`);
  }
  return findings;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

function stripMarkup(text: string): string {
  return text.replace(/<\/?\d+\/?>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// Zero of each decimal digit set a patient-education language may use; the nine others follow it.
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x1040, 0x17e0, 0xff10];

/** Script-specific digits as ASCII, so ٥ and 5 compare equal. */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((candidate) => code >= candidate && code <= candidate + 9);
    return zero === undefined ? digit : String(code - zero);
  });
}

const decimalSeparators = new Map<string, string>();

function decimalSeparator(language: string): string {
  let separator = decimalSeparators.get(language);
  if (separator === undefined) {
    separator = new Intl.NumberFormat(language).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
    decimalSeparators.set(language, separator);
  }
  return separator;
}

/** Number values, in order of size, read with the decimal and group separators of each language. */
function numbers(text: string, language: string): string[] {
  const decimal = decimalSeparator(language);
  const pattern = decimal === ',' ? /\d+(?:[.\u00a0\u202f ]\d{3})*(?:,\d+)?/g : /\d+(?:[,\u00a0\u202f]\d{3})*(?:\.\d+)?/g;
  return [...asciiDigits(text).replace(/[٫]/g, decimal).matchAll(pattern)]
    .map((match) => {
      const normalized = decimal === ',' ? match[0].replace(/[.\u00a0\u202f ]/g, '').replace(',', '.') : match[0].replace(/[,\u00a0\u202f]/g, '');
      return String(Number(normalized));
    })
    .sort((a, b) => Number(a) - Number(b));
}

// Units written the same way in every Latin-script language.
const UNITS = ['mg', 'mcg', 'µg', 'g', 'kg', 'ml', 'mL', 'l', 'L', 'mmHg', 'IU', '%', '°C', '°F', 'cm', 'mm', 'h'];

function doses(text: string, language: string): string[] {
  const unitPattern = UNITS.join('|');
  const expression = new RegExp(`(\\d+(?:[.,]\\d+)?)\\s?(${unitPattern})(?![\\p{L}])`, 'gu');
  return [...asciiDigits(text).matchAll(expression)].map((match) => `${numbers(match[1]!, language)[0]} ${match[2]!.toLowerCase()}`).sort();
}

function sameScript(input: CheckInput): boolean {
  const latin = (text: string) => (text.match(/\p{Script=Latin}/gu)?.length ?? 0) > text.replace(/\P{L}/gu, '').length / 2;
  return latin(input.source) === latin(input.translation);
}

// An e-mail address starts where a run of its characters starts: starting inside the run too made long runs quadratic.
function urls(text: string): string[] {
  return [...text.matchAll(/\b(?:https?:\/\/|www\.)[^\s<>()]+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/gi)].map((match) => match[0].replace(/[.,;:!?]+$/, '')).sort();
}

function phones(text: string): string[] {
  return [...asciiDigits(text).matchAll(/(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}\b/g)].map((match) => match[0].replace(/\D/g, '')).sort();
}

/** Whether a text holds a term as a whole word (any occurrence in Chinese and Japanese). */
export function containsTerm(text: string, term: string): boolean {
  return termPattern(term).test(stripMarkup(text));
}

/**
 * A term as a whole word. Words of scripts written without spaces (Chinese,
 * Japanese) have no word boundaries, so there a term is any occurrence; an
 * abbreviation in capitals matches only in capitals (MVD, not "mvd").
 */
function termPattern(term: string, flags = 'gu'): RegExp {
  const caseless = term === term.toUpperCase() && /\p{Lu}{2}/u.test(term) ? '' : 'i';
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(term)) return new RegExp(escapeRegExp(term), flags + caseless);
  return wholeWord(term, flags + caseless);
}

/**
 * Forbidden terms of the concepts the source segment speaks of. A forbidden
 * term inside an approved one does not count: 减压 (stress relief, read as
 * surgery) is forbidden, 微血管减压术 (the operation's name) holds it.
 */
function forbiddenTerms(source: string, translation: string, terms: readonly ConceptTerms[]): string[] {
  const findings: string[] = [];
  const sourceText = stripMarkup(source);
  let target = stripMarkup(translation);
  for (const approved of terms.flatMap((concept) => concept.approved).sort((a, b) => b.length - a.length)) {
    target = target.replace(termPattern(approved), (match) => ' '.repeat(match.length));
  }
  for (const concept of terms) {
    const spokenOf = concept.sourceTerms.find((term) => termPattern(term).test(sourceText));
    if (!spokenOf) continue;
    for (const { term, note } of concept.forbidden) {
      if (!termPattern(term).test(target)) continue;
      const use = concept.approved.length > 0 ? `: use ${concept.approved.map((approved) => `"${approved}"`).join(' or ')}` : '';
      findings.push(`"${term}" must not be used for "${spokenOf}"${note ? ` (${note})` : ''}${use}`);
    }
  }
  return findings;
}

/** Sentence-final punctuation, with the script variants that mean the same thing folded together. */
function terminalPunctuation(text: string): string {
  const last = text.at(-1) ?? '';
  const folded: Record<string, string> = { '。': '.', '．': '.', '۔': '.', '！': '!', '？': '?', '؟': '?', '：': ':', '؛': ';', '；': ';' };
  const character = folded[last] ?? last;
  return /[.!?:;]/.test(character) ? character : '';
}

function describeEnd(end: string): string {
  return end ? `"${end}"` : 'no punctuation';
}

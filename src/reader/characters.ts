/**
 * Characters that must not reach a page: control characters, the replacement
 * character, bidirectional controls, and invisible characters that change what
 * is printed or how it is read. Used on topic files (and usable on any text a
 * handout shows, such as translations).
 */

export type CharacterRule = 'control-character' | 'replacement-character' | 'bidi-control' | 'invisible-character';

export interface CharacterProblem {
  /** UTF-16 index of the character in the text. */
  index: number;
  codePoint: number;
  ruleId: CharacterRule;
  reason: string;
}

/** Neighbours a character needs on both sides to be allowed, and how to say so. */
interface Context {
  before: RegExp;
  after: RegExp;
  where: string;
}

interface Invisible {
  from: number;
  to: number;
  name: string;
  ruleId: 'bidi-control' | 'invisible-character';
  /** What it does to the printed or read text where it is not allowed. */
  why: string;
  /** Where a script needs it (anywhere else it is an error). */
  allowed?: Context[];
}

const LETTER = /[\p{L}\p{M}]/u;
const letterOf = (scripts: RegExp) => new RegExp(`(?=${LETTER.source})${scripts.source}`, 'u');
/** Scripts whose letters join or form conjuncts, where ZWJ and ZWNJ choose a letter's shape. */
const JOINING_LETTER = letterOf(
  /[\p{scx=Arab}\p{scx=Syrc}\p{scx=Nkoo}\p{scx=Mong}\p{scx=Adlm}\p{scx=Rohg}\p{scx=Mand}\p{scx=Deva}\p{scx=Beng}\p{scx=Guru}\p{scx=Gujr}\p{scx=Orya}\p{scx=Taml}\p{scx=Telu}\p{scx=Knda}\p{scx=Mlym}\p{scx=Sinh}\p{scx=Mymr}\p{scx=Khmr}]/u,
);
/** Scripts written without spaces between words, where a zero width space marks a word break. */
const SPACELESS_LETTER = letterOf(/[\p{scx=Thai}\p{scx=Laoo}\p{scx=Khmr}\p{scx=Mymr}]/u);
const MONGOLIAN_LETTER = letterOf(/\p{scx=Mong}/u);
const JOINING_SCRIPTS: Context = { before: JOINING_LETTER, after: JOINING_LETTER, where: 'letters of a script whose letters join (Arabic, Persian, Syriac, the Indic scripts…)' };

const REORDERS = 'reorders the characters after it, so "Dose \\u202e05\\u202c mg." prints as "Dose 50 mg."';
const ISOLATES = 'reorders the text it encloses; the templates set the direction of every run themselves';
const MARKS = 'moves the signs, digits and brackets next to it (a minus, a range) without being seen; the templates set the direction of every run themselves';
const SPLITS = 'splits or joins words and numbers without being seen ("5\\u200b0" prints as 50, but search, copying and the translation checks read 5 and 0)';

/** Each invisible character that changes what is printed or read, and where a script needs it. */
const INVISIBLES: readonly Invisible[] = [
  { from: 0x202a, to: 0x202a, name: 'left-to-right embedding', ruleId: 'bidi-control', why: REORDERS },
  { from: 0x202b, to: 0x202b, name: 'right-to-left embedding', ruleId: 'bidi-control', why: REORDERS },
  { from: 0x202c, to: 0x202c, name: 'pop directional formatting', ruleId: 'bidi-control', why: 'ends an embedding or override, which reorders the characters before it' },
  { from: 0x202d, to: 0x202d, name: 'left-to-right override', ruleId: 'bidi-control', why: REORDERS },
  { from: 0x202e, to: 0x202e, name: 'right-to-left override', ruleId: 'bidi-control', why: REORDERS },
  { from: 0x2066, to: 0x2066, name: 'left-to-right isolate', ruleId: 'bidi-control', why: ISOLATES },
  { from: 0x2067, to: 0x2067, name: 'right-to-left isolate', ruleId: 'bidi-control', why: ISOLATES },
  { from: 0x2068, to: 0x2068, name: 'first strong isolate', ruleId: 'bidi-control', why: ISOLATES },
  { from: 0x2069, to: 0x2069, name: 'pop directional isolate', ruleId: 'bidi-control', why: ISOLATES },
  { from: 0x200e, to: 0x200e, name: 'left-to-right mark', ruleId: 'bidi-control', why: MARKS },
  { from: 0x200f, to: 0x200f, name: 'right-to-left mark', ruleId: 'bidi-control', why: MARKS },
  { from: 0x061c, to: 0x061c, name: 'Arabic letter mark', ruleId: 'bidi-control', why: MARKS },
  {
    from: 0x200b,
    to: 0x200b,
    name: 'zero width space',
    ruleId: 'invisible-character',
    why: SPLITS,
    // Thai, Lao, Khmer and Burmese put no spaces between words: it marks where a line may break.
    allowed: [{ before: SPACELESS_LETTER, after: SPACELESS_LETTER, where: 'letters of Thai, Lao, Khmer or Burmese' }],
  },
  // ZWNJ keeps two letters from joining: Persian needs it inside words, the Indic scripts to avoid a conjunct.
  { from: 0x200c, to: 0x200c, name: 'zero width non-joiner', ruleId: 'invisible-character', why: SPLITS, allowed: [JOINING_SCRIPTS] },
  {
    from: 0x200d,
    to: 0x200d,
    name: 'zero width joiner',
    ruleId: 'invisible-character',
    why: SPLITS,
    // ZWJ asks for a joined form (Arabic, an Indic half form) or joins emoji into one (a family).
    allowed: [
      JOINING_SCRIPTS,
      { before: /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{fe0f}]/u, after: /\p{Extended_Pictographic}/u, where: 'emoji' },
    ],
  },
  { from: 0x2060, to: 0x2060, name: 'word joiner', ruleId: 'invisible-character', why: `${SPLITS}; for a space that never breaks use U+00A0` },
  { from: 0xfeff, to: 0xfeff, name: 'zero width no-break space (a byte order mark inside the text)', ruleId: 'invisible-character', why: SPLITS },
  {
    from: 0x2061,
    to: 0x2064,
    name: 'invisible operator',
    ruleId: 'invisible-character',
    why: 'is an invisible function application, times, separator or plus: "1\\u20641/2" prints as 11/2 but reads as 1 + 1/2 to a screen reader',
  },
  {
    from: 0x00ad,
    to: 0x00ad,
    name: 'soft hyphen',
    ruleId: 'invisible-character',
    why: 'marks a hyphenation point: next to a digit or a sign a line break there prints a dose in two halves ("10-" and "0 mg")',
    // Inside a word it only says where the word may be hyphenated.
    allowed: [{ before: LETTER, after: LETTER, where: 'letters, inside a word' }],
  },
  {
    from: 0x180e,
    to: 0x180e,
    name: 'Mongolian vowel separator',
    ruleId: 'invisible-character',
    why: SPLITS,
    // Mongolian needs it before a final vowel's separate form.
    allowed: [{ before: MONGOLIAN_LETTER, after: MONGOLIAN_LETTER, where: 'Mongolian letters' }],
  },
  { from: 0x206a, to: 0x206f, name: 'deprecated format character', ruleId: 'invisible-character', why: 'switches symmetric swapping, Arabic shaping or digit shapes in some programs, so the number printed may not be the one written' },
  { from: 0xfff9, to: 0xfffb, name: 'interlinear annotation character', ruleId: 'invisible-character', why: 'marks text as an annotation, which some programs hide' },
  { from: 0xe0001, to: 0xe0001, name: 'language tag', ruleId: 'invisible-character', why: 'is hidden text that no reader sees' },
  { from: 0xe0020, to: 0xe007f, name: 'tag character', ruleId: 'invisible-character', why: 'is hidden text that no reader sees (tags only modify flag emoji, which no handout font has)' },
  { from: 0x3164, to: 0x3164, name: 'Hangul filler', ruleId: 'invisible-character', why: 'is a blank letter: it looks like a space, but the words on both sides are one word' },
  { from: 0xffa0, to: 0xffa0, name: 'halfwidth Hangul filler', ruleId: 'invisible-character', why: 'is a blank letter: it looks like a space, but the words on both sides are one word' },
];

/** C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
const isControl = (codePoint: number) => (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) || (codePoint >= 0x7f && codePoint <= 0x9f);
const REPLACEMENT = 0xfffd;

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
const range = (from: number, to: number) => `\\u{${from.toString(16)}}${to > from ? `-\\u{${to.toString(16)}}` : ''}`;
/** Everything worth a closer look, so ordinary text is passed over by one regular expression. */
const CANDIDATES = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffd${INVISIBLES.map(({ from, to }) => range(from, to)).join('')}]`, 'gu');

/** Every character of `text` that must not be printed, in order. */
export function characterProblems(text: string): CharacterProblem[] {
  const problems: CharacterProblem[] = [];
  for (const match of text.matchAll(CANDIDATES)) {
    const index = match.index;
    const codePoint = match[0].codePointAt(0)!;
    if (isControl(codePoint)) {
      problems.push({ index, codePoint, ruleId: 'control-character', reason: `Control character ${hex(codePoint)}: it prints as nothing or as a box (NUL characters mean the file was saved as UTF-16); delete it` });
      continue;
    }
    if (codePoint === REPLACEMENT) {
      problems.push({ index, codePoint, ruleId: 'replacement-character', reason: `Replacement character ${hex(codePoint)} (�): a character was lost when this text was converted; write the character it stood for` });
      continue;
    }
    const invisible = INVISIBLES.find(({ from, to }) => codePoint >= from && codePoint <= to)!;
    const previous = codePointBefore(text, index);
    const next = text.codePointAt(index + match[0].length);
    const fits = (pattern: RegExp, neighbour: number | undefined) => neighbour !== undefined && pattern.test(String.fromCodePoint(neighbour));
    if (invisible.allowed?.some((context) => fits(context.before, previous) && fits(context.after, next))) continue;
    const where = invisible.allowed ? `; it is allowed only between ${invisible.allowed.map((context) => context.where).join(', or between ')}` : '';
    const kind = invisible.ruleId === 'bidi-control' ? 'Bidirectional control' : 'Invisible character';
    problems.push({ index, codePoint, ruleId: invisible.ruleId, reason: `${kind} ${hex(codePoint)} (${invisible.name}): it ${invisible.why}. Delete it${where}` });
  }
  return problems;
}

function codePointBefore(text: string, index: number): number | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.codePointAt(index - 2) : low;
}

/**
 * Characters a translation may carry that change what is printed without
 * being seen: bidi controls, invisible format characters and control
 * characters. Each is named by code point with what it does, so a
 * translator can find and delete it.
 */

export interface InvisibleFinding {
  ruleId: 'invisible-characters' | 'control-characters';
  message: string;
}

/** What the characters just before and after must be (one character each) for a script to need it there. */
type Need = { before: RegExp; after?: RegExp };

interface Invisible {
  name: string;
  effect: string;
  /** Where a script needs the character; anywhere else it is an error unless the source has it too. */
  needed?: Need;
  /** Reorders text: an error even where the source has it. */
  always?: boolean;
}

const letterOf = (scripts: string[]) => new RegExp(`^(?=[\\p{L}\\p{M}])[${scripts.map((script) => `\\p{scx=${script}}`).join('')}]$`, 'u');
// Joining scripts and Brahmic scripts, whose joins, half forms and conjuncts ZWJ and ZWNJ choose (Persian می‌خواهم, Hindi क्‍ष).
const JOINED_LETTER = letterOf(['Arab', 'Syrc', 'Nkoo', 'Mong', 'Deva', 'Beng', 'Guru', 'Gujr', 'Orya', 'Taml', 'Telu', 'Knda', 'Mlym', 'Sinh', 'Mymr', 'Khmr']);
// Scripts written without spaces, where a zero width space marks a word boundary for line breaking.
const UNSPACED_LETTER = letterOf(['Thai', 'Laoo', 'Khmr', 'Mymr']);
const MONGOLIAN_LETTER = letterOf(['Mong']);
const VISIBLE = /^[^\s\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cs}]$/u;

const BIDI_EFFECT = 'reorders the text around it as it is printed ("05" can print as "50")';
const DIRECTIONAL_MARK_EFFECT = 'changes the order of the numbers and punctuation beside it ("5-10" can print as "10-5")';
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, index) => first + index);

const INVISIBLES = new Map<number, Invisible>([
  // Bidi embeddings, overrides and isolates: the layout sets each run's direction, so none is ever needed.
  [0x202a, { name: 'left-to-right embedding', effect: BIDI_EFFECT, always: true }],
  [0x202b, { name: 'right-to-left embedding', effect: BIDI_EFFECT, always: true }],
  [0x202c, { name: 'pop directional formatting', effect: BIDI_EFFECT, always: true }],
  [0x202d, { name: 'left-to-right override', effect: BIDI_EFFECT, always: true }],
  [0x202e, { name: 'right-to-left override', effect: BIDI_EFFECT, always: true }],
  [0x2066, { name: 'left-to-right isolate', effect: BIDI_EFFECT, always: true }],
  [0x2067, { name: 'right-to-left isolate', effect: BIDI_EFFECT, always: true }],
  [0x2068, { name: 'first strong isolate', effect: BIDI_EFFECT, always: true }],
  [0x2069, { name: 'pop directional isolate', effect: BIDI_EFFECT, always: true }],
  // Directional marks: the layout already gives every run its direction, and a mark beside a number can turn a range round.
  [0x061c, { name: 'Arabic letter mark', effect: DIRECTIONAL_MARK_EFFECT }],
  [0x200e, { name: 'left-to-right mark', effect: DIRECTIONAL_MARK_EFFECT }],
  [0x200f, { name: 'right-to-left mark', effect: DIRECTIONAL_MARK_EFFECT }],
  // The others are accepted only where the source has as many, or where given, where a script needs them.
  [0x00ad, { name: 'soft hyphen', effect: 'prints a hyphen wherever a line happens to break there, even inside a dose, code or URL' }],
  [0x034f, { name: 'combining grapheme joiner', effect: 'is invisible; it only orders accents in scholarly texts' }],
  [0x200b, { name: 'zero width space', effect: 'splits a word or number without a visible space', needed: { before: UNSPACED_LETTER, after: UNSPACED_LETTER } }],
  [0x200c, { name: 'zero width non-joiner', effect: 'changes how the letters beside it join', needed: { before: JOINED_LETTER, after: JOINED_LETTER } }],
  [0x200d, { name: 'zero width joiner', effect: 'changes how the letters beside it join', needed: { before: JOINED_LETTER, after: JOINED_LETTER } }],
  [0x2028, { name: 'line separator', effect: 'breaks the line where the text shows no break' }],
  [0x2029, { name: 'paragraph separator', effect: 'breaks the line where the text shows no break' }],
  [0x2060, { name: 'word joiner', effect: 'glues the words beside it so the line cannot break there' }],
  [0xfeff, { name: 'zero width no-break space', effect: 'glues the words beside it so the line cannot break there' }],
  [0x2061, { name: 'function application', effect: 'is an invisible mathematical operator' }],
  [0x2062, { name: 'invisible times', effect: 'is an invisible mathematical operator' }],
  [0x2063, { name: 'invisible separator', effect: 'is an invisible mathematical operator' }],
  [0x2064, { name: 'invisible plus', effect: 'is an invisible mathematical operator' }],
  ...range(0x206a, 0x206f).map((code) => [code, { name: 'deprecated format character', effect: 'changes how digits and mirrored characters are shaped' }] as const),
  ...[0x115f, 0x1160, 0x3164, 0xffa0].map((code) => [code, { name: 'Hangul filler', effect: 'is an invisible letter that modern Korean does not use' }] as const),
  ...[0x17b4, 0x17b5].map((code) => [code, { name: 'Khmer inherent vowel', effect: 'is invisible, and Unicode advises against it' }] as const),
  // Mongolian variation selectors and vowel separator choose letter forms of the traditional script.
  ...[0x180b, 0x180c, 0x180d, 0x180f].map((code) => [code, { name: 'Mongolian free variation selector', effect: 'chooses the form of a Mongolian letter', needed: { before: MONGOLIAN_LETTER } }] as const),
  [0x180e, { name: 'Mongolian vowel separator', effect: 'chooses the form of the Mongolian letters beside it', needed: { before: MONGOLIAN_LETTER, after: MONGOLIAN_LETTER } }],
  // Variation selectors choose a glyph of the character before them (a CJK variant, emoji or text style); the text stays the same.
  ...[...range(0xfe00, 0xfe0f), ...range(0xe0100, 0xe01ef)].map((code) => [code, { name: 'variation selector', effect: 'stands alone, selecting nothing', needed: { before: VISIBLE } }] as const),
  ...range(0xfff9, 0xfffb).map((code) => [code, { name: 'interlinear annotation character', effect: 'hides or moves text as an annotation' }] as const),
  ...[0xe0001, ...range(0xe0020, 0xe007f)].map((code) => [code, { name: 'tag character', effect: 'is invisible and can carry hidden text' }] as const),
]);

/** Any other character that is drawn as nothing (unassigned ones included). */
const OTHER_INVISIBLE: Invisible = { name: 'invisible character', effect: 'is drawn as nothing' };
// C0 controls but tab and line feed, DEL, C1 controls, and unpaired surrogates (not characters at all).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cs}/u;
const SUSPECT = /[\p{Default_Ignorable_Code_Point}\u2028\u2029\ufff9-\ufffb\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cs}]/u;

function codePointLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Bidi controls are errors wherever they are. Other invisible characters are
 * errors unless a script needs them where they stand, or the source has as
 * many of them. Control characters are errors.
 */
export function invisibleCharacters(source: string, translation: string): InvisibleFinding[] {
  if (!SUSPECT.test(translation)) return [];
  const allowance = new Map<number, number>();
  for (const character of source) {
    const code = character.codePointAt(0)!;
    allowance.set(code, (allowance.get(code) ?? 0) + 1);
  }
  const characters = [...translation];
  const invisible = new Map<number, { what: Invisible; count: number; after: string }>();
  const control = new Map<number, { count: number; after: string }>();
  characters.forEach((character, index) => {
    if (!SUSPECT.test(character)) return;
    const code = character.codePointAt(0)!;
    if (CONTROL.test(character)) {
      const seen = control.get(code);
      if (seen) seen.count += 1;
      else control.set(code, { count: 1, after: visibleBefore(characters, index) });
      return;
    }
    const what = INVISIBLES.get(code) ?? OTHER_INVISIBLE;
    if (!what.always) {
      if (what.needed && what.needed.before.test(characters[index - 1] ?? '') && (!what.needed.after || what.needed.after.test(characters[index + 1] ?? ''))) return;
      const left = allowance.get(code) ?? 0;
      if (left > 0) {
        allowance.set(code, left - 1);
        return;
      }
    }
    const seen = invisible.get(code);
    if (seen) seen.count += 1;
    else invisible.set(code, { what, count: 1, after: visibleBefore(characters, index) });
  });
  const findings: InvisibleFinding[] = [];
  const where = (count: number, after: string) => (count > 1 ? `${count} times, first ${after}` : after);
  const them = (found: Map<number, { count: number }>) => ([...found.values()].reduce((sum, { count }) => sum + count, 0) > 1 ? 'them' : 'it');
  if (invisible.size > 0) {
    const parts = [...invisible].map(([code, { what, count, after }]) => `${codePointLabel(code)} (${what.name}) ${where(count, after)}, which ${what.effect}`);
    findings.push({ ruleId: 'invisible-characters', message: `invisible characters: ${parts.join('; ')}; delete ${them(invisible)}` });
  }
  if (control.size > 0) {
    const parts = [...control].map(([code, { count, after }]) => `${codePointLabel(code)} ${where(count, after)}`);
    findings.push({ ruleId: 'control-characters', message: `control characters, which are not text and print as nothing or as a box: ${parts.join('; ')}; delete ${them(control)}` });
  }
  return findings;
}

/** Where a character is, for a translator: the visible text just before it. */
function visibleBefore(characters: string[], index: number): string {
  const before = characters.slice(Math.max(0, index - 20), index).filter((character) => !SUSPECT.test(character)).join('').slice(-12);
  return before.trim() ? `after "${before}"` : 'at the start';
}

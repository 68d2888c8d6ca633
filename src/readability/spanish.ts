/**
 * Spanish syllables by counting vowel nuclei. Hand-written because no
 * well-kept npm package counts them (the one there is ships its test runner
 * as a runtime dependency), and the rules are short and regular:
 * - a, e, o and accented vowels (á é í ó ú) are each a nucleus, so two of them
 *   side by side are a hiatus (le-o, pa-ís);
 * - unaccented i, u, ü only join a neighbour (diphthongs and triphthongs:
 *   ai-re, ciu-dad, U-ru-guay) and form a nucleus of their own when alone;
 * - u is silent in que, qui and in gue, gui (not in güe, güi);
 * - y is a vowel at the end of a word after a vowel (hoy, muy, buey) and as the word "y";
 * - h does not separate anything it sits between: vowel groups are counted around it.
 */
const STRONG = 'aeoáéíóúàèìòù';
const WEAK = 'iuü';

export function spanishSyllables(word: string): number {
  let letters = word.toLowerCase().normalize('NFC').replace(/[^a-záéíóúüñàèìòù]/g, '');
  if (letters === 'y') return 1;
  letters = letters.replace(/(?<=q)u/g, '').replace(/(?<=g)u(?=[eéií])/g, '');
  letters = letters.replace(/(?<=[aeiouáéíóúü])y$/, 'i');
  let count = 0;
  let group = '';
  const close = () => {
    if (group) count += Math.max(1, [...group].filter((character) => STRONG.includes(character)).length);
    group = '';
  };
  for (const character of letters) {
    if (STRONG.includes(character) || WEAK.includes(character)) group += character;
    else close();
  }
  close();
  return Math.max(1, count);
}

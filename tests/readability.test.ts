import { describe, expect, it } from 'vitest';
import { syllable } from 'syllable';
import { countText, fernandezHuerta, fleschKincaidGrade, infleszBand, measureReadability, metricsFor, smogGrade, szigrisztPazos } from '../src/readability/index.ts';
import { spanishSyllables } from '../src/readability/spanish.ts';

describe('formulas, from their published definitions', () => {
  // 100 words, 5 sentences, 150 syllables, 10 polysyllables.
  const counts = { words: 100, sentences: 5, syllables: 150, polysyllables: 10 };

  it('Flesch–Kincaid grade: 0.39·ASL + 11.8·ASW − 15.59 (Kincaid et al. 1975)', () => {
    expect(fleschKincaidGrade(counts)).toBeCloseTo(0.39 * 20 + 11.8 * 1.5 - 15.59, 10);
    expect(fleschKincaidGrade(counts)).toBeCloseTo(9.91, 2);
  });

  it('SMOG: 30 sentences with 100 polysyllables is grade 1.043·10 + 3.1291 (McLaughlin 1969)', () => {
    expect(smogGrade({ words: 600, sentences: 30, syllables: 900, polysyllables: 100 })).toBeCloseTo(13.5591, 4);
    // No polysyllables at all is the floor of the scale.
    expect(smogGrade({ words: 50, sentences: 10, syllables: 60, polysyllables: 0 })).toBeCloseTo(3.1291, 4);
  });

  it('Fernández Huerta, corrected (Law 2011): 206.84 − 0.60·syllables per 100 words − 1.02·words per sentence', () => {
    expect(fernandezHuerta({ words: 100, sentences: 5, syllables: 200, polysyllables: 0 })).toBeCloseTo(206.84 - 0.6 * 200 - 1.02 * 20, 10);
    expect(fernandezHuerta({ words: 100, sentences: 5, syllables: 200, polysyllables: 0 })).toBeCloseTo(66.44, 2);
    // Shorter sentences read more easily: the score must rise (the uncorrected form falls).
    expect(fernandezHuerta({ words: 100, sentences: 10, syllables: 200, polysyllables: 0 })).toBeGreaterThan(66.44);
  });

  it('Szigriszt-Pazos / INFLESZ: 206.835 − 62.3·syllables/words − words/sentences, with the INFLESZ bands', () => {
    expect(szigrisztPazos({ words: 100, sentences: 5, syllables: 200, polysyllables: 0 })).toBeCloseTo(206.835 - 124.6 - 20, 10);
    expect([39.9, 40, 54.9, 55, 64.9, 65, 80, 80.1].map(infleszBand)).toEqual([
      'muy difícil',
      'algo difícil',
      'algo difícil',
      'normal',
      'normal',
      'bastante fácil',
      'bastante fácil',
      'muy fácil',
    ]);
  });
});

describe('syllables', () => {
  it.each([
    ['murciélago', 4],
    ['ahora', 3],
    ['guitarra', 3],
    ['pingüino', 3],
    ['país', 2],
    ['aire', 2],
    ['buey', 1],
    ['hoy', 1],
    ['ciudad', 2],
    ['leo', 2],
    ['Uruguay', 3],
    ['prohibir', 3],
    ['quiero', 2],
    ['cirugía', 4],
    ['hemifacial', 4],
    ['espasmo', 3],
  ])('Spanish %s has %i', (word, count) => {
    expect(spanishSyllables(word)).toBe(count);
  });

  it.each([
    ['nerve', 1],
    ['doctor', 2],
    ['surgery', 3],
    ['decompression', 4],
    ['hemifacial', 4],
  ])('English %s has %i', (word, count) => {
    expect(syllable(word)).toBe(count);
  });
});

describe('measuring text', () => {
  it('ends a sentence at each unit end and at . ! ? but not inside numbers', () => {
    expect(countText(['Take 2.5 mg twice a day', 'Rest. Then walk! Better?'], 'en', syllable)).toMatchObject({ sentences: 4, words: 9 });
  });

  it('scores plain short sentences lower than dense medical prose', () => {
    const plain = measureReadability(['A blood vessel can press on a nerve in your face.', 'This makes the face twitch.', 'A doctor can help.'], 'en');
    const dense = measureReadability(
      ['Microvascular decompression relieves neurovascular compression of the facial nerve, and intraoperative neurophysiological monitoring substantially improves postoperative outcomes.'],
      'en',
    );
    expect(plain.measured && dense.measured).toBe(true);
    if (!plain.measured || !dense.measured) return;
    expect(plain.scores.smog!).toBeLessThan(dense.scores.smog!);
    expect(plain.scores.fleschKincaidGrade!).toBeLessThan(dense.scores.fleschKincaidGrade!);
    expect(plain.scores.smog!).toBeLessThan(6);
  });

  it('uses Spanish formulas and syllables for Spanish, English ones for English', () => {
    const spanish = measureReadability(['El nervio de la cara.'], 'es-MX');
    expect(spanish).toMatchObject({ measured: true, counts: { words: 5, sentences: 1, syllables: 7 } });
    expect(Object.keys(spanish.measured ? spanish.scores : {})).toEqual(['fernandezHuerta', 'inflesz']);
    const english = measureReadability(['The nerve of the face.'], 'en-US');
    expect(Object.keys(english.measured ? english.scores : {})).toEqual(['fleschKincaidGrade', 'smog']);
    expect(metricsFor('es')).toEqual(['fernandezHuerta', 'inflesz']);
  });

  it.each(['vi', 'zh-Hans', 'ar', 'ru', 'ht'])('reports %s as not measured, never with an English score', (language) => {
    expect(measureReadability(['Some text here.'], language)).toEqual({ language, measured: false, reason: `not measured: no validated readability formula for ${language}` });
    expect(metricsFor(language)).toEqual([]);
  });
});

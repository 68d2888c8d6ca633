import { describe, expect, it } from 'vitest';
import { checkTranslation, type CheckInput } from '../src/i18n/checks.ts';
import { toTagged } from '../src/model/segments.ts';

const base: Omit<CheckInput, 'source' | 'translation'> = { sourceLanguage: 'en', language: 'es', tags: [], glossary: ['Botox', 'carbamazepine', 'gabapentin'], terms: [] };
const rules = (source: string, translation: string, extra: Partial<CheckInput> = {}) => checkTranslation({ ...base, source, translation, ...extra }).map((finding) => finding.ruleId);

describe('translation checks', () => {
  it('pass a faithful translation', () => {
    expect(rules('Take 2.5 mg of gabapentin at 10:30.', 'Tome 2,5 mg de gabapentin a las 10:30.')).toEqual([]);
  });

  it('catch a changed dose', () => {
    expect(rules('Take 5 mg daily.', 'Tome 50 mg al día.')).toEqual(['numbers']);
    expect(rules('Take 1,000 units.', 'Tome 1.000 unidades.')).toEqual([]);
    expect(rules('Take 5 mg daily.', 'Tome 5 g al día.')).toEqual(['units']);
  });

  it('compare digits of other scripts by value', () => {
    expect(rules('Call after 3 days.', 'اتصل بعد ٣ أيام.', { language: 'ar' })).toEqual([]);
    expect(rules('Call after 3 days.', 'اتصل بعد ٤ أيام.', { language: 'ar' })).toEqual(['numbers']);
  });

  it('catch changed URLs and phone numbers', () => {
    expect(rules('See https://medlineplus.gov/ today.', 'Vea https://medlineplus.gov/es/ hoy.')).toEqual(['urls']);
    expect(rules('Call (555) 123-4567.', 'Llame al (555) 123-4567.')).toEqual([]);
    expect(rules('Call (555) 123-4567.', 'Llame al (555) 123-4568.')).toContain('phone-numbers');
  });

  it('catch missing, extra and broken inline tags', () => {
    const { text, tags } = toTagged([{ type: 'text', value: 'Call ' }, { type: 'strong', children: [{ type: 'text', value: 'now' }] }, { type: 'text', value: '.' }]);
    expect(rules(text, 'Llame <1>ahora</1>.', { tags })).toEqual([]);
    expect(rules(text, 'Llame ahora.', { tags })).toEqual(['inline-tags']);
    expect(rules(text, 'Llame <1>ahora</1> <2>ya</2>.', { tags })).toEqual(['inline-tags']);
  });

  it('catch changed placeholders in template strings', () => {
    expect(rules('Page {{page, number}} of {{total, number}}', 'Página {{page, number}} de {{total, number}}', { tags: null })).toEqual([]);
    expect(rules('Page {{page, number}} of {{total, number}}', 'Página {{page}}', { tags: null })).toEqual(['placeholders']);
  });

  it('keep glossary terms untranslated and allow names to stay identical', () => {
    expect(rules('Botox shots can help.', 'Las inyecciones de toxina botulínica pueden ayudar.')).toEqual(['glossary']);
    expect(rules('Botox', 'Botox')).toEqual([]);
    expect(rules('Rest well.', 'Rest well.')).toEqual(['untranslated']);
  });

  it('warn about trailing punctuation, folding script variants', () => {
    expect(rules('Is it safe?', 'Es seguro.')).toEqual(['trailing-punctuation']);
    expect(rules('Is it safe?', '¿Es seguro?')).toEqual([]);
    expect(rules('Is it safe?', '这安全吗？', { language: 'zh-Hans' })).toEqual([]);
  });

  it('refuse bidi controls wherever they are, naming each code point', () => {
    const findings = checkTranslation({ ...base, source: 'Take 05 mg.', translation: 'Tome \u202e05\u202c mg.' });
    expect(findings.map((finding) => finding.ruleId)).toContain('invisible-characters');
    const message = findings.find((finding) => finding.ruleId === 'invisible-characters')!.message;
    expect(message).toContain('U+202E (right-to-left override) after "Tome "');
    expect(message).toContain('U+202C (pop directional formatting)');
    // Even a source with the same override does not make it safe.
    expect(rules('Take \u202e05\u202c mg.', 'Tome \u202e05\u202c mg.')).toContain('invisible-characters');
    for (const code of [0x202a, 0x202b, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(rules('Rest well.', `Descanse ${String.fromCodePoint(code)}bien.`), code.toString(16)).toEqual(['invisible-characters']);
    }
  });

  it('refuse other invisible characters unless the source has as many or the script needs them', () => {
    expect(rules('Call 911.', 'Lla\u200bme al 911.')).toEqual(['invisible-characters']);
    expect(rules('Call\u200b 911.', 'Lla\u200bme al 911.')).toEqual([]);
    expect(rules('Call\u200b 911.', 'Lla\u200bme\u200b al 911.')).toEqual(['invisible-characters']);
    for (const code of [0x00ad, 0x034f, 0x061c, 0x200e, 0x200f, 0x2028, 0x2060, 0x2062, 0x2064, 0x206b, 0x3164, 0x17b4, 0xfeff, 0xfffa, 0xe0041, 0x1bca0]) {
      expect(rules('Rest well.', `Descanse bi${String.fromCodePoint(code)}en.`), code.toString(16)).toEqual(['invisible-characters']);
    }
    // Directional marks: a mark beside a range can turn it round in Arabic.
    expect(rules('Take 5-10 mg.', 'خذ 5\u200f-10 ملغ.', { language: 'ar' })).toEqual(['invisible-characters']);
  });

  it('allow the joiners and separators a script needs where it needs them', () => {
    // Persian and Hindi joins, Sinhala conjuncts, Thai word boundaries, Mongolian letter forms, an emoji's text style.
    expect(rules('I want', 'می\u200cخواهم', { language: 'fa' })).toEqual([]);
    expect(rules('x', 'क्\u200dष', { language: 'hi' })).toEqual([]);
    expect(rules('x', 'ශ්\u200dරී', { language: 'si' })).toEqual([]);
    expect(rules('x', 'กิน\u200bยา', { language: 'th' })).toEqual([]);
    expect(rules('x', 'ᠨᠠ\u180eᠠ', { language: 'mn' })).toEqual([]);
    expect(rules('x', 'ᠨ\u180bᠠ', { language: 'mn' })).toEqual([]);
    expect(rules('Warning', '⚠\ufe0f Aviso')).toEqual([]);
    // The same characters elsewhere: between Latin letters, at a word's edge, alone.
    expect(rules('x', 'Lla\u200cme', { language: 'fa' })).toEqual(['invisible-characters']);
    expect(rules('x 5', 'خواهم\u200c 5', { language: 'fa' })).toEqual(['invisible-characters']);
    expect(rules('x 5', 'กิน\u200b5', { language: 'th' })).toEqual(['invisible-characters']);
    expect(rules('Warning', '\ufe0f Aviso')).toEqual(['invisible-characters']);
  });

  it('refuse control characters and unpaired surrogates, but not tabs and line breaks', () => {
    for (const code of [0x00, 0x07, 0x0d, 0x1b, 0x7f, 0x85, 0x9f, 0xd800]) {
      const findings = checkTranslation({ ...base, source: 'Rest well.', translation: `Descanse${String.fromCharCode(code)} bien.` });
      expect(findings.map((finding) => finding.ruleId), code.toString(16)).toEqual(['control-characters']);
      expect(findings[0]!.message).toContain(`U+${code.toString(16).toUpperCase().padStart(4, '0')} after "Descanse"`);
    }
    expect(rules('Rest well.', 'Descanse\tbien.\nYa.')).toEqual([]);
  });

  it('take time in proportion to the text, however it is made', () => {
    // 200,000 characters: an e-mail pattern that restarted inside each run of dots and letters took minutes.
    for (const hostile of ['a.'.repeat(100_000), '\u200b'.repeat(200_000)]) {
      const started = performance.now();
      checkTranslation({ ...base, source: 'Write to care@example.org.', translation: hostile });
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it('refuse an empty translation', () => {
    expect(rules('Rest well.', '  ')).toEqual(['empty-translation']);
  });
});

import { describe, expect, it } from 'vitest';
import { checkTranslation, type CheckInput } from '../src/i18n/checks.ts';
import { toTagged } from '../src/model/segments.ts';

const base: Omit<CheckInput, 'source' | 'translation'> = { sourceLanguage: 'en', language: 'es', tags: [], glossary: ['Botox', 'carbamazepine', 'gabapentin'] };
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

  it('refuse an empty translation', () => {
    expect(rules('Rest well.', '  ')).toEqual(['empty-translation']);
  });
});

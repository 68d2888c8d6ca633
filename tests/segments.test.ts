import { describe, expect, it } from 'vitest';
import { fromTagged, hashSource, TagError, toTagged } from '../src/model/segments.ts';
import type { Inline } from '../src/model/document.ts';

const content: Inline[] = [
  { type: 'text', value: 'Call ' },
  { type: 'strong', children: [{ type: 'text', value: '911' }] },
  { type: 'text', value: ' or see ' },
  { type: 'link', url: 'https://medlineplus.gov/', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'MedlinePlus' }] }] },
  { type: 'break' },
  { type: 'text', value: 'if 5 < 6 & more' },
];

describe('tagged segments', () => {
  const { text, tags } = toTagged(content);

  it('numbers tags in opening order and escapes markup characters', () => {
    expect(text).toBe('Call <1>911</1> or see <2><3>MedlinePlus</3></2><4/>if 5 &lt; 6 &amp; more');
  });

  it('parses its own output back to the same inline tree', () => {
    expect(fromTagged(text, tags)).toEqual(content);
  });

  it('takes link targets from the source, not the translation', () => {
    const translated = fromTagged('Llame al <1>911</1> o vea <2><3>MedlinePlus</3></2><4/>si 5 &lt; 6', tags);
    expect(translated[3]).toEqual({ type: 'link', url: 'https://medlineplus.gov/', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'MedlinePlus' }] }] });
  });

  it('lets a translator reorder tags', () => {
    const reordered = fromTagged('<2><3>MedlinePlus</3></2> o <1>911</1><4/>', tags);
    expect(reordered.map((node) => node.type)).toEqual(['link', 'text', 'strong', 'break']);
  });

  it.each([
    ['a missing tag', 'Llame al 911 o vea <2><3>MedlinePlus</3></2><4/>', /missing tag <1>/],
    ['an unknown tag', 'Llame <1>911</1> <2><3>M</3></2><4/><5>x</5>', /unknown tag <5>/],
    ['a mismatched close', 'Llame <1>911</2> <2><3>M</3></2><4/>', /does not match/],
    ['an unclosed tag', 'Llame <1>911 <2><3>M</3></2><4/>', /not closed/],
    ['a duplicated tag', '<1>a</1><1>b</1><2><3>M</3></2><4/>', /appears twice/],
    ['a break used as a pair', '<1>a</1><2><3>M</3></2><4>x</4>', /line break/],
    ['a stray bracket', '<1>a</1> <b> <2><3>M</3></2><4/>', /stray/],
  ])('refuses %s', (_, translation, reason) => {
    expect(() => fromTagged(translation, tags)).toThrow(TagError);
    expect(() => fromTagged(translation, tags)).toThrow(reason);
  });

  it('hashes normalized source text', () => {
    expect(hashSource('Take  5 mg\n daily.')).toBe(hashSource('Take 5 mg daily.'));
    expect(hashSource('Take 5 mg daily.')).not.toBe(hashSource('Take 50 mg daily.'));
  });
});

import { describe, expect, it } from 'vitest';
import type { Document, Segment } from '../src/model/document.ts';
import { inlineText } from '../src/model/segments.ts';
import { keepDosesTogether } from '../src/typesetting/doses.ts';

const segment = (key: string, value: string): Segment => ({ key, source: value, content: [{ type: 'text', value }], position: { line: 1, column: 1 } });

function joined(text: string): string {
  const document = { meta: { title: segment('title', 'Title'), summary: segment('summary', 'Summary') }, level: 'plain', language: 'en', blocks: [{ type: 'paragraph', text: segment('p1', text) }] } as unknown as Document;
  const block = keepDosesTogether(document).blocks[0]!;
  return inlineText(block.type === 'paragraph' ? block.text.content : []).replaceAll('\u00a0', '~');
}

describe('doses kept together', () => {
  it('joins a number to the unit after it', () => {
    expect(joined('Take 1,000 mg, then 2.5 mL and ½ g; 37.5 °C; 10 % less; 100 мг or 5 мл.')).toBe('Take 1,000~mg, then 2.5~mL and ½~g; 37.5~°C; 10~% less; 100~мг or 5~мл.');
  });

  it('leaves words that only start like a unit, and numbers before other words', () => {
    expect(joined('5 grandchildren, 2 Lists, 3 months, 10 minutes, 4 mgs')).toBe('5 grandchildren, 2 Lists, 3 months, 10 minutes, 4 mgs');
  });
});

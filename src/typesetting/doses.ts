import type { Document, Inline, Segment } from '../model/document.ts';
import { mapSegments } from '../model/walk.ts';

/**
 * Unit symbols written after a number in a dose, a strength or a measurement,
 * Latin and Cyrillic (the scripts whose editions write them after a space).
 */
const UNITS = ['mg', 'mcg', 'µg', 'μg', 'g', 'kg', 'mL', 'ml', 'L', 'IU', 'mmol', 'mEq', 'mmHg', 'mm', 'cm', '%', '°C', '°F', 'мг', 'мкг', 'мл', 'г', 'кг', 'ЕД'];
const NUMBER_THEN_UNIT = new RegExp(`(\\p{N}) (?=(?:${UNITS.join('|')})(?![\\p{L}\\p{N}]))`, 'gu');

/**
 * Joins a number to the unit after it with a no-break space (`1000 mg`), so a
 * line never ends between them: a dose read as `1000` at a line end and `mg`
 * on the next is how medication errors start (ISMP's list of error-prone
 * abbreviations and dose designations). Applied to the translated document,
 * so every format and language gets it and translators write ordinary spaces.
 */
export function keepDosesTogether(document: Document): Document {
  const segment = (value: Segment): Segment => ({ ...value, content: inlines(value.content) });
  return { ...document, meta: { ...document.meta, title: segment(document.meta.title), summary: segment(document.meta.summary) }, blocks: mapSegments(document.blocks, segment) };
}

function inlines(content: Inline[]): Inline[] {
  return content.map((node) => {
    if (node.type === 'text') return { ...node, value: node.value.replace(NUMBER_THEN_UNIT, '$1\u00a0') };
    if (node.type === 'break') return node;
    return { ...node, children: inlines(node.children) };
  });
}

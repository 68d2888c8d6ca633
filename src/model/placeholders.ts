import type { Clinic } from './edition.ts';
import type { Inline, Segment } from './document.ts';
import { unbrokenPhone } from './phone.ts';

/**
 * The clinic's details a topic may print where it needs them, written
 * `{{clinic.phone}}`: translators keep the placeholder (a translation that
 * drops or adds one fails the `placeholders` check), and each edition prints
 * the details of the clinic it is branded for.
 */
export const CLINIC_FIELDS = ['name', 'phone', 'address', 'website'] as const satisfies readonly (keyof Clinic)[];
export type ClinicField = (typeof CLINIC_FIELDS)[number];

/** `{{clinic.x}}`, spaces allowed inside the braces; group 1 is `x`. Only `clinic.` placeholders: other `{{…}}` in a topic stay text. */
export const CLINIC_PLACEHOLDER = /\{\{\s*clinic\.([^\s}]*)\s*\}\}/g;

export function isClinicField(name: string): name is ClinicField {
  return (CLINIC_FIELDS as readonly string[]).includes(name);
}

/** The fields the segments' placeholders ask for that the clinic does not have (e.g. a website), each with the first segment asking. */
export function missingClinicFields(segments: Iterable<Segment>, clinic: Clinic): Map<ClinicField, Segment> {
  const missing = new Map<ClinicField, Segment>();
  for (const segment of segments) {
    for (const node of textNodes(segment.content)) {
      for (const [, name] of node.value.matchAll(CLINIC_PLACEHOLDER)) if (name && isClinicField(name) && !clinic[name] && !missing.has(name)) missing.set(name, segment);
    }
  }
  return missing;
}

/** The segment with its placeholders replaced by the clinic's details. */
export function fillClinicPlaceholders(segment: Segment, clinic: Clinic): Segment {
  const fill = (nodes: Inline[]): Inline[] =>
    nodes.map((node) => {
      if (node.type === 'text') return { ...node, value: node.value.replace(CLINIC_PLACEHOLDER, (written, name: string) => (isClinicField(name) ? (shown(clinic, name) ?? written) : written)) };
      return 'children' in node ? { ...node, children: fill(node.children) } : node;
    });
  return { ...segment, content: fill(segment.content) };
}

/** A detail as printed: a phone number on one line. */
function shown(clinic: Clinic, name: ClinicField): string | null {
  const value = clinic[name];
  return name === 'phone' && value ? unbrokenPhone(value) : value;
}

function textNodes(nodes: Inline[]): Extract<Inline, { type: 'text' }>[] {
  return nodes.flatMap((node) => (node.type === 'text' ? [node] : 'children' in node ? textNodes(node.children) : []));
}

import type { PhrasingContent } from 'mdast';
import type { VFile } from 'vfile';
import type { Inline } from '../model/document.ts';
import { CLINIC_FIELDS, CLINIC_PLACEHOLDER, isClinicField } from '../model/placeholders.ts';
import { reportAt, writtenText } from './nodes.ts';

/** Converts phrasing content to the model's inlines; what handouts cannot show becomes plain text, with a warning on `file`. */
export function toInlines(nodes: PhrasingContent[], file: VFile): Inline[] {
  return trimEdges(nodes.flatMap((node) => toInline(node, file)));
}

function toInline(node: PhrasingContent, file: VFile): Inline | Inline[] {
  switch (node.type) {
    case 'text':
      for (const [written, name] of node.value.matchAll(CLINIC_PLACEHOLDER)) {
        if (!isClinicField(name!)) reportAt(file, node, 'error', `Unknown placeholder ${written}: a topic may use ${CLINIC_FIELDS.map((field) => `{{clinic.${field}}}`).join(', ')}`, 'unknown-placeholder');
      }
      // Line breaks and runs of spaces become one space; a no-break space keeps "5 mg" on one line.
      return { type: 'text', value: node.value.replace(/[^\S\u00a0\u2007\u202f]+/g, ' ') };
    case 'emphasis':
    case 'strong':
      return { type: node.type, children: toInlines(node.children, file) };
    case 'link':
      return { type: 'link', url: node.url, children: toInlines(node.children, file) };
    case 'break':
      return { type: 'break' };
    case 'html':
      reportAt(file, node, 'warning', `Raw HTML is not supported and is shown as text: ${node.value}`, 'raw-html');
      return { type: 'text', value: node.value };
    case 'inlineCode':
      reportAt(file, node, 'warning', 'Inline code is not supported in handouts and is shown as plain text', 'unsupported-inline-code');
      return { type: 'text', value: node.value };
    case 'delete':
      reportAt(file, node, 'warning', 'Strikethrough is not supported and is shown as plain text', 'unsupported-strikethrough');
      return toInlines(node.children, file);
    case 'image':
      reportAt(file, node, 'warning', 'An image inside text is not supported: put it in a paragraph of its own; its alt text is shown instead', 'unsupported-inline-image');
      return { type: 'text', value: node.alt ?? '' };
    default:
      reportAt(file, node, 'warning', `Unsupported Markdown (${node.type}) is shown as plain text`, `unsupported-${node.type}`);
      return { type: 'text', value: writtenText(node, file) };
  }
}

/** Merges adjacent text and drops the leading and trailing spaces a segment gets from Markdown line structure. */
function trimEdges(input: Inline[]): Inline[] {
  const nodes: Inline[] = [];
  for (const node of input) {
    const previous = nodes.at(-1);
    if (node.type === 'text' && previous?.type === 'text') previous.value += node.value;
    else nodes.push(node);
  }
  const first = nodes[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = nodes.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return nodes.filter((node) => node.type !== 'text' || node.value !== '');
}

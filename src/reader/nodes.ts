import type { Image, Nodes, Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { Position } from '../model/document.ts';
import { report, type Severity } from '../messages/index.ts';

/** Where a node starts; the body keeps the front matter as blank lines, so this is the place in the topic file. */
export function placeOf(node: Nodes): Position {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

export function reportAt(file: VFile, node: Nodes, severity: Severity, reason: string, ruleId: string): void {
  report(file, severity, reason, ruleId, placeOf(node));
}

/** The Markdown of a node exactly as written, to show a construct that handouts do not support. */
export function writtenText(node: Nodes, file: VFile): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? String(file).slice(start, end) : toString(node);
}

/** The `[label]` of a `:::name[label]` block, which remark-directive keeps as the block's first paragraph. */
export function isDirectiveLabel(node: Nodes): node is Paragraph & { data: { directiveLabel: unknown } } {
  return node.type === 'paragraph' && node.data !== undefined && 'directiveLabel' in node.data;
}

/**
 * Whether the converter converts the node's children block by block. It shows any other
 * block (a footnote definition, say) as written, so the steps before it must not look inside.
 */
export function holdsBlocks(node: Nodes): boolean {
  return ['root', 'blockquote', 'list', 'listItem', 'containerDirective'].includes(node.type);
}

/** The image of a paragraph that holds nothing else but white space: such a paragraph becomes an image block. */
export function standaloneImage(paragraph: Paragraph): Image | undefined {
  if (isDirectiveLabel(paragraph)) return undefined;
  const meaningful = paragraph.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
  return meaningful.length === 1 && meaningful[0]!.type === 'image' ? meaningful[0] : undefined;
}

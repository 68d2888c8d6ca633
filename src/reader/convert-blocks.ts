import type { Image, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { CalloutKind, Segment, SourceBlock } from '../model/document.ts';
import { makeSegment } from '../model/segments.ts';
import { toInlines } from './convert-inlines.ts';
import { isDirectiveLabel, placeOf, reportAt, standaloneImage, writtenText } from './nodes.ts';
import { cellKey, SegmentKeys } from './segment-keys.ts';

/**
 * Converts a checked tree (checkDirectives, then loadImages) to source blocks,
 * giving every translatable text its key; problems are warnings on `file`.
 */
export function toSourceBlocks(tree: Root, file: VFile, topicLevels: string[]): SourceBlock[] {
  const keys = new SegmentKeys();

  const segment = (nodes: PhrasingContent[], node: Nodes, level: string | null, kind: string): Segment =>
    makeSegment(keys.next(level, kind), toInlines(nodes, file), placeOf(node));

  const image = (node: Image, level: string | null): SourceBlock => {
    const alt = makeSegment(keys.next(level, 'img'), [{ type: 'text', value: (node.alt ?? '').trim() }], placeOf(node));
    const imageFile = node.data?.imageFile;
    return imageFile ? { type: 'image', ...imageFile, alt } : { type: 'paragraph', text: { ...alt, key: keys.next(level, 'p') } };
  };

  const blocks = (nodes: RootContent[], level: string | null, kind: 'p' | 'li' = 'p'): SourceBlock[] => {
    const result: SourceBlock[] = [];
    for (const node of nodes) {
      switch (node.type) {
        case 'heading': {
          const id = keys.startSection(toString(node));
          result.push({ type: 'heading', depth: node.depth, id, text: segment(node.children, node, level, 'h') });
          break;
        }
        case 'paragraph': {
          if (isDirectiveLabel(node)) break;
          const standalone = standaloneImage(node);
          result.push(standalone ? image(standalone, level) : { type: 'paragraph', text: segment(node.children, node, level, kind) });
          break;
        }
        case 'list':
          result.push({
            type: 'list',
            ordered: node.ordered ?? false,
            start: node.start ?? 1,
            items: node.children.map((item) => {
              if (item.checked !== null && item.checked !== undefined) {
                reportAt(file, item, 'warning', 'Task list checkboxes are not supported; the item is shown without a checkbox', 'unsupported-task-list');
              }
              return { children: blocks(item.children, level, 'li') };
            }),
          });
          break;
        case 'blockquote':
          result.push({ type: 'blockquote', children: blocks(node.children, level) });
          break;
        case 'thematicBreak':
          result.push({ type: 'thematicBreak' });
          break;
        case 'table': {
          const table = keys.next(level, 't');
          result.push({
            type: 'table',
            align: node.align ?? [],
            rows: node.children.map((row, rowIndex) =>
              row.children.map((cell, cellIndex) => makeSegment(cellKey(table, rowIndex + 1, cellIndex + 1), toInlines(cell.children, file), placeOf(cell))),
            ),
          });
          break;
        }
        case 'containerDirective': {
          // checkDirectives left only this topic's level blocks and callouts.
          if (topicLevels.includes(node.name)) {
            result.push({ type: 'level', level: node.name, position: placeOf(node), children: blocks(node.children, node.name) });
            break;
          }
          const label = node.children.find(isDirectiveLabel);
          const title = label ? segment(label.children, label, level, 'title') : null;
          result.push({ type: 'callout', kind: node.name as CalloutKind, title, children: blocks(node.children, level) });
          break;
        }
        case 'html':
          reportAt(file, node, 'warning', 'Raw HTML is not supported and is shown as text', 'raw-html');
          result.push({ type: 'paragraph', text: makeSegment(keys.next(level, kind), [{ type: 'text', value: node.value }], placeOf(node)) });
          break;
        case 'definition':
          reportAt(file, node, 'warning', 'Link reference definitions are not supported; write links as [text](url)', 'unsupported-definition');
          break;
        default:
          reportAt(file, node, 'warning', `Unsupported Markdown (${node.type}) is shown as plain text`, `unsupported-${node.type}`);
          result.push({ type: 'paragraph', text: makeSegment(keys.next(level, kind), [{ type: 'text', value: writtenText(node, file) }], placeOf(node)) });
      }
    }
    return result;
  };

  return blocks(tree.children, null);
}

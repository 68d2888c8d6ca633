import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Image, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { CalloutKind, Segment, SourceBlock } from '../model/document.ts';
import { imageProblem } from '../files/image.ts';
import { makeSegment } from '../model/segments.ts';
import { toInlines } from './convert-inlines.ts';
import { isDirectiveLabel, placeOf, reportAt, standaloneImage, writtenText } from './nodes.ts';
import { cellKey, SegmentKeys } from './segment-keys.ts';

export interface ConvertOptions {
  /** The topic, holding the Markdown body while it is converted. */
  file: VFile;
  topicPath: string;
  contentDir: string;
  /** Levels this topic declares in its front matter. */
  topicLevels: string[];
}

/** Converts a tree checked by checkDirectives to source blocks, giving every translatable text its key. */
export function toSourceBlocks(tree: Root, options: ConvertOptions): SourceBlock[] {
  const { file } = options;
  const keys = new SegmentKeys();

  const segment = (nodes: PhrasingContent[], node: Nodes, level: string | null, kind: string): Segment =>
    makeSegment(keys.next(level, kind), toInlines(nodes, file), placeOf(node));

  const image = (node: Image, level: string | null): SourceBlock => {
    const alt = makeSegment(keys.next(level, 'img'), [{ type: 'text', value: (node.alt ?? '').trim() }], placeOf(node));
    const asText = (): SourceBlock => ({ type: 'paragraph', text: { ...alt, key: keys.next(level, 'p') } });
    if (/^[a-z][a-z0-9+.-]*:/i.test(node.url)) {
      reportAt(file, node, 'warning', `Remote images are never fetched: ${node.url}; its alt text is shown instead. Save the image under content/ and link it by a relative path`, 'remote-image');
      return asText();
    }
    if (!alt.source) reportAt(file, node, 'warning', 'Image has no alt text: describe it for readers who cannot see it', 'image-alt-missing');
    const imagePath = path.resolve(path.dirname(options.topicPath), decodeURIComponent(node.url));
    const relative = path.relative(options.contentDir, imagePath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      reportAt(file, node, 'error', `Image path ${node.url} leaves the content folder; images must be stored under content/`, 'image-path');
      return asText();
    }
    if (!/\.(png|jpe?g)$/i.test(imagePath)) {
      reportAt(file, node, 'error', `Image ${node.url} is not PNG or JPEG`, 'image-format');
      return asText();
    }
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(imagePath));
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === 'ENOENT') reportAt(file, node, 'error', `Image file not found: ${node.url}`, 'image-missing');
      else reportAt(file, node, 'error', `Image ${node.url} cannot be read: ${message}`, 'image-unreadable');
      return asText();
    }
    const problem = imageProblem(data);
    if (problem) {
      reportAt(file, node, 'error', `Image ${node.url} ${problem}`, 'image-corrupt');
      return asText();
    }
    return { type: 'image', path: imagePath, data, alt };
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
          if (options.topicLevels.includes(node.name)) {
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

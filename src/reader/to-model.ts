import { readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Image, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { CalloutKind, Inline, Position, Segment, SourceBlock } from '../model/document.ts';
import { report } from '../messages/index.ts';
import { imageProblem } from '../files/image.ts';
import { makeSegment } from '../model/segments.ts';

const CALLOUTS: readonly CalloutKind[] = ['warning', 'questions'];

export interface ConvertOptions {
  /** The topic, holding the Markdown body while it is converted. */
  file: VFile;
  topicPath: string;
  contentDir: string;
  /** Level names of the project config. */
  configLevels: string[];
  /** Levels this topic declares in its front matter. */
  topicLevels: string[];
}

/**
 * Converts mdast to source blocks and gives every translatable text a stable key:
 * `<section-slug>.[<level>.]<kind><n>`, counted within the section, so editing one
 * section does not re-key the others.
 */
export function toSourceBlocks(tree: Root, options: ConvertOptions): SourceBlock[] {
  const slugger = new GithubSlugger();
  const counters = new Map<string, number>();
  let section = 'intro';

  const at = (node: Nodes): Position => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
  const warn = (node: Nodes, reason: string, ruleId: string) => report(options.file, 'warning', reason, ruleId, at(node));
  const fail = (node: Nodes, reason: string, ruleId: string) => report(options.file, 'error', reason, ruleId, at(node));
  /** The Markdown of a node exactly as written, to show a construct that handouts do not support. */
  const literal = (node: Nodes): string => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start !== undefined && end !== undefined ? String(options.file).slice(start, end) : toString(node);
  };

  const nextKey = (level: string | null, kind: string): string => {
    const counter = `${section}|${level ?? ''}|${kind}`;
    const count = (counters.get(counter) ?? 0) + 1;
    counters.set(counter, count);
    return `${section}.${level ? `${level}.` : ''}${kind}${count}`;
  };

  const inlines = (nodes: PhrasingContent[]): Inline[] => {
    const result: Inline[] = [];
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          result.push({ type: 'text', value: node.value.replace(/\s+/g, ' ') });
          break;
        case 'emphasis':
        case 'strong':
          result.push({ type: node.type, children: inlines(node.children) });
          break;
        case 'link':
          result.push({ type: 'link', url: node.url, children: inlines(node.children) });
          break;
        case 'break':
          result.push({ type: 'break' });
          break;
        case 'textDirective':
          // No text directives exist here; remark-directive would otherwise eat "10:30" or "Note:Call".
          result.push({ type: 'text', value: literal(node) });
          break;
        case 'html':
          warn(node, `Raw HTML is not supported and is shown as text: ${node.value}`, 'raw-html');
          result.push({ type: 'text', value: node.value });
          break;
        case 'inlineCode':
          warn(node, 'Inline code is not supported in handouts and is shown as plain text', 'unsupported-inline-code');
          result.push({ type: 'text', value: node.value });
          break;
        case 'delete':
          warn(node, 'Strikethrough is not supported and is shown as plain text', 'unsupported-strikethrough');
          result.push(...inlines(node.children));
          break;
        case 'image':
          warn(node, 'An image inside text is not supported: put it in a paragraph of its own; its alt text is shown instead', 'unsupported-inline-image');
          result.push({ type: 'text', value: node.alt ?? '' });
          break;
        default:
          warn(node, `Unsupported Markdown (${node.type}) is shown as plain text`, `unsupported-${node.type}`);
          result.push({ type: 'text', value: literal(node) });
      }
    }
    return trimEdges(result);
  };

  const segment = (nodes: PhrasingContent[], node: Nodes, level: string | null, kind: string): Segment =>
    makeSegment(nextKey(level, kind), inlines(nodes), at(node));

  const image = (node: Image, level: string | null): SourceBlock => {
    const alt = makeSegment(nextKey(level, 'img'), [{ type: 'text', value: (node.alt ?? '').trim() }], at(node));
    const asText = (): SourceBlock => ({ type: 'paragraph', text: { ...alt, key: nextKey(level, 'p') } });
    if (/^[a-z][a-z0-9+.-]*:/i.test(node.url)) {
      warn(node, `Remote images are never fetched: ${node.url}; its alt text is shown instead. Save the image under content/ and link it by a relative path`, 'remote-image');
      return asText();
    }
    if (!alt.source) warn(node, 'Image has no alt text: describe it for readers who cannot see it', 'image-alt-missing');
    const imagePath = path.resolve(path.dirname(options.topicPath), decodeURIComponent(node.url));
    const relative = path.relative(options.contentDir, imagePath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      fail(node, `Image path ${node.url} leaves the content folder; images must be stored under content/`, 'image-path');
      return asText();
    }
    if (!/\.(png|jpe?g)$/i.test(imagePath)) {
      fail(node, `Image ${node.url} is not PNG or JPEG`, 'image-format');
      return asText();
    }
    let data: Uint8Array;
    try {
      data = new Uint8Array(readFileSync(imagePath));
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === 'ENOENT') fail(node, `Image file not found: ${node.url}`, 'image-missing');
      else fail(node, `Image ${node.url} cannot be read: ${message}`, 'image-unreadable');
      return asText();
    }
    const problem = imageProblem(data);
    if (problem) {
      fail(node, `Image ${node.url} ${problem}`, 'image-corrupt');
      return asText();
    }
    return { type: 'image', path: imagePath, data, alt };
  };

  const blocks = (nodes: RootContent[], level: string | null, kind: 'p' | 'li' = 'p'): SourceBlock[] => {
    const result: SourceBlock[] = [];
    for (const node of nodes) {
      switch (node.type) {
        case 'heading': {
          section = slugger.slug(toString(node)) || 'section';
          const text = segment(node.children, node, level, 'h');
          result.push({ type: 'heading', depth: node.depth, id: section, text });
          break;
        }
        case 'paragraph': {
          if (node.data && 'directiveLabel' in node.data) break;
          const meaningful = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
          if (meaningful.length === 1 && meaningful[0]!.type === 'image') {
            result.push(image(meaningful[0], level));
            break;
          }
          result.push({ type: 'paragraph', text: segment(node.children, node, level, kind) });
          break;
        }
        case 'list':
          result.push({
            type: 'list',
            ordered: node.ordered ?? false,
            start: node.start ?? 1,
            items: node.children.map((item) => {
              if (item.checked !== null && item.checked !== undefined) {
                warn(item, 'Task list checkboxes are not supported; the item is shown without a checkbox', 'unsupported-task-list');
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
          const table = nextKey(level, 't');
          result.push({
            type: 'table',
            align: node.align ?? [],
            rows: node.children.map((row, rowIndex) =>
              row.children.map((cell, cellIndex) => makeSegment(`${table}.r${rowIndex + 1}c${cellIndex + 1}`, inlines(cell.children), at(cell))),
            ),
          });
          break;
        }
        case 'containerDirective': {
          if (Object.keys(node.attributes ?? {}).length > 0) {
            warn(node, `Attributes on :::${node.name} are not supported and are ignored`, 'unsupported-directive-attributes');
          }
          const labelParagraph = node.children.find((child) => child.type === 'paragraph' && child.data && 'directiveLabel' in child.data);
          if (options.configLevels.includes(node.name)) {
            if (level !== null) {
              fail(node, `:::${node.name} is inside :::${level}; level blocks cannot be nested`, 'level-nested');
              break;
            }
            if (!options.topicLevels.includes(node.name)) {
              fail(node, `:::${node.name} is not one of this topic's levels (${options.topicLevels.join(', ')}); add it to \`levels\` in the front matter`, 'level-undeclared');
              break;
            }
            if (labelParagraph) warn(node, `A level block has no title; [${toString(labelParagraph)}] is ignored`, 'level-label');
            result.push({ type: 'level', level: node.name, position: at(node), children: blocks(node.children, node.name) });
            break;
          }
          if ((CALLOUTS as readonly string[]).includes(node.name)) {
            const title = labelParagraph?.type === 'paragraph' ? segment(labelParagraph.children, labelParagraph, level, 'title') : null;
            result.push({ type: 'callout', kind: node.name as CalloutKind, title, children: blocks(node.children, level) });
            break;
          }
          warn(node, `Unknown block :::${node.name}; its content is shown as ordinary text. Known blocks: ${[...CALLOUTS, ...options.configLevels].join(', ')}`, 'unknown-directive');
          result.push(...blocks(node.children, level));
          break;
        }
        case 'html':
          warn(node, 'Raw HTML is not supported and is shown as text', 'raw-html');
          result.push({ type: 'paragraph', text: makeSegment(nextKey(level, kind), [{ type: 'text', value: node.value }], at(node)) });
          break;
        case 'definition':
          warn(node, 'Link reference definitions are not supported; write links as [text](url)', 'unsupported-definition');
          break;
        default:
          warn(node, `Unsupported Markdown (${node.type}) is shown as plain text`, `unsupported-${node.type}`);
          result.push({ type: 'paragraph', text: makeSegment(nextKey(level, kind), [{ type: 'text', value: literal(node) }], at(node)) });
      }
    }
    return result;
  };

  return blocks(tree.children, null);
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

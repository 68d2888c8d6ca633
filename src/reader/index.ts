import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { hasErrors, report, sourceFile } from '../messages/index.ts';
import type { SourceDocument } from '../model/document.ts';
import { makeSegment } from '../model/segments.ts';
import { checkDirectives, type DirectiveOptions } from './check-directives.ts';
import { toSourceBlocks } from './convert-blocks.ts';
import { readFrontMatter } from './front-matter.ts';
import { loadImages, type ImageOptions } from './load-images.ts';

export const TOPIC_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ReadResult {
  file: VFile;
  /** Null when the topic has errors (they are on `file`). */
  document: SourceDocument | null;
}

export function topicPath(project: Project, id: string): string {
  return path.join(project.contentDir, `${id}.md`);
}

/** Topic ids found in content/, sorted. */
export async function listTopics(project: Project): Promise<string[]> {
  const entries = await readdir(project.contentDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => entry.name.slice(0, -3))
    .sort();
}

/** Reads content/<id>.md into a source document; problems become messages on the returned file. */
export async function readTopic(project: Project, id: string): Promise<ReadResult> {
  const absolute = topicPath(project, id);
  const file = sourceFile(absolute, project.root);
  // The id names a file: refuse anything that could leave content/ or is not kebab-case.
  if (!TOPIC_ID.test(id)) {
    report(file, 'error', `Invalid topic id "${id}": use lower-case words joined by hyphens (the file name without .md)`, 'topic-id');
    return { file, document: null };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') report(file, 'error', `Topic file not found: ${path.relative(project.root, absolute)}`, 'topic-missing');
    else report(file, 'error', `Topic file cannot be read: ${message}`, 'topic-unreadable');
    return { file, document: null };
  }
  const text = bytes.toString('utf8');
  file.value = text;
  const split = readFrontMatter(text, file, project.config);
  if (!split) return { file, document: null };
  const { frontMatter, body } = split;

  // The Markdown steps work on the body, whose front matter is blank lines, so positions are the file's.
  file.value = body;
  const markdown = markdownProcessor(
    { configLevels: Object.keys(project.config.levels), topicLevels: frontMatter.levels },
    { topicPath: absolute, contentDir: project.contentDir },
  );
  const tree = await markdown.run(markdown.parse(file), file);
  const blocks = toSourceBlocks(tree, file, frontMatter.levels);
  // The checks are passes of their own before conversion: put the problems back in reading order.
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  // Whoever gets the file gets the whole topic, front matter included.
  file.value = text;
  const titleLine = lineOf(text, /^title:/m);
  const summaryLine = lineOf(text, /^summary:/m);
  const document: SourceDocument = {
    meta: {
      id,
      title: makeSegment('title', [{ type: 'text', value: frontMatter.title }], { line: titleLine, column: 1 }),
      summary: makeSegment('summary', [{ type: 'text', value: frontMatter.summary }], { line: summaryLine, column: 1 }),
      sourceLanguage: frontMatter.language,
      levels: frontMatter.levels,
      reviewed: frontMatter.reviewed,
      version: frontMatter.version,
      path: absolute,
      sourceHash: createHash('sha256').update(bytes).digest('hex'),
    },
    blocks,
  };
  return { file, document: hasErrors([file]) ? null : document };
}

function markdownProcessor(directives: DirectiveOptions, images: ImageOptions) {
  return unified().use(remarkParse).use(remarkGfm).use(remarkDirective).use(checkDirectives, directives).use(loadImages, images);
}

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

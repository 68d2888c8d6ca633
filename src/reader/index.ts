import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { locateInside } from '../files/inside.ts';
import { hasErrors, report, sourceFile } from '../messages/index.ts';
import type { SourceDocument } from '../model/document.ts';
import { makeSegment } from '../model/segments.ts';
import { blockDirectives } from './block-directives.ts';
import { checkDirectives, type DirectiveOptions } from './check-directives.ts';
import { toSourceBlocks } from './convert-blocks.ts';
import { readFrontMatter } from './front-matter.ts';
import { checkNesting, checkWords, MAX_TOPIC_BYTES, prescanBody } from './limits.ts';
import { loadImages, type ImageOptions } from './load-images.ts';
import { checkReferencedCharacters } from './referenced-characters.ts';
import { decodeTopic, reportCharacters } from './source-text.ts';

export const TOPIC_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ReadResult {
  file: VFile;
  /** Null when the topic has errors (they are on `file`). */
  document: SourceDocument | null;
}

export function topicPath(project: Project, id: string): string {
  return path.join(project.contentDir, `${id}.md`);
}

/** Topic ids found in content/, sorted. Links are listed too: reading one refuses it when it leads out of the project. */
export async function listTopics(project: Project): Promise<string[]> {
  const entries = await readdir(project.contentDir, { withFileTypes: true });
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.md'))
    .map((entry) => entry.name.slice(0, -3))
    .sort();
}

/** Reads content/<id>.md into a source document; problems become messages on the returned file, never exceptions. */
export async function readTopic(project: Project, id: string): Promise<ReadResult> {
  const absolute = topicPath(project, id);
  const file = sourceFile(absolute, project.root);
  // The id names a file: refuse anything that could leave content/ or is not kebab-case.
  if (!TOPIC_ID.test(id)) {
    report(file, 'error', `Invalid topic id "${id}": use lower-case words joined by hyphens (the file name without .md)`, 'topic-id');
    return { file, document: null };
  }
  const shown = path.relative(project.root, absolute);
  const located = await locateInside(absolute, project.root);
  if (!located.found) {
    if (located.problem === 'missing') report(file, 'error', `Topic file not found: ${shown}`, 'topic-missing');
    else if (located.problem === 'outside') report(file, 'error', `Topic file ${shown} is a link to ${located.realPath}, outside the project folder; copy the file into content/`, 'topic-path');
    else if (located.problem === 'not-a-file') report(file, 'error', `Topic ${shown} is not a file but a pipe or a device`, 'topic-unreadable');
    else report(file, 'error', `Topic file cannot be read: ${located.message}`, 'topic-unreadable');
    return { file, document: null };
  }
  if (located.bytes > MAX_TOPIC_BYTES) {
    report(file, 'error', `Topic file is ${located.bytes.toLocaleString('en')} bytes; at most ${MAX_TOPIC_BYTES.toLocaleString('en')}: split it into several topics`, 'topic-too-large', { line: 1, column: 1 });
    return { file, document: null };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(located.realPath);
  } catch (error) {
    report(file, 'error', `Topic file cannot be read: ${(error as Error).message}`, 'topic-unreadable');
    return { file, document: null };
  }
  const text = decodeTopic(bytes, file);
  if (text === null) return { file, document: null };
  file.value = text;
  reportCharacters(text, file);
  let document: SourceDocument | null;
  try {
    document = await parseTopic(project, id, text, file, createHash('sha256').update(bytes).digest('hex'));
  } catch (error) {
    // Whatever a parser throws is a message on the topic, not a crash of every topic.
    const { message, line, column } = error as Error & { line?: number; column?: number };
    report(file, 'error', `Topic cannot be read: ${message}`, 'topic-unreadable', { line: line ?? 1, column: column ?? 1 });
    document = null;
  }
  // The checks are passes of their own: put the problems back in reading order.
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  // Whoever gets the file gets the whole topic, front matter included.
  file.value = text;
  return { file, document: hasErrors([file]) ? null : document };
}

/** Front matter, then the Markdown body, each step only when the one before succeeded; problems go on `file`. */
async function parseTopic(project: Project, id: string, text: string, file: VFile, sourceHash: string): Promise<SourceDocument | null> {
  const split = readFrontMatter(text, file, project.config);
  if (!split) return null;
  const { frontMatter, body } = split;
  if (!prescanBody(body, file)) return null;

  // The Markdown steps work on the body, whose front matter is blank lines, so positions are the file's.
  file.value = body;
  const absolute = topicPath(project, id);
  const markdown = markdownProcessor(
    { configLevels: Object.keys(project.config.levels), topicLevels: frontMatter.levels },
    { topicPath: absolute, contentDir: project.contentDir },
  );
  const parsed = markdown.parse(file);
  if (!checkNesting(parsed, file)) return null;
  checkReferencedCharacters(parsed, file);
  const tree = await markdown.run(parsed, file);
  const blocks = toSourceBlocks(tree, file, frontMatter.levels);
  const titleLine = lineOf(text, /^title:/m);
  const summaryLine = lineOf(text, /^summary:/m);
  const document: SourceDocument = {
    meta: {
      id,
      title: makeSegment('title', [{ type: 'text', value: frontMatter.title }], { line: titleLine, column: 1 }),
      summary: makeSegment('summary', [{ type: 'text', value: frontMatter.summary }], { line: summaryLine, column: 1 }),
      sourceLanguage: frontMatter.language,
      languages: frontMatter.languages ?? Object.keys(project.config.languages),
      levels: frontMatter.levels,
      reviewed: frontMatter.reviewed,
      version: frontMatter.version,
      path: absolute,
      sourceHash,
    },
    blocks,
  };
  checkWords(document, file);
  return document;
}

function markdownProcessor(directives: DirectiveOptions, images: ImageOptions) {
  return unified().use(remarkParse).use(remarkGfm).use(blockDirectives).use(checkDirectives, directives).use(loadImages, images);
}

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

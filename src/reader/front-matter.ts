import matter from 'gray-matter';
import { LineCounter, parseDocument, type Document as YamlDocument } from 'yaml';
import { z } from 'zod';
import type { VFile } from 'vfile';
import type { ProjectConfig } from '../config/index.ts';
import { report } from '../messages/index.ts';
import { yamlPlace } from '../messages/yaml-place.ts';

const isoDate = z.iso.date('expected a date as YYYY-MM-DD');

export function frontMatterSchema(config: ProjectConfig) {
  const levelNames = Object.keys(config.levels);
  const languages = Object.keys(config.languages);
  return z.strictObject({
    title: z.string().trim().min(1),
    summary: z.string().trim().min(1),
    language: z.string().refine((value) => languages.includes(value), {
      message: `expected one of the configured languages: ${languages.join(', ')}`,
    }),
    levels: z
      .array(z.string().refine((value) => levelNames.includes(value), { message: `expected one of the configured levels: ${levelNames.join(', ')}` }))
      .min(1)
      .refine((levels) => new Set(levels).size === levels.length, { message: 'levels must not repeat' }),
    reviewed: isoDate,
    // A number would lose its trailing zeros ("1.0" → 1): ask for a quoted string.
    version: z.string({ error: 'expected a quoted string such as "1.0"' }).min(1),
  });
}

export type FrontMatter = z.infer<ReturnType<typeof frontMatterSchema>>;

export interface SplitTopic {
  frontMatter: FrontMatter;
  /** The Markdown body, padded with blank lines so positions match the file. */
  body: string;
}

/** Splits and validates front matter; returns null after reporting errors on `file`. */
export function readFrontMatter(text: string, file: VFile, config: ProjectConfig): SplitTopic | null {
  if (!/^---\r?\n/.test(text)) {
    report(file, 'error', 'Missing front matter: a topic starts with a `---` line, then title, summary, language, levels, reviewed and version, then `---`', 'front-matter-missing', { line: 1, column: 1 });
    return null;
  }
  const lineCounter = new LineCounter();
  let yamlDocument: YamlDocument | undefined;
  const parsed = matter(text, {
    engines: {
      yaml: (source: string) => {
        yamlDocument = parseDocument(source, { lineCounter, prettyErrors: false });
        return yamlDocument.errors.length > 0 ? {} : (yamlDocument.toJS() as object);
      },
    },
  });
  // gray-matter treats an unclosed block as all front matter; the body is then empty.
  if (!/\r?\n---\s*(\r?\n|$)/.test(text.slice(3))) {
    report(file, 'error', 'Front matter is not closed: add a `---` line after the last field', 'front-matter-unclosed', { line: 1, column: 1 });
    return null;
  }
  if (!yamlDocument) return null;
  // gray-matter hands over the text after the opening `---` with its newline, so YAML lines are file lines.
  for (const error of yamlDocument.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    report(file, 'error', `Front matter is not valid YAML: ${error.message.split('\n')[0]}`, 'front-matter-yaml', { line: position.line, column: position.col });
  }
  if (yamlDocument.errors.length > 0) return null;

  const result = frontMatterSchema(config).safeParse(parsed.data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const fieldPath = key === undefined ? issue.path : [...issue.path, key];
        const field = fieldPath.join('.') || 'front matter';
        const reason =
          issue.code === 'unrecognized_keys'
            ? `Unknown front matter field \`${field}\``
            : issue.code === 'invalid_type' && valueAt(parsed.data, fieldPath) === undefined
              ? `Missing front matter field \`${field}\``
              : `Front matter field \`${field}\`: ${issue.message}`;
        report(file, 'error', reason, 'front-matter-schema', yamlPlace(yamlDocument, lineCounter, fieldPath));
      }
    }
    return null;
  }
  const headerLines = text.slice(0, text.length - parsed.content.length).split('\n').length - 1;
  return { frontMatter: result.data, body: '\n'.repeat(headerLines) + parsed.content };
}

function valueAt(data: unknown, keyPath: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of keyPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

import matter from 'gray-matter';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Alias, type Document as YamlDocument } from 'yaml';
import { z } from 'zod';
import type { VFile } from 'vfile';
import type { ProjectConfig } from '../config/index.ts';
import { report, type Place } from '../messages/index.ts';
import { yamlPlace } from '../messages/yaml-place.ts';
import { characterProblems } from './characters.ts';

const isoDate = z.iso.date('expected a date as YYYY-MM-DD');

export function frontMatterSchema(config: ProjectConfig) {
  const levelNames = Object.keys(config.levels);
  const languages = Object.keys(config.languages);
  const configuredLanguage = z.string().refine((value) => languages.includes(value), {
    message: `expected one of the configured languages: ${languages.join(', ')}`,
  });
  return z
    .strictObject({
      title: z.string().trim().min(1),
      summary: z.string().trim().min(1),
      language: configuredLanguage,
      /** Languages the topic is offered in; absent: every configured language. */
      languages: z
        .array(configuredLanguage)
        .min(1)
        .refine((offered) => new Set(offered).size === offered.length, { message: 'languages must not repeat' })
        .optional(),
      levels: z
        .array(z.string().refine((value) => levelNames.includes(value), { message: `expected one of the configured levels: ${levelNames.join(', ')}` }))
        .min(1)
        .refine((levels) => new Set(levels).size === levels.length, { message: 'levels must not repeat' }),
      reviewed: isoDate,
      // A number would lose its trailing zeros ("1.0" → 1): ask for a quoted string.
      version: z.string({ error: 'expected a quoted string such as "1.0"' }).min(1),
    })
    .superRefine((frontMatter, context) => {
      // The source edition is the one every translation is checked against: a topic is always offered in it.
      if (frontMatter.languages && !frontMatter.languages.includes(frontMatter.language)) {
        context.addIssue({ code: 'custom', path: ['languages'], message: `must include the topic's own language, ${frontMatter.language}` });
      }
    });
}

export type FrontMatter = z.infer<ReturnType<typeof frontMatterSchema>>;

export interface SplitTopic {
  frontMatter: FrontMatter;
  /** The Markdown body, padded with blank lines so positions match the file. */
  body: string;
}

/** Characters of the front matter: seven short fields need a few hundred; the YAML parser's duplicate check grows with the square of the fields. */
export const MAX_FRONT_MATTER_CHARACTERS = 16 * 1024;
/** Fields the front matter may have (seven are known): more gets one message, not one per field. */
export const MAX_FRONT_MATTER_FIELDS = 20;
/** Fields whose value is free text, where quoting is the fix for most YAML errors. */
const TEXT_FIELDS = ['title', 'summary'];

/** Splits and validates front matter (its text has LF line ends); returns null after reporting errors on `file`. */
export function readFrontMatter(text: string, file: VFile, config: ProjectConfig): SplitTopic | null {
  if (!/^---\n/.test(text)) {
    report(file, 'error', 'Missing front matter: a topic starts with a `---` line, then title, summary, language, levels, reviewed and version, then `---`', 'front-matter-missing', { line: 1, column: 1 });
    return null;
  }
  // gray-matter treats an unclosed block as all front matter; the body is then empty.
  const close = /\n---\s*(\n|$)/.exec(text.slice(3));
  if (!close) {
    report(file, 'error', 'Front matter is not closed: add a `---` line after the last field', 'front-matter-unclosed', { line: 1, column: 1 });
    return null;
  }
  if (close.index > MAX_FRONT_MATTER_CHARACTERS) {
    report(file, 'error', `Front matter has ${close.index.toLocaleString('en')} characters; at most ${MAX_FRONT_MATTER_CHARACTERS.toLocaleString('en')}: it holds seven short fields at most`, 'front-matter-too-large', { line: 1, column: 1 });
    return null;
  }
  const lineCounter = new LineCounter();
  let yamlDocument: YamlDocument | undefined;
  let yamlSource = '';
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, {
      engines: {
        yaml: (source: string) => {
          yamlSource = source;
          yamlDocument = parseDocument(source, { lineCounter, prettyErrors: false });
          // Converted below, once the document is known to be safe to convert.
          return {};
        },
      },
    });
  } catch (error) {
    report(file, 'error', `Front matter cannot be read: ${(error as Error).message}`, 'front-matter-yaml', { line: 2, column: 1 });
    return null;
  }
  // gray-matter does not call the parser for a block of nothing but comments and blank lines.
  if (!yamlDocument || yamlDocument.contents === null) {
    report(file, 'error', 'Front matter is empty: write title, summary, language, levels, reviewed and version between the `---` lines', 'front-matter-empty', { line: 1, column: 1 });
    return null;
  }
  const document = yamlDocument;
  const lines = text.split('\n', close.index + 2);
  // gray-matter hands over the text after the opening `---` with its newline, so YAML lines are file lines.
  const placeOf = (offset: number): Place => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  for (const error of document.errors) {
    const place = placeOf(error.pos[0]);
    report(file, 'error', `Front matter is not valid YAML: ${error.message.split('\n')[0]}${quotingHint(lines[place.line - 1] ?? '')}`, 'front-matter-yaml', place);
  }
  if (document.errors.length > 0) return null;
  // An alias repeats a value by reference: nothing here needs it, and a few lines of them expand to billions of values.
  let alias: Alias | undefined;
  visit(document, {
    Alias: (_, node) => {
      alias = node;
      return visit.BREAK;
    },
  });
  if (alias) {
    report(file, 'error', `Front matter uses a YAML alias (*${alias.source}): write the value out`, 'front-matter-yaml', placeOf(alias.range?.[0] ?? 0));
    return null;
  }
  const fields = isMap(document.contents) ? document.contents.items.length : 0;
  if (fields > MAX_FRONT_MATTER_FIELDS) {
    report(file, 'error', `Front matter has ${fields.toLocaleString('en')} fields; a topic has six: title, summary, language, levels, reviewed and version, and may have languages`, 'front-matter-too-large', { line: 2, column: 1 });
    return null;
  }
  checkValues(document, yamlSource, placeOf, file);
  const data: unknown = document.toJS();

  const result = frontMatterSchema(config).safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const fieldPath = key === undefined ? issue.path : [...issue.path, key];
        const field = fieldPath.join('.') || 'front matter';
        const reason =
          issue.code === 'unrecognized_keys'
            ? `Unknown front matter field \`${field}\``
            : issue.code === 'invalid_type' && valueAt(data, fieldPath) === undefined
              ? `Missing front matter field \`${field}\``
              : `Front matter field \`${field}\`: ${issue.message}`;
        report(file, 'error', reason, 'front-matter-schema', yamlPlace(document, lineCounter, fieldPath));
      }
    }
    return null;
  }
  const headerLines = text.slice(0, text.length - parsed.content.length).split('\n').length - 1;
  return { frontMatter: result.data, body: '\n'.repeat(headerLines) + parsed.content };
}

/** Advice for a YAML error on a line of free text: quoting it is the fix (a title with ": " in it is read as a mapping). */
function quotingHint(line: string): string {
  const field = /^(\w+):[ \t]+([^"'\s].*?)\s*$/.exec(line);
  if (!field || !TEXT_FIELDS.includes(field[1]!)) return '';
  const [, key, value] = field;
  const quoted = `${key}: ${JSON.stringify(value)}`;
  return value!.includes(': ') ? `. A ${key} containing ": " must be quoted: ${quoted}` : `. Quote the ${key}: ${quoted}`;
}

/**
 * Checks the text values: characters that must not be printed, written as YAML
 * escapes ("\u202e") so the file's own scan cannot see them; and a comment that
 * ends a title or summary early (`title: Take 2 #tablets` is "Take 2").
 */
function checkValues(document: YamlDocument, source: string, placeOf: (offset: number) => Place, file: VFile): void {
  visit(document, {
    Pair: (_, pair) => {
      if (!isScalar(pair.key) || !isScalar(pair.value) || !TEXT_FIELDS.includes(String(pair.key.value))) return;
      const { value } = pair;
      const [start, end] = value.range ?? [0, 0];
      if (value.type === 'PLAIN' && value.comment !== undefined && /^[ \t]+#/.test(source.slice(end))) {
        const line = source.slice(start).split('\n')[0]!;
        report(file, 'warning', `The ${String(pair.key.value)} ends where " #" starts a YAML comment, which is not printed; to print it, quote it: ${String(pair.key.value)}: ${JSON.stringify(line)}`, 'front-matter-comment', placeOf(start));
      }
    },
    Scalar: (_, scalar) => {
      if (typeof scalar.value !== 'string') return;
      const written = source.slice(scalar.range?.[0] ?? 0, scalar.range?.[1] ?? 0);
      for (const problem of characterProblems(scalar.value)) {
        // Written as it is, the file's scan has reported it at its place.
        if (written.includes(String.fromCodePoint(problem.codePoint))) continue;
        report(file, 'error', `${problem.reason} (written as an escape)`, problem.ruleId, placeOf(scalar.range?.[0] ?? 0));
      }
    },
  });
}

function valueAt(data: unknown, keyPath: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of keyPath) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

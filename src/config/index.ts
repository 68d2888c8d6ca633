import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import type { VFile } from 'vfile';
import { report, sourceFile } from '../messages/index.ts';
import { yamlPlace } from '../reader/yaml-place.ts';

export const CONFIG_FILE = 'handout.config.yaml';

const bcp47 = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag such as "es" or "zh-Hans"');
const levelName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case level name such as "plain"');

const bound = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const metricTargets = z.strictObject({
  fleschKincaidGrade: bound.optional(),
  smog: bound.optional(),
  fernandezHuerta: bound.optional(),
  inflesz: bound.optional(),
});

const languageSchema = z.strictObject({
  /** The language's own name for itself, shown on editions. */
  name: z.string().min(1),
  /** Pattern name from the `hyphen` package (e.g. `en-us`, `es`), or null for no hyphenation. */
  hyphenation: z.string().nullable().default(null),
  direction: z.enum(['ltr', 'rtl']).default('ltr'),
  /** Font stack, first preferred (names from src/render/fonts.ts); each character falls back along it. */
  fonts: z.array(z.string()).min(1).default(['Noto Sans']),
  /** Where lines may break: at spaces, or also between words of scripts written without spaces. */
  lineBreaks: z.enum(['spaces', 'cjk']).default('spaces'),
});

export const configSchema = z.strictObject({
  clinic: z.strictObject({ name: z.string().min(1) }),
  paper: z.enum(['letter', 'a4']).default('letter'),
  sourceLanguage: bcp47,
  languages: z.record(bcp47, languageSchema),
  levels: z.record(levelName, z.strictObject({ targets: metricTargets.default({}) })),
  /** Terms translations must keep as they are (drug and brand names). */
  glossary: z.array(z.string().min(1)).default([]),
});

export type ProjectConfig = z.infer<typeof configSchema>;
export type LanguageConfig = ProjectConfig['languages'][string];
export type MetricTargets = z.infer<typeof metricTargets>;

export interface Project {
  root: string;
  config: ProjectConfig;
  configFile: VFile;
  contentDir: string;
  localesDir: string;
  outputDir: string;
}

export class ConfigError extends Error {
  constructor(readonly file: VFile) {
    super(`invalid project configuration in ${file.path}`);
  }
}

/** Reads and validates `handout.config.yaml`; throws ConfigError with located messages. */
export async function loadProject(root: string): Promise<Project> {
  const absolute = path.join(root, CONFIG_FILE);
  const file = sourceFile(absolute, root);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch {
    report(file, 'error', `Project configuration ${CONFIG_FILE} not found in ${root}`, 'config-missing');
    throw new ConfigError(file);
  }
  file.value = text;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  for (const error of document.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    report(file, 'error', `YAML syntax error: ${error.message.split('\n')[0]}`, 'config-yaml', { line: position.line, column: position.col });
  }
  if (document.errors.length > 0) throw new ConfigError(file);

  const parsed = configSchema.safeParse(document.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || '(root)';
      report(file, 'error', `\`${field}\`: ${issue.message}`, 'config-schema', yamlPlace(document, lineCounter, issue.path));
    }
    throw new ConfigError(file);
  }
  const config = parsed.data;
  if (!config.languages[config.sourceLanguage]) {
    report(file, 'error', `sourceLanguage \`${config.sourceLanguage}\` is not listed under languages`, 'config-schema', yamlPlace(document, lineCounter, ['sourceLanguage']));
    throw new ConfigError(file);
  }
  return {
    root,
    config,
    configFile: file,
    contentDir: path.join(root, 'content'),
    localesDir: path.join(root, 'locales'),
    outputDir: path.join(root, 'output'),
  };
}

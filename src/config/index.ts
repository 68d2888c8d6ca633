import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import type { VFile } from 'vfile';
import { report, sourceFile, type Place } from '../messages/index.ts';
import { FORMAT_NAMES, FORMATS, formatNamed } from '../formats/index.ts';
import { yamlPlace } from '../messages/yaml-place.ts';
import { CONFIG_FILE } from './file.ts';
import { STYLE_RULE_IDS, STYLE_RULES, type StyleRule } from './style-rules.ts';
import { FONT_PACKAGES } from '../fonts/index.ts';
import { hyphenationPatternsExist } from '../typesetting/hyphenation.ts';

export { CONFIG_FILE } from './file.ts';

const bcp47 = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag such as "es" or "zh-Hans"');
const levelName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case level name such as "plain"');

const bound = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const metricTargets = z.strictObject({
  fleschKincaidGrade: bound.optional(),
  smog: bound.optional(),
  fernandezHuerta: bound.optional(),
  inflesz: bound.optional(),
});

/** How a plain-language rule's findings are reported in a level: `off` skips the rule. */
const ruleSeverity = z.enum(['error', 'warning', 'off']);

/** Severities of the health-literacy rules in a level (src/config/style-rules.ts); a rule left out keeps its default. */
const levelChecks = z.partialRecord(z.enum(STYLE_RULE_IDS), ruleSeverity);

const languageSchema = z.strictObject({
  /** The language's own name for itself, shown on editions. */
  name: z.string().min(1),
  /** Pattern name from the `hyphen` package (e.g. `en-us`, `es`), or null for no hyphenation. */
  hyphenation: z
    .string()
    .refine(hyphenationPatternsExist, 'no such hyphenation patterns in the `hyphen` package (e.g. "en-us", "es", "ru")')
    .nullable()
    .default(null),
  direction: z.enum(['ltr', 'rtl']).default('ltr'),
  /** Font stack, first preferred (names from src/render/font-files.ts); each character falls back along it. */
  fonts: z.array(z.enum(Object.keys(FONT_PACKAGES) as [string, ...string[]])).min(1).default(['Noto Sans']),
  /** Where lines may break: at spaces, or also between words of scripts written without spaces. */
  lineBreaks: z.enum(['spaces', 'cjk']).default('spaces'),
  /** OpenType features to turn on or off for this language, e.g. `{ ccmp: false }` (see README). */
  fontFeatures: z.record(z.string().regex(/^[a-z0-9]{4}$/, 'expected a four-letter OpenType feature tag such as "ccmp"'), z.boolean()).default({}),
  /** Least line height, as a multiple of the type size: scripts with marks above and below (Arabic) need more than Latin's 1.2 of titles. */
  minLineHeight: z.number().min(1).max(3).default(1),
});

const clinicSchema = z.strictObject({
  name: z.string().min(1),
  phone: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
  website: z.url({ protocol: /^https?$/ }).optional(),
  /** PNG or SVG file, relative to the project folder. */
  logo: z.string().min(1).optional(),
  /** Headings, rules and the tri-fold cover; must reach 4.5:1 against white (checked in src/branding). */
  brandColor: z.string().default('#1d4e89'),
  /** Address of a topic's online edition, shown as a QR code: {topic}, {language}, {level} and {format} are filled in. */
  onlineUrl: z
    .string()
    .regex(/^https:\/\/[^\s]+$/, 'expected an https:// address')
    .refine((url) => !/\{(?!topic\}|language\}|level\}|format\})[^}]*\}/.test(url), 'only {topic}, {language}, {level} and {format} can be filled in')
    // The online site (output/site/) serves each edition's page as a file at its address's path.
    .refine((url) => ['{topic}', '{language}', '{level}'].every((placeholder) => url.split(/[?#]/)[0]!.includes(placeholder)), 'must have {topic}, {language} and {level} in its path (before any ? or #): each edition has its own page on the online site')
    .optional(),
});

/** A front desk user kept in the config: `handout staff hash` prints the hash (argon2id, never the password). */
export const staffNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a lower-case user name such as "mrivera"');
const staffSchema = z.strictObject({
  name: staffNameSchema,
  passwordHash: z.string().regex(/^\$argon2(id|i|d)\$/, 'expected an argon2 hash from `handout staff hash`'),
  displayName: z.string().trim().min(1).optional(),
});

/** How the front desk (`handout serve`) signs staff in besides passwords. */
const authSchema = z.strictObject({
  /**
   * A header a reverse proxy sets to the signed-in user's name (hospital single sign-on), e.g. X-Remote-User.
   * Honoured only when set here: the proxy must strip it from what clients send.
   */
  trustedHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name such as X-Remote-User').optional(),
  /** Hours a sign-in lasts (default 10: a shift). */
  sessionHours: z.number().positive().max(24).default(10),
});

/** Sending editions by email (the front desk): an SMTP relay; its user name and password come from HANDOUT_SMTP_USER and HANDOUT_SMTP_PASSWORD, never from this file. */
const mailSchema = z.strictObject({
  host: z.string().min(1),
  /** Default: 465 for implicit TLS, 587 for STARTTLS. */
  port: z.number().int().min(1).max(65535).optional(),
  /** implicit: TLS from the first byte (port 465); starttls: the server must offer STARTTLS, or nothing is sent. */
  tls: z.enum(['implicit', 'starttls']).default('starttls'),
  from: z.strictObject({ address: z.email(), name: z.string().min(1).optional() }),
  /** PEM file (relative to the project folder) of a certificate authority to trust besides the system's: a relay with the hospital's own CA. */
  caFile: z.string().min(1).optional(),
  /** DKIM signing, with a PEM private key file relative to the project folder. */
  dkim: z.strictObject({ domainName: z.string().min(1), keySelector: z.string().min(1), privateKeyFile: z.string().min(1) }).optional(),
  /** Sends without TLS: only for a test server on this machine, never for patients' email. */
  allowInsecureForLocalTesting: z.boolean().default(false),
  limits: z
    .strictObject({ perStaffPerHour: z.number().int().positive().default(30), perRecipientPerDay: z.number().int().positive().default(5) })
    .default({ perStaffPerHour: 30, perRecipientPerDay: 5 }),
});

/** Printing on real printers, in inches. */
const printSchema = z.strictObject({
  /** How near the sheet's edges the printers print: nothing is drawn nearer (office printers leave about 1/4 in). */
  printableMargin: z.number().min(0).max(1).default(0.25),
  /** How much narrower the tri-fold's tuck-in panel is than the other two, so it folds in without buckling (1/16–1/8 in). */
  tuckIn: z.number().min(1 / 16).max(1 / 8).default(3 / 32),
  /** Tri-folds for a print shop: the cover's colour bleeds 1/8 in past the trim, with crop marks, TrimBox and BleedBox. */
  bleed: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  /** Clinics editions can be branded for (`--clinic ID`); the first is the default. */
  clinics: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case clinic id such as "riverside"'), clinicSchema).refine((clinics) => Object.keys(clinics).length > 0, 'list at least one clinic'),
  paper: z.enum(['letter', 'a4']).default('letter'),
  sourceLanguage: bcp47,
  languages: z.record(bcp47, languageSchema),
  levels: z.record(
    levelName,
    z.strictObject({
      targets: metricTargets.default({}),
      checks: levelChecks.default({}),
      /** Whether the level's editions may hyphenate words; default: not the plainest level (listed first), the others may. */
      hyphenation: z.boolean().optional(),
    }),
  ),
  /**
   * Formats `handout build` makes when no --format is given; `levels` limits a format to some levels (a tri-fold holds little text);
   * `hyphenation: false` keeps a format's words whole (large print does by default).
   */
  formats: z
    .partialRecord(z.enum(FORMAT_NAMES as [string, ...string[]]), z.strictObject({ levels: z.array(levelName).optional(), hyphenation: z.boolean().optional() }))
    .default({ handout: {} }),
  /** Terms translations must keep as they are (drug and brand names). */
  glossary: z.array(z.string().min(1)).default([]),
  /** Words the plainest reader may not know, explained in the sentence of their first use (rule term-unexplained). */
  explainTerms: z.array(z.string().trim().min(1)).default([]),
  /** A TBX termbase (path from the project root): per language, the terms to use and the terms never to use. */
  terminology: z.string().regex(/\.tbx$/i, 'expected the path of a .tbx file').optional(),
  /** Front desk users signed in with a password (also possible: users in the records database, `handout staff add`). */
  staff: z.array(staffSchema).default([]),
  auth: authSchema.default({ sessionHours: 10 }),
  /**
   * Abbreviations of the source language and how they are said: `MVD: microvascular decompression`,
   * `MRI: M R I`. Readability counts the spoken form; a spoken form other than the letters read out
   * is an expansion the text must give at first use (rule abbreviation-unexpanded).
   */
  abbreviations: z
    .record(z.string().regex(/^[\p{L}\p{N}]+$/u, 'expected an abbreviation written as one word of letters and digits, such as MVD'), z.string().trim().min(1))
    .default({}),
  /** Absent: editions cannot be emailed. */
  mail: mailSchema.optional(),
  print: printSchema.default({ printableMargin: 0.25, tuckIn: 3 / 32, bleed: false }),
});

export type ProjectConfig = z.infer<typeof configSchema>;
export type LanguageConfig = ProjectConfig['languages'][string];
export type ClinicConfig = z.infer<typeof clinicSchema>;
export type MailConfig = z.infer<typeof mailSchema>;
export type MetricTargets = z.infer<typeof metricTargets>;
export type RuleSeverity = z.infer<typeof ruleSeverity>;

/** The levels a format is built for when --level names none: the config's list, or those it suits (null: every level). */
export function suitedLevels(config: ProjectConfig, format: string): string[] | null {
  return config.formats[format]?.levels ?? (formatNamed(format).suits === 'the plainest level' ? Object.keys(config.levels).slice(0, 1) : null);
}

/** The formats a full build makes at this level that the online edition links to (FormatDefinition.linkedOnline). */
export function linkedFormats(config: ProjectConfig, level: string): string[] {
  return FORMATS.filter((format) => format.linkedOnline && format.name in config.formats && (suitedLevels(config, format.name)?.includes(level) ?? true)).map((format) => format.name);
}

/**
 * Whether an edition of this level and format may hyphenate words (with its
 * language's patterns, where it has any): the config's setting for the level
 * and the format, by default never in the plainest level (plain-language
 * guidance: no broken words for these readers) nor in a format that does not
 * hyphenate (large print).
 */
export function hyphenatesIn(config: ProjectConfig, level: string, format: string): boolean {
  const byLevel = config.levels[level]?.hyphenation ?? Object.keys(config.levels)[0] !== level;
  return byLevel && (config.formats[format]?.hyphenation ?? formatNamed(format).hyphenation);
}

/** A health-literacy rule's severity in a level: the config's, else the rule's default for the plainest level (listed first) or for the others. */
export function ruleSeverityIn(config: ProjectConfig, level: string, rule: StyleRule): RuleSeverity {
  const [plainest, others] = STYLE_RULES[rule].defaults;
  return config.levels[level]?.checks[rule] ?? (Object.keys(config.levels)[0] === level ? plainest : others);
}

/** The configuration as read, with where each of its fields is written. */
export interface LoadedConfig {
  config: ProjectConfig;
  file: VFile;
  /** Line and column of a field, for messages about it found after reading. */
  place: (keyPath: readonly PropertyKey[]) => Place;
}

export class ConfigError extends Error {
  /** The configuration file, then any file it names that has errors (the termbase). */
  readonly files: VFile[];
  constructor(readonly file: VFile, related: VFile[] = []) {
    super(`invalid project configuration in ${file.path}`);
    this.files = [file, ...related];
  }
}

/**
 * Reads and validates `handout.config.yaml`; throws ConfigError with located
 * messages when it cannot be read, parsed or fails its schema.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const absolute = path.join(root, CONFIG_FILE);
  const file = sourceFile(absolute, root);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') report(file, 'error', `Project configuration ${CONFIG_FILE} not found in ${root}`, 'config-missing');
    else report(file, 'error', `Project configuration ${CONFIG_FILE} cannot be read: ${message}`, 'config-unreadable');
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
  for (const [format, options] of Object.entries(config.formats)) {
    for (const level of options?.levels ?? []) {
      if (!config.levels[level]) report(file, 'error', `format ${format}: level \`${level}\` is not listed under levels`, 'config-schema', yamlPlace(document, lineCounter, ['formats', format, 'levels']));
    }
  }
  // Cross-field errors stay on the file, so openProject reports them with the clinics' in one go.
  return { config, file, place: (keyPath) => yamlPlace(document, lineCounter, keyPath) };
}

import type { VFile } from 'vfile';
import { inlineText } from '../model/segments.ts';
import { FORMAT_NAMES, formatNamed, listTopics, prepareEdition, type Document, type EditionSpec, type Project } from '../index.ts';

/**
 * Whether patients may be given a topic in a language and level:
 * ready (the source, or a final translation, reviewed or not), draft (missing
 * or stale translations, or failing a translation check), or unavailable
 * (not offered, or an error such as a character no font has).
 */
export type EditionState = 'ready' | 'draft' | 'unavailable';

export interface LanguageLevel {
  language: string;
  languageName: string;
  level: string;
  state: EditionState;
  /** A ready translation no qualified medical translator has reviewed (its first page says so). */
  unreviewed: boolean;
  missing: number;
  stale: number;
  /** Why it is not ready, as the pipeline reports it. */
  reasons: string[];
  /** Title, summary and headings as the edition shows them; the source's when not ready. */
  title: string;
  summary: string;
  headings: string[];
}

export interface TopicEntry {
  id: string;
  version: string;
  reviewed: string;
  sourceLanguage: string;
  levels: string[];
  /** Every configured language × the topic's levels. */
  editions: LanguageLevel[];
}

export interface SearchQuery {
  text: string;
  language?: string | undefined;
  level?: string | undefined;
  format?: string | undefined;
}

export interface SearchHit {
  topic: TopicEntry;
  /** The ready editions that match, in config order. */
  matches: LanguageLevel[];
}

/** Every topic with the state of each language and level, read once when the server starts. */
export class TopicCatalog {
  private constructor(
    readonly project: Project,
    readonly topics: Map<string, TopicEntry>,
    /** Topics that could not be read, with why. */
    readonly unreadable: Map<string, string[]>,
  ) {}

  static async open(project: Project): Promise<TopicCatalog> {
    const topics = new Map<string, TopicEntry>();
    const unreadable = new Map<string, string[]>();
    for (const id of await listTopics(project)) {
      const entry = await readEntry(project, id);
      if ('errors' in entry) unreadable.set(id, entry.errors);
      else topics.set(id, entry);
    }
    return new TopicCatalog(project, topics, unreadable);
  }

  edition(topic: string, language: string, level: string): LanguageLevel | undefined {
    return this.topics.get(topic)?.editions.find((edition) => edition.language === language && edition.level === level);
  }

  /** Levels a format is made in, as a build plans them: the config's, or the plainest for a format that suits only that (the tri-fold); null for any. */
  formatLevels(format: string): string[] | null {
    const { config } = this.project;
    const configured = config.formats[format as keyof typeof config.formats]?.levels;
    return configured ?? (formatNamed(format).suits === 'the plainest level' ? Object.keys(config.levels).slice(0, 1) : null);
  }

  /** Formats staff can choose: the project's configured ones first, then every other registered one. */
  get formats(): string[] {
    const configured = Object.keys(this.project.config.formats);
    return [...configured, ...FORMAT_NAMES.filter((name) => !configured.includes(name))];
  }

  /**
   * Topics whose title, summary or a heading contains the query in a ready
   * edition, in any language. Substring matching after folding (Chinese has no
   * spaces between words to match whole words on).
   */
  search(query: SearchQuery): SearchHit[] {
    const needle = fold(query.text.trim());
    const levels = query.format ? this.formatLevels(query.format) : null;
    const hits: SearchHit[] = [];
    for (const topic of this.topics.values()) {
      const matches = topic.editions.filter(
        (edition) =>
          edition.state === 'ready' &&
          (!query.language || edition.language === query.language) &&
          (!query.level || edition.level === query.level) &&
          (!levels || levels.includes(edition.level)) &&
          (needle === '' || [edition.title, edition.summary, ...edition.headings].some((text) => fold(text).includes(needle))),
      );
      if (matches.length > 0) hits.push({ topic, matches });
    }
    return hits;
  }
}

/** Unicode normalisation, case folding and accents dropped, so `cirugia` finds `cirugía` and full-width letters match. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().normalize('NFC');
}

async function readEntry(project: Project, id: string): Promise<TopicEntry | { errors: string[] }> {
  const { config } = project;
  const source = await prepareEdition(project, spec(project, id, config.sourceLanguage, Object.keys(config.levels)[0]!));
  const meta = source.prepared?.document.meta;
  if (!meta) return { errors: errorsOf(source.files) };
  const editions: LanguageLevel[] = [];
  for (const [language, { name }] of Object.entries(config.languages)) {
    for (const level of meta.levels) editions.push(await languageLevel(project, id, language, name, level, meta.languages.includes(language)));
  }
  return { id, version: meta.version, reviewed: meta.reviewed, sourceLanguage: meta.sourceLanguage, levels: meta.levels, editions };
}

async function languageLevel(project: Project, topic: string, language: string, languageName: string, level: string, offered: boolean): Promise<LanguageLevel> {
  const base = { language, languageName, level, unreviewed: false, missing: 0, stale: 0 };
  if (!offered) {
    const source = await prepareEdition(project, spec(project, topic, project.config.sourceLanguage, level));
    return { ...base, state: 'unavailable', reasons: [`not translated: the topic is not offered in ${languageName}`], ...shown(source.prepared?.document) };
  }
  const final = await prepareEdition(project, spec(project, topic, language, level));
  if (final.prepared) {
    const { translation, document } = final.prepared;
    return { ...base, state: 'ready', unreviewed: !translation.reviewed, reasons: [], ...shown(document) };
  }
  const reasons = errorsOf(final.files);
  // Prepared again as a draft only to count what is missing or stale; a draft is never offered to a patient.
  const draft = await prepareEdition(project, spec(project, topic, language, level), { draft: true });
  if (!draft.prepared) return { ...base, state: 'unavailable', reasons, ...shown(undefined) };
  const { missing, stale } = draft.prepared.translation;
  return { ...base, state: 'draft', missing, stale, reasons, ...shown(draft.prepared.document) };
}

function spec(project: Project, topic: string, language: string, level: string): EditionSpec {
  return { topic, language, level, format: 'handout', paper: project.config.paper, clinic: null };
}

function shown(document: Document | undefined): Pick<LanguageLevel, 'title' | 'summary' | 'headings'> {
  if (!document) return { title: '', summary: '', headings: [] };
  const headings = document.blocks.flatMap((block) => (block.type === 'heading' ? [inlineText(block.text.content)] : []));
  return { title: inlineText(document.meta.title.content), summary: inlineText(document.meta.summary.content), headings };
}

/** The errors reported while preparing, with file and line, as staff read them. */
function errorsOf(files: VFile[]): string[] {
  return files.flatMap((file) => file.messages.filter((message) => message.fatal === true).map((message) => `${file.path}${message.line ? `:${message.line}` : ''}: ${message.reason}`));
}

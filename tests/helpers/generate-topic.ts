/**
 * Seeded generator of topics for the fuzz test and the soak script: CommonMark
 * and GFM constructs mixed with the project's directives, in the shipped
 * scripts. Deterministic from (seed, index), so one failing topic can be
 * generated again on its own. The generator also records every word it put
 * where a reader must see it, per level, so a check does not have to trust the
 * reader's model of the topic.
 */
import { createCanvas } from '@napi-rs/canvas';

/**
 * mulberry32: a tiny seeded PRNG. Hand-written because no seeded random
 * package is in node_modules, and Math.random cannot be seeded.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** One of the keys, in proportion to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries.at(-1)![0];
  }
}

/** The seed of topic `index` of a run: neighbouring indexes get unrelated streams. */
function topicSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

type Script = 'latin' | 'accented' | 'vietnamese' | 'cyrillic' | 'chinese' | 'arabic';

/** Words of each script, all drawable by the fonts of the language a topic in that script is built in. */
const VOCABULARY: Record<Script, readonly string[]> = {
  latin: [
    'dose', 'tablet', 'nurse', 'clinic', 'pain', 'swelling', 'morning', 'evening', 'water', 'doctor', 'appointment', 'headache',
    'medicine', 'seizure', 'nerve', 'muscle', 'blood', 'pressure', 'carbamazepine', 'gabapentin', 'botulinum', 'injection',
    'twitching', 'eyelid', 'surgery', 'recovery', 'dizziness', 'numbness', 'follow-up', 'side', 'effects', 'call', 'today',
    'weakness', 'hearing', 'fever', 'rest', 'drink', 'sleep', 'week', 'month', 'after', 'before', 'meals', 'with', 'food',
    'onabotulinumtoxinA', 'microvascular', 'decompression', 'hemifacial', 'spasm', 'emergency', 'care', 'team', "don't", 'it’s',
  ],
  accented: [
    'café', 'naïve', 'résumé', 'señal', 'corazón', 'über', 'garçon', 'Ærø', 'São', 'Łódź', 'jalapeño', 'façade', 'crème',
    'brûlée', 'Zürich', 'médico', 'niño', 'información', 'Øresund', 'dolor', 'cabeza', 'pastilla', 'mañana', 'hôpital',
    'Ärztin', 'Straße', 'œdème', 'Şişli', 'Dvořák', 'Ångström',
  ],
  vietnamese: [
    'thuốc', 'bệnh', 'viện', 'đau', 'đầu', 'uống', 'nước', 'ngày', 'bác', 'sĩ', 'huyết', 'áp', 'nghỉ', 'ngơi', 'Việt',
    'khỏe', 'mạnh', 'giật', 'cơ', 'mặt', 'phẫu', 'thuật', 'lịch', 'hẹn', 'chóng', 'mặt', 'tê', 'yếu', 'sốt', 'ị', 'ọ', 'ụ',
  ],
  cyrillic: [
    'лекарство', 'врач', 'боль', 'голова', 'таблетка', 'утром', 'вечером', 'вода', 'давление', 'приём', 'Здоровье', 'ёлка',
    'щека', 'объём', 'операция', 'спазм', 'лицо', 'нерв', 'слабость', 'онемение', 'температура', 'неделя', 'звоните',
  ],
  chinese: [
    '药物', '医生', '头痛', '每天', '服用', '两次', '医院', '血压', '注意', '休息', '喝水', '手术', '神经', '面部', '痉挛',
    '复诊', '副作用', '护士', '急诊', '麻木', '发烧', '饭后', '一周', '眼睑',
  ],
  arabic: [
    'دواء', 'طبيب', 'ألم', 'الرأس', 'يوميا', 'مرتين', 'مستشفى', 'ضغط', 'الدم', 'راحة', 'ماء', 'عملية', 'عصب', 'الوجه',
    'تشنج', 'ممرضة', 'موعد', 'حمى', 'ضعف', 'خدر', 'الطوارئ', 'أسبوع', 'بعد', 'الأكل',
  ],
};

/** Numbers, doses, times and codes, as handouts write them: a misprinted one is the worst error there is. */
const FIGURES = [
  '5 mg', '0.5 mL', '10:30', '1,000', '2–3', '50%', '37.5 °C', '100 µg', '±2', '¼', 'm²', '½', '3×', '24/7', 'ICD-10', 'G51.3',
  'RX48213', '(555) 010-0199', '2026-11-01', '1st', '#2', '€15', '§4', '“yes”', '‘no’', '«non»', '…', '—', '©', '®', '™',
];
const ARABIC_FIGURES = ['٢٫٥', '١٠٠٠', '٣'];

const URLS = ['https://medlineplus.gov/hemifacialspasm.html', 'https://example.org/a/b?c=1&d=2', 'https://riverside-neuro.example.org/handouts', 'http://example.com/', 'https://example.org/path_with_under_scores/x-y'];

/** Images the generated topics link; `fuzzImages()` makes them. */
const IMAGE_NAMES = ['images/tiny.png', 'images/wide.png', 'images/tall.png', 'images/photo.jpg', 'images/diagram.png'];

/** The image files generated topics link, path under content/ → bytes. */
export function fuzzImages(): Record<string, Buffer> {
  const draw = (width: number, height: number, type: 'image/png' | 'image/jpeg') => {
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#1d4e89');
    gradient.addColorStop(1, '#f2c14e');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    return type === 'image/png' ? canvas.toBuffer('image/png') : canvas.toBuffer('image/jpeg');
  };
  return {
    'images/tiny.png': draw(1, 1, 'image/png'),
    'images/wide.png': draw(900, 60, 'image/png'),
    'images/tall.png': draw(60, 700, 'image/png'),
    'images/photo.jpg': draw(320, 240, 'image/jpeg'),
    'images/diagram.png': draw(400, 300, 'image/png'),
  };
}

export type FuzzFormat = 'handout' | 'large-print' | 'booklet' | 'booklet-print' | 'trifold' | 'html';

/** The edition a generated topic is built as. */
export interface FuzzEdition {
  language: string;
  format: FuzzFormat;
  /** Editions in a language other than the source are drafts: the topic's catalogs are empty. */
  draft: boolean;
}

export interface GeneratedTopic {
  id: string;
  index: number;
  markdown: string;
  levels: string[];
  edition: FuzzEdition;
  /** Words a reader must find in the edition of each level (the title's and those of every construct shown). */
  words: Record<string, string[]>;
  /** A topic meant to fail: the rule and line its error must name. */
  expectedError?: { ruleId: string; line: number };
}

const LEVELS = ['plain', 'detailed'] as const;

/** Builds one topic's Markdown line by line, remembering the words each level must show. */
class TopicWriter {
  readonly lines: string[] = [];
  readonly words: Record<string, string[]> = { plain: [], detailed: [] };
  /** Level of the block being written; null outside level blocks. */
  level: string | null = null;
  footnotes = 0;
  constructor(
    readonly random: Random,
    readonly script: Script,
    readonly levels: string[],
  ) {}

  /** Line of the body (1-based) the next line will be on. */
  get nextLine(): number {
    return this.lines.length + 1;
  }

  shown(...words: string[]): void {
    for (const level of this.level === null ? this.levels : [this.level]) this.words[level]!.push(...words);
  }

  /** One word: now and then a figure; otherwise in the topic's script, or in English (Chinese and Arabic topics half the time, other scripts 40 %). */
  word(): string {
    const random = this.random;
    const foreign = this.script === 'chinese' || this.script === 'arabic';
    const own = VOCABULARY[this.script];
    if (random.chance(0.06)) return this.script === 'arabic' && random.chance(0.4) ? random.pick(ARABIC_FIGURES) : random.pick(FIGURES);
    if (foreign && random.chance(0.5)) return random.pick(VOCABULARY.latin);
    if (this.script === 'chinese') return Array.from({ length: random.int(1, 3) }, () => random.pick(own)).join('') + (random.chance(0.2) ? random.pick(['，', '。', '（注意）', '、']) : '');
    return random.pick(this.script === 'latin' || random.chance(0.6) ? own : VOCABULARY.latin);
  }

  /** A word a reader never sees (a link's or an image's title), so not recorded. */
  hidden(): string {
    return this.random.pick(VOCABULARY[this.script]);
  }

  /** Words separated by spaces, recorded as shown; the first is a word, so a line never starts like a list item or a heading. */
  text(count: number): string {
    const words = Array.from({ length: count }, () => this.word());
    if (/^[\d#+-]/.test(words[0]!)) words[0] = this.random.pick(VOCABULARY[this.script]);
    this.shown(...words.flatMap((word) => word.split(' ')));
    return words.join(' ');
  }

  /** Inline content: text mixed with every inline construct; `breaks` allows line breaks (not in table cells or headings). */
  inline(count: number, breaks: boolean): string {
    const random = this.random;
    const parts: string[] = [this.text(random.int(1, 4))];
    while (parts.join(' ').length < count * 7) {
      const kind = random.weighted({
        text: 10, emphasis: 2, strong: 2, both: 0.5, underscore: 1, link: 1.5, titled: 0.4, autolink: 0.5, literal: 0.5, email: 0.3, code: 1,
        strike: 0.5, entity: 0.7, escape: 0.7, html: 0.6, footnote: 0.4, image: 0.2, hardBreak: breaks ? 0.6 : 0, softBreak: breaks ? 0.8 : 0,
      });
      switch (kind) {
        case 'text': parts.push(this.text(random.int(1, 5))); break;
        case 'emphasis': parts.push(`*${this.text(random.int(1, 3))}*`); break;
        case 'strong': parts.push(`**${this.text(random.int(1, 3))}**`); break;
        case 'both': parts.push(`***${this.text(random.int(1, 2))}***`); break;
        case 'underscore': parts.push(random.chance(0.5) ? `_${this.text(1)}_` : `__${this.text(random.int(1, 2))}__`); break;
        case 'link': parts.push(`[${this.text(random.int(1, 3))}](${random.pick(URLS)})`); break;
        case 'titled': parts.push(`[${this.text(random.int(1, 2))}](${random.pick(URLS)} "${this.hidden()}")`); break;
        case 'autolink': parts.push(`<${random.pick(URLS)}>`); break;
        case 'literal': parts.push(random.pick(['www.example.com', 'https://example.net/info'])); break;
        case 'email': parts.push(random.pick(['<nurse@example.org>', 'care.team@example.org'])); break;
        case 'code': parts.push(`\`${this.text(random.int(1, 3))}\``); break;
        case 'strike': parts.push(`~~${this.text(random.int(1, 2))}~~`); break;
        case 'entity': parts.push(random.pick(['&amp;', '&copy;', '&eacute;', '&#8212;', '&#x2013;', '&lt;', '&quot;', '&nbsp;', '&frac12;'])); break;
        case 'escape': parts.push(random.pick(['\\*', '\\_', '\\#', '\\[', '\\]', '\\\\', '\\<', '\\`', '\\~', '\\|'])); break;
        case 'html': {
          const [open, close] = random.pick([['<b>', '</b>'], ['<span class="x">', '</span>'], ['<abbr title="x">', '</abbr>'], ['<br>', '']]);
          parts.push(close ? `${open}${this.text(random.int(1, 2))}${close}` : open);
          break;
        }
        case 'footnote':
          this.footnotes += 1;
          parts.push(`[^${this.footnotes}]`);
          break;
        case 'image': parts.push(`![${this.text(random.int(1, 2))}](${random.pick(IMAGE_NAMES)})`); break;
        case 'hardBreak': parts.push(`${random.pick(['  ', '\\'])}\n${this.text(random.int(1, 3))}`); break;
        case 'softBreak': parts.push(`\n${this.text(random.int(1, 3))}`); break;
      }
    }
    return parts.join(' ').replace(/ \n/g, '\n');
  }

  push(...lines: string[]): void {
    this.lines.push(...lines.flatMap((line) => line.split('\n')));
  }

  /** A container's lines, each prefixed (block quote `> `, list item indentation). */
  nested(prefix: string, firstPrefix: string, write: () => void): void {
    const start = this.lines.length;
    write();
    const written = this.lines.splice(start);
    written.forEach((line, index) => this.lines.push(`${index === 0 ? firstPrefix : line === '' ? prefix.trimEnd() : prefix}${line}`));
  }

  /** A block at the given nesting depth; containers stop nesting at 3. */
  block(depth: number, allowDirectives: boolean): void {
    const random = this.random;
    const deep = depth >= 3;
    const kind = random.weighted({
      paragraph: 8, heading: depth === 0 ? 3 : 0.3, setext: depth === 0 ? 0.4 : 0, list: deep ? 0 : 3, ordered: deep ? 0 : 1.5, task: deep ? 0 : 0.4,
      quote: deep ? 0 : 1, table: 1.2, rule: 0.6, fence: 0.6, indented: 0.2, html: 0.5, comment: 0.2, image: 0.8,
      warning: allowDirectives && !deep ? 1 : 0, questions: allowDirectives && !deep ? 0.8 : 0, unknownBlock: allowDirectives && !deep ? 0.1 : 0,
    });
    switch (kind) {
      case 'paragraph':
        this.push(this.inline(random.int(3, 30), true));
        break;
      case 'heading': {
        const hashes = '#'.repeat(random.int(1, 4));
        this.push(`${hashes} ${this.inline(random.int(1, 6), false)}${random.chance(0.1) ? ` ${hashes}` : ''}`);
        break;
      }
      case 'setext':
        this.push(this.text(random.int(1, 5)), random.pick(['===', '---']));
        break;
      case 'list':
      case 'ordered':
      case 'task': {
        const ordered = kind === 'ordered';
        const loose = random.chance(0.25);
        const start = random.pick([1, 1, 1, 3, 10]);
        const marker = ordered ? random.pick(['.', ')']) : random.pick(['-', '*', '+']);
        const items = random.int(1, 5);
        for (let item = 0; item < items; item += 1) {
          const bullet = ordered ? `${start + item}${marker} ` : `${marker} `;
          const check = kind === 'task' ? random.pick(['[ ] ', '[x] ']) : '';
          this.nested(' '.repeat(bullet.length), bullet, () => {
            this.push(check + this.inline(random.int(1, 15), true));
            if (random.chance(0.3)) {
              this.push('');
              this.block(depth + 1, false);
            }
          });
          if (loose) this.push('');
        }
        break;
      }
      case 'quote':
        this.nested('> ', '> ', () => {
          const children = random.int(1, 3);
          for (let child = 0; child < children; child += 1) {
            if (child > 0) this.push('');
            this.block(depth + 1, false);
          }
        });
        break;
      case 'table': {
        const columns = random.chance(0.1) ? random.int(7, 10) : random.int(1, 5);
        const aligns = Array.from({ length: columns }, () => random.pick(['---', ':--', '--:', ':-:']));
        const row = () => `| ${Array.from({ length: columns }, () => (random.chance(0.1) ? '' : this.inline(random.int(1, 6), false))).join(' | ')} |`;
        this.push(row(), `| ${aligns.join(' | ')} |`);
        const bodyRows = random.int(0, 6);
        for (let body = 0; body < bodyRows; body += 1) this.push(row());
        break;
      }
      case 'rule':
        this.push(random.pick(['---', '***', '___', '- - -']));
        break;
      case 'fence': {
        const fence = random.pick(['```', '~~~', '````']);
        this.push(`${fence}${random.pick(['', 'text', 'js'])}`);
        const lines = random.int(1, 4);
        for (let line = 0; line < lines; line += 1) this.push(this.text(random.int(1, 6)));
        this.push(fence);
        break;
      }
      case 'indented':
        this.push(`    ${this.text(random.int(2, 6))}`, `    ${this.text(random.int(1, 4))}`);
        break;
      case 'html':
        this.push(random.pick(['<div class="note">', '<details>', '<p>']), this.text(random.int(2, 8)), random.pick(['</div>', '</details>', '</p>']));
        break;
      case 'comment':
        this.push(`<!-- ${this.text(random.int(1, 5))} -->`);
        break;
      case 'image': {
        const alt = this.text(random.int(1, 6));
        this.push(`![${alt}](${random.pick(IMAGE_NAMES)}${random.chance(0.2) ? ` "${this.hidden()}"` : ''})`);
        break;
      }
      case 'warning':
      case 'questions': {
        const title = random.chance(0.6) ? `[${this.inline(random.int(1, 5), false)}]` : '';
        this.push(`:::${kind}${title}`);
        if (kind === 'questions') {
          const questions = random.int(1, 4);
          for (let item = 1; item <= questions; item += 1) this.push(`${item}. ${this.inline(random.int(2, 10), false)}`);
        } else {
          const children = random.int(1, 2);
          for (let child = 0; child < children; child += 1) {
            if (child > 0) this.push('');
            this.block(depth + 1, false);
          }
        }
        this.push(':::');
        break;
      }
      case 'unknownBlock':
        this.push(`:::note[${this.text(random.int(1, 4))}]`, this.inline(random.int(2, 10), true), ':::');
        break;
    }
  }

  /** A level block holding a few blocks; a callout inside needs the longer outer fence. */
  levelBlock(level: string): void {
    this.level = level;
    const withCallout = this.random.chance(0.3);
    const fence = withCallout ? '::::' : ':::';
    this.push(`${fence}${level}`);
    const children = this.random.int(1, 3);
    for (let child = 0; child < children; child += 1) {
      if (child > 0) this.push('');
      this.block(0, false);
    }
    if (withCallout) this.push('', ':::warning', this.inline(this.random.int(2, 8), true), ':::');
    this.push(fence);
    this.level = null;
  }
}

/** The edition, script and size of topic `index`; a few are meant to fail. */
function planTopic(random: Random): { script: Script; edition: FuzzEdition; blocks: number; failure: 'missing-glyph' | 'level-undeclared' | null } {
  const script = random.weighted<Script>({ latin: 45, accented: 15, vietnamese: 10, cyrillic: 10, chinese: 10, arabic: 10 });
  const failure = random.chance(0.02) ? 'missing-glyph' : random.chance(0.01) ? 'level-undeclared' : null;
  const language = failure
    ? 'en'
    : ({
        latin: 'en',
        accented: random.chance(0.2) ? 'es' : 'en',
        vietnamese: random.chance(0.3) ? 'vi' : 'en',
        cyrillic: random.chance(0.3) ? 'ru' : 'en',
        chinese: 'zh-Hans',
        arabic: 'ar',
      } as const)[script];
  const format = failure ? 'handout' : random.weighted<FuzzFormat>({ handout: 70, 'large-print': 8, booklet: 6, 'booklet-print': 4, trifold: 6, html: 6 });
  return { script: failure === 'missing-glyph' ? 'latin' : script, edition: { language, format, draft: language !== 'en' }, blocks: format === 'trifold' ? random.int(2, 5) : random.int(3, 10), failure };
}

const quoted = (value: string) => JSON.stringify(value);

/** Topic `index` of the run with `seed`: the same arguments give the same topic. */
export function generateTopic(seed: number, index: number): GeneratedTopic {
  const topicRandom = new Random(topicSeed(seed, index));
  const plan = planTopic(topicRandom);
  // The tri-fold holds the plainest level only; a topic with an undeclared level block declares one level.
  const levels = plan.edition.format === 'trifold' ? ['plain'] : topicRandom.pick([['plain'], ['detailed'], ['plain', 'detailed'], ['plain', 'detailed']]);
  if (plan.failure === 'level-undeclared') levels.splice(1);
  const writer = new TopicWriter(topicRandom, plan.script, levels);
  const title = writer.text(topicRandom.int(1, 7));
  const frontMatter = [
    '---',
    `title: ${quoted(title)}`,
    `summary: ${quoted(`Generated topic ${index} of seed ${seed}.`)}`,
    'language: en',
    `levels: [${levels.join(', ')}]`,
    'reviewed: 2026-11-01',
    'version: "1.0"',
    '---',
  ];
  let expectedError: GeneratedTopic['expectedError'];
  for (let block = 0; block < plan.blocks; block += 1) {
    if (block > 0) writer.push('');
    if (plan.failure && block === Math.floor(plan.blocks / 2)) {
      expectedError = { ruleId: plan.failure, line: frontMatter.length + writer.nextLine };
      if (plan.failure === 'missing-glyph') {
        // A paragraph in characters English editions' fonts (Noto Sans) lack.
        writer.push(`${VOCABULARY.latin[0]} ${topicRandom.pick([VOCABULARY.chinese, VOCABULARY.arabic]).slice(0, 3).join(' ')}`);
      } else {
        writer.push(`:::${LEVELS.find((level) => !levels.includes(level))}`, 'nurse', ':::');
      }
      continue;
    }
    if (topicRandom.chance(0.25)) writer.levelBlock(topicRandom.pick(levels));
    else writer.block(0, true);
  }
  if (writer.footnotes > 0) {
    writer.push('');
    for (let footnote = 1; footnote <= writer.footnotes; footnote += 1) writer.push(`[^${footnote}]: ${writer.text(topicRandom.int(1, 6))}`);
  }
  const words: Record<string, string[]> = {};
  for (const level of levels) words[level] = writer.words[level]!;
  return {
    id: `fuzz-${String(index).padStart(5, '0')}`,
    index,
    markdown: `${[...frontMatter, ...writer.lines].join('\n')}\n`,
    levels,
    edition: plan.edition,
    words,
    ...(expectedError ? { expectedError } : {}),
  };
}

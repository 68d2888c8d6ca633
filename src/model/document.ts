/**
 * The one document model every stage passes on (the Pandoc picture):
 * reader → SourceDocument → level selection → Document → translation → Document → templates.
 */

export interface Position {
  line: number;
  column: number;
}

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'link'; url: string; children: Inline[] }
  | { type: 'break' };

/**
 * One translatable unit. `source` is the source-language text with inline
 * formatting as numbered tags (`Call <1>911</1> now`), which is what
 * translators see; `content` is what gets rendered (source or translation).
 */
export interface Segment {
  key: string;
  source: string;
  content: Inline[];
  position: Position;
  /** BCP 47 tag of `content` where it is not the document's language: a draft's source text standing in for a missing translation. */
  language?: string;
}

export interface HeadingBlock {
  type: 'heading';
  depth: 1 | 2 | 3 | 4 | 5 | 6;
  /** Anchor id, stable across languages (slug of the source heading). */
  id: string;
  text: Segment;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: Segment;
}

export interface ImageBlock {
  type: 'image';
  /** Absolute path of a local PNG or JPEG inside the content folder. */
  path: string;
  data: Uint8Array;
  alt: Segment;
}

export type CellAlign = 'left' | 'center' | 'right' | null;

export interface TableBlock {
  type: 'table';
  align: CellAlign[];
  /** First row is the header row. */
  rows: Segment[][];
}

export interface ThematicBreakBlock {
  type: 'thematicBreak';
}

export interface ListBlock<X> {
  type: 'list';
  ordered: boolean;
  start: number;
  items: { children: BlockOf<X>[] }[];
}

export interface QuoteBlock<X> {
  type: 'blockquote';
  children: BlockOf<X>[];
}

/** A warning (signs to act on), questions to ask, or the key points, shown first. */
export type CalloutKind = 'warning' | 'questions' | 'summary';

export interface CalloutBlock<X> {
  type: 'callout';
  kind: CalloutKind;
  /** Author-given title (`:::warning[Call 911 if]`); null means the template's default label. */
  title: Segment | null;
  children: BlockOf<X>[];
}

/** Text for one reading level only (`:::plain … :::`). Exists only before level selection. */
export interface LevelBlock {
  type: 'level';
  level: string;
  position: Position;
  children: SourceBlock[];
}

export type BlockOf<X> =
  | HeadingBlock
  | ParagraphBlock
  | ImageBlock
  | TableBlock
  | ThematicBreakBlock
  | ListBlock<X>
  | QuoteBlock<X>
  | CalloutBlock<X>
  | X;

/** A block of a selected (single-level) document. */
export type Block = BlockOf<never>;
/** A block as read from the source file, still holding every level. */
export type SourceBlock = BlockOf<LevelBlock>;

export interface TopicMeta {
  id: string;
  title: Segment;
  summary: Segment;
  /** BCP 47 tag of the source language. */
  sourceLanguage: string;
  /** Languages the topic is offered in, its source language among them: its front matter's `languages`, or every configured language. */
  languages: string[];
  levels: string[];
  /** Clinical review date, ISO yyyy-mm-dd. */
  reviewed: string;
  version: string;
  /** Absolute path of the topic file. */
  path: string;
  /** sha256 (hex) of the topic file's bytes. */
  sourceHash: string;
}

export interface SourceDocument {
  meta: TopicMeta;
  blocks: SourceBlock[];
}

export interface Document {
  meta: TopicMeta;
  /** The reading level this document was selected for. */
  level: string;
  /** BCP 47 tag of the language `content` is in. */
  language: string;
  blocks: Block[];
}

import type { ReactElement } from 'react';
import type { EditionProps } from '../../templates/types.ts';

/** A laid-out node of React-PDF's layout tree, as far as fit checks read it. Its box is relative to its parent's. */
export interface LaidOutNode {
  type: string;
  box?: { top: number; left: number; width: number; height: number; paddingLeft?: number; paddingTop?: number };
  style?: { position?: string; transform?: unknown };
  /** A template's props, such as a table's TableFit (templates/shared/blocks.tsx). */
  props?: { fixed?: boolean; [prop: string]: unknown };
  /** A text's lines, as textkit set them. */
  lines?: LaidOutLine[];
  /** How far a text's lines were moved to align them in a box narrower than the text. */
  alignOffset?: number;
  children?: LaidOutNode[];
}

/** A line of text as textkit set it: its string and runs in display order, its box relative to its text's. */
export interface LaidOutLine {
  string: string;
  runs: { start: number; end: number; attributes?: { bidiLevel?: number; fontSize?: number } }[];
  box: { x: number; y: number; width: number; height: number };
  /** From the top of its box to its baseline. */
  ascent?: number;
  /** The width of its glyphs; the white space at either end, which prints nothing. */
  xAdvance: number;
  overflowLeft?: number;
  overflowRight?: number;
}

/** Receives React-PDF's layout of a document from the template's <Document onRender> (where React-PDF puts it is internal). */
export type LayoutReceiver = (rendered: object) => void;

/** What the render stage gives a format to draw with: formats never load the renderer themselves. */
export interface PdfEngine {
  /**
   * Renders the <Document> a template makes as PDF bytes, with the pages it
   * laid out. The template must pass `onRender` to its <Document>. Bytes are
   * null when `accept` refused the layout.
   */
  renderPdf(element: (onRender: LayoutReceiver) => ReactElement, fontFamilies: readonly string[], options?: RenderOptions): Promise<{ bytes: Buffer | null; pages: LaidOutNode[] }>;
}

export interface RenderOptions {
  /** Tagged PDF/UA-1, with a structure tree from the templates' `tag` props (src/render/structure.ts); React-PDF's untagged PDF otherwise. */
  tagged?: boolean;
  /** Whether the layout is the one wanted: one refused is not drawn (a fit check that will lay the document out again), saving the drawing. */
  accept?: (pages: LaidOutNode[]) => boolean;
  /**
   * Whether a text's lines, as the line breaker just set them, break a composition rule: if so (its hyphenation
   * callbacks now keep the offending words whole) the text is broken again at once, in the same layout.
   */
  refusesLines?: (lines: readonly LaidOutLine[]) => boolean;
}

export interface WriterInput {
  /** The translated edition as templates receive it; a PDF format adds its page layout. */
  props: EditionProps;
  /** Plainer levels the topic also has, to suggest when the edition does not fit. */
  plainerLevels: string[];
}

export interface FormatOutput {
  bytes: Uint8Array;
  /** Pages of a PDF, as the format laid them out or composed them (the bytes are not read again for it); null for HTML. */
  pages: number | null;
  /** Things the reader of the build log should know (e.g. a smaller body size to fit). */
  notes: string[];
}

/**
 * Everything a format is, in one module per format (src/formats/<name>.ts),
 * read by config validation, planning, rendering, the CLI and the README's
 * format table. The template and any composition after rendering are loaded
 * by `write` only, so reading the registry never loads React-PDF or pdf-lib,
 * and rendering loads pdf-lib only for a format that composes sheets with it.
 */
export interface FormatDefinition {
  name: string;
  /** What it is, for the README and `handout formats`. */
  summary: string;
  /** The paper it is printed on or the medium it is read in. */
  medium: string;
  extension: 'pdf' | 'html';
  /** A font the format leads with where it has every character of the edition (large print: Atkinson Hyperlegible). */
  leadFont: string | null;
  /** Words may be hyphenated with the language's patterns; broken words are harder to read with low vision. */
  hyphenation: boolean;
  /** Levels it is built for when the config lists none: a format that holds little text suits the plainest. */
  suits: 'every level' | 'the plainest level';
  /** Readers get its structure (headings, lists, tables): semantic HTML, and tagged PDF/UA-1; an imposed sheet has no reading order to tag. */
  tagged: boolean;
  /** The online edition links to it, for patients to print at home: not the imposed print-shop formats, whose sheets must be folded and cut. */
  linkedOnline: boolean;
  /**
   * Estimated time to render one edition, relative to a handout (1): sharded
   * builds balance their shares by it. Formats that render more pages, render
   * again to fit or place pages on sheets cost more (docs/sharding.md has the
   * measurements).
   */
  renderCost: number;
  write(input: WriterInput, engine: PdfEngine): Promise<FormatOutput>;
}

/** The format cannot hold the edition without losing content: the edition fails with this message. */
/** An edition its format cannot print whole; `line` is where in the topic, when the problem has a place (a table, a text). */
export class FitError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** What most PDF formats declare: untagged PDF, the language's fonts and hyphenation, every level, not linked from the online edition. */
export const PRINTED_PDF = { extension: 'pdf', leadFont: null, hyphenation: true, suits: 'every level', tagged: false, linkedOnline: false } as const satisfies Partial<FormatDefinition>;

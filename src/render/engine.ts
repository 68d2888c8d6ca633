import { Document, Font, Page, pdf, Text } from '@react-pdf/renderer';
import layoutDocument from '@react-pdf/layout';
import renderLaidOut from '@react-pdf/render';
import PDFDocument from 'pdfkit';
import { createElement, type ReactElement } from 'react';
import type { DocumentProps } from '@react-pdf/renderer';
import { escapeText } from '../model/segments.ts';
import { tag } from '../model/tags.ts';
import { renderTagged, type MarkableDocument, type StructuredNode } from './structure.ts';
import type { LaidOutLine, LaidOutNode, LayoutReceiver, PdfEngine, RenderOptions } from '../formats/index.ts';
import type { Typography } from '../../templates/types.ts';
import { mapGlyphsWithoutCharacters } from './text-layer.ts';
import { cacheCoverage, cacheShaping } from './shaping.ts';
import { reuseEmbeddedFonts } from './pdfkit-fonts.ts';
import { keepSubsetGlyphs } from './subsets.ts';

type PdfInstance = ReturnType<typeof pdf>;
let instance: PdfInstance | undefined;
let patched = false;

/**
 * The PDF engine formats draw with. Its first use installs the patches to
 * pdfkit's prototypes (text layer of glyphs without characters, embedded fonts
 * reused per document) for the whole process; the per-font ones (shaping
 * cache, character coverage, emptied glyph caches, glyphs kept for subsets)
 * are applied to each font as a document loads it.
 */
export function pdfEngine(): PdfEngine {
  if (!patched) {
    mapGlyphsWithoutCharacters();
    reuseEmbeddedFonts();
    patched = true;
  }
  return { renderPdf };
}

/** Words the warm-up sets in each face: common letters, kerning pairs, a ligature, figures and punctuation. */
const WARM_UP_TEXT = 'Patient information: call your clinic (555) 010-0199 if the office, fifty-five, “affects” you; AVA, Type, Wo?';
/** The faces of running text, headings and captions; bold italic is rare. */
const WARM_UP_FACES = [{}, { fontWeight: 700 }, { fontStyle: 'italic' }] as const;

/**
 * Renders and throws away a few lines in an edition's typography, so that
 * what the first edition in a process pays once (loading the fonts and
 * parsing their tables, instantiating React-PDF's layout engine, compiling
 * its code, pdfkit's first document) is paid before an edition is waiting.
 * In steps, each face laid out alone and then all drawn, asking `stop`
 * before each: an edition that comes meanwhile waits for one step at most.
 */
export async function warmUp(typography: Pick<Typography, 'fontFamily' | 'direction' | 'fontFeatures' | 'hyphenate'>, stop: () => boolean): Promise<void> {
  const text = (face: object, index: number) =>
    createElement(Text, { key: index, style: { fontFamily: typography.fontFamily, direction: typography.direction, fontFeatureSettings: typography.fontFeatures, fontSize: 13, ...face }, hyphenationCallback: typography.hyphenate, ...tag('P') } as never, WARM_UP_TEXT);
  const document = (faces: readonly object[]) => (onRender: LayoutReceiver) => createElement(Document, { onRender } as never, createElement(Page, { size: 'LETTER', ...tag('Sect') } as never, faces.map(text)));
  const engine = pdfEngine();
  for (const face of WARM_UP_FACES) {
    if (stop()) return;
    await engine.renderPdf(document([face]), typography.fontFamily, { tagged: true, accept: () => false });
  }
  if (stop()) return;
  await engine.renderPdf(document(WARM_UP_FACES), typography.fontFamily, { tagged: true });
}

/**
 * Renders a <Document> element to PDF bytes, keeping the pages React-PDF laid
 * out; a layout that `accept` refuses is not drawn (no bytes). One instance
 * is reused per process: a new root per render keeps React's old trees alive
 * (memory grows with every PDF), updating the one container does not.
 */
async function renderPdf(element: (onRender: LayoutReceiver) => ReactElement, fontFamilies: readonly string[], options: RenderOptions = {}): Promise<{ bytes: Buffer | null; pages: LaidOutNode[] }> {
  await prepareFonts(fontFamilies);
  let pages: LaidOutNode[] | undefined;
  // React-PDF hands its layout to onRender (a callback, not drawn): fit checks read it instead of reading the PDF back.
  const document = element((rendered) => {
    pages = (rendered as { _INTERNAL__LAYOUT__DATA_?: { children?: LaidOutNode[] } })._INTERNAL__LAYOUT__DATA_?.children ?? [];
  });
  if (instance) instance.updateContainer(document as ReactElement<DocumentProps>);
  else instance = pdf(document as ReactElement<DocumentProps>);
  const output = await drawPdf(instance, options);
  if (!pages) throw new Error('The template did not pass onRender to its <Document>: its layout cannot be checked');
  return { bytes: output && (await collect(output)), pages };
}

async function collect(output: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of output as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** HANDOUT_UNTAGGED=1 renders every format untagged: for `npm run bench`'s comparison only. */
function taggingEnabled(): boolean {
  return process.env.HANDOUT_UNTAGGED !== '1';
}

/**
 * React-PDF's own pipeline (pdf().toBuffer(): a pdfkit document, layout,
 * render), with the layout handed to onRender before it is drawn, so a
 * layout that is only checked (`accept` refuses it) costs no drawing. Its
 * document options are React-PDF 4.9's for the props our templates set;
 * tagged, the document is made as PDF/UA-1 and the render step tagged
 * (structure.ts).
 */
async function drawPdf(pdfInstance: PdfInstance, { accept, refusesLines, ...options }: RenderOptions): Promise<NodeJS.ReadableStream | null> {
  const tagged = options.tagged === true && taggingEnabled();
  const root = pdfInstance.container.document as { props: DocumentMetadata } | null;
  if (!root) throw new Error('React-PDF holds no document to render');
  // Our patch to @react-pdf/layout asks the font store it is given whether a text's lines are refused, and keeps the
  // document's text layouts in it; a refusal changes how words break, so the layouts made before it are forgotten.
  const textLayouts = new Map<string, unknown>();
  const documentStore = {
    textLayouts,
    refusesLines: refusesLines && ((lines: readonly LaidOutLine[]) => refusesLines(lines) && (textLayouts.clear(), true)),
  };
  const fontStore = new Proxy(Font, { get: (target, key, receiver) => (key in documentStore ? documentStore[key as keyof typeof documentStore] : Reflect.get(target, key, receiver)) });
  const layout = await (layoutDocument as unknown as (document: unknown, fonts: unknown) => Promise<StructuredNode>)(root, fontStore);
  (root.props as { onRender?: (rendered: object) => void }).onRender?.({ _INTERNAL__LAYOUT__DATA_: layout });
  if (accept && !accept((layout.children ?? []) as LaidOutNode[])) return null;
  const props = root.props;
  const document = new PDFDocument({
    compress: true,
    ...(tagged ? { subset: 'PDF/UA', pdfVersion: '1.7', tagged: true } : {}),
    lang: props.language,
    displayTitle: true,
    autoFirstPage: false,
    info: Object.fromEntries(
      Object.entries({
        Title: props.title,
        Author: props.author,
        Subject: props.subject,
        Keywords: props.keywords,
        Creator: props.creator ?? 'react-pdf',
        Producer: props.producer ?? 'react-pdf',
        CreationDate: props.creationDate ?? new Date(),
        ModificationDate: props.modificationDate,
      }).filter(([, value]) => value !== undefined),
    ),
  });
  const draw = renderLaidOut as unknown as (document: MarkableDocument, root: StructuredNode) => unknown;
  if (tagged) {
    escapeMetadata(document as unknown as MetadataWriter);
    renderTagged(document as unknown as MarkableDocument, layout, draw);
  } else draw(document as unknown as MarkableDocument, layout);
  return document;
}

interface MetadataWriter {
  info: Record<string, unknown>;
  _addInfo(): void;
}

/**
 * pdfkit writes the title, author and subject into the XMP metadata (which
 * PDF/UA requires, and a PDF 1.3 file never had) without escaping them: a
 * title with "&" made the XML invalid. They are escaped there only; the Info
 * dictionary, written before, keeps them as they are.
 */
function escapeMetadata(document: MetadataWriter): void {
  const addInfo = document._addInfo.bind(document);
  document._addInfo = () => {
    const info = document.info;
    document.info = Object.fromEntries(Object.entries(info).map(([key, value]) => [key, typeof value === 'string' ? escapeText(value) : value]));
    try {
      addInfo();
    } finally {
      document.info = info;
    }
  };
}

interface DocumentMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  language?: string;
  creator?: string;
  producer?: string;
  creationDate?: Date;
  modificationDate?: Date;
}

interface FontkitFont {
  _glyphs?: object;
}

interface LoadedFonts {
  fontFamilies: Record<string, { sources: { data: FontkitFont | null; load: () => Promise<void> }[] } | undefined>;
}

/**
 * Loads the fonts a document uses and empties their glyph caches. fontkit
 * caches each glyph with the characters of its first use, and the PDF's text
 * layer is written from those: after a Spanish "ó" in italics, a Creole "o" in
 * italics was extracted as a space. Emptying the cache before each document
 * makes its bytes independent of what the process rendered before. (The cache
 * is internal: React-PDF's FontStore and fontkit expose no reset.)
 */
async function prepareFonts(fontFamilies: readonly string[]): Promise<void> {
  for (const family of fontFamilies) {
    // Loaded here, not halfway through layout, so the first document gets the same treatment as the others.
    for (const source of (Font as unknown as LoadedFonts).fontFamilies[family]?.sources ?? []) {
      await source.load();
      if (!source.data?._glyphs) continue;
      source.data._glyphs = {};
      cacheShaping(source.data);
      cacheCoverage(source.data);
      keepSubsetGlyphs(source.data);
    }
  }
}

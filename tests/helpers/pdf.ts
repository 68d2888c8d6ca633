import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { rasterise } from '../../src/readback/preview.ts';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from 'pdf-lib';

export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Rendered size in points (from the text matrix). */
  fontSize: number;
  fontName: string;
}

export interface PdfPage {
  width: number;
  height: number;
  /** Text items joined in content-stream order, one space between items. */
  text: string;
  items: PdfTextItem[];
}

export interface EmbeddedFont {
  baseFont: string;
  /** Subset fonts are named with a six-letter tag: ABCDEF+NotoSans. */
  subset: boolean;
  /** Has a FontFile, FontFile2 or FontFile3 stream. */
  embedded: boolean;
}

export interface ReadPdf {
  pages: PdfPage[];
  info: Record<string, string>;
  outline: string[];
  lang: string | undefined;
  embeddedFonts: EmbeddedFont[];
}

/** Reads a PDF back the way a viewer and a printer would see it. */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 });
  const document = await task.promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ str: item.str, x: x!, y: y!, width: item.width, fontSize: Math.hypot(a!, b!), fontName: item.fontName });
      }
      pages.push({ width: viewport.width, height: viewport.height, text: items.map((item) => item.str).join(' '), items });
    }
    const metadata = await document.getMetadata();
    const info = Object.fromEntries(Object.entries(metadata.info as Record<string, unknown>).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
    const flatten = (nodes: { title: string; items: unknown[] }[] | null): string[] =>
      (nodes ?? []).flatMap((node) => [node.title, ...flatten(node.items as { title: string; items: unknown[] }[])]);
    const outline = flatten((await document.getOutline()) as { title: string; items: unknown[] }[] | null);
    const structure = await readStructure(bytes);
    return { pages, info, outline, ...structure };
  } finally {
    await document.destroy();
  }
}

/** A rectangle on a page, in points from its bottom left corner (as text items' x and y). */
export interface PdfBox {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

type Matrix = [number, number, number, number, number, number];

/**
 * The bounds of every path painted (filled or stroked) on the given pages
 * (1-based), which the text layer leaves out: a QR code, rules, box
 * backgrounds. Read from the drawing operators, following the transforms.
 */
export async function readPaths(bytes: Uint8Array, pageNumbers: number[]): Promise<PdfBox[][]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const painting = new Set<number>([OPS.fill, OPS.eoFill, OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: PdfBox[][] = [];
    for (const number of pageNumbers) {
      const { fnArray, argsArray } = await (await document.getPage(number)).getOperatorList();
      const boxes: PdfBox[] = [];
      const saved: Matrix[] = [];
      let ctm: Matrix = [1, 0, 0, 1, 0, 0];
      fnArray.forEach((operator, index) => {
        const args = argsArray[index] as unknown[];
        if (operator === OPS.save || operator === OPS.paintFormXObjectBegin) saved.push(ctm);
        if (operator === OPS.restore || operator === OPS.paintFormXObjectEnd) ctm = saved.pop() ?? ctm;
        if (operator === OPS.transform) ctm = concat(args as Matrix, ctm);
        if (operator === OPS.paintFormXObjectBegin && args[0]) ctm = concat(Array.from(args[0] as ArrayLike<number>) as Matrix, ctm);
        if (operator !== OPS.constructPath || !painting.has(args[0] as number) || !args[2]) return;
        const [x0, y0, x1, y1] = Array.from(args[2] as ArrayLike<number>) as [number, number, number, number];
        const corners = [[x0, y0], [x1, y0], [x0, y1], [x1, y1]].map(([x, y]) => [ctm[0] * x! + ctm[2] * y! + ctm[4], ctm[1] * x! + ctm[3] * y! + ctm[5]] as const);
        const xs = corners.map(([x]) => x);
        const ys = corners.map(([, y]) => y);
        boxes.push({ left: Math.min(...xs), bottom: Math.min(...ys), right: Math.max(...xs), top: Math.max(...ys) });
      });
      pages.push(boxes);
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/**
 * How much narrower than the font's own space each space is drawn, in
 * thousandths of an em: the TJ adjustment that follows a space glyph
 * (pdfkit draws a squeezed or stretched space as its glyph plus one), for
 * every space on every page, with the space's own width; stretched spaces
 * count as negative.
 */
export async function spaceSqueezes(bytes: Uint8Array): Promise<{ squeeze: number; width: number }[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const squeezes: { squeeze: number; width: number }[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const { fnArray, argsArray } = await (await document.getPage(number)).getOperatorList();
      type Shown = (number | { unicode: string; width: number })[];
      const shown = fnArray.flatMap((operator, index) => (operator === OPS.showText ? [(argsArray[index] as unknown[])[0] as Shown] : []));
      const after = (glyphs: Shown, at: number) => (typeof glyphs[at + 1] === 'number' ? (glyphs[at + 1] as number) : 0);
      // A line too full even for its breaker is squeezed letter and space alike (textkit's justification), drawn in
      // several runs right to left: its spaces are as narrow as its letters, no word-spacing change. Left out, by page.
      const letterSqueezes = shown.flatMap((glyphs) => glyphs.flatMap((glyph, at) => (typeof glyph !== 'number' && glyph.unicode !== ' ' && after(glyphs, at) > 1 ? [after(glyphs, at)] : [])));
      for (const glyphs of shown) {
        glyphs.forEach((glyph, at) => {
          if (typeof glyph === 'number' || glyph.unicode !== ' ') return;
          const squeeze = after(glyphs, at);
          if (letterSqueezes.some((letter) => Math.abs(letter - squeeze) < 0.5)) return;
          squeezes.push({ squeeze, width: glyph.width });
        });
      }
    }
    return squeezes;
  } finally {
    await document.destroy();
  }
}

/** `first` applied, then `then`: the PDF's `cm` operator. */
function concat(first: Matrix, then: Matrix): Matrix {
  const [a, b, c, d, e, f] = first;
  const [A, B, C, D, E, F] = then;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

/** Catalog /Lang and the font dictionaries, which pdfjs does not expose. */
async function readStructure(bytes: Uint8Array): Promise<Pick<ReadPdf, 'lang' | 'embeddedFonts'>> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = pdf.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText();
  const embeddedFonts: EmbeddedFont[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : undefined;
    if (!dict || dict.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const baseFont = dict.get(PDFName.of('FontName'))?.toString().replace(/^\//, '') ?? '';
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => dict.has(PDFName.of(key)));
    embeddedFonts.push({ baseFont, subset: /^[A-Z]{6}\+/.test(baseFont), embedded });
  }
  // Standard 14 fonts (Helvetica, the silent fallback) have no descriptor: list them too.
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/Type1' && !object.has(PDFName.of('FontDescriptor'))) {
      embeddedFonts.push({ baseFont: object.get(PDFName.of('BaseFont'))?.toString().replace(/^\//, '') ?? '', subset: false, embedded: false });
    }
  }
  return { lang, embeddedFonts };
}

/**
 * Text for searching: no white space, hyphens or soft hyphens, so line-break
 * hyphenation cannot hide a match, and no invisible format characters (the
 * zero-width space that stands for a glyph without characters, see text-layer.ts).
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFC').replace(/[\s\u00ad\-‐‑\p{Cf}]/gu, '');
}

const ARABIC_WORD = /^[\u0600-\u06ff]+[.،؛؟:!]*$/u;

/**
 * The runs of consecutive Arabic words of a text, each joined by spaces: what
 * a right-to-left PDF's text layer keeps in order. A line mixing Arabic with
 * Latin names, URLs or numbers comes back from pdfjs's text layer in drawing
 * order (the logical text is in the tagged editions' ActualText, which the
 * text layer does not use; see README).
 */
export function arabicRuns(text: string): string[] {
  const runs: string[][] = [[]];
  for (const word of text.split(/\s+/)) {
    if (ARABIC_WORD.test(word)) runs.at(-1)!.push(word);
    else runs.push([]);
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(' '));
}

/** Rasterises a page and decodes the QR code on it. */
export async function decodeQr(bytes: Uint8Array, pageNumber: number): Promise<string | undefined> {
  const [page] = await rasterise(bytes, [pageNumber], 3);
  return jsQR(page!.rgba, page!.width, page!.height)?.data;
}

/** WCAG 2 relative luminance of an sRGB colour (0–255 channels). */
function luminance([r, g, b]: readonly number[]): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
}

/** WCAG 2 contrast ratio of two colours. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The contrast of each upright text item `matching` on each page as printed:
 * the pages are rasterised, each item's box read, its most common colour
 * taken as the background and the pixel that differs most from it as the
 * text's colour (a glyph's inside, past the anti-aliased edge, at 4 px per point).
 */
export async function textContrasts(bytes: Uint8Array, matching: (item: PdfTextItem) => boolean): Promise<{ str: string; contrast: number; text: number[]; background: number[] }[][]> {
  const { pages } = await readPdf(bytes);
  const scale = 4;
  const images = await rasterise(bytes, pages.map((_, index) => index + 1), scale);
  return pages.map((page, index) => {
    const image = images[index]!;
    return page.items.filter(matching).map((item) => {
      const [left, right] = [Math.floor(item.x * scale), Math.ceil((item.x + item.width) * scale)];
      const [top, bottom] = [Math.floor((page.height - item.y - item.fontSize * 0.8) * scale), Math.ceil((page.height - item.y + item.fontSize * 0.2) * scale)];
      const counts = new Map<number, number>();
      const pixels: number[][] = [];
      for (let y = Math.max(0, top); y < Math.min(image.height, bottom); y++) {
        for (let x = Math.max(0, left); x < Math.min(image.width, right); x++) {
          const at = (y * image.width + x) * 4;
          const pixel = [image.rgba[at]!, image.rgba[at + 1]!, image.rgba[at + 2]!];
          pixels.push(pixel);
          const key = (pixel[0]! << 16) | (pixel[1]! << 8) | pixel[2]!;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      const common = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      const background = [(common >> 16) & 255, (common >> 8) & 255, common & 255];
      const text = pixels.reduce((most, pixel) => (contrastRatio(pixel, background) > contrastRatio(most, background) ? pixel : most), background);
      return { str: item.str, contrast: contrastRatio(text, background), text, background };
    });
  });
}

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
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

import { Font, pdf } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import type { DocumentProps } from '@react-pdf/renderer';
import { mapGlyphsWithoutCharacters } from './text-layer.ts';
import { cacheCoverage, cacheShaping } from './shaping.ts';
import { reuseEmbeddedFonts } from './pdfkit-fonts.ts';

mapGlyphsWithoutCharacters();
reuseEmbeddedFonts();

type PdfInstance = ReturnType<typeof pdf>;
let instance: PdfInstance | undefined;

/**
 * Renders a <Document> element to PDF bytes. One instance is reused per
 * process: a new root per render keeps React's old trees alive (memory grows
 * with every PDF), updating the one container does not.
 */
export async function renderPdf(element: ReactElement<DocumentProps>, fontFamilies: readonly string[]): Promise<Buffer> {
  await prepareFonts(fontFamilies);
  if (instance) instance.updateContainer(element);
  else instance = pdf(element);
  const output: unknown = await instance.toBuffer();
  if (Buffer.isBuffer(output)) return output;
  // Some versions hand back a readable stream instead of a buffer.
  const chunks: Buffer[] = [];
  for await (const chunk of output as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
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
    }
  }
}

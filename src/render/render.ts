import { Font, pdf } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import type { DocumentProps } from '@react-pdf/renderer';

type PdfInstance = ReturnType<typeof pdf>;
let instance: PdfInstance | undefined;

/**
 * Renders a <Document> element to PDF bytes. One instance is reused per
 * process: a new root per render keeps React's old trees alive (memory grows
 * with every PDF), updating the one container does not.
 */
export async function renderPdf(element: ReactElement<DocumentProps>): Promise<Buffer> {
  forgetGlyphs();
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
  layout: (text: string, ...options: unknown[]) => unknown;
  /** Shaping results of the current document, by text and options (see memoizeLayout). */
  layoutCache?: Map<string, unknown>;
}

interface LoadedFonts {
  fontFamilies: Record<string, { sources: { data: FontkitFont | null }[] }>;
}

/**
 * fontkit caches each glyph with the characters of its first use, and the PDF's
 * text layer is written from those: after a Spanish "ó" in italics, a Creole
 * "o" in italics was extracted as a space. Emptying the cache before each
 * document makes its bytes independent of what the process rendered before.
 * (The cache is internal: React-PDF's FontStore and fontkit expose no reset.)
 */
function forgetGlyphs(): void {
  for (const family of Object.values((Font as unknown as LoadedFonts).fontFamilies)) {
    for (const source of family.sources) {
      if (!source.data) continue;
      if (source.data._glyphs) source.data._glyphs = {};
      memoizeLayout(source.data).clear();
    }
  }
}

/**
 * React-PDF shapes the same runs of text again for every measurement and for
 * the second layout pass that page numbers need; shaping (fontkit's GSUB and
 * GPOS lookups) was a quarter of the render time. Results are kept for the
 * document being rendered: textkit copies the positions it scales and only
 * reads the glyphs, which fontkit shares between runs anyway.
 */
function memoizeLayout(font: FontkitFont): Map<string, unknown> {
  if (font.layoutCache) return font.layoutCache;
  const cache = new Map<string, unknown>();
  const layout = font.layout.bind(font);
  font.layout = (text, ...options) => {
    const key = `${text}\u0000${JSON.stringify(options)}`;
    let result = cache.get(key);
    if (result === undefined) {
      result = layout(text, ...options);
      cache.set(key, result);
    }
    return result;
  };
  font.layoutCache = cache;
  return cache;
}

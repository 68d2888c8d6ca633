import { createCanvas } from '@napi-rs/canvas';
import { loadPdfjs } from './pdfjs.ts';

/** A page of a PDF as pixels: RGBA, row by row, on white. */
export interface RasterPage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  png: Buffer;
}

/** The first page of a PDF as a PNG, for a person to look at without opening every PDF. */
export async function renderPreview(bytes: Uint8Array, scale = 1.5): Promise<Buffer> {
  const [first] = await rasterise(bytes, [1], scale);
  return first!.png;
}

/** Pages of a PDF (1-based numbers) drawn on white at `scale` (1: 72 dots per inch), as a viewer or printer shows them. */
export async function rasterise(bytes: Uint8Array, pageNumbers: number[], scale: number): Promise<RasterPage[]> {
  const { getDocument } = await loadPdfjs();
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 });
  const document = await task.promise;
  try {
    const pages: RasterPage[] = [];
    for (const number of pageNumbers) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
      pages.push({ width: canvas.width, height: canvas.height, rgba: context.getImageData(0, 0, canvas.width, canvas.height).data, png: canvas.toBuffer('image/png') });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

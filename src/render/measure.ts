import { loadPdfjs } from './pdfjs.ts';

/**
 * How far down a page its text reaches, as a fraction of the page height (0–1).
 * Read back from the PDF with pdfjs rather than from React-PDF's layout tree,
 * which is internal and untyped.
 */
export async function lowestTextFraction(bytes: Uint8Array, pageNumber: number): Promise<number> {
  const { getDocument } = await loadPdfjs();
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 });
  const document = await task.promise;
  try {
    const page = await document.getPage(pageNumber);
    const { height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    let lowest = height;
    for (const item of content.items) {
      if ('transform' in item) lowest = Math.min(lowest, (item.transform as number[])[5]!);
    }
    return Math.min(1, Math.max(0, (height - lowest) / height));
  } finally {
    await document.destroy();
  }
}

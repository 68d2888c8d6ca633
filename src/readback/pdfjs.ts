/**
 * pdfjs-dist, loaded only when a PDF must be read back (previews). Its Node build installs core-js polyfills over built-ins such
 * as Array.prototype.push, which slowed every render in the process by about
 * a tenth: render workers must not load it.
 */
export function loadPdfjs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

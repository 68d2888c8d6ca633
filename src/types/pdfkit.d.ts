// pdfkit is React-PDF's PDF writer: its document prototype is patched (src/render/text-layer.ts, pdfkit-fonts.ts), and the
// tagged render makes its document (src/render/engine.ts), which structure.ts types as far as it uses it.
declare module 'pdfkit' {
  const PDFDocument: { prototype: object; new (options: Record<string, unknown>): NodeJS.ReadableStream };
  export default PDFDocument;
}

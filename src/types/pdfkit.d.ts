// pdfkit is React-PDF's PDF writer; only its document prototype is touched (src/render/text-layer.ts).
declare module 'pdfkit' {
  const PDFDocument: { prototype: object };
  export default PDFDocument;
}

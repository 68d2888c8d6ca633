import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { EditionProps } from '../../../templates/types.ts';


/** The PDF metadata of the edition, set again on sheets pdf-lib puts together. */
export function copyMetadata(target: PDFDocument, source: PDFDocument, props: EditionProps): void {
  target.setTitle(source.getTitle() ?? '');
  target.setAuthor(source.getAuthor() ?? '');
  target.setSubject(source.getSubject() ?? '');
  target.setKeywords([source.getKeywords() ?? '']);
  target.setCreator(props.creator);
  target.setProducer(props.creator);
  target.setCreationDate(props.creationDate);
  target.setModificationDate(props.creationDate);
  target.setLanguage(props.identity.language);
}

/** Short marks at the top and bottom edges of a sheet where it is folded. */
export function foldMark(page: PDFPage, x: number): void {
  const { height } = page.getSize();
  for (const [from, to] of [
    [0, 12],
    [height - 12, height],
  ] as const) {
    page.drawLine({ start: { x, y: from }, end: { x, y: to }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
  }
}

/** A composed PDF's bytes and its page count, from the document pdf-lib holds. */
export interface Composed {
  bytes: Buffer;
  pages: number;
}

export async function save(document: PDFDocument): Promise<Composed> {
  return { bytes: Buffer.from(await document.save({ useObjectStreams: false })), pages: document.getPageCount() };
}

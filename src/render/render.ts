import { pdf } from '@react-pdf/renderer';
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
  if (instance) instance.updateContainer(element);
  else instance = pdf(element);
  const output: unknown = await instance.toBuffer();
  if (Buffer.isBuffer(output)) return output;
  // Some versions hand back a readable stream instead of a buffer.
  const chunks: Buffer[] = [];
  for await (const chunk of output as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

import { readFile } from 'node:fs/promises';
import { Document, Page, Text, pdf } from '@react-pdf/renderer';
import { describe, expect, it } from 'vitest';
import { skippingCountedPages, type PageTemplateProps } from '../templates/shared/page-template.ts';
import { readPdf } from './helpers/pdf.ts';

const PARAGRAPHS = Array.from({ length: 40 }, (_, index) => `Paragraph ${index + 1}. ${'Some words to fill the line and the page. '.repeat(6)}`);

async function render(layout: (props: PageTemplateProps) => React.ReactElement | null) {
  const stream = await pdf(
    <Document>
      <Page size="A6" style={{ padding: 24, paddingBottom: 40, fontSize: 9 }} layout={layout}>
        {PARAGRAPHS.map((text) => (
          <Text key={text}>{text}</Text>
        ))}
      </Page>
    </Document>,
  ).toBuffer();
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return readPdf(Buffer.concat(chunks));
}

describe("the page template's first round (templates/shared/page-template.ts)", () => {
  it('lays out the pages React-PDF only counts as empty, and every page still gets its content and its "page X of Y"', async () => {
    const calls: { skipped: boolean; measuring?: boolean; pageNumber?: number; totalPages?: number }[] = [];
    // The counter is absolutely placed: it takes no room from the content, so it is left out when measuring.
    const template = ({ children, pageNumber, totalPages, measuring = false }: PageTemplateProps & { measuring?: boolean }) => (
      <>
        {children}
        {measuring ? null : <Text style={{ position: 'absolute', bottom: 16, left: 24 }}>{`Page ${pageNumber} of ${totalPages}`}</Text>}
      </>
    );
    const skipping = skippingCountedPages((props) => {
      calls.push({ skipped: false, measuring: props.measuring, pageNumber: props.pageNumber, totalPages: props.totalPages });
      return template(props);
    });
    const { pages } = await render((props) => {
      const laidOut = skipping(props);
      if (laidOut === null) calls.push({ skipped: true, pageNumber: props.pageNumber, totalPages: props.totalPages });
      return laidOut;
    });
    expect(pages.length).toBeGreaterThan(3);
    const pageNumbers = pages.map((_, index) => index + 1);
    // React-PDF 5.2 builds each page once to count them, then again with the total: the first of these is skipped.
    expect(calls.filter((call) => call.skipped).map((call) => call.pageNumber)).toEqual(pageNumbers);
    // The probe: once to check that the template renders its content once, then to measure the room for content before building each page, in both rounds.
    expect(calls.filter((call) => call.measuring).map((call) => call.pageNumber)).toEqual([1, ...pageNumbers, ...pageNumbers]);
    expect(calls.filter((call) => !call.skipped && !call.measuring && call.totalPages === pages.length).map((call) => call.pageNumber)).toEqual(pageNumbers);
    const text = pages.map((page) => page.text).join(' ');
    for (const paragraph of PARAGRAPHS) expect(text).toContain(paragraph.split('.')[0]);
    pages.forEach((page, index) => expect(page.text).toContain(`Page ${index + 1} of ${pages.length}`));
    // The same pages as the whole template laid out every time.
    const whole = await render(template);
    expect(whole.pages.map((page) => page.text)).toEqual(pages.map((page) => page.text));
  });

  it('relies on internals of @react-pdf/layout 5.2.0 that are still there', async () => {
    const version = (JSON.parse(await readFile('node_modules/@react-pdf/layout/package.json', 'utf8')) as { version: string }).version;
    expect(version).toBe('5.2.0');
    const layout = await readFile('node_modules/@react-pdf/layout/lib/index.js', 'utf8');
    // The first round's pages are only counted; the probe carries this mark.
    for (const internal of ["const PROBE_PROP = '__probe';", 'totalPages: round1.root.children.length,', 'return paginateDocument(root, ctx2).root;', 'totalPages: totals?.totalPages,', 'subPageNumber: enginePageNumber,']) {
      expect(layout).toContain(internal);
    }
  });
});

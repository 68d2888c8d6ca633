import { Document, Page, Text, View } from '@react-pdf/renderer';
import { createElement, Fragment, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { openProject } from '../src/index.ts';
import { pdfEngine } from '../src/render/engine.ts';
import { typographyFor } from '../src/render/typography.ts';
import { readPdf } from './helpers/pdf.ts';
import { REPO_ROOT } from './helpers/project.ts';

const HEADER = 'Riverside Neurology Clinic patient information';
const BODY = 'Call the clinic if the spasms come back or spread to the other side of your face. '.repeat(8);

describe('text layout within a document', async () => {
  const project = await openProject(REPO_ROOT);
  const { fontFamily } = typographyFor('en', project.config.languages.en!);

  /** A document of `pages` pages with a running header in its page template, and how often the line breaker asked the header's hyphenation callback about a word. */
  async function runningHeaderLayouts(pages: number) {
    let words = 0;
    const countingHyphenation = (word: string) => ((words += 1), [word]);
    const header = createElement(Text, { hyphenationCallback: countingHyphenation, style: { fontFamily, fontSize: 10 } } as never, HEADER);
    const template = ({ children }: { children?: ReactNode }) => createElement(Fragment, null, header, children);
    const paragraphs = Array.from({ length: pages }, (_, index) => createElement(View, { key: index, break: index > 0 } as never, createElement(Text, { style: { fontFamily, fontSize: 12 } } as never, BODY)));
    const document = (onRender: unknown) => createElement(Document, { onRender } as never, createElement(Page, { size: 'LETTER', style: { padding: 48 }, layout: template } as never, ...paragraphs));
    const { bytes } = await pdfEngine().renderPdf(document as never, fontFamily);
    return { words, pdf: await readPdf(bytes!) };
  }

  it('lays out a running header no more often for five pages than for one (our page templates laid it out again for every page, in both pagination rounds and each measure of a page’s room)', async () => {
    const onePage = await runningHeaderLayouts(1);
    const fivePages = await runningHeaderLayouts(5);
    expect(fivePages.pdf.pages).toHaveLength(5);
    for (const page of fivePages.pdf.pages) expect(page.text).toContain(HEADER);
    expect(onePage.words).toBeGreaterThan(0);
    expect(fivePages.words).toBe(onePage.words);
  });
});

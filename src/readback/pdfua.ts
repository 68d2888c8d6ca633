import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import { loadPdfjs } from './pdfjs.ts';

/**
 * The machine-checkable PDF/UA-1 conditions that apply to our PDFs, from the
 * Matterhorn Protocol 1.1 (its failure condition numbers). Hand-written: no
 * npm package checks PDF/UA, and veraPDF (Java) is not installed here. What
 * needs a person (alt text that says what matters, a reading order that makes
 * sense, colour contrast) is listed in the README.
 */
export const PDFUA_CHECKS = [
  { id: 'marked', matterhorn: '01-007; PDF/UA-1 7.1', what: 'the catalog has MarkInfo with Marked true and no Suspects, and a structure tree' },
  { id: 'content-tagged', matterhorn: '01-005', what: 'every painted thing (text, paths, images) is inside an Artifact or a marked-content sequence that a structure element holds' },
  { id: 'standard-types', matterhorn: '02-001', what: 'every structure element is of a standard type' },
  { id: 'metadata', matterhorn: '06-001, 06-002, 06-003', what: 'an XMP metadata stream with pdfuaid:part 1 and a dc:title' },
  { id: 'display-title', matterhorn: '07-001, 07-002', what: 'ViewerPreferences DisplayDocTitle true' },
  { id: 'language', matterhorn: '11-001', what: 'the catalog has a Lang; every Lang in the structure is a language tag' },
  { id: 'figures-alt', matterhorn: '13-004', what: 'every Figure has Alt or ActualText' },
  { id: 'headings', matterhorn: '14-002, 14-003', what: 'the first heading is H1 and no heading skips a level (H2 then H4)' },
  { id: 'table-headers', matterhorn: '15-003', what: 'every TH has a Scope' },
  { id: 'lists', matterhorn: '09-005', what: 'an L holds only LI (and a Caption); an LI only Lbl and LBody' },
  { id: 'annotations', matterhorn: '28-011, 28-012', what: 'every link annotation is in a Link element (StructParent and OBJR) and has Contents' },
  { id: 'tab-order', matterhorn: '28-008, 28-009', what: 'every page with annotations has Tabs /S' },
  { id: 'fonts', matterhorn: '31-009, 31-027', what: 'every font is embedded and has a ToUnicode map' },
] as const;

export type PdfUaCheck = (typeof PDFUA_CHECKS)[number]['id'];

export interface PdfUaFinding {
  check: PdfUaCheck;
  message: string;
}

const STANDARD_TYPES = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The findings of every check on a PDF: none means it passes them all. */
export async function checkPdfUa(bytes: Uint8Array): Promise<PdfUaFinding[]> {
  const findings: PdfUaFinding[] = [];
  const fail = (check: PdfUaCheck, message: string) => findings.push({ check, message });
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = pdf.catalog;
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.lookupMaybe(PDFName.of('Marked'), PDFBool)?.asBoolean() !== true) fail('marked', 'MarkInfo Marked is not true: the PDF is not tagged');
  if (markInfo?.lookupMaybe(PDFName.of('Suspects'), PDFBool)?.asBoolean() === true) fail('marked', 'MarkInfo Suspects is true');
  const treeRoot = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!treeRoot) fail('marked', 'no structure tree (StructTreeRoot)');

  checkMetadata(catalog, fail);
  const preferences = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (preferences?.lookupMaybe(PDFName.of('DisplayDocTitle'), PDFBool)?.asBoolean() !== true) fail('display-title', 'ViewerPreferences DisplayDocTitle is not true');
  const lang = text(catalog.lookup(PDFName.of('Lang')));
  if (!lang || !LANGUAGE_TAG.test(lang)) fail('language', `the document's Lang is ${lang ? `"${lang}", not a language tag` : 'missing'}`);

  const pages = pdf.getPages();
  const pageNumbers = new Map(pages.map((page, index) => [page.ref.toString(), index + 1]));
  /** Marked content a structure element holds: "page ref / MCID". */
  const held = new Set<string>();
  const linked = new Set<string>();
  if (treeRoot) walkStructure(pdf, treeRoot, held, linked, fail);

  for (const [index, page] of pages.entries()) {
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annotations && annotations.size() > 0 && page.node.lookup(PDFName.of('Tabs'))?.toString() !== '/S') fail('tab-order', `page ${index + 1} has annotations but no Tabs /S`);
    for (const ref of annotations?.asArray() ?? []) {
      const annotation = pdf.context.lookup(ref, PDFDict);
      if (annotation.lookup(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      if (!(ref instanceof PDFRef) || !linked.has(ref.toString())) fail('annotations', `a link on page ${index + 1} is in no Link structure element`);
      if (annotation.lookup(PDFName.of('StructParent')) === undefined) fail('annotations', `a link on page ${index + 1} has no StructParent`);
      if (!text(annotation.lookup(PDFName.of('Contents')))) fail('annotations', `a link on page ${index + 1} has no Contents`);
    }
  }
  checkFonts(pdf, fail);
  await checkContent(bytes, pages.map((page) => page.ref.toString()), held, pageNumbers, fail);
  return findings;
}

function checkMetadata(catalog: PDFDict, fail: (check: PdfUaCheck, message: string) => void): void {
  const stream = catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
  if (!(stream instanceof PDFRawStream)) return void fail('metadata', 'no XMP metadata stream');
  const xmp = new TextDecoder().decode(decodePDFRawStream(stream).decode());
  if (!/<pdfuaid:part>\s*1\s*<\/pdfuaid:part>|pdfuaid:part=["']1["']/.test(xmp)) fail('metadata', 'the XMP metadata has no pdfuaid:part 1');
  if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>[^<\s][^<]*<\/rdf:li>/.test(xmp)) fail('metadata', 'the XMP metadata has no dc:title');
}

type Fail = (check: PdfUaCheck, message: string) => void;

/** Walks the structure tree: element types, Alt, Scope, list nesting, heading levels; collects the marked content and annotations it holds. */
function walkStructure(pdf: PDFDocument, root: PDFDict, held: Set<string>, linked: Set<string>, fail: Fail): void {
  let lastHeading = 0;
  const visit = (element: PDFDict, parentType: string | null, page: PDFObject | undefined) => {
    const type = element.lookup(PDFName.of('S'))?.toString().slice(1) ?? '';
    const elementPage = element.get(PDFName.of('Pg')) ?? page;
    if (!STANDARD_TYPES.has(type)) fail('standard-types', `structure element of type "${type}" is not a standard type`);
    if (type === 'Figure' && !text(element.lookup(PDFName.of('Alt'))) && !text(element.lookup(PDFName.of('ActualText')))) fail('figures-alt', 'a Figure has no alternate text');
    if (type === 'TH') {
      const attributes = element.lookup(PDFName.of('A'));
      const scope = attributes instanceof PDFDict ? attributes.lookup(PDFName.of('Scope')) : undefined;
      if (!scope) fail('table-headers', 'a table header cell (TH) has no Scope');
    }
    if (parentType === 'L' && !['LI', 'Caption'].includes(type)) fail('lists', `a list (L) holds a ${type}`);
    if (parentType === 'LI' && !['Lbl', 'LBody'].includes(type)) fail('lists', `a list item (LI) holds a ${type}`);
    const heading = /^H([1-6])$/.exec(type);
    if (heading) {
      const level = Number(heading[1]);
      if (lastHeading === 0 && level !== 1) fail('headings', `the first heading is ${type}, not H1`);
      else if (level > lastHeading + 1) fail('headings', `${type} follows H${lastHeading}: a level is skipped`);
      lastHeading = level;
    }
    const language = element.lookup(PDFName.of('Lang'));
    if (language !== undefined && !LANGUAGE_TAG.test(text(language) ?? '')) fail('language', `a ${type} has Lang "${text(language)}", not a language tag`);
    for (const kid of kids(element)) {
      const resolved = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
      if (resolved instanceof PDFNumber) held.add(`${String(elementPage)}/${resolved.asNumber()}`);
      else if (resolved instanceof PDFDict) {
        const kidType = resolved.lookup(PDFName.of('Type'))?.toString();
        if (kidType === '/MCR') held.add(`${String(resolved.get(PDFName.of('Pg')) ?? elementPage)}/${resolved.lookup(PDFName.of('MCID'), PDFNumber).asNumber()}`);
        else if (kidType === '/OBJR') {
          if (type === 'Link' || type === 'Annot') linked.add(String(resolved.get(PDFName.of('Obj'))));
        } else visit(resolved, type, elementPage);
      }
    }
  };
  for (const kid of kids(root)) {
    const element = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
    if (element instanceof PDFDict) visit(element, null, undefined);
  }
}

function kids(element: PDFDict): PDFObject[] {
  const value = element.get(PDFName.of('K'));
  if (value === undefined) return [];
  const resolved = value instanceof PDFRef ? element.context.lookup(value) : value;
  return resolved instanceof PDFArray ? resolved.asArray() : [value];
}

/** Every font on every page embedded, with a ToUnicode map (the Type0 font's, or the simple font's). */
function checkFonts(pdf: PDFDocument, fail: Fail): void {
  const seen = new Set<string>();
  for (const [index, page] of pdf.getPages().entries()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fonts?.entries() ?? []) {
      const key = ref.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const font = pdf.context.lookup(ref, PDFDict);
      const baseFont = font.lookup(PDFName.of('BaseFont'))?.toString() ?? name.toString();
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict) ?? font;
      const descriptor = descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((file) => descriptor?.get(PDFName.of(file)) !== undefined);
      if (!embedded) fail('fonts', `font ${baseFont} (page ${index + 1}) is not embedded`);
      if (font.get(PDFName.of('ToUnicode')) === undefined) fail('fonts', `font ${baseFont} (page ${index + 1}) has no ToUnicode map`);
    }
  }
}

/**
 * Reads each page's operators with pdf.js: whatever paints (text, paths,
 * images) must be inside an Artifact or inside marked content with an MCID
 * that a structure element holds.
 */
async function checkContent(bytes: Uint8Array, pageRefs: string[], held: Set<string>, pageNumbers: Map<string, number>, fail: Fail): Promise<void> {
  const { getDocument, OPS } = await loadPdfjs();
  const painting = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText, OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.shadingFill]);
  const paths = new Set<number>([OPS.fill, OPS.eoFill, OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    for (const [index, pageRef] of pageRefs.entries()) {
      const page = await document.getPage(index + 1);
      const { fnArray, argsArray } = await page.getOperatorList();
      const stack: ({ artifact: true } | { mcid: number | null })[] = [];
      let untagged = 0;
      let unheld = 0;
      fnArray.forEach((op, at) => {
        const args = argsArray[at] as unknown[] | null;
        if (op === OPS.beginMarkedContent) stack.push(markedName(args?.[0]) === 'Artifact' ? { artifact: true } : { mcid: null });
        else if (op === OPS.beginMarkedContentProps) {
          const properties = args?.[1];
          const mcid = typeof properties === 'number' ? properties : null;
          stack.push(markedName(args?.[0]) === 'Artifact' ? { artifact: true } : { mcid });
        } else if (op === OPS.endMarkedContent) stack.pop();
        else if (painting.has(op) || (op === OPS.constructPath && paths.has((args?.[0] as number | undefined) ?? -1))) {
          if (stack.some((marking) => 'artifact' in marking)) return;
          const mcid = stack.findLast((marking): marking is { mcid: number } => 'mcid' in marking && marking.mcid !== null)?.mcid;
          if (mcid === undefined) untagged += 1;
          else if (!held.has(`${pageRef}/${mcid}`)) unheld += 1;
        }
      });
      const number = pageNumbers.get(pageRef) ?? index + 1;
      if (untagged > 0) fail('content-tagged', `page ${number}: ${untagged} painting operations neither tagged nor marked as artifacts`);
      if (unheld > 0) fail('content-tagged', `page ${number}: ${unheld} painting operations in marked content no structure element holds`);
    }
  } finally {
    await document.destroy();
  }
}

function markedName(value: unknown): string {
  return typeof value === 'object' && value !== null && 'name' in value ? String((value as { name: unknown }).name) : String(value);
}

function text(value: PDFObject | undefined): string | undefined {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

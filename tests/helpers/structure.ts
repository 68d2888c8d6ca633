import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/** A structure element read back: its role and attributes, and the text of the marked content it holds itself. */
export interface StructElement {
  role: string;
  alt?: string;
  actualText?: string;
  lang?: string;
  scope?: string;
  /** Text of its own marked content, in the order it holds it. */
  text: string;
  /** Pages (from 1) its own marked content is on. */
  pages: number[];
  /** Annotations it holds (OBJR). */
  objects: number;
  children: StructElement[];
}

export interface TaggedPdf {
  /** The structure tree's root elements (the Document). */
  roots: StructElement[];
  /** Text drawn outside any marked content. */
  untagged: string[];
  /** Text marked as artifacts. */
  artifacts: string[];
  /** Text in marked content that pdf.js's structure tree of its page does not hold. */
  outsideStructTree: string[];
  /** Roles pdf.js's getStructTree finds on each page, in tree order. */
  pdfjsRoles: string[][];
}

interface PdfjsStructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: PdfjsStructNode[];
}

/** Reads a tagged PDF's structure as a screen reader would: pdf.js for the text and each page's tree, pdf-lib for the whole tree with its attributes. */
export async function readTagged(bytes: Uint8Array): Promise<TaggedPdf> {
  const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false, disableFontFace: true });
  const document = await task.promise;
  const contentText = new Map<string, string>();
  const untagged: string[] = [];
  const artifacts: string[] = [];
  const outsideStructTree: string[] = [];
  const pdfjsRoles: string[][] = [];
  try {
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const tree = (await page.getStructTree()) as PdfjsStructNode | null;
      const held = new Set<string>();
      const roles: string[] = [];
      const visit = (node: PdfjsStructNode) => {
        if (node.type === 'content' && node.id) held.add(node.id);
        if (node.role) roles.push(node.role);
        node.children?.forEach(visit);
      };
      if (tree) visit(tree);
      pdfjsRoles.push(roles);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const stack: { tag: string; id: string | null }[] = [];
      for (const item of content.items as ({ str: string } | { type: string; id?: string; tag?: string })[]) {
        if ('type' in item) {
          if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push({ tag: item.tag ?? '', id: item.id ?? null });
          else if (item.type === 'endMarkedContent') stack.pop();
          continue;
        }
        if (item.str === '') continue;
        if (stack.some((marking) => marking.tag === 'Artifact')) artifacts.push(item.str);
        else {
          const id = stack.findLast((marking) => marking.id !== null)?.id;
          if (!id) untagged.push(item.str);
          else {
            contentText.set(id, (contentText.get(id) ?? '') + item.str);
            if (!held.has(id)) outsideStructTree.push(item.str);
          }
        }
      }
    }
  } finally {
    await document.destroy();
  }
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageNumbers = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const read = (element: PDFDict, inheritedPage: PDFObject | undefined): StructElement => {
    const page = element.get(PDFName.of('Pg')) ?? inheritedPage;
    const result: StructElement = { role: element.lookup(PDFName.of('S'))!.toString().slice(1), text: '', pages: [], objects: 0, children: [] };
    for (const [key, field] of [['Alt', 'alt'], ['ActualText', 'actualText'], ['Lang', 'lang']] as const) {
      const value = textOf(element.lookup(PDFName.of(key)));
      if (value !== undefined) result[field] = value;
    }
    const attributes = element.lookup(PDFName.of('A'));
    if (attributes instanceof PDFDict) result.scope = attributes.lookup(PDFName.of('Scope'))?.toString().slice(1);
    const addContent = (pageRef: PDFObject | undefined, mcid: number) => {
      const ref = pageRef as PDFRef;
      result.text += contentText.get(`p${ref.objectNumber}R_mc${mcid}`) ?? '';
      const number = pageNumbers.get(ref.toString())!;
      if (!result.pages.includes(number)) result.pages.push(number);
    };
    for (const kid of kidsOf(element)) {
      const resolved = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
      if (resolved instanceof PDFNumber) addContent(page, resolved.asNumber());
      else if (resolved instanceof PDFDict) {
        const type = resolved.lookup(PDFName.of('Type'))?.toString();
        if (type === '/MCR') addContent(resolved.get(PDFName.of('Pg')) ?? page, resolved.lookup(PDFName.of('MCID'), PDFNumber).asNumber());
        else if (type === '/OBJR') result.objects += 1;
        else result.children.push(read(resolved, page));
      }
    }
    return result;
  };
  const treeRoot = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const roots = treeRoot ? kidsOf(treeRoot).map((kid) => read(pdf.context.lookup(kid, PDFDict), undefined)) : [];
  return { roots, untagged, artifacts, outsideStructTree, pdfjsRoles };
}

function kidsOf(element: PDFDict): PDFObject[] {
  const value = element.get(PDFName.of('K'));
  if (value === undefined) return [];
  const resolved = value instanceof PDFRef ? element.context.lookup(value) : value;
  return resolved instanceof PDFArray ? resolved.asArray() : [value];
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The text a screen reader reads for an element: its ActualText, or its own text and its children's, in order. */
export function readAloud(element: StructElement): string {
  if (element.actualText !== undefined) return element.actualText;
  return element.text + element.children.map(readAloud).join('');
}

/** Every element of a tree, depth first. */
export function allElements(elements: StructElement[]): StructElement[] {
  return elements.flatMap((element) => [element, ...allElements(element.children)]);
}

import type { Tag } from '../model/tags.ts';

/**
 * Tagged PDF from React-PDF's render step. React-PDF 4.9 draws the laid-out
 * tree with @react-pdf/render, which never marks content. Its walk visits a
 * node's children with `node.children.forEach(...)` (renderChildren, and
 * render for the pages): each children array of the laid-out tree gets its
 * own `forEach`, which wraps every child's drawing in marked content and
 * builds the structure tree from the templates' `tag` props, in the order of
 * the document model. Everything drawn outside a tagged content node (a box's
 * background and borders, rules, furniture) is marked as an artifact.
 * docs/accessibility.md has the design and how to carry it to a new React-PDF.
 */

/** The laid-out node, as far as the walk reads it. */
export interface StructuredNode {
  type: string;
  props?: { tag?: Tag; fixed?: boolean; [prop: string]: unknown };
  children?: StructuredNode[];
}

interface PdfReference {
  data: Record<string, unknown>;
  end(): void;
}

interface PdfPage {
  dictionary: PdfReference;
  annotations: PdfReference[];
}

interface StructureContent {
  refs: { pageRef: PdfReference; mcid: number }[];
}

/** The pdfkit document calls this module makes (pdfkit's markings mixin, which React-PDF's pdfkit carries). */
export interface MarkableDocument {
  page: PdfPage;
  ref(data: object): PdfReference;
  markContent(tag: string, options?: object | null): unknown;
  markStructureContent(tag: string, options?: object): StructureContent;
  endMarkedContent(): unknown;
  getStructTreeRoot(): PdfReference;
  getMarkInfoDictionary(): PdfReference;
  getStructParentTree(): { get(key: number): (PdfReference | null)[]; add(key: number, value: PdfReference): void };
  createStructParentTreeNextKey(): number;
  addPage(options?: object): unknown;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): unknown;
  end(): void;
}

type Kid = Element | { page: PdfReference; mcid: number } | { page: PdfReference; annotation: PdfReference };

interface Element {
  tag: Tag;
  ref: PdfReference;
  parent: Element | null;
  kids: Kid[];
}

/** Node types @react-pdf/render draws without walking their children (it calls them Text and Svg; Image has none). */
const LEAF_TYPES = new Set(['TEXT', 'SVG', 'IMAGE', 'CANVAS', 'NOTE']);
/** Leaves that draw no words: decorative (an artifact) unless tagged, as a Figure. */
const PICTURE_TYPES = new Set(['SVG', 'IMAGE', 'CANVAS']);

/** What the tagged render found, for the check that React-PDF's walk still runs through the hooks. */
export interface TaggingReport {
  /** Children arrays React-PDF walked through the hook. */
  walked: number;
  /** Content nodes marked as structure. */
  marked: number;
}

/**
 * Renders a laid-out document tagged: `render` is @react-pdf/render's
 * default export (it ends the document). Throws when React-PDF did not walk
 * the tree as this module expects, rather than write an untagged PDF that
 * claims to be tagged.
 */
export function renderTagged<D extends MarkableDocument>(document: D, root: StructuredNode, render: (document: D, root: StructuredNode) => unknown): TaggingReport {
  const tagger = new Tagger(document);
  tagger.hook(root, true);
  render(document, root);
  if (!tagger.finished || tagger.report.walked === 0 || tagger.report.marked === 0) {
    throw new Error("React-PDF's render step no longer walks the laid-out tree as structure.ts expects (node.children.forEach, then document.end()): the PDF would not be tagged. See docs/accessibility.md before upgrading React-PDF");
  }
  return tagger.report;
}

class Tagger {
  readonly report: TaggingReport = { walked: 0, marked: 0 };
  finished = false;
  private rendering = true;
  private readonly document: Element;
  private readonly elements = new Map<Tag | string, Element>();
  private readonly stack: Element[] = [];
  /** The marked content open now: a node's own paint or furniture (artifact), or a content node's (its element). */
  private open: 'artifact' | Element | null = null;
  /** Inside furniture: nothing below is tagged. */
  private furnitureDepth = 0;

  constructor(private readonly pdf: MarkableDocument) {
    this.document = { tag: { role: 'Document' }, ref: pdf.ref({}), parent: null, kids: [] };
    this.stack.push(this.document);
    pdf.getMarkInfoDictionary().data.Marked = true;
    this.hookDocument();
  }

  /** Gives each children array of the tree a forEach that tags what it draws. */
  hook(node: StructuredNode, isRoot = false): void {
    const children = node.children;
    if (!children || LEAF_TYPES.has(node.type)) return;
    for (const child of children) this.hook(child);
    Object.defineProperty(children, 'forEach', {
      value: (draw: (child: StructuredNode, index: number, array: StructuredNode[]) => void) => {
        // After the pages, React-PDF walks the tree again for bookmarks: plain iteration.
        if (!this.rendering) return Array.prototype.forEach.call(children, draw);
        this.report.walked += 1;
        // Furniture's children are drawn inside its artifact.
        if (this.furnitureDepth > 0) return Array.prototype.forEach.call(children, draw);
        this.closeArtifact();
        for (let index = 0; index < children.length; index += 1) {
          const child = children[index]!;
          // A page opens its own artifact once pdfkit has begun it (addPage, below).
          if (isRoot) draw(child, index, children);
          else this.drawChild(child, () => draw(child, index, children));
          this.closeAny();
        }
        if (isRoot) this.rendering = false;
      },
    });
  }

  private drawChild(node: StructuredNode, draw: () => void): void {
    const tag = node.props?.tag;
    const repeated = node.props?.fixed === true && tag !== undefined && this.elements.has(tag.id ?? tag);
    if (tag?.role === 'Artifact' || repeated || (tag === undefined && PICTURE_TYPES.has(node.type))) {
      // Furniture, a header row repeated atop a page, a decorative picture.
      this.begin('artifact');
      this.furnitureDepth += 1;
      draw();
      this.furnitureDepth -= 1;
      this.closeAny();
      return;
    }
    if (LEAF_TYPES.has(node.type)) {
      // Untagged words are read as a paragraph of their parent, never dropped.
      this.begin(this.element(tag ?? { role: 'P' }));
      this.report.marked += 1;
      draw();
      this.closeAny();
      return;
    }
    if (tag) this.stack.push(this.element(tag));
    // The box's own background and borders, drawn before its children: furniture.
    this.begin('artifact');
    draw();
    this.closeAny();
    if (tag) this.stack.pop();
  }

  private top(): Element {
    return this.stack.at(-1)!;
  }

  /** The element a tag stands for: made at its first node, found again where the node goes on to another page. */
  private element(tag: Tag): Element {
    const found = this.elements.get(tag.id ?? tag);
    if (found) return found;
    const parent = tag.within ? this.element(tag.within) : tag.root ? this.document : this.top();
    const element: Element = { tag, ref: this.pdf.ref({}), parent, kids: [] };
    parent.kids.push(element);
    this.elements.set(tag.id ?? tag, element);
    return element;
  }

  private begin(marking: 'artifact' | Element): void {
    this.closeAny();
    if (marking === 'artifact') this.pdf.markContent('Artifact');
    else {
      const content = this.pdf.markStructureContent(marking.tag.role);
      for (const { pageRef, mcid } of content.refs) marking.kids.push({ page: pageRef, mcid });
    }
    this.open = marking;
  }

  private closeAny(): void {
    if (this.open === null) return;
    this.pdf.endMarkedContent();
    this.open = null;
  }

  private closeArtifact(): void {
    if (this.open === 'artifact') this.closeAny();
  }

  /** Page breaks, links and the end of the document, on this document only. */
  private hookDocument(): void {
    const pdf = this.pdf;
    const addPage = pdf.addPage.bind(pdf);
    const annotate = pdf.annotate.bind(pdf);
    const end = pdf.end.bind(pdf);
    pdf.addPage = (options) => {
      const page = addPage(options);
      // The page's own background, drawn before its first child.
      if (this.rendering) this.begin('artifact');
      return page;
    };
    pdf.annotate = (x, y, w, h, options) => {
      const content = this.open;
      if (content === null || content === 'artifact') return annotate(x, y, w, h, options);
      // A link: a Link element in the text that holds it, with the annotation as its object (PDF/UA 7.18.5).
      const address = linkAddress(options);
      const link = this.linkElement(content, address);
      const key = pdf.createStructParentTreeNextKey();
      pdf.getStructParentTree().add(key, link.ref);
      const result = annotate(x, y, w, h, { ...options, StructParent: key, Contents: new String(address) });
      link.kids.push({ page: pdf.page.dictionary, annotation: pdf.page.annotations.at(-1)! });
      return result;
    };
    pdf.end = () => {
      this.writeStructure();
      this.finished = true;
      end();
    };
  }

  /** The Link element for an address in a text: one per link, though its text runs over several lines (an annotation each). */
  private linkElement(content: Element, address: string): Element {
    const last = content.kids.at(-1);
    if (last && 'tag' in last && last.tag.role === ('Link') && last.tag.alt === address) return last;
    const link: Element = { tag: { role: 'Link', alt: address }, ref: this.pdf.ref({}), parent: content, kids: [] };
    content.kids.push(link);
    return link;
  }

  private writeStructure(): void {
    this.closeAny();
    const root = this.pdf.getStructTreeRoot();
    root.data.K = [this.document.ref];
    this.write(this.document, root);
  }

  private write(element: Element, parent: PdfReference): void {
    const { tag } = element;
    const data = element.ref.data;
    data.S = tag.role;
    data.P = parent;
    const kids: unknown[] = [];
    for (const kid of element.kids) {
      if ('tag' in kid) kids.push(kid.ref);
      else if ('mcid' in kid) {
        data.Pg ??= kid.page;
        kids.push(data.Pg === kid.page ? kid.mcid : { Type: 'MCR', Pg: kid.page, MCID: kid.mcid });
        this.pdf.getStructParentTree().get(kid.page.data.StructParents as number)[kid.mcid] = element.ref;
      } else kids.push({ Type: 'OBJR', Obj: kid.annotation, Pg: kid.page });
    }
    data.K = kids;
    if (tag.alt !== undefined) data.Alt = new String(tag.alt);
    if (tag.actual !== undefined) data.ActualText = new String(tag.actual);
    if (tag.lang !== undefined) data.Lang = new String(tag.lang);
    if (tag.scope !== undefined) data.A = { O: 'Table', Scope: tag.scope };
    for (const kid of element.kids) if ('tag' in kid) this.write(kid, element.ref);
    element.ref.end();
  }
}

/** The address a link annotation goes to: a URI, or a destination in the document. */
function linkAddress(options: Record<string, unknown>): string {
  const action = (options.A as PdfReference | undefined)?.data;
  const target = action?.URI ?? action?.D ?? options.Dest ?? '';
  return String(target);
}

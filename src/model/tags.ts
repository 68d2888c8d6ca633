/**
 * What a template element is in the PDF's structure tree (a `tag` prop,
 * passed through to React-PDF's laid-out node): its standard structure type
 * and the attributes PDF/UA asks of it. `Artifact` marks page furniture.
 */
export interface Tag {
  role: StructureRole | 'Artifact';
  /** Alternate text, for a Figure. */
  alt?: string;
  /** The text in logical order, where the drawn glyphs are in visual order (right-to-left lines with left-to-right words). */
  actual?: string;
  /** Language of the element, where it differs from the document's. */
  lang?: string;
  /** Which cells a TH heads. */
  scope?: 'Column' | 'Row' | 'Both';
  /** A grouping element between the parent and this one with no box of its own (a table's THead and TBody). */
  within?: Tag;
  /**
   * Names the element where several nodes make it (a picture and its caption, a box's list drawn item
   * by item, a table's header rows): React-PDF keeps a node's old props when the new ones are equal,
   * so the nodes of one render may hold tag objects of different renders.
   */
  id?: string;
  /** A child of the document itself, though laid out inside another element (the QR block, kept with a box's last part). */
  root?: boolean;
}

export type StructureRole =
  | 'Document'
  | 'Sect'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'H5'
  | 'H6'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'THead'
  | 'TBody'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'BlockQuote'
  | 'Figure'
  | 'Caption'
  | 'Link';

/** Props to spread on a React-PDF element (its types do not know `tag`). */
export function tag(role: Tag['role'], attributes: Omit<Tag, 'role'> = {}): object {
  return { tag: { role, ...attributes } satisfies Tag };
}

/** Props marking page furniture. */
export const ARTIFACT = tag('Artifact');

/** Page furniture laid out in the flow (a running header, a "(continued)" cue): an artifact, which the layout check (src/formats/layout-check.ts) leaves out of the reading order. */
export const FLOW_FURNITURE: object = { ...ARTIFACT, furniture: true };

/** A heading role for a depth, H6 at most. */
export function headingRole(depth: number): StructureRole {
  return `H${Math.min(6, Math.max(1, depth))}` as StructureRole;
}

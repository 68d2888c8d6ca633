import { Image, Link, Text, View } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import type { ReactNode } from 'react';
import type { Block, CalloutBlock, Inline, ListBlock, TableBlock } from '../../src/model/document.ts';
import { inlineText } from '../../src/model/segments.ts';
import { walkSegments } from '../../src/model/walk.ts';
import { BOX_TITLE, type EditionLabels, type Typography } from '../types.ts';
import { fitting, spacesInWords, unfittedBreaker, type LineBreaker } from './fit-words.ts';
import { measureFor } from './measure.ts';
import { BOLD, printedRuns, REGULAR, shownUrl, type Face, type PrintedRun } from './printed.ts';
import { colors, type HandoutStyles } from './styles.ts';
import { planTable } from './table-layout.ts';
import { boxIdOf, defaultCalloutTitle, namesNumberToCall } from '../../src/model/callouts.ts';
import { FLOW_FURNITURE, headingRole, tag, type StructureRole, type Tag } from '../../src/model/tags.ts';

export interface BlockContext {
  typography: Typography;
  labels: EditionLabels;
  styles: HandoutStyles;
  /** Large print has no italics (harder to read with low vision): emphasis is bold instead. */
  italics: boolean;
  brand: string;
  /** Ruled lines under each question for the patient's notes. */
  answerLines: number;
  /** A box may break between any two of its parts (one-column pages); otherwise a short box is kept whole (tri-fold panels). */
  splitCallouts?: boolean;
  /** A box that goes on to a new page is headed there by a "continued" cue (one-column pages). */
  continuedCues?: boolean;
  /** Boxes (boxId) that begin a new page, with the heading they follow: the tri-fold keeps a box on one side of the sheet. */
  pageBreakBefore?: ReadonlySet<string>;
  /** Depth of the heading whose section the blocks are in (the title's, 1, before the first): a box's title heads a level below. */
  sectionDepth?: number;
}

/** What our patch to React-PDF's pagination adds to a render prop's arguments: rendered as a `fixed` repeat heading a continuation. */
interface RepeatedRenderProps {
  repeated?: boolean;
}

/** The layout prop naming a part of a box, for finding where boxes split (src/formats/trifold.ts). */
export const CALLOUT_PART = 'calloutPart';

/** A box part's id: the box's first segment key (unique in a document) and the part's number. */
export function calloutPartId(box: string, part: number): string {
  return `${box}#${part}`;
}

/** Style every Text needs: React-PDF inherits neither direction nor alignment reliably. */
export function textStyle(typography: Typography, ...extra: Style[]): Style[] {
  const base = { fontFamily: typography.fontFamily, direction: typography.direction, textAlign: typography.direction === 'rtl' ? 'right' : 'left', fontFeatureSettings: typography.fontFeatures } as Style;
  // The language's least line height wins over a tighter one of the style (Arabic dots of two title lines touched at 1.2).
  const lineHeight = extra.reduce<unknown>((found, style) => style?.lineHeight ?? found, undefined);
  const taller = typeof lineHeight === 'number' && lineHeight < typography.minLineHeight ? [{ lineHeight: typography.minLineHeight } as Style] : [];
  return [base, ...extra, ...taller];
}

const RIGHT_TO_LEFT_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * The structure tag of a text: its role; its language where it is not the
 * edition's (a draft's untranslated segment); and, in a right-to-left edition,
 * its words in logical order (ActualText): left-to-right words are drawn in
 * visual order, and a ligature such as lam-alef maps its glyph to its letters
 * in drawing order.
 */
export function textTag(role: StructureRole, typography: Typography, text: { content: Inline[]; language?: string } | string): object {
  const words = typeof text === 'string' ? text : inlineText(text.content);
  const language = typeof text === 'string' ? undefined : text.language;
  const actual = typography.direction === 'rtl' ? { actual: words } : {};
  return tag(role, { ...actual, ...(language ? { lang: language } : {}) });
}

/**
 * Style for a text with no right-to-left letters (an address, a phone number, a
 * URL) in a right-to-left edition: laid out left to right, still right-aligned.
 * Set right to left, "(555) 010-0199" would print as "010-0199 (555)".
 */
export function latinRunStyle(typography: Typography, text: string): Style {
  return typography.direction === 'rtl' && !RIGHT_TO_LEFT_LETTERS.test(text) ? { direction: 'ltr', textAlign: 'right' } : {};
}

/**
 * Longest link a PDF makes clickable: pdfkit writes a link's address again
 * for every line it is printed on, so a very long one (no browser takes more)
 * would cost time and bytes by the square of its length. It is still printed.
 */
const LONGEST_LINK = 2_000;

/** Inline nodes as nested Text; printed links show their URL, since paper cannot be clicked. */
export function renderInlines(nodes: Inline[], options: { italics: boolean; brand: string; typography: Typography }): ReactNode[] {
  // Nested runs need the direction too: React-PDF takes a paragraph's base direction from its first run.
  const direction = { direction: options.typography.direction } as Style;
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'break':
        return '\n';
      case 'emphasis':
        return (
          <Text key={index} style={[direction, options.italics ? { fontStyle: 'italic' } : { fontWeight: 700 }]}>
            {renderInlines(node.children, options)}
          </Text>
        );
      case 'strong':
        return (
          <Text key={index} style={[direction, { fontWeight: 700 }]}>
            {renderInlines(node.children, options)}
          </Text>
        );
      case 'link': {
        const url = shownUrl(node);
        const style = [direction, { color: options.brand }];
        const text = [...renderInlines(node.children, options), url === null ? '' : ` (${url})`];
        return node.url.length > LONGEST_LINK ? (
          <Text key={index} style={style}>
            {text}
          </Text>
        ) : (
          <Link key={index} src={node.url} style={style}>
            {text}
          </Link>
        );
      }
    }
  });
}

/**
 * A paragraph or table cell's runs, and its direction style: left to right
 * where it has no right-to-left letters in a right-to-left edition (a phone
 * number, a drug name and dose), its nested runs too.
 */
function directedInlines(content: Inline[], context: BlockContext): { direction: Style; runs: ReactNode[] } {
  const direction = latinRunStyle(context.typography, inlineText(content));
  const typography = direction.direction === 'ltr' ? { ...context.typography, direction: 'ltr' as const } : context.typography;
  return { direction, runs: renderInlines(content, { ...context, typography }) };
}

export interface TextBox {
  /** The text's width and size, in points, and the face it is set in. */
  width: number;
  size: number;
  face: Face;
  /** Its inline content, whose bold and italic runs are measured in their faces. */
  content?: Inline[];
  /** The language's breaks inside words the text starts from: `typography.hyphenate` unless given. */
  base?: LineBreaker;
  /** The text's language where it is not the edition's (a draft's source text): the edition's hyphenation patterns are not for its words. */
  language?: string | undefined;
}

/** Line breaks for a text: the language's, and a word wider than the line broken where it must (fit-words.ts). */
export function lineBreaks(context: Pick<BlockContext, 'typography' | 'italics'>, { width, size, face, content, base, language }: TextBox): LineBreaker {
  const faces = new Map<string, Face>();
  for (const run of content ? printedRuns(content, face, context.italics) : []) {
    if (run.face !== face) for (const word of run.text.split(/ +/)) if (!faces.get(word)?.bold) faces.set(word, run.face);
  }
  const start = base ?? (language ? context.typography.breakOtherLanguage : context.typography.hyphenate);
  const fitted = fitting(unfittedBreaker(start), { measure: measureFor(context.typography), limit: width / size, face, faces });
  return context.typography.lineBreaks === 'cjk' ? spacesInWords(fitted) : fitted;
}

function Paragraph({ text, context, width, style }: { text: { content: Inline[]; language?: string }; context: BlockContext; width: number; style?: Style }) {
  const { styles } = context;
  const { content } = text;
  const { direction, runs } = directedInlines(content, context);
  return (
    <Text {...textTag('P', context.typography, text)} style={textStyle(context.typography, styles.paragraph, direction, ...(style ? [style] : []))} hyphenationCallback={lineBreaks(context, { width, size: styles.paragraph.fontSize, face: REGULAR, content, language: text.language })}>
      {runs}
    </Text>
  );
}

// A list item or callout this short always fits on a page (or tri-fold panel), so it is kept whole
// rather than leaving its bullet, or its box's title, behind. A longer one may break: kept whole,
// one taller than the page was squeezed onto it, its lines printed over each other. Lines are
// counted at 40 characters, the narrowest measure (a tri-fold panel, large print), a wide (CJK)
// character as two; 20 of them, with a box's title and padding, fit every format's page.
const KEEP_TOGETHER_LINES = 20;
const CHARACTERS_PER_LINE = 40;
const WIDE_CHARACTERS = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/gu;
// An image is up to 260 pt tall (styles.image).
const IMAGE_LINES = 12;

function isShort(blocks: Block[], extraLines = 0): boolean {
  let lines = extraLines;
  for (const [segment, { role }] of walkSegments(blocks)) {
    const text = inlineText(segment.content);
    const width = text.length + (text.match(WIDE_CHARACTERS)?.length ?? 0);
    lines += role === 'image-alt' ? IMAGE_LINES : Math.max(1, Math.ceil(width / CHARACTERS_PER_LINE));
  }
  return lines <= KEEP_TOGETHER_LINES;
}

/** Room between a list's widest number and its text, in ems. */
const MARKER_GAP = 0.4;

/** A list, or one item of it (`joined`: more items of the list follow, with no list's space between). */
function List({ block, context, width, joined, structure }: { block: ListBlock<never>; context: BlockContext; width: number; joined?: boolean; structure?: object }) {
  const rtl = context.typography.direction === 'rtl';
  const { styles } = context;
  const markers = block.items.map((_, index) => (block.ordered ? `${block.start + index}.` : '•'));
  // A number wider than the marker column ("100.") would print over its item's text.
  const { fontSize } = styles.listMarker;
  const markerWidth = Math.max(styles.listMarker.width, ...markers.map((marker) => (measureFor(context.typography).width(marker, REGULAR) + MARKER_GAP) * fontSize));
  return (
    <View style={{ marginBottom: joined ? 0 : 6 }} {...(structure ?? tag('L'))}>
      {block.items.map((item, index) => (
        <View key={index} style={[styles.listItem, rtl ? { flexDirection: 'row-reverse' } : {}]} wrap={!isShort(item.children)} {...tag('LI')}>
          <Text style={textStyle(context.typography, styles.listMarker, { width: markerWidth }, rtl ? { textAlign: 'right' } : {})} {...tag('Lbl')}>
            {markers[index]}
          </Text>
          <View style={styles.listBody} {...tag('LBody')}>
            <Blocks blocks={item.children} context={context} width={width - markerWidth} tight />
          </View>
        </View>
      ))}
    </View>
  );
}

/** Items kept with a box's title, and with its end: a box never leaves a single item on a page, nor goes on with one. */
const KEPT_ITEMS = 2;

/** A box's units: each list item on its own (a one-item list, numbered as before), other blocks whole; `joined` when the next unit is an item of the same list. */
function calloutUnits(children: Block[]): { block: Block; joined: boolean; list?: object }[] {
  return children.flatMap((child): { block: Block; joined: boolean; list?: object }[] => {
    if (child.type !== 'list') return [{ block: child, joined: false }];
    // The items stay one list for a screen reader: one structure element for them all.
    const list = tag('L', { id: `list ${walkSegments([child]).next().value?.[0].key ?? ''}` });
    return child.items.map((item, index) => ({ block: { ...child, start: child.start + index, items: [item] }, joined: index < child.items.length - 1, list }));
  });
}

function Callout({ block, context, width, after }: { block: CalloutBlock<never>; context: BlockContext; width: number; after?: Closing | undefined }) {
  const warning = block.kind === 'warning';
  const { styles } = context;
  const inner = width - styles.calloutPart.borderLeftWidth - 2 * styles.calloutPart.paddingHorizontal;
  const accent = warning ? colors.warning : context.brand;
  const rtl = context.typography.direction === 'rtl';
  const title = block.title ? renderInlines(block.title.content, context) : defaultCalloutTitle(block.kind, context.labels);
  const bar = rtl ? { borderRightWidth: 5, borderLeftWidth: 0, borderRightColor: accent } : { borderLeftColor: accent };
  // What the box holds, unit by unit: each list item (a warning sign, a question with ruled lines for the answer) or other block.
  const units = calloutUnits(block.children);
  // Answer lines are each about one and a half text lines high, with half a line below them (styles.answerLine, answerSpace).
  const questions = block.kind === 'questions';
  const answerLines = (unit: Block) => (!questions || unit.type !== 'list' ? 0 : context.answerLines * 1.5 + 0.5);
  const views = units.map(({ block: unit, joined, list }, index) =>
    !questions ? (
      unit.type === 'list' ? (
        <List key={index} block={unit} context={context} width={inner} joined={joined} {...(list ? { structure: list } : {})} />
      ) : (
        <BlockView key={index} block={unit} context={context} width={inner} />
      )
    ) : (
      <Question key={index} block={unit} context={context} width={inner} {...(list ? { structure: list } : {})} />
    ),
  );
  const titleRole = headingRole((context.sectionDepth ?? 1) + 1);
  const titleText = (
    <Text
      {...textTag(titleRole, context.typography, block.title ?? (title as string))}
      style={textStyle(context.typography, styles.calloutTitle, { color: accent })}
      hyphenationCallback={lineBreaks(context, { width: inner, size: styles.calloutTitle.fontSize, face: BOLD, base: context.typography.breakWithoutHyphens, ...(block.title ? { content: block.title.content } : {}) })}
      minPresenceAhead={1}
    >
      {title}
    </Text>
  );
  // A warning ends with the clinic's phone: whoever reads the signs can call.
  const call = warning && context.labels.callClinic && !namesNumberToCall(block) ? <CallClinic context={context} width={inner} accent={accent} /> : null;
  const callLines = call ? 2 : 0;
  // The box is drawn part by part: the title kept with the first units and the call line with the
  // last, where they are short, and each unit between on its own. A page break may fall between any
  // two parts, so a long box splits rather than leaving half a page empty, and what follows the box
  // (the QR block) can be kept with its last part alone. Parts overlap by a point, so on a page they read as one box.
  const parts: { content: ReactNode; whole: boolean }[] = [];
  // Parts of units: the first KEPT_ITEMS with the title, the last KEPT_ITEMS with the call line, each other alone.
  const headEnd = Math.min(KEPT_ITEMS, views.length);
  const tailStart = Math.max(headEnd, views.length - KEPT_ITEMS);
  const spans = [[0, headEnd], ...Array.from({ length: tailStart - headEnd }, (_, offset) => [headEnd + offset, headEnd + offset + 1]), [tailStart, views.length]].filter(([from, to]) => to! > from!);
  spans.forEach(([from, to]) => {
    const first = from === 0;
    const last = to === views.length;
    const content = (
      <>
        {first ? titleText : null}
        {views.slice(from, to)}
        {last ? call : null}
      </>
    );
    const extra = units.slice(from, to).reduce((total, { block: unit }) => total + answerLines(unit), last ? callLines : 0);
    parts.push({ content, whole: isShort(units.slice(from, to).map(({ block: unit }) => unit), extra) });
  });
  if (views.length === 0) parts.push({ content: titleText, whole: true });
  const whole = !context.splitCallouts && isShort(block.children, units.reduce((total, { block: unit }) => total + answerLines(unit), callLines));
  const partStyle = [styles.calloutPart, { backgroundColor: warning ? colors.warningBackground : colors.questionsBackground }, bar];
  const closing = after ? { height: after.height } : null;
  const boxId = boxIdOf(block);
  // The box's title again, as an artifact: read once, where the box begins. Page furniture to the layout check
  // (src/formats/layout-check.ts): it may stand between the halves of a paragraph split across pages.
  const continuedCue = context.continuedCues ? (
    <View style={[...partStyle, styles.calloutOverlap]} {...FLOW_FURNITURE}>
      <Text style={textStyle(context.typography, styles.calloutTitle, styles.continuedCue, { color: accent })} hyphenationCallback={lineBreaks(context, { width: inner, size: styles.continuedCue.fontSize, face: BOLD, base: context.typography.breakWithoutHyphens })}>
        {context.labels.continued.replace(BOX_TITLE, block.title ? inlineText(block.title.content) : defaultCalloutTitle(block.kind, context.labels))}
      </Text>
    </View>
  ) : null;
  // The space above the box is a View of its own, not the box's margin or padding: the pagination
  // engine may break after a box's top edge, leaving an empty box at a page's foot, and a heading
  // above the box alone with it. Each part is a child of the box itself: the old pagination engine
  // (tri-fold panels) put a nested View whose first question did not fit whole past the page's foot,
  // and its text was lost.
  return (
    <>
      <View style={styles.calloutGap} />
      <View style={styles.callout} wrap={!whole} {...tag('Sect')}>
        {continuedCue ? (
          // `fixed` repeats it atop each page the box continues on, where the pagination engine tells it so (`repeated`: our
          // patch to @react-pdf/paginate and @react-pdf/layout); where the box begins it is empty. One layout places every cue.
          <View fixed render={(({ repeated }: RepeatedRenderProps) => (repeated ? continuedCue : null)) as never} />
        ) : null}
        {parts.map(({ content, whole: kept }, index) => {
          const id = boxId === undefined ? null : calloutPartId(boxId, index);
          // Keep-with-previous for what follows the box: no page break between its last part and it.
          const keepWithAfter = closing && index === parts.length - 1 ? { minPresenceAhead: closing.height } : {};
          return (
            <View key={index} style={[...partStyle, index === parts.length - 1 ? styles.calloutEnd : styles.calloutOverlap]} wrap={!kept} {...(id === null ? {} : { [CALLOUT_PART]: id })} {...keepWithAfter}>
              {content}
            </View>
          );
        })}
        {after?.content}
      </View>
    </>
  );
}

/** What follows a block and must not start a page without it (the QR block), with its height in points. */
export interface Closing {
  content: ReactNode;
  height: number;
}

/** "Call Riverside Neurology Clinic at (555) 010-0199." under a warning's signs. */
function CallClinic({ context, width, accent }: { context: BlockContext; width: number; accent: string }) {
  const { styles } = context;
  const text = context.labels.callClinic!;
  return (
    <Text {...textTag('P', context.typography, text)} style={textStyle(context.typography, styles.paragraph, styles.callClinic, { color: accent })} hyphenationCallback={lineBreaks(context, { width, size: styles.paragraph.fontSize, face: BOLD, base: context.typography.breakWithoutHyphens })}>
      {text}
    </Text>
  );
}

/** A question gets ruled lines under it, for the patient's notes and answers. */
function Question({ block, context, width, structure }: { block: Block; context: BlockContext; width: number; structure?: object }) {
  if (block.type !== 'list') return <BlockView block={block} context={context} width={width} />;
  return (
    <View wrap={false} style={context.styles.answerSpace}>
      <List block={block} context={context} width={width} {...(structure ? { structure } : {})} />
      {Array.from({ length: context.answerLines }, (_, line) => (
        <View key={line} style={context.styles.answerLine} />
      ))}
    </View>
  );
}

function BlockView({ block, context, width, tight }: { block: Block; context: BlockContext; width: number; tight?: boolean }) {
  const { typography, styles } = context;
  switch (block.type) {
    case 'heading': {
      const style = block.depth === 1 ? styles.h1 : block.depth === 2 ? styles.h2 : styles.h3;
      const title = inlineText(block.text.content);
      // `bookmark` builds the PDF outline (it is missing from React-PDF's types). On an unsplittable
      // View: a heading Text pushed to the next page would otherwise leave a second bookmark behind.
      const bookmark = { bookmark: { title, fit: true } } as object;
      return (
        <View wrap={false} minPresenceAhead={60} {...bookmark}>
          <Text id={block.id} {...textTag(headingRole(block.depth), typography, block.text)} style={textStyle(typography, style)} hyphenationCallback={lineBreaks(context, { width, size: style.fontSize, face: BOLD, content: block.text.content, base: typography.breakWithoutHyphens })}>
            {renderInlines(block.text.content, context)}
          </Text>
        </View>
      );
    }
    case 'paragraph':
      return <Paragraph text={block.text} context={context} width={width} {...(tight ? { style: { marginBottom: 3 } } : {})} />;
    case 'list':
      return <List block={block} context={context} width={width} />;
    case 'blockquote':
      return (
        <View style={[styles.quote, typography.direction === 'rtl' ? { borderLeftWidth: 0, borderRightWidth: 3, borderRightColor: colors.rule, paddingLeft: 0, paddingRight: 10 } : {}]} {...tag('BlockQuote')}>
          <Blocks blocks={block.children} context={context} width={width - styles.quote.marginLeft - styles.quote.borderLeftWidth - styles.quote.paddingLeft} />
        </View>
      );
    case 'table':
      return <Table block={block} context={context} width={width} />;
    case 'image': {
      // The picture and its caption make one Figure (one tag for both nodes), its alternate text the caption's words.
      const figure = tag('Figure', { alt: inlineText(block.alt.content), id: `figure ${block.alt.key}` });
      return (
        <View wrap={false} {...figure}>
          <Image style={styles.image} src={{ data: Buffer.from(block.data), format: isPng(block.data) ? 'png' : 'jpg' }} {...figure} />
          <Text {...textTag('Caption', typography, block.alt)} style={textStyle(typography, styles.caption)} hyphenationCallback={lineBreaks(context, { width, size: styles.caption.fontSize, face: { bold: false, italic: context.italics }, content: block.alt.content, language: block.alt.language })}>
            {renderInlines(block.alt.content, context)}
          </Text>
        </View>
      );
    }
    case 'thematicBreak':
      return <View style={styles.rule} />;
    case 'callout':
      return <Callout block={block} context={context} width={width} />;
  }
}

/** Each run of headings with the block after it (the start of their section), other blocks alone; `first` indexes the group's first block. */
function keptWithNext(blocks: Block[]): { first: number; group: Block[] }[] {
  const groups: { first: number; group: Block[] }[] = [];
  let first = 0;
  blocks.forEach((block, index) => {
    if (block.type === 'heading') return;
    groups.push({ first, group: blocks.slice(first, index + 1) });
    first = index + 1;
  });
  if (first < blocks.length) groups.push({ first, group: blocks.slice(first) });
  return groups;
}

/** What a table's layout tells the render stage, which reads it from React-PDF's layout: the size it is set at, or that it is too wide. */
export interface TableFit {
  /** The table's first line in the topic. */
  line: number;
  columns: number;
  size: number;
  body: number;
  floor: number;
  fits: boolean;
  /** The narrowest the table can be at the floor, and the width it has, in points. */
  needed: number;
  width: number;
}

/**
 * A table laid out to fit its width (table-layout.ts): columns as wide as
 * their content needs, text wrapping inside its cell, smaller type when
 * nothing else fits. The table's View carries its TableFit to React-PDF's
 * layout, where the render stage finds it (a template cannot report otherwise).
 */
function Table({ block, context, width }: { block: TableBlock; context: BlockContext; width: number }) {
  const { typography, styles } = context;
  const measure = measureFor(typography);
  const rows = block.rows.map((row, rowIndex) => row.map((cell): PrintedRun[] => printedRuns(cell.content, rowIndex === 0 ? BOLD : REGULAR, context.italics)));
  const body = styles.paragraph.fontSize;
  const padding = { normal: styles.tableCell.padding, compact: styles.compactTableCell.paddingHorizontal };
  const planAt = (room: number) => planTable(rows, { measure, breaker: unfittedBreaker(typography.hyphenate), width: room, body, floor: styles.fit.tableFloor, padding });
  const inColumn = planAt(width);
  // A table of the page's text that fits its column only in smaller type, or not at all, reaches out to the header's margins, as wide tables do in print.
  const reach = width === styles.fit.width && (!inColumn.fits || inColumn.size < body) ? (styles.fit.wideWidth - width) / 2 : 0;
  const room = width + 2 * reach;
  const plan = reach > 0 ? planAt(room) : inColumn;
  const fit: TableFit = { line: block.rows[0]?.[0]?.position.line ?? 0, columns: plan.columns.length, size: plan.size, body, floor: styles.fit.tableFloor, fits: plan.fits, needed: plan.needed, width: room };
  // A header row and body rows, though the rows are the table's own children.
  const first = block.rows[0]?.[0]?.key ?? '';
  const headRows: Tag = { role: 'THead', id: `head ${first}` };
  const bodyRows: Tag = { role: 'TBody', id: `body ${first}` };
  return (
    <View style={[styles.table, reach > 0 ? { marginHorizontal: -reach } : {}]} {...({ tableFit: fit } as object)} {...tag('Table')}>
      {block.rows.map((row, rowIndex) => (
        <View
          key={rowIndex}
          {...tag('TR', { within: rowIndex === 0 ? headRows : bodyRows })}
          style={[styles.tableRow, rowIndex === 0 ? styles.tableHeaderRow : {}, typography.direction === 'rtl' ? { flexDirection: 'row-reverse' } : {}]}
          wrap={false}
          // A header row never ends a page alone: it goes on with the first row after it; `fixed` repeats it atop each page the table continues on.
          {...(rowIndex === 0 ? { minPresenceAhead: 40, fixed: true } : {})}
        >
          {row.map((cell, cellIndex) => {
            const { direction, runs } = directedInlines(cell.content, context);
            const face = rowIndex === 0 ? BOLD : REGULAR;
            // On the wider paper the columns grow in proportion (as flex-grow shares the extra width).
            const column = plan.columns[cellIndex]!;
            return (
              <View
                key={cellIndex}
                {...(rowIndex === 0 ? tag('TH', { scope: 'Column' }) : tag('TD'))}
                style={[styles.tableCell, plan.padding === padding.compact ? styles.compactTableCell : {}, { width: column, flexGrow: column, flexShrink: 0 }, cellIndex === row.length - 1 ? styles.lastTableCell : {}]}
              >
                <Text
                  {...textTag('P', typography, cell)}
                  style={textStyle(typography, styles.tableText, { fontSize: plan.size }, rowIndex === 0 ? { fontWeight: 700 } : {}, direction, block.align[cellIndex] ? { textAlign: block.align[cellIndex]! } : {})}
                  hyphenationCallback={lineBreaks(context, { width: plan.contents[cellIndex]!, size: plan.size, face, content: cell.content, language: cell.language })}
                >
                  {runs}
                </Text>
              </View>
            );
          })}
        </View>
      ))}
    </View>
  );
}

/**
 * The last block with what must follow it (`after`, the QR block): a box keeps it with its last
 * part; another block is kept whole with it (keep-with-previous), so it never starts a page alone.
 */
function LastBlock({ block, context, width, tight, after }: { block: Block; context: BlockContext; width: number; tight?: boolean; after: Closing | undefined }) {
  const extra = tight ? { tight } : {};
  if (!after) return <BlockView block={block} context={context} width={width} {...extra} />;
  if (block.type === 'callout') return <Callout block={block} context={context} width={width} after={after} />;
  return (
    <>
      <View minPresenceAhead={after.height}>
        <BlockView block={block} context={context} width={width} {...extra} />
      </View>
      {after.content}
    </>
  );
}

/** Blocks set `width` points wide (the page's text width unless nested in a list, callout or quote); `after` follows the last. */
export function Blocks({ blocks, context, width = context.styles.fit.width, tight, after }: { blocks: Block[]; context: BlockContext; width?: number; tight?: boolean; after?: Closing }) {
  const extra = tight ? { tight } : {};
  const groups = keptWithNext(blocks);
  if (groups.length === 0 && after) return <>{after.content}</>;
  // Each block in the section of the last heading before it, for the level of a box's title.
  let depth = context.sectionDepth ?? 1;
  const inSections = blocks.map((block) => {
    const inSection = { ...context, sectionDepth: depth };
    if (block.type === 'heading') depth = block.depth;
    return inSection;
  });
  const breaksBefore = (block: Block | undefined) => block?.type === 'callout' && context.pageBreakBefore?.has(boxIdOf(block) ?? '') === true;
  // An empty View that starts a page: before a moved box, or before the heading it follows.
  const pageBreak = (key: string) => <View key={key} break />;
  return (
    <>
      {groups.map(({ first, group }, index) => {
        const closing = index === groups.length - 1 ? after : undefined;
        if (group[0]!.type !== 'heading') {
          const block = <LastBlock key={first} block={group[0]!} context={inSections[first]!} width={width} {...extra} after={closing} />;
          return breaksBefore(group[0]) ? [pageBreak(`break${first}`), block] : block;
        }
        const headingMoves = breaksBefore(group[1]);
        // A heading's keep-with-next (`minPresenceAhead`) reaches only as far as the start of its
        // section. Among the page's blocks, the pagination engine (@react-pdf/paginate) forbids
        // every break within that distance: short sections chained into one unbreakable run, and
        // a page held a single section. The empty View first: the engine keeps the heading's
        // distance only where it may break before the heading, and the old engine (tri-fold
        // panels) moves a heading only when something is above it.
        return [
          headingMoves ? pageBreak(`break${first}`) : null,
          <View key={first}>
            <View />
            {group.map((block, offset) => [
              offset > 1 && breaksBefore(block) ? pageBreak(`break${first + offset}`) : null,
              <LastBlock key={first + offset} block={block} context={inSections[first + offset]!} width={width} {...extra} after={offset === group.length - 1 ? closing : undefined} />,
            ])}
          </View>,
        ];
      })}
    </>
  );
}

function isPng(data: Uint8Array): boolean {
  return data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
}

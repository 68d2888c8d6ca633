import { StyleSheet } from '@react-pdf/renderer';
import type { PageLayout, TypeScale } from '../types.ts';

export const colors = {
  text: '#1a1a1a',
  muted: '#4a4a4a',
  rule: '#9aa5b1',
  warning: '#a4161a',
  warningBackground: '#fdeeee',
  questionsBackground: '#eef3fa',
  notice: '#8a5a00',
  noticeBackground: '#fff6e0',
  draft: '#c1121f',
  tableHeader: '#e8edf3',
};

/** A tri-fold may step its body text down to fit its panels (never below 11 pt); headings follow. */
function scaleFor(scale: TypeScale, body: number | undefined): TypeScale {
  if (body === undefined || body === scale.body) return scale;
  const ratio = body / scale.body;
  return { ...scale, body, headings: scale.headings.map((size) => Math.round(size * ratio * 10) / 10) as TypeScale['headings'] };
}

/** What a format's page layout may also say about fitting tables (src/formats/ gives it; templates/types.ts's PageLayout does not list it). */
export interface TableFloor {
  /** The smallest size a table's text may be set at to fit the page; the body size when absent. */
  tableFloor?: number;
}

/** Widths of the papers a format's page size may name, in points. */
const PAPER_WIDTHS = { LETTER: 612, A4: 595.28 };

/**
 * The width of the page's text, in points: the narrower of the format's two
 * papers, so an edition's tables and long words are fitted alike on Letter
 * and A4 (on the wider paper, tables grow to its width).
 */
function textWidth({ pageSize }: PageLayout, side: number): number {
  const widths = Object.values(pageSize).map((size) => (typeof size === 'string' ? PAPER_WIDTHS[size] : size[0]));
  return Math.min(...widths) - 2 * side;
}

/** A format's styles, and the widths and sizes its blocks are fitted to. */
export type HandoutStyles = ReturnType<typeof makeStyles> & {
  fit: {
    /** The page's text width, in points. */
    width: number;
    /** The width between the header's and footer's margins, where a table too wide for the text may reach. */
    wideWidth: number;
    /** The smallest size a table is set at to fit, in points. */
    tableFloor: number;
  };
};

const cache = new Map<string, HandoutStyles>();

/** The styles of a format's layout in a clinic's brand colour (already checked for contrast). */
export function layoutStyles(layout: PageLayout & TableFloor, brand: string, body?: number): HandoutStyles {
  // A tri-fold's page and margins follow the config's printable margin, and its leading may be tightened to fit: the whole scale is part of the key.
  const key = JSON.stringify([layout.name, layout.pageSize, layout.scale, brand, body]);
  let styles = cache.get(key);
  if (!styles) {
    const scale = scaleFor(layout.scale, body);
    styles = { ...makeStyles(scale, brand, layout), fit: { width: textWidth(layout, scale.margin.side), wideWidth: textWidth(layout, scale.margin.furniture ?? scale.margin.side), tableFloor: Math.min(scale.body, layout.tableFloor ?? scale.body) } };
    cache.set(key, styles);
  }
  return styles;
}

// lineHeight only on text styles: on a Page or a footer's ancestors it breaks page-number footers.
function makeStyles(scale: TypeScale, brand: string, { blackText, italics }: PageLayout) {
  const text = blackText ? '#000000' : colors.text;
  const muted = blackText ? '#000000' : colors.muted;
  const { margin } = scale;
  const space = (points: number) => Math.round(points * scale.spacing * 10) / 10;
  // The header and footer may run wider than the text column: in the flow, they reach out past the page's padding.
  const furniture = margin.furniture ?? margin.side;
  const widen = furniture === margin.side ? {} : { marginHorizontal: furniture - margin.side };
  return StyleSheet.create({
    page: { paddingTop: margin.top, paddingBottom: margin.bottom, paddingHorizontal: margin.side, color: text, fontSize: scale.body },
    clinicRow: { flexDirection: 'row', alignItems: 'center', marginBottom: 6, ...widen },
    logo: { height: scale.small * 2.2, marginRight: 10 },
    clinic: { fontSize: scale.small, fontWeight: 700, color: brand },
    clinicContact: { fontSize: scale.small, color: text, marginTop: 2 },
    headerRule: { borderBottomWidth: 2, borderBottomColor: brand, marginBottom: 14, ...widen },
    // Pages after the first: the clinic's name over a thin rule, taking little from the text.
    runningHeader: { borderBottomWidth: 0.75, borderBottomColor: brand, paddingBottom: 3, marginBottom: space(12), ...widen },
    title: { fontSize: scale.title, fontWeight: 700, lineHeight: 1.2, color: text, marginBottom: 8 },
    summary: { fontSize: scale.summary, lineHeight: 1.4, color: muted, marginBottom: 14 },
    notice: { borderWidth: 1.5, borderColor: colors.notice, backgroundColor: colors.noticeBackground, padding: 8, marginBottom: 14 },
    noticeText: { fontSize: scale.small, lineHeight: 1.35, color: blackText ? '#000000' : colors.notice, fontWeight: 700 },
    h1: { fontSize: scale.headings[0], fontWeight: 700, lineHeight: 1.25, color: brand, marginTop: space(16), marginBottom: space(6) },
    h2: { fontSize: scale.headings[1], fontWeight: 700, lineHeight: 1.25, color: brand, marginTop: space(14), marginBottom: space(6) },
    h3: { fontSize: scale.headings[2], fontWeight: 700, lineHeight: 1.25, color: text, marginTop: space(10), marginBottom: space(4) },
    paragraph: { fontSize: scale.body, lineHeight: scale.lineHeight, marginBottom: space(8) },
    listItem: { flexDirection: 'row', marginBottom: space(4) },
    // flex-start, not stretched to the item's height: a marker as tall as its item is a text the pagination engine cannot
    // split, so an item too tall for a page went whole onto a page of its own and was squeezed to fit (text over text).
    listMarker: { width: scale.body * 1.6, fontSize: scale.body, lineHeight: scale.lineHeight, alignSelf: 'flex-start' },
    listBody: { flex: 1 },
    quote: { borderLeftWidth: 3, borderLeftColor: colors.rule, paddingLeft: 10, marginBottom: 8, marginLeft: 4 },
    // Borders on the rows, not the table: a table pushed to the next page would leave its empty frame behind.
    table: { marginBottom: 10 },
    tableRow: { flexDirection: 'row', borderBottomWidth: 1, borderLeftWidth: 1, borderRightWidth: 1, borderColor: colors.rule },
    tableHeaderRow: { backgroundColor: colors.tableHeader, borderTopWidth: 1 },
    // Widths and the text's size come from the table's own layout (table-layout.ts).
    tableCell: { padding: 5, borderRightWidth: 1, borderRightColor: colors.rule },
    compactTableCell: { paddingHorizontal: 3 },
    lastTableCell: { borderRightWidth: 0 },
    tableText: { lineHeight: 1.3 },
    image: { maxHeight: 260, objectFit: 'contain', marginBottom: 4 },
    caption: { fontSize: scale.small, lineHeight: 1.3, color: muted, fontStyle: italics ? 'italic' : 'normal', marginBottom: 10 },
    rule: { borderBottomWidth: 1, borderBottomColor: colors.rule, marginVertical: 10 },
    calloutGap: { height: space(8) },
    callout: { marginBottom: space(8) },
    // Each part of a box (styles.callout) is drawn alike: together they read as one box.
    calloutPart: { borderLeftWidth: 5, paddingHorizontal: space(10) },
    // A part reaches a point into the next, which is drawn over it: abutting fills showed a hairline between them
    // wherever a viewer smooths their edges. The negative margin keeps the layout as it was (no gap, no overlap in the flow).
    calloutOverlap: { paddingBottom: 1, marginBottom: -1 },
    continuedCue: { fontSize: scale.body, paddingBottom: 0 },
    calloutEnd: { paddingBottom: space(4) },
    calloutTitle: { fontSize: scale.headings[2], fontWeight: 700, lineHeight: 1.3, paddingTop: space(10), marginBottom: space(6) },
    callClinic: { fontWeight: 700, marginTop: space(2) },
    answerLine: { borderBottomWidth: 0.75, borderBottomColor: colors.rule, height: scale.body * 1.8, marginLeft: scale.body * 1.6, marginBottom: 2 },
    answerSpace: { marginBottom: space(8) },
    online: { flexDirection: 'row', alignItems: 'center', marginTop: 14, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 8 },
    backCoverLine: { marginBottom: space(2) },
    backCoverPhone: { fontSize: scale.headings[1], fontWeight: 700, color: brand },
    onlineText: { flex: 1, marginHorizontal: 10 },
    onlineCaption: { fontSize: scale.small, lineHeight: 1.35, color: muted },
    footer: { position: 'absolute', bottom: margin.bottom * 0.33, left: furniture, right: furniture, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 5 },
    // On the footer's last line (the clinic's name), at the other end: both are anchored to the bottom, whatever the footer's height.
    pageCounter: { position: 'absolute', bottom: margin.bottom * 0.33, left: furniture, right: furniture },
    // Room for the page counter ("Página 10 de 12", "第 10 页，共 12 页"): a long clinic name wraps short of it.
    besideCounter: { paddingRight: scale.footer * 9 },
    besideCounterRtl: { paddingLeft: scale.footer * 9 },
    footerText: { fontSize: scale.footer, color: muted },
    // In the edition's language and the source's, it may take two lines: both within the top margin, above the header.
    draftBanner: {
      position: 'absolute',
      top: Math.min(14, margin.top * 0.2),
      left: furniture,
      right: furniture,
      fontSize: Math.min(12, (margin.top * 0.8 - 2) / (2 * 1.15)),
      lineHeight: 1.15,
      fontWeight: 700,
      color: colors.draft,
      textAlign: 'center',
    },
    draftWatermark: {
      position: 'absolute',
      top: '45%',
      left: -60,
      right: -60,
      fontSize: 42,
      fontWeight: 700,
      color: colors.draft,
      opacity: 0.12,
      textAlign: 'center',
      transform: 'rotate(-35deg)',
    },
  });
}


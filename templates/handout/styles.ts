import { StyleSheet } from '@react-pdf/renderer';

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

/** handout: one column on Letter/A4; large-print: for low vision; booklet: half-Letter/A5 pages; trifold: one panel. */
export type Variant = 'handout' | 'large-print' | 'booklet' | 'trifold';

interface Scale {
  body: number;
  lineHeight: number;
  headings: [number, number, number];
  title: number;
  summary: number;
  small: number;
  footer: number;
  margin: { top: number; bottom: number; side: number };
  /** Large print has black text everywhere: grey is harder to read with low vision. */
  muted: string;
  /** Space between blocks, relative to the handout's: panels are short. */
  spacing: number;
}

// Body ≥ 12 pt everywhere; large print follows the APH/RNIB guidance: body ≥ 18 pt, headings larger still.
const SCALES: Record<Variant, Scale> = {
  handout: { body: 12.5, lineHeight: 1.45, headings: [20, 17, 14.5], title: 24, summary: 14, small: 12, footer: 8.5, margin: { top: 46, bottom: 78, side: 56 }, muted: colors.muted, spacing: 1 },
  booklet: { body: 12, lineHeight: 1.4, headings: [17, 15, 13.5], title: 20, summary: 13, small: 12, footer: 7, margin: { top: 32, bottom: 64, side: 34 }, muted: colors.muted, spacing: 0.9 },
  'large-print': { body: 18, lineHeight: 1.5, headings: [28, 24, 22], title: 30, summary: 20, small: 18, footer: 12, margin: { top: 46, bottom: 92, side: 54 }, muted: '#000000', spacing: 1 },
  trifold: { body: 12, lineHeight: 1.3, headings: [15, 14, 13], title: 22, summary: 13, small: 11, footer: 7.5, margin: { top: 22, bottom: 20, side: 18 }, muted: colors.muted, spacing: 0.55 },
};

/** A tri-fold may step its body text down to fit its panels (never below 11 pt); headings follow. */
function scaleFor(variant: Variant, body: number | undefined): Scale {
  const scale = SCALES[variant];
  if (body === undefined || body === scale.body) return scale;
  const ratio = body / scale.body;
  return { ...scale, body, headings: scale.headings.map((size) => Math.round(size * ratio * 10) / 10) as Scale['headings'] };
}

const cache = new Map<string, ReturnType<typeof makeStyles>>();

/** The styles of a variant in a clinic's brand colour (already checked for contrast). */
export function handoutStyles(variant: Variant, brand: string, body?: number) {
  const key = `${variant}|${brand}|${body}`;
  let styles = cache.get(key);
  if (!styles) {
    styles = makeStyles(scaleFor(variant, body), brand, variant === 'large-print');
    cache.set(key, styles);
  }
  return styles;
}

// lineHeight only on text styles: on a Page or a footer's ancestors it breaks page-number footers.
function makeStyles(scale: Scale, brand: string, largePrint: boolean) {
  const text = largePrint ? '#000000' : colors.text;
  const { margin } = scale;
  const space = (points: number) => Math.round(points * scale.spacing * 10) / 10;
  return StyleSheet.create({
    page: { paddingTop: margin.top, paddingBottom: margin.bottom, paddingHorizontal: margin.side, color: text, fontSize: scale.body },
    clinicRow: { flexDirection: 'row', alignItems: 'center', marginBottom: 6 },
    logo: { height: scale.small * 2.2, marginRight: 10 },
    clinic: { fontSize: scale.small, fontWeight: 700, color: brand },
    headerRule: { borderBottomWidth: 2, borderBottomColor: brand, marginBottom: 14 },
    title: { fontSize: scale.title, fontWeight: 700, lineHeight: 1.2, color: text, marginBottom: 8 },
    summary: { fontSize: scale.summary, lineHeight: 1.4, color: scale.muted, marginBottom: 14 },
    notice: { borderWidth: 1.5, borderColor: colors.notice, backgroundColor: colors.noticeBackground, padding: 8, marginBottom: 14 },
    noticeText: { fontSize: scale.small, lineHeight: 1.35, color: largePrint ? '#000000' : colors.notice, fontWeight: 700 },
    h1: { fontSize: scale.headings[0], fontWeight: 700, lineHeight: 1.25, color: brand, marginTop: space(16), marginBottom: space(6) },
    h2: { fontSize: scale.headings[1], fontWeight: 700, lineHeight: 1.25, color: brand, marginTop: space(14), marginBottom: space(6) },
    h3: { fontSize: scale.headings[2], fontWeight: 700, lineHeight: 1.25, color: text, marginTop: space(10), marginBottom: space(4) },
    paragraph: { fontSize: scale.body, lineHeight: scale.lineHeight, marginBottom: space(8) },
    listItem: { flexDirection: 'row', marginBottom: space(4) },
    listMarker: { width: scale.body * 1.6, fontSize: scale.body, lineHeight: scale.lineHeight },
    listBody: { flex: 1 },
    quote: { borderLeftWidth: 3, borderLeftColor: colors.rule, paddingLeft: 10, marginBottom: 8, marginLeft: 4 },
    // Borders on the rows, not the table: a table pushed to the next page would leave its empty frame behind.
    table: { marginBottom: 10 },
    tableRow: { flexDirection: 'row', borderBottomWidth: 1, borderLeftWidth: 1, borderRightWidth: 1, borderColor: colors.rule },
    tableHeaderRow: { backgroundColor: colors.tableHeader, borderTopWidth: 1 },
    tableCell: { flex: 1, padding: 5, borderRightWidth: 1, borderRightColor: colors.rule },
    lastTableCell: { borderRightWidth: 0 },
    tableText: { fontSize: scale.body, lineHeight: 1.3 },
    image: { maxHeight: 260, objectFit: 'contain', marginBottom: 4 },
    caption: { fontSize: scale.small, lineHeight: 1.3, color: scale.muted, fontStyle: largePrint ? 'normal' : 'italic', marginBottom: 10 },
    rule: { borderBottomWidth: 1, borderBottomColor: colors.rule, marginVertical: 10 },
    callout: { borderLeftWidth: 5, padding: space(10), paddingBottom: space(4), marginVertical: space(8) },
    calloutTitle: { fontSize: scale.headings[2], fontWeight: 700, lineHeight: 1.3, marginBottom: space(6) },
    answerLine: { borderBottomWidth: 0.75, borderBottomColor: colors.rule, height: scale.body * 1.8, marginLeft: scale.body * 1.6, marginBottom: 2 },
    answerSpace: { marginBottom: space(8) },
    online: { flexDirection: 'row', alignItems: 'center', marginTop: 14, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 8 },
    onlineText: { flex: 1, marginHorizontal: 10 },
    onlineCaption: { fontSize: scale.small, lineHeight: 1.35, color: scale.muted },
    footer: { position: 'absolute', bottom: margin.bottom * 0.33, left: margin.side, right: margin.side, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 5 },
    // On the footer's last line (the clinic's name), at the other end: both are anchored to the bottom, whatever the footer's height.
    pageCounter: { position: 'absolute', bottom: margin.bottom * 0.33, left: margin.side, right: margin.side },
    // Room for the page counter ("Página 10 de 12", "第 10 页，共 12 页"): a long clinic name wraps short of it.
    besideCounter: { paddingRight: scale.footer * 9 },
    besideCounterRtl: { paddingLeft: scale.footer * 9 },
    footerText: { fontSize: scale.footer, color: scale.muted },
    draftBanner: { position: 'absolute', top: 14, left: margin.side, right: margin.side, fontSize: 12, fontWeight: 700, color: colors.draft, textAlign: 'center' },
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

export type HandoutStyles = ReturnType<typeof makeStyles>;

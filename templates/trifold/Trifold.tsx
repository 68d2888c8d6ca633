import { Document, Page, Text, View } from '@react-pdf/renderer';
import { Blocks, latinRunStyle, lineBreaks, renderInlines, textStyle, type BlockContext } from '../shared/blocks.tsx';
import { BOLD, REGULAR } from '../shared/printed.ts';
import { Logo, QrCode } from '../shared/branding.tsx';
import { documentProps, identityParts } from '../shared/document.ts';
import { colors, layoutStyles } from '../shared/styles.ts';
import type { TemplateProps } from '../types.ts';
import type { CalloutBlock } from '../../src/model/document.ts';
import { defaultCalloutTitle } from '../../src/model/callouts.ts';
import { DRAFT_BAND, DRAFT_LINE_HEIGHT, DRAFT_PADDING, DRAFT_SIZE, DRAFT_SMALLEST } from './draft-band.ts';
import { measureFor } from '../shared/measure.ts';

/** A draft's watermark across a narrow panel: steeper and smaller than a page's. */
const WATERMARK = { fontSize: 20, lineHeight: 1.2, left: 0, right: 0, transform: 'rotate(-60deg)' };
/** Between the cover's colour and its text. */
const COVER_PADDING = 10;

/** Prop of the cover's page in the layout: a cover laid out on two pages did not fit its panel. */
export const COVER_PAGE = 'trifoldCover';

/** Which page of the template is which panel: the cover, the back panel, then the content from there on. */
export const PANEL_PAGES = { cover: 0, back: 1, firstContent: 2 } as const;

/** Where a tri-fold's panels sit on the sheet, in points (src/formats/trifold.ts). */
export interface TrifoldGeometry {
  sheet: readonly [number, number];
  /** Width of the cover, the back panel and the first two inside panels. */
  panel: number;
  /** Width of the tuck-in panel: the inside flap and, behind it, the third inside panel. */
  tuckIn: number;
  /** Nothing is drawn nearer the sheet's edges. */
  printableMargin: number;
  /** Least space between text and a fold. */
  foldMargin: number;
  /** How far the cover's colour runs past the trim for a print shop; 0 for office printers. */
  bleed: number;
}

export interface TrifoldProps extends TemplateProps {
  /** Body text size; the fit check may step it down to fit the panels. */
  bodySize: number;
  /** Lines under each question to write the answer on; the fit check's last step leaves them out. */
  answerLines: number;
  geometry: TrifoldGeometry;
  /** Boxes that start a panel, so that none runs from the inside of the sheet on to its outside. */
  breakBefore: ReadonlySet<string>;
}


/**
 * A tri-fold's panels as pages of a panel's size, in the order of
 * PANEL_PAGES, the content flowing over as many panels as it needs. The
 * tri-fold format (src/formats/trifold.ts) checks that the content fits and
 * places the panels on the two sides of the sheet.
 */
export function TrifoldPanels(props: TrifoldProps) {
  const { document, labels, typography, paper, clinic, online, bodySize, answerLines, layout, geometry, breakBefore } = props;
  const styles = layoutStyles(layout, clinic.brandColor, bodySize);
  const context: BlockContext = { typography, labels, styles, italics: layout.italics, brand: clinic.brandColor, answerLines, pageBreakBefore: breakBefore };
  const size = [...layout.pageSize[paper]] as never;
  const rtl = typography.direction === 'rtl';
  const white = { color: '#ffffff' };
  // Every text breaks a word too long for its width (blocks.tsx's lineBreaks): a panel is narrow, and clips what runs past it.
  const { width } = styles.fit;
  const side = layout.scale.margin.side;
  const { panel, printableMargin: inset, bleed, foldMargin } = geometry;
  // The cover's colour stops at the printable area on the sheet's edges (an office printer leaves them white) and runs to the fold;
  // for a print shop it runs past the trim by the bleed. Its text keeps to the same place either way.
  const coverInset = inset + COVER_PADDING;
  const coverWidth = panel - coverInset - foldMargin;
  const [outer, fold] = rtl ? (['Left', 'Right'] as const) : (['Right', 'Left'] as const);
  const { breakWithoutHyphens, breakUrl } = typography;
  // The key points (a :::summary box first in the text) go on the front cover, where a reader looks first.
  const keyPoints = document.blocks[0]?.type === 'callout' && document.blocks[0].kind === 'summary' ? document.blocks[0] : null;
  const content = keyPoints ? document.blocks.slice(1) : document.blocks;
  // Drafts only: the banner at the top of the printable area, where the panels' text starts lower (src/formats/trifold.ts), and a watermark on every panel.
  const draftTop = labels.draftMark ? DRAFT_BAND : 0;
  // One line, smaller when the two languages need it, so that it stays within the band.
  const draftSize = (room: number) => (labels.draftMark ? Math.max(DRAFT_SMALLEST, Math.min(DRAFT_SIZE, Math.floor((room / measureFor(typography).width(labels.draftMark, BOLD)) * 10) / 10)) : DRAFT_SIZE);
  const draft = (place: { top: number; left: number; right: number }, room: number, watermarkColor: string) =>
    labels.draftMark ? (
      <>
        <Text
          fixed
          // On white: red on the cover's brand colour was all but invisible (1.35:1).
          style={textStyle(typography, styles.draftBanner, { ...place, fontSize: draftSize(room), lineHeight: DRAFT_LINE_HEIGHT, backgroundColor: '#ffffff', paddingVertical: DRAFT_PADDING })}
          hyphenationCallback={lineBreaks(context, { width: room, size: draftSize(room), face: BOLD, base: breakWithoutHyphens })}
        >
          {labels.draftMark}
        </Text>
        <Text fixed style={textStyle(typography, styles.draftWatermark, WATERMARK, { color: watermarkColor })} hyphenationCallback={breakWithoutHyphens}>
          {labels.draftWatermark}
        </Text>
      </>
    ) : null;
  return (
    <Document {...documentProps(props)}>
      {/* Marked, so that the format refuses a cover whose text carries over to a second page. */}
      <Page
        size={[panel + bleed, geometry.sheet[1] + 2 * bleed]}
        {...{ [COVER_PAGE]: true }}
        style={[styles.page, { paddingTop: bleed + coverInset + draftTop, paddingBottom: bleed + coverInset, [`padding${outer}`]: bleed + coverInset, [`padding${fold}`]: foldMargin }]}
      >
        <View fixed style={{ position: 'absolute', ...(bleed > 0 ? { top: 0, bottom: 0, [outer.toLowerCase()]: 0 } : { top: inset, bottom: inset, [outer.toLowerCase()]: inset }), ...(draftTop ? { top: bleed + inset + draftTop - COVER_PADDING / 2 } : {}), [fold.toLowerCase()]: 0, backgroundColor: clinic.brandColor }} />
        {draft({ top: bleed + inset, [outer.toLowerCase()]: bleed + coverInset, [fold.toLowerCase()]: foldMargin } as { top: number; left: number; right: number }, coverWidth, '#ffffff')}
        {clinic.logo ? (
          <View style={{ backgroundColor: '#ffffff', padding: 8, alignSelf: rtl ? 'flex-end' : 'flex-start', marginBottom: 14 }}>
            <Logo clinic={clinic} style={{ height: 44, maxWidth: 180, objectFit: 'contain' }} />
          </View>
        ) : null}
        <Text
          style={textStyle(typography, styles.clinic, white, { marginBottom: 16 }, latinRunStyle(typography, clinic.name))}
          hyphenationCallback={lineBreaks(context, { width: coverWidth, size: styles.clinic.fontSize, face: BOLD, base: breakWithoutHyphens })}
        >
          {clinic.name}
        </Text>
        <Text style={textStyle(typography, styles.title, white)} hyphenationCallback={lineBreaks(context, { width: coverWidth, size: styles.title.fontSize, face: BOLD, content: document.meta.title.content, base: breakWithoutHyphens })}>
          {renderInlines(document.meta.title.content, context)}
        </Text>
        <Text style={textStyle(typography, styles.summary, white)} hyphenationCallback={lineBreaks(context, { width: coverWidth, size: styles.summary.fontSize, face: REGULAR, content: document.meta.summary.content, language: document.meta.summary.language })}>
          {renderInlines(document.meta.summary.content, context)}
        </Text>
        {keyPoints ? <CoverKeyPoints box={keyPoints} context={context} width={coverWidth} /> : null}
        {labels.unreviewedNotice ? (
          <View style={[styles.notice, { marginTop: 12 }]}>
            <Text
              style={textStyle(typography, styles.noticeText)}
              hyphenationCallback={lineBreaks(context, { width: coverWidth - 2 * (styles.notice.padding + styles.notice.borderWidth), size: styles.noticeText.fontSize, face: BOLD })}
            >
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
      </Page>
      <Page size={size} style={styles.page}>
        {draft({ top: inset, left: side, right: side }, width, colors.draft)}
        <Text style={textStyle(typography, styles.h2)} hyphenationCallback={lineBreaks(context, { width, size: styles.h2.fontSize, face: BOLD, base: breakWithoutHyphens })}>
          {labels.contactUs}
        </Text>
        {[clinic.name, clinic.address, clinic.phone, clinic.website].filter((line): line is string => Boolean(line)).map((line, index) => (
          <Text
            key={index}
            style={textStyle(typography, styles.paragraph, { marginBottom: 3 }, index === 0 ? { fontWeight: 700 } : {}, latinRunStyle(typography, line))}
            hyphenationCallback={lineBreaks(context, { width, size: styles.paragraph.fontSize, face: index === 0 ? BOLD : REGULAR, base: breakWithoutHyphens })}
          >
            {line}
          </Text>
        ))}
        {online ? (
          <View style={{ marginTop: 24, alignItems: 'center' }}>
            <QrCode online={online} size={layout.qrSize} />
            <Text
              style={textStyle(typography, styles.onlineCaption, { textAlign: 'center', marginTop: 6, width: '100%' })}
              hyphenationCallback={lineBreaks(context, { width, size: styles.onlineCaption.fontSize, face: REGULAR })}
            >
              {labels.readOnline}
            </Text>
            <Text
              style={textStyle(typography, styles.onlineCaption, latinRunStyle(typography, online.url), { textAlign: 'center', width: '100%' })}
              hyphenationCallback={lineBreaks(context, { width, size: styles.onlineCaption.fontSize, face: REGULAR, base: breakUrl })}
            >
              {online.url}
            </Text>
          </View>
        ) : null}
        <View style={{ position: 'absolute', bottom: Math.max(24, inset + 6), left: side, right: side, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 5 }}>
          {identityParts(props).map((parts, index) => (
            <Text
              key={index}
              style={textStyle(typography, styles.footerText)}
              hyphenationCallback={lineBreaks(context, { width, size: styles.footerText.fontSize, face: REGULAR, base: breakWithoutHyphens })}
            >
              {parts.join('  ·  ')}
            </Text>
          ))}
        </View>
      </Page>
      <Page size={size} style={styles.page}>
        {draft({ top: inset, left: side, right: side }, width, colors.draft)}
        <Blocks blocks={content} context={context} />
      </Page>
    </Document>
  );
}

/** The key points on the cover: the summary box's title and items, white on the brand colour. */
function CoverKeyPoints({ box, context, width }: { box: CalloutBlock<never>; context: BlockContext; width: number }) {
  const { typography, styles } = context;
  const white = { color: '#ffffff' };
  const items = box.children.flatMap((block) => (block.type === 'list' ? block.items.map((item) => item.children) : [[block]]));
  const marker = typography.direction === 'rtl' ? { marginLeft: 6 } : { marginRight: 6 };
  return (
    <View style={{ marginBottom: 14 }}>
      <Text style={textStyle(typography, styles.h3, white)} hyphenationCallback={lineBreaks(context, { width, size: styles.h3.fontSize, face: BOLD, base: typography.breakWithoutHyphens })}>
        {box.title ? renderInlines(box.title.content, context) : defaultCalloutTitle(box.kind, context.labels)}
      </Text>
      {items.map((blocks, index) => (
        <View key={index} style={{ flexDirection: typography.direction === 'rtl' ? 'row-reverse' : 'row', marginBottom: 4 }}>
          <Text style={textStyle(typography, styles.paragraph, white, marker, { marginBottom: 0 })}>•</Text>
          <View style={{ flex: 1 }}>
            {blocks.flatMap((block) =>
              block.type === 'paragraph'
                ? [
                    <Text key={block.text.key} style={textStyle(typography, styles.paragraph, white, { marginBottom: 0 })} hyphenationCallback={lineBreaks(context, { width: width - 12, size: styles.paragraph.fontSize, face: REGULAR, content: block.text.content, language: block.text.language })}>
                      {renderInlines(block.text.content, context)}
                    </Text>,
                  ]
                : [],
            )}
          </View>
        </View>
      ))}
    </View>
  );
}

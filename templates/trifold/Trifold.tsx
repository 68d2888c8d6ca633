import { Document, Page, Text, View } from '@react-pdf/renderer';
import { Blocks, latinRunStyle, lineBreaks, renderInlines, textStyle, type BlockContext } from '../shared/blocks.tsx';
import { BOLD, REGULAR } from '../shared/printed.ts';
import { Logo, QrCode } from '../shared/branding.tsx';
import { documentProps, identityParts } from '../shared/document.ts';
import { colors, layoutStyles } from '../shared/styles.ts';
import type { TemplateProps } from '../types.ts';
import type { CalloutBlock } from '../../src/model/document.ts';
import { defaultCalloutTitle } from '../../src/model/callouts.ts';

const DRAFT_SIZE = 7;

/** Prop of the cover's page in the layout: a cover laid out on two pages did not fit its panel. */
export const COVER_PAGE = 'trifoldCover';

/** Which page of the template is which panel: the cover, the back panel, then the content from there on. */
export const PANEL_PAGES = { cover: 0, back: 1, firstContent: 2 } as const;

export interface TrifoldProps extends TemplateProps {
  /** Body text size; the fit check may step it down to fit the panels. */
  bodySize: number;
}


/**
 * A tri-fold's panels as pages of a panel's size, in the order of
 * PANEL_PAGES, the content flowing over as many panels as it needs. The
 * tri-fold format (src/formats/trifold.ts) checks that the content fits and
 * places the panels on the two sides of the sheet.
 */
export function TrifoldPanels(props: TrifoldProps) {
  const { document, labels, typography, paper, clinic, online, bodySize, layout } = props;
  const styles = layoutStyles(layout, clinic.brandColor, bodySize);
  const context: BlockContext = { typography, labels, styles, italics: layout.italics, brand: clinic.brandColor, answerLines: 1 };
  const size = [...layout.pageSize[paper]] as never;
  const rtl = typography.direction === 'rtl';
  const white = { color: '#ffffff' };
  // Every text breaks a word too long for its width (blocks.tsx's lineBreaks): a panel is narrow, and clips what runs past it.
  const { width } = styles.fit;
  const side = layout.scale.margin.side;
  const draftInset = 12;
  const identityInset = 20;
  const { breakWithoutHyphens, breakUrl } = typography;
  // The key points (a :::summary box first in the text) go on the front cover, where a reader looks first.
  const keyPoints = document.blocks[0]?.type === 'callout' && document.blocks[0].kind === 'summary' ? document.blocks[0] : null;
  const content = keyPoints ? document.blocks.slice(1) : document.blocks;
  const draft = labels.draftMark ? (
    <Text
      fixed
      // On white: red on the cover's brand colour was all but invisible (1.35:1). Small enough that
      // two lines (the edition's language, then the source's) stay within the panel's top margin.
      style={textStyle(typography, styles.draftBanner, { top: 2, left: draftInset, right: draftInset, fontSize: DRAFT_SIZE, lineHeight: 1.1, backgroundColor: '#ffffff', paddingVertical: 1 })}
      hyphenationCallback={lineBreaks(context, { width: width + 2 * (side - draftInset), size: DRAFT_SIZE, face: BOLD, base: breakWithoutHyphens })}
    >
      {labels.draftMark}
    </Text>
  ) : null;
  return (
    <Document {...documentProps(props)}>
      {/* Marked, so that the format refuses a cover whose text carries over to a second page. */}
      <Page size={size} {...{ [COVER_PAGE]: true }} style={[styles.page, { backgroundColor: clinic.brandColor, paddingTop: 30 }]}>
        {draft}
        {clinic.logo ? (
          <View style={{ backgroundColor: '#ffffff', padding: 8, alignSelf: rtl ? 'flex-end' : 'flex-start', marginBottom: 14 }}>
            <Logo clinic={clinic} style={{ height: 44, maxWidth: 180, objectFit: 'contain' }} />
          </View>
        ) : null}
        <Text
          style={textStyle(typography, styles.clinic, white, { marginBottom: 16 }, latinRunStyle(typography, clinic.name))}
          hyphenationCallback={lineBreaks(context, { width, size: styles.clinic.fontSize, face: BOLD, base: breakWithoutHyphens })}
        >
          {clinic.name}
        </Text>
        <Text style={textStyle(typography, styles.title, white)} hyphenationCallback={lineBreaks(context, { width, size: styles.title.fontSize, face: BOLD, content: document.meta.title.content, base: breakWithoutHyphens })}>
          {renderInlines(document.meta.title.content, context)}
        </Text>
        <Text style={textStyle(typography, styles.summary, white)} hyphenationCallback={lineBreaks(context, { width, size: styles.summary.fontSize, face: REGULAR, content: document.meta.summary.content, language: document.meta.summary.language })}>
          {renderInlines(document.meta.summary.content, context)}
        </Text>
        {keyPoints ? <CoverKeyPoints box={keyPoints} context={context} width={width} /> : null}
        {labels.unreviewedNotice ? (
          <View style={[styles.notice, { marginTop: 12 }]}>
            <Text
              style={textStyle(typography, styles.noticeText)}
              hyphenationCallback={lineBreaks(context, { width: width - 2 * (styles.notice.padding + styles.notice.borderWidth), size: styles.noticeText.fontSize, face: BOLD })}
            >
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
      </Page>
      <Page size={size} style={styles.page}>
        {draft}
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
        <View style={{ position: 'absolute', bottom: 24, left: identityInset, right: identityInset, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 5 }}>
          {identityParts(props).map((parts, index) => (
            <Text
              key={index}
              style={textStyle(typography, styles.footerText)}
              hyphenationCallback={lineBreaks(context, { width: width + 2 * (side - identityInset), size: styles.footerText.fontSize, face: REGULAR, base: breakWithoutHyphens })}
            >
              {parts.join('  ·  ')}
            </Text>
          ))}
        </View>
      </Page>
      <Page size={size} style={styles.page}>
        {draft}
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

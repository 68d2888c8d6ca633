import { Document, Page, Text, View } from '@react-pdf/renderer';
import { Blocks, latinRunStyle, renderInlines, textStyle, type BlockContext } from '../shared/blocks.tsx';
import { Logo, QrCode } from '../shared/branding.tsx';
import { documentProps, identityParts } from '../shared/document.ts';
import { colors, layoutStyles } from '../shared/styles.ts';
import type { TemplateProps } from '../types.ts';

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
  const draft = labels.draftMark ? (
    <Text fixed style={textStyle(typography, styles.draftBanner, { top: 8, left: 12, right: 12, fontSize: 9 })} hyphenationCallback={typography.breakWithoutHyphens}>
      {labels.draftMark}
    </Text>
  ) : null;
  return (
    <Document {...documentProps(props)}>
      <Page size={size} style={[styles.page, { backgroundColor: clinic.brandColor, paddingTop: 40 }]}>
        {draft}
        {clinic.logo ? (
          <View style={{ backgroundColor: '#ffffff', padding: 8, alignSelf: rtl ? 'flex-end' : 'flex-start', marginBottom: 18 }}>
            <Logo clinic={clinic} style={{ height: 44, maxWidth: 180, objectFit: 'contain' }} />
          </View>
        ) : null}
        <Text style={textStyle(typography, styles.clinic, white, { marginBottom: 24 }, latinRunStyle(typography, clinic.name))}>{clinic.name}</Text>
        <Text style={textStyle(typography, styles.title, white)} hyphenationCallback={typography.breakWithoutHyphens}>
          {renderInlines(document.meta.title.content, context)}
        </Text>
        <Text style={textStyle(typography, styles.summary, white)} hyphenationCallback={typography.hyphenate}>
          {renderInlines(document.meta.summary.content, context)}
        </Text>
        {labels.unreviewedNotice ? (
          <View style={[styles.notice, { marginTop: 12 }]}>
            <Text style={textStyle(typography, styles.noticeText)} hyphenationCallback={typography.hyphenate}>
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
      </Page>
      <Page size={size} style={styles.page}>
        {draft}
        <Text style={textStyle(typography, styles.h2)}>{labels.contactUs}</Text>
        {[clinic.name, clinic.address, clinic.phone, clinic.website].filter((line): line is string => Boolean(line)).map((line, index) => (
          <Text key={index} style={textStyle(typography, styles.paragraph, { marginBottom: 3 }, index === 0 ? { fontWeight: 700 } : {}, latinRunStyle(typography, line))} hyphenationCallback={typography.breakWithoutHyphens}>
            {line}
          </Text>
        ))}
        {online ? (
          <View style={{ marginTop: 24, alignItems: 'center' }}>
            <QrCode online={online} size={layout.qrSize} />
            <Text style={textStyle(typography, styles.onlineCaption, { textAlign: 'center', marginTop: 6, width: '100%' })} hyphenationCallback={typography.hyphenate}>
              {labels.readOnline}
            </Text>
            <Text style={textStyle(typography, styles.onlineCaption, latinRunStyle(typography, online.url), { textAlign: 'center', width: '100%' })} hyphenationCallback={typography.breakUrl}>
              {online.url}
            </Text>
          </View>
        ) : null}
        <View style={{ position: 'absolute', bottom: 24, left: 20, right: 20, borderTopWidth: 0.75, borderTopColor: colors.rule, paddingTop: 5 }}>
          {identityParts(props).map((parts, index) => (
            <Text key={index} style={textStyle(typography, styles.footerText)} hyphenationCallback={typography.breakWithoutHyphens}>
              {parts.join('  ·  ')}
            </Text>
          ))}
        </View>
      </Page>
      <Page size={size} style={styles.page}>
        {draft}
        <Blocks blocks={document.blocks} context={context} />
      </Page>
    </Document>
  );
}

import { Document, Page, Text, View } from '@react-pdf/renderer';
import { Blocks, latinRunStyle, renderInlines, textStyle, textTag, type BlockContext, type Closing } from '../shared/blocks.tsx';
import { ARTIFACT, FLOW_FURNITURE, tag } from '../../src/model/tags.ts';
import { Logo, QrCode } from '../shared/branding.tsx';
import { contactDetails, documentProps, identityLine } from '../shared/document.ts';
import { layoutStyles, type HandoutStyles } from '../shared/styles.ts';
import { skippingCountedPages } from '../shared/page-template.ts';
import { pageCounterText, type TemplateProps, type Typography } from '../types.ts';

/** Lines the QR block's caption and address may take beside the code, for its height: it is kept with the block before it. */
const ONLINE_CAPTION_LINES = 6;

/**
 * A one-column document, laid out as its format says: the handout, its
 * large-print edition, the booklet's pages. The QR block ends the text,
 * never on a page of its own; a booklet puts it on a back cover with the
 * clinic's contact details instead.
 */
export function OneColumn(props: TemplateProps) {
  const { document, labels, typography, paper, clinic, online, layout } = props;
  const styles = layoutStyles(layout, clinic.brandColor);
  const context: BlockContext = { typography, labels, styles, italics: layout.italics, brand: clinic.brandColor, answerLines: 2, splitCallouts: true, continuedCues: true };
  const rtl = typography.direction === 'rtl';
  const row = rtl ? { flexDirection: 'row-reverse' as const } : {};
  const pageSize = layout.pageSize[paper];
  const size = (typeof pageSize === 'string' ? pageSize : [...pageSize]) as never;
  // The phone on every page, beside the clinic's name in the footer; the address too in the first page's header.
  const footerContact = [clinic.name, ...contactDetails(clinic, { address: false })].join('  ·  ');
  const headerContact = contactDetails(clinic, { address: true }).join('  ·  ');
  const backCover = layout.backCover === true;
  const onlineBlock = online ? (
    <View style={[styles.online, row]} wrap={false} {...tag('Sect', { root: true })}>
      <QrCode online={online} size={layout.qrSize} />
      <View style={styles.onlineText}>
        <Text {...textTag('P', typography, `${labels.readOnline}:`)} style={textStyle(typography, styles.onlineCaption)} hyphenationCallback={typography.hyphenate}>
          {`${labels.readOnline}:`}
        </Text>
        <Text {...textTag('P', typography, online.url)} style={textStyle(typography, styles.onlineCaption, latinRunStyle(typography, online.url))} hyphenationCallback={typography.breakUrl}>
          {online.url}
        </Text>
      </View>
    </View>
  ) : null;
  const captionHeight = ONLINE_CAPTION_LINES * styles.onlineCaption.fontSize * styles.onlineCaption.lineHeight;
  const closing: Closing | undefined =
    onlineBlock && !backCover ? { content: onlineBlock, height: styles.online.marginTop + styles.online.paddingTop + Math.max(layout.qrSize, captionHeight) } : undefined;
  const footer = (
    <View style={styles.footer} {...ARTIFACT}>
      <Text style={textStyle(typography, styles.footerText)} hyphenationCallback={typography.breakWithoutHyphens}>
        {identityLine(props)}
      </Text>
      <Text style={textStyle(typography, styles.footerText, latinRunStyle(typography, footerContact), rtl ? styles.besideCounterRtl : styles.besideCounter)}>{footerContact}</Text>
    </View>
  );
  return (
    <Document {...documentProps(props)}>
      {/* Page furniture (running header, footer, page counter, draft marks) goes in `layout`, React-PDF's
          page template, laid out around each page's content. As `fixed` content it rode in the flow,
          where the pagination engine (@react-pdf/paginate) may end a page right after it: that page
          came out blank, and every later page lost it. */}
      <Page size={size} style={styles.page} layout={skippingCountedPages(({ children, pageNumber = 1, totalPages = 1, measuring }) => (
        <>
          {/* Absolutely placed: they take no room from the content, so a template measured for it leaves them out. */}
          {measuring ? null : <DraftMarks draftMark={labels.draftMark} watermark={labels.draftWatermark} typography={typography} styles={styles} />}
          {/* Later pages carry a compact running header, so a loose page still says whose it is. Text
              only: an Image in a page layout is laid out before it is loaded, with no size. */}
          {pageNumber > 1 ? (
            // Marked as furniture: the layout check reads the body's text across pages without it.
            <View style={styles.runningHeader} {...FLOW_FURNITURE}>
              <Text style={textStyle(typography, styles.clinic, latinRunStyle(typography, clinic.name))}>{clinic.name}</Text>
            </View>
          ) : null}
          {children}
          {measuring ? null : footer}
          {measuring ? null : (
            <Text style={[...textStyle(typography, styles.footerText, { fontWeight: 700, textAlign: rtl ? 'left' : 'right' }), styles.pageCounter]} {...ARTIFACT}>
              {/* The back cover is not numbered: "Page 5 of 5" is the last page of text. */}
              {pageCounterText(labels.pageOf, pageNumber, backCover ? totalPages - 1 : totalPages)}
            </Text>
          )}
        </>
      ))}>
        <View style={[styles.clinicRow, row]}>
          <Logo clinic={clinic} style={styles.logo} />
          {/* The rest of the row, so a long name wraps inside the margins instead of running off the page. */}
          <View style={{ flex: 1 }}>
            <Text {...textTag('P', typography, clinic.name)} style={textStyle(typography, styles.clinic, latinRunStyle(typography, clinic.name))}>
              {clinic.name}
            </Text>
            {headerContact ? (
              <Text {...textTag('P', typography, headerContact)} style={textStyle(typography, styles.clinicContact, latinRunStyle(typography, headerContact))} hyphenationCallback={typography.breakWithoutHyphens}>
                {headerContact}
              </Text>
            ) : null}
          </View>
        </View>
        <View style={styles.headerRule} />
        <Text {...textTag('H1', typography, document.meta.title)} style={textStyle(typography, styles.title)} hyphenationCallback={typography.breakWithoutHyphens}>
          {renderInlines(document.meta.title.content, context)}
        </Text>
        <Text {...textTag('P', typography, document.meta.summary)} style={textStyle(typography, styles.summary)} hyphenationCallback={document.meta.summary.language ? typography.breakOtherLanguage : typography.hyphenate}>
          {renderInlines(document.meta.summary.content, context)}
        </Text>
        {labels.unreviewedNotice ? (
          <View style={styles.notice}>
            <Text {...textTag('P', typography, labels.unreviewedNotice)} style={textStyle(typography, styles.noticeText)} hyphenationCallback={typography.hyphenate}>
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
        <Blocks blocks={document.blocks} context={context} {...(closing ? { after: closing } : {})} />
      </Page>
      {backCover ? (
        // A booklet's back cover, as printed booklets have: who to call, where to find them, the online edition.
        <Page size={size} style={styles.page}>
          <DraftMarks draftMark={labels.draftMark} watermark={labels.draftWatermark} typography={typography} styles={styles} />
          <View style={[styles.clinicRow, row]}>
            <Logo clinic={clinic} style={styles.logo} />
            <Text {...textTag('P', typography, clinic.name)} style={textStyle(typography, styles.clinic, { flex: 1 }, latinRunStyle(typography, clinic.name))}>
              {clinic.name}
            </Text>
          </View>
          <View style={styles.headerRule} />
          <Text {...textTag('H2', typography, labels.contactUs)} style={textStyle(typography, styles.h2)} hyphenationCallback={typography.breakWithoutHyphens}>
            {labels.contactUs}
          </Text>
          {[clinic.name, clinic.phone, clinic.address, clinic.website]
            .filter((line): line is string => Boolean(line))
            .map((line, index) => (
              <Text key={index} {...textTag('P', typography, line)} style={textStyle(typography, styles.paragraph, styles.backCoverLine, line === clinic.phone ? styles.backCoverPhone : {}, latinRunStyle(typography, line))} hyphenationCallback={typography.breakUrl}>
                {line}
              </Text>
            ))}
          {onlineBlock}
          {footer}
        </Page>
      ) : null}
    </Document>
  );
}

/** The draft banner and watermark of every page of a draft edition. */
function DraftMarks({ draftMark, watermark, typography, styles }: { draftMark: string | null; watermark: string | null; typography: Typography; styles: HandoutStyles }) {
  if (!draftMark) return null;
  return (
    <>
      {/* In two languages: the edition's patterns would misbreak the English half (`PA- TIENTS`). */}
      <Text style={textStyle(typography, styles.draftBanner)} {...ARTIFACT} hyphenationCallback={typography.breakWithoutHyphens}>
        {draftMark}
      </Text>
      <Text style={textStyle(typography, styles.draftWatermark)} {...ARTIFACT} hyphenationCallback={typography.breakWithoutHyphens}>
        {watermark}
      </Text>
    </>
  );
}

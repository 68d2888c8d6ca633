import { Document, Page, Text, View } from '@react-pdf/renderer';
import { Blocks, latinRunStyle, renderInlines, textStyle, type BlockContext } from '../shared/blocks.tsx';
import { Logo, QrCode } from '../shared/branding.tsx';
import { documentProps, identityLine } from '../shared/document.ts';
import { layoutStyles } from '../shared/styles.ts';
import { pageCounterText, type TemplateProps } from '../types.ts';

/** A one-column document, laid out as its format says: the handout, its large-print edition, the booklet's pages. */
export function OneColumn(props: TemplateProps) {
  const { document, labels, typography, paper, clinic, online, layout } = props;
  const styles = layoutStyles(layout, clinic.brandColor);
  const context: BlockContext = { typography, labels, styles, italics: layout.italics, brand: clinic.brandColor, answerLines: 2 };
  const rtl = typography.direction === 'rtl';
  const row = rtl ? { flexDirection: 'row-reverse' as const } : {};
  const pageSize = layout.pageSize[paper];
  const size = typeof pageSize === 'string' ? pageSize : [...pageSize];
  return (
    <Document {...documentProps(props)}>
      {/* Page furniture (running header, footer, page counter, draft marks) goes in `layout`, React-PDF's
          page template, laid out around each page's content. As `fixed` content it rode in the flow,
          where the pagination engine (@react-pdf/paginate) may end a page right after it: that page
          came out blank, and every later page lost it. */}
      <Page size={size as never} style={styles.page} layout={({ children, pageNumber = 1, totalPages = 1 }) => (
        <>
          {labels.draftMark ? (
            <>
              <Text style={textStyle(typography, styles.draftBanner)}>{labels.draftMark}</Text>
              <Text style={textStyle(typography, styles.draftWatermark)} hyphenationCallback={typography.breakWithoutHyphens}>
                {labels.draftMark}
              </Text>
            </>
          ) : null}
          {/* Later pages carry a compact running header, so a loose page still says whose it is. Text
              only: an Image in a page layout is laid out before it is loaded, with no size. */}
          {pageNumber > 1 ? (
            // Marked as furniture: the layout check reads the body's text across pages without it.
            <View style={styles.runningHeader} {...({ furniture: true } as object)}>
              <Text style={textStyle(typography, styles.clinic, latinRunStyle(typography, clinic.name))}>{clinic.name}</Text>
            </View>
          ) : null}
          {children}
          <View style={styles.footer}>
            <Text style={textStyle(typography, styles.footerText)} hyphenationCallback={typography.breakWithoutHyphens}>
              {identityLine(props)}
            </Text>
            <Text style={textStyle(typography, styles.footerText, latinRunStyle(typography, clinic.name), rtl ? styles.besideCounterRtl : styles.besideCounter)}>{clinic.name}</Text>
          </View>
          <Text style={[...textStyle(typography, styles.footerText, { fontWeight: 700, textAlign: rtl ? 'left' : 'right' }), styles.pageCounter]}>
            {pageCounterText(labels.pageOf, pageNumber, totalPages)}
          </Text>
        </>
      )}>
        <View style={[styles.clinicRow, row]}>
          <Logo clinic={clinic} style={styles.logo} />
          {/* The rest of the row, so a long name wraps inside the margins instead of running off the page. */}
          <Text style={textStyle(typography, styles.clinic, { flex: 1 }, latinRunStyle(typography, clinic.name))}>{clinic.name}</Text>
        </View>
        <View style={styles.headerRule} />
        <Text style={textStyle(typography, styles.title)} hyphenationCallback={typography.hyphenate}>
          {renderInlines(document.meta.title.content, context)}
        </Text>
        <Text style={textStyle(typography, styles.summary)} hyphenationCallback={typography.hyphenate}>
          {renderInlines(document.meta.summary.content, context)}
        </Text>
        {labels.unreviewedNotice ? (
          <View style={styles.notice}>
            <Text style={textStyle(typography, styles.noticeText)} hyphenationCallback={typography.hyphenate}>
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
        <Blocks blocks={document.blocks} context={context} />
        {online ? (
          <View style={[styles.online, row]} wrap={false}>
            <QrCode online={online} size={layout.qrSize} />
            <View style={styles.onlineText}>
              <Text style={textStyle(typography, styles.onlineCaption)} hyphenationCallback={typography.hyphenate}>
                {`${labels.readOnline}:`}
              </Text>
              <Text style={textStyle(typography, styles.onlineCaption, latinRunStyle(typography, online.url))} hyphenationCallback={typography.breakUrl}>
                {online.url}
              </Text>
            </View>
          </View>
        ) : null}
      </Page>
    </Document>
  );
}

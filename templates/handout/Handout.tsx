import { Document, Page, Text, View } from '@react-pdf/renderer';
import { inlineText } from '../../src/model/segments.ts';
import { Logo, QrCode } from '../shared/branding.tsx';
import { pageCounterText, type TemplateProps } from '../types.ts';
import { Blocks, latinRunStyle, renderInlines, textStyle, type BlockContext } from './blocks.tsx';
import { handoutStyles, type Variant } from './styles.ts';

/** Half-Letter and A5 booklet pages, in points. */
const BOOKLET_PAGES = { LETTER: [396, 612], A4: [419.53, 595.28] } as const;

/** PDF metadata every edition carries, whatever its format. */
export function documentMetadata({ document, identity, clinic, creator, creationDate }: TemplateProps) {
  return {
    title: inlineText(document.meta.title.content),
    author: clinic.name,
    subject: inlineText(document.meta.summary.content),
    keywords: [identity.topicId, identity.level, identity.language, identity.version].join(', '),
    language: identity.language,
    creator,
    producer: creator,
    creationDate,
    modificationDate: creationDate,
  };
}

/** Topic, version, content hash, language, level and review date: what a printout is. */
export function identityParts({ identity, labels }: Pick<TemplateProps, 'identity' | 'labels'>): [string[], string[]] {
  return [
    [identity.topicId, labels.version, identity.contentHash],
    [`${labels.languageName} (${identity.language})`, labels.levelName, labels.reviewedOn],
  ];
}

export function identityLine(props: Pick<TemplateProps, 'identity' | 'labels'>): string {
  return identityParts(props).flat().join('  ·  ');
}

/** A one-column document: the handout, its large-print edition and the booklet's pages. */
function OneColumn(props: TemplateProps & { variant: Variant }) {
  const { document, labels, typography, paper, clinic, online, variant } = props;
  const styles = handoutStyles(variant, clinic.brandColor);
  const context: BlockContext = { typography, labels, styles, italics: variant !== 'large-print', brand: clinic.brandColor, answerLines: 2 };
  const rtl = typography.direction === 'rtl';
  const row = rtl ? { flexDirection: 'row-reverse' as const } : {};
  const size = variant === 'booklet' ? [...BOOKLET_PAGES[paper]] : paper;
  return (
    <Document {...documentMetadata(props)}>
      {/* The page counter goes in `layout`, React-PDF's page template: its new pagination engine
          lays the content out once, where a render-prop footer forced a second pass costing a
          quarter of the render time. The rest of the page chrome (footer, draft marks) is fixed
          content, laid out once and repeated, where the template is laid out again for every
          page of both pagination rounds (8 % of render time). */}
      <Page size={size as never} style={styles.page} layout={({ children, pageNumber = 1, totalPages = 1 }) => (
        <>
          {children}
          <Text style={[...textStyle(typography, styles.footerText, { fontWeight: 700, textAlign: rtl ? 'left' : 'right' }), styles.pageCounter]}>
            {pageCounterText(labels.pageOf, pageNumber, totalPages)}
          </Text>
        </>
      )}>
        {labels.draftMark ? (
          <>
            <Text fixed style={textStyle(typography, styles.draftBanner)}>{labels.draftMark}</Text>
            <Text fixed style={textStyle(typography, styles.draftWatermark)} hyphenationCallback={typography.breakWithoutHyphens}>
              {labels.draftMark}
            </Text>
          </>
        ) : null}
        <View fixed style={styles.footer}>
          <Text style={textStyle(typography, styles.footerText)} hyphenationCallback={typography.breakWithoutHyphens}>
            {identityLine(props)}
          </Text>
          <Text style={textStyle(typography, styles.footerText, latinRunStyle(typography, clinic.name), rtl ? styles.besideCounterRtl : styles.besideCounter)}>{clinic.name}</Text>
        </View>
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
            <QrCode online={online} size={variant === 'large-print' ? 96 : 72} />
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

/** A clean one-column patient handout on Letter or A4. */
export const Handout = (props: TemplateProps) => <OneColumn {...props} variant="handout" />;

/** For low-vision readers: body 18 pt, headings 22 pt and up, no italics, black text, a legible sans serif. */
export const LargePrint = (props: TemplateProps) => <OneColumn {...props} variant="large-print" />;

/** The booklet's pages in reading order, half-Letter or A5: the reader's edition, and the printer's before imposition. */
export const BookletPages = (props: TemplateProps) => <OneColumn {...props} variant="booklet" />;

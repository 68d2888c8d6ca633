import { Document, Page, Text, View } from '@react-pdf/renderer';
import { inlineText } from '../../src/reader/segments.ts';
import type { TemplateProps } from '../types.ts';
import { Blocks, renderInlines, textStyle, type BlockContext } from './blocks.tsx';
import { styles } from './styles.ts';

const noHyphenation = (word: string) => [word];

/** A clean one-column patient handout. */
export function Handout({ document, identity, labels, typography, paper, clinicName, creator, creationDate }: TemplateProps) {
  const context: BlockContext = { typography, labels };
  const title = inlineText(document.meta.title.content);
  const rtl = typography.direction === 'rtl';
  const identityLine = [identity.topicId, labels.version, identity.contentHash, `${labels.languageName} (${identity.language})`, labels.levelName, labels.reviewedOn].join('  ·  ');
  return (
    <Document
      title={title}
      author={clinicName}
      subject={inlineText(document.meta.summary.content)}
      keywords={[identity.topicId, identity.level, identity.language, identity.version].join(', ')}
      language={identity.language}
      creator={creator}
      producer={creator}
      creationDate={creationDate}
      modificationDate={creationDate}
    >
      <Page size={paper} style={styles.page}>
        {labels.draftMark ? (
          <>
            <Text fixed style={textStyle(typography, styles.draftBanner)}>
              {labels.draftMark}
            </Text>
            <Text fixed style={textStyle(typography, styles.draftWatermark)} hyphenationCallback={noHyphenation}>
              {labels.draftMark}
            </Text>
          </>
        ) : null}
        <Text style={textStyle(typography, styles.clinic)}>{clinicName}</Text>
        <View style={styles.headerRule} />
        <Text style={textStyle(typography, styles.title)} hyphenationCallback={typography.hyphenate}>
          {renderInlines(document.meta.title.content)}
        </Text>
        <Text style={textStyle(typography, styles.summary)} hyphenationCallback={typography.hyphenate}>
          {renderInlines(document.meta.summary.content)}
        </Text>
        {labels.unreviewedNotice ? (
          <View style={styles.notice}>
            <Text style={textStyle(typography, styles.noticeText)} hyphenationCallback={typography.hyphenate}>
              {labels.unreviewedNotice}
            </Text>
          </View>
        ) : null}
        <Blocks blocks={document.blocks} context={context} />
        <View fixed style={styles.footer}>
          <View style={[styles.footerRow, rtl ? { flexDirection: 'row-reverse' } : {}]}>
            <Text style={textStyle(typography, styles.footerText)}>{clinicName}</Text>
            <Text style={textStyle(typography, styles.footerText, { fontWeight: 700 })} render={({ pageNumber, totalPages }) => labels.pageOf(pageNumber, totalPages)} />
          </View>
          <Text style={textStyle(typography, styles.footerText)}>{identityLine}</Text>
        </View>
      </Page>
    </Document>
  );
}

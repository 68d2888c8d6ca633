import type { Clinic } from '../../src/model/edition.ts';
import { inlineText } from '../../src/model/segments.ts';
import { unbrokenPhone } from '../../src/model/phone.ts';
import type { TemplateProps } from '../types.ts';

/** PDF metadata every edition carries, whatever its format, and the layout's receiver. */
export function documentProps({ document, identity, clinic, creator, creationDate, onRender }: TemplateProps) {
  return {
    onRender,
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

/**
 * Topic, content hash, version, language, level and review date: what a printout is. The hash right after the
 * topic's id: after the Arabic word for version, a hash starting with a digit was set apart from its letters (bidi).
 */
export function identityParts({ identity, labels }: Pick<TemplateProps, 'identity' | 'labels'>): [string[], string[]] {
  return [
    [identity.topicId, identity.contentHash, labels.version],
    [`${labels.languageName} (${identity.language})`, labels.levelName, labels.reviewedOn],
  ];
}

export function identityLine(props: Pick<TemplateProps, 'identity' | 'labels'>): string {
  return identityParts(props).flat().join('  ·  ');
}

/** The clinic's phone (on one line), then its address where there is room for it, as page furniture shows them. */
export function contactDetails(clinic: Clinic, { address }: { address: boolean }): string[] {
  return [clinic.phone && unbrokenPhone(clinic.phone), address ? clinic.address : null].filter((detail): detail is string => Boolean(detail));
}

import { createHash } from 'node:crypto';
import type { LanguageConfig } from '../config/index.ts';
import type { Document } from '../model/document.ts';
import type { Clinic, EditionLabels, EditionSpec, PdfEditionLink, PrintSettings } from '../model/edition.ts';

/**
 * Short hash of everything the renderer gets for the edition, and of the
 * renderer itself (its digest), printed on it so two printouts can be told
 * apart; an edition whose hash is in the manifest with its PDF is not
 * rendered again.
 */
export function editionHash(settings: { spec: EditionSpec; language: LanguageConfig; plainerLevels: string[]; pdfEditions: PdfEditionLink[]; print: PrintSettings }, shownHash: string, renderer: string): string {
  return createHash('sha256').update(JSON.stringify({ ...settings, shownHash, renderer })).digest('hex').slice(0, 12);
}

/** Hash of what every format of a language and level shows: made once, not per format. */
export function hashShown(document: Document, labels: EditionLabels, clinic: Clinic): string {
  const hash = createHash('sha256');
  // The logo counts by its bytes, not by where the project lives.
  const branding = { ...clinic, logo: clinic.logo ? createHash('sha256').update(clinic.logo.data).digest('hex') : null };
  hash.update(JSON.stringify({ labels, branding }));
  // Only what the edition shows counts: not where text sits in the source, nor a hash of the whole topic file.
  hash.update(JSON.stringify(document, (key, value: unknown) => (key === 'data' && value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : key === 'position' || key === 'path' || key === 'sourceHash' ? undefined : value)));
  return hash.digest('hex');
}

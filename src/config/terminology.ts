import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { VFile } from 'vfile';
import { report, sourceFile } from '../messages/index.ts';

/** One concept of the termbase as one language words it. */
export interface ConceptTerms {
  id: string;
  /** The concept's terms in the source language: a segment whose source has one of them is about this concept. */
  sourceTerms: string[];
  /** Terms to use (TBX preferred or admitted), best first. */
  approved: string[];
  /** Terms never to use for this concept (TBX deprecated or superseded), with why. */
  forbidden: { term: string; note: string | null }[];
  definition: string | null;
}

/** A project's terminology: per language, the concepts that language has terms for. */
export interface Termbase {
  file: string | null;
  concepts: Map<string, ConceptTerms[]>;
}

export const EMPTY_TERMBASE: Termbase = { file: null, concepts: new Map() };

const FORBIDDEN_STATUSES = new Set(['deprecatedTerm-admn-sts', 'supersededTerm-admn-sts']);
const PREFERRED_STATUS = 'preferredTerm-admn-sts';

type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  // Elements that may repeat are always arrays, so one walk reads files with one or many.
  isArray: (name) => ['conceptEntry', 'termEntry', 'langSec', 'langSet', 'termSec', 'tig', 'ntig', 'termNote', 'note', 'descrip'].includes(name),
});

const elements = (parent: XmlElement | undefined, ...names: string[]): XmlElement[] =>
  names.flatMap((name) => (parent?.[name] as XmlElement[] | undefined) ?? []);
const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'object' && value ? String((value as XmlElement)['#text'] ?? '') : '').trim();

/**
 * Reads a TBX termbase (TBX v3 `conceptEntry/langSec/termSec` as Crowdin and
 * TBX-Basic write it, or TBX v2 `martif … termEntry/langSet/tig` as Weblate
 * does), the format translators' tools exchange glossaries in. Errors go on
 * the returned file with the line of the concept they concern.
 */
export async function loadTerminology(root: string, relativePath: string, sourceLanguage: string, languages: readonly string[]): Promise<{ termbase: Termbase; file: VFile }> {
  const absolute = path.join(root, relativePath);
  const file = sourceFile(absolute, root);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    report(file, 'error', `Terminology ${relativePath} cannot be read: ${(error as Error).message}`, 'terminology-unreadable');
    return { termbase: EMPTY_TERMBASE, file };
  }
  file.value = text;
  if (/<!DOCTYPE/i.test(text)) {
    report(file, 'error', 'A termbase may not declare a DOCTYPE (entities are refused)', 'terminology-syntax', lineOf(text, text.search(/<!DOCTYPE/i)));
    return { termbase: EMPTY_TERMBASE, file };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    report(file, 'error', `XML syntax error: ${valid.err.msg}`, 'terminology-syntax', { line: valid.err.line, column: valid.err.col });
    return { termbase: EMPTY_TERMBASE, file };
  }
  const document = parser.parse(text) as XmlElement;
  const root3 = document.tbx as XmlElement | undefined;
  const root2 = document.martif as XmlElement | undefined;
  const body = ((root3 ?? root2)?.text as XmlElement | undefined)?.body as XmlElement | undefined;
  if (!body) {
    report(file, 'error', 'Not a TBX termbase: expected <tbx> or <martif> with <text><body>', 'terminology-syntax', { line: 1, column: 1 });
    return { termbase: EMPTY_TERMBASE, file };
  }
  const concepts = new Map<string, ConceptTerms[]>();
  const matchLanguage = (tag: string) => languages.find((language) => language.toLowerCase() === tag.toLowerCase()) ?? languages.find((language) => language.toLowerCase().startsWith(`${tag.toLowerCase()}-`));
  elements(body, 'conceptEntry', 'termEntry').forEach((entry, index) => {
    const id = String(entry['@id'] ?? `#${index + 1}`);
    const place = lineOf(text, text.indexOf(`id="${id}"`));
    const sections = elements(entry, 'langSec', 'langSet').map((section) => ({ language: String(section['@xml:lang'] ?? ''), terms: termsOf(section), definition: definitionOf(section) }));
    const source = sections.filter((section) => section.language.toLowerCase() === sourceLanguage.toLowerCase() || section.language.toLowerCase() === sourceLanguage.split('-')[0]!.toLowerCase());
    const sourceTerms = source.flatMap((section) => section.terms.map((term) => term.term));
    if (sourceTerms.length === 0) {
      report(file, 'error', `Concept ${id} has no term in the source language (${sourceLanguage}): translations cannot be matched to it`, 'terminology-schema', place);
      return;
    }
    const definition = definitionOf(entry) ?? source.map((section) => section.definition).find(Boolean) ?? null;
    for (const section of sections) {
      const language = matchLanguage(section.language);
      if (!language || language === sourceLanguage) continue;
      const usable = section.terms.filter((term) => !FORBIDDEN_STATUSES.has(term.status));
      const concept: ConceptTerms = {
        id,
        sourceTerms,
        approved: [...usable.filter((term) => term.status === PREFERRED_STATUS), ...usable.filter((term) => term.status !== PREFERRED_STATUS)].map((term) => term.term),
        forbidden: section.terms.filter((term) => FORBIDDEN_STATUSES.has(term.status)).map((term) => ({ term: term.term, note: term.note })),
        definition,
      };
      concepts.set(language, [...(concepts.get(language) ?? []), concept]);
    }
  });
  return { termbase: { file: relativePath, concepts }, file };
}

function termsOf(section: XmlElement): { term: string; status: string; note: string | null }[] {
  return elements(section, 'termSec', 'tig', 'ntig')
    .map((termSection) => {
      // TBX v2's <ntig> wraps the term in <termGrp>.
      const group = (termSection.termGrp as XmlElement | undefined) ?? termSection;
      const notes = [...elements(termSection, 'termNote'), ...elements(group, 'termNote')];
      const status = notes.find((note) => note['@type'] === 'administrativeStatus');
      const note = [...elements(termSection, 'note'), ...elements(group, 'note')].map(textOf).find(Boolean) ?? null;
      return { term: textOf(group.term), status: status ? textOf(status) : 'admittedTerm-admn-sts', note };
    })
    .filter((term) => term.term.length > 0);
}

function definitionOf(element: XmlElement): string | null {
  return elements(element, 'descrip').filter((descrip) => descrip['@type'] === 'definition').map(textOf).find(Boolean) ?? null;
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  if (offset < 0) return { line: 1, column: 1 };
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

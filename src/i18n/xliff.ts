import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { report, type Place } from '../messages/index.ts';
import { normalizeSpace } from '../model/segments.ts';
import { loadCatalog, mebibytes, offeredIn, saveCatalog, UI_NAMESPACE, type Catalog, type SourceCatalog, type SourceEntry } from './catalog.ts';
import type { ConceptTerms } from '../config/terminology.ts';
import { checkTranslation, containsTerm } from './checks.ts';
import { segmentState } from './status.ts';
import { tagsOfSource } from './tags.ts';

const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';
const GLOSSARY_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';

/** fast-xml-parser's order-preserving node: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const xmlOptions = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: false } as const;

export class XliffError extends Error {}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
// XML 1.0's Char production: what a character reference may name.
const XML_CHARACTER = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]$/u;

/**
 * What XML defines, and nothing else: the five predefined entities and
 * character references. fast-xml-parser's own decoder leaves `&#233;` as it
 * is unless HTML entities are on, which would accept HTML's names as well.
 * DTDs are refused before parsing, so no other entity can be declared.
 */
const xmlEntities = {
  decode: (value: string) =>
    value.replace(/&(#x[0-9a-f]+|#[0-9]+|[^;&\s]+);/gi, (reference, name: string) => {
      if (!name.startsWith('#')) {
        const entity = PREDEFINED_ENTITIES[name];
        if (entity === undefined) throw new XliffError(`${reference} is not an entity XML defines (only &lt; &gt; &amp; &apos; &quot; are)`);
        return entity;
      }
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const character = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      if (!XML_CHARACTER.test(character)) throw new XliffError(`${reference} is not a character XML allows`);
      return character;
    }),
  reset: () => {},
  setXmlVersion: () => {},
  setExternalEntities: () => {},
  addInputEntities: () => {},
};
const parser = new XMLParser({ ...xmlOptions, entityDecoder: xmlEntities, captureMetaData: true, trimValues: false, parseTagValue: false, parseAttributeValue: false });
const START = XMLParser.getMetaDataSymbol() as unknown as symbol;
// No builder formatting: it would add white space inside <source> and <target>, where it is content.
const builder = new XMLBuilder({ ...xmlOptions, format: false, suppressEmptyNode: true });

const element = (name: string, attributes: Record<string, string>, children: XmlNode[] = []): XmlNode => ({ [name]: children, ':@': attributes });
const text = (value: string): XmlNode => ({ '#text': value });

/** Structural children on lines of their own, indented for people reading the file. */
function indented(depth: number, children: XmlNode[]): XmlNode[] {
  if (children.length === 0) return [];
  return [...children.flatMap((child) => [text(`\n${'  '.repeat(depth + 1)}`), child]), text(`\n${'  '.repeat(depth)}`)];
}

function nameOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function childrenOf(node: XmlNode): XmlNode[] {
  return (node[nameOf(node)] as XmlNode[] | undefined) ?? [];
}

const unescape = (value: string) => value.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name] ?? '');
const escape = (value: string) => value.replace(/[&<>]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[character] ?? character);

/**
 * Our numbered tags as XLIFF inline codes: `<1>…</1>` → `<pc id="1">…</pc>`,
 * `<2/>` → `<ph id="2"/>`, marked so translation tools do not let them be deleted.
 */
export function taggedToXliff(tagged: string): XmlNode[] {
  const root: XmlNode[] = [];
  const stack: XmlNode[][] = [root];
  let last = 0;
  for (const match of tagged.matchAll(/<(\/?)(\d+)(\/?)>/g)) {
    if (match.index > last) stack.at(-1)!.push(text(unescape(tagged.slice(last, match.index))));
    last = match.index + match[0].length;
    const [, closing, id, selfClosing] = match;
    if (closing) {
      stack.pop();
    } else if (selfClosing) {
      stack.at(-1)!.push(element('ph', { id: id!, canCopy: 'no', canDelete: 'no' }));
    } else {
      const children: XmlNode[] = [];
      stack.at(-1)!.push(element('pc', { id: id!, canCopy: 'no', canDelete: 'no', canOverlap: 'no' }, children));
      stack.push(children);
    }
  }
  if (last < tagged.length) root.push(text(unescape(tagged.slice(last))));
  return root;
}

/** XLIFF inline content back to our tagged text; any other inline element is refused. */
export function xliffToTagged(nodes: XmlNode[]): string {
  return nodes
    .map((node) => {
      if ('#text' in node) return escape(String(node['#text']));
      const name = nameOf(node);
      const id = node[':@']?.id;
      if (!id || !/^\d+$/.test(id)) throw new XliffError(`inline code <${name}> has no numeric id`);
      if (name === 'ph') return `<${id}/>`;
      if (name === 'pc') return `<${id}>${xliffToTagged(childrenOf(node))}</${id}>`;
      throw new XliffError(`unsupported inline element <${name}>`);
    })
    .join('');
}

const STATE_TO_XLIFF = { missing: 'initial', stale: 'initial', translated: 'translated', reviewed: 'reviewed' } as const;

export interface ExportOptions {
  language: string;
  sources: SourceCatalog[];
  /** Export every segment, not only new and stale ones. */
  all: boolean;
}

/**
 * XLIFF 2.0 for one language: a `<file>` per topic (and the template strings), a `<unit>` per segment.
 * A catalog that cannot be read is left out, with its errors on `catalogFiles`.
 */
export async function exportXliff(project: Project, options: ExportOptions): Promise<{ xml: string; units: number; catalogFiles: VFile[] }> {
  const files: XmlNode[] = [];
  const catalogFiles: VFile[] = [];
  let units = 0;
  let withGlossary = false;
  for (const source of options.sources.filter((candidate) => offeredIn(candidate, options.language))) {
    const catalog = await loadCatalog(project, options.language, source.namespace);
    if (catalog.file.messages.length > 0) {
      catalogFiles.push(catalog.file);
      continue;
    }
    const unitNodes: XmlNode[] = [];
    for (const entry of source.entries) {
      const state = segmentState(entry, catalog);
      if (!options.all && state !== 'missing' && state !== 'stale') continue;
      const meta = catalog.meta.segments[entry.key];
      const current = catalog.values[entry.key] ?? meta?.suggestion;
      const notes = [
        ['topic', source.namespace],
        ['heading', entry.context?.heading],
        ['level', entry.context?.level ?? (entry.context ? 'all levels' : undefined)],
        ['role', entry.context?.role],
        ['source-hash', entry.hash],
        ['status', state === 'stale' ? `stale: the source changed; the target is the translation of the previous source: ${meta?.previousSource ?? meta?.source ?? ''}` : state],
      ].filter((note): note is [string, string] => note[1] !== undefined && note[1] !== null);
      const glossary = glossaryOf(entry.source, project.terminology.concepts.get(options.language) ?? []);
      if (glossary.length > 0) withGlossary = true;
      unitNodes.push(
        element(
          'unit',
          { id: entry.key },
          indented(2, [
            ...glossary,
            element(
              'notes',
              {},
              indented(
                3,
                notes.map(([category, value]) => element('note', { category }, [text(value)])),
              ),
            ),
            element(
              'segment',
              { state: STATE_TO_XLIFF[state] },
              indented(3, [element('source', {}, taggedToXliff(entry.source)), ...(current ? [element('target', {}, taggedToXliff(current))] : [])]),
            ),
          ]),
        ),
      );
    }
    units += unitNodes.length;
    if (unitNodes.length > 0) files.push(element('file', { id: source.namespace }, indented(1, unitNodes)));
  }
  const document = [
    { '?xml': [text('')], ':@': { version: '1.0', encoding: 'UTF-8' } },
    text('\n'),
    element('xliff', { xmlns: XLIFF_NS, ...(withGlossary ? { 'xmlns:gls': GLOSSARY_NS } : {}), version: '2.0', srcLang: project.config.sourceLanguage, trgLang: options.language }, indented(0, files)),
  ];
  return { xml: `${builder.build(document) as string}\n`, units, catalogFiles };
}

/**
 * XLIFF 2.0's glossary module for a unit: the termbase's concepts its source
 * speaks of, with the terms to use and, in the definition, those never to use,
 * so translation tools show them beside the segment.
 */
function glossaryOf(source: string, concepts: readonly ConceptTerms[]): XmlNode[] {
  const entries = concepts.flatMap((concept) => {
    const term = concept.sourceTerms.find((candidate) => containsTerm(source, candidate));
    if (!term) return [];
    const avoid = concept.forbidden.map((forbidden) => `${forbidden.term}${forbidden.note ? ` (${forbidden.note})` : ''}`);
    const definition = [concept.definition, avoid.length > 0 ? `Never use: ${avoid.join('; ')}.` : null].filter(Boolean).join(' ');
    return [
      element(
        'gls:glossEntry',
        { id: `term-${concept.id}` },
        indented(4, [
          element('gls:term', { source: 'terminology' }, [text(term)]),
          ...concept.approved.map((approved) => element('gls:translation', {}, [text(approved)])),
          ...(definition ? [element('gls:definition', {}, [text(definition)])] : []),
        ]),
      ),
    ];
  });
  return entries.length === 0 ? [] : [element('gls:glossary', {}, indented(3, entries))];
}

export interface ImportResult {
  applied: number;
  unchanged: number;
  rejected: number;
}

/** Far above a full export of a large project (the sample's is 60 KB), and bounds the memory of reading one. */
export const MAX_XLIFF_BYTES = 20 * 1024 * 1024;
/** XLIFF's own structure (xliff, file, unit, segment, target) takes 5 levels, our inline formatting a few more. */
export const MAX_XLIFF_DEPTH = 40;

/**
 * Validates an XLIFF 2.0 file and merges its targets. A unit with any problem
 * is reported and left out; the others are merged, and each catalog is written
 * atomically, only if it changed.
 */
export async function importXliff(project: Project, xml: string, file: VFile, sources: SourceCatalog[]): Promise<ImportResult> {
  const result: ImportResult = { applied: 0, unchanged: 0, rejected: 0 };
  const refuse = (reason: string, ruleId: string, place?: Place) => {
    report(file, 'error', `${reason}; nothing of this file is imported`, ruleId, place);
    return result;
  };
  const tooLarge = xliffTooLarge(Buffer.byteLength(xml));
  if (tooLarge) return refuse(tooLarge, 'xliff-size');
  const placeOf = placesIn(xml);
  // No DTDs at all: they are how entity-expansion ("billion laughs") and external-entity attacks arrive.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('XLIFF files with a DOCTYPE or entity declarations are refused', 'xliff-dtd');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return refuse(`not well-formed XML: ${valid.err.msg}`, 'xliff-xml', { line: valid.err.line, column: valid.err.col });
  const deep = tooDeep(xml);
  if (deep !== -1) return refuse(`elements are nested more than ${MAX_XLIFF_DEPTH} levels deep`, 'xliff-depth', placeOf(deep));
  let tree: XmlNode[];
  try {
    tree = parser.parse(xml) as XmlNode[];
  } catch (error) {
    const reason = (error as Error).message;
    // Our entity decoder is not told where it is: parsing stopped at the first use of the reference it names.
    const reference = /^&[^;\s]+;/.exec(reason)?.[0];
    return refuse(`not well-formed XML: ${reason}`, 'xliff-xml', reference ? placeOf(xml.indexOf(reference)) : undefined);
  }
  const root = tree.find((node) => !('?xml' in node) && !('#text' in node));
  if (!root || nameOf(root) !== 'xliff') return refuse(`root element must be <xliff>, found <${root ? nameOf(root) : 'nothing'}>`, 'xliff-root');
  const attributes = root[':@'] ?? {};
  if (attributes.version !== '2.0' || attributes.xmlns !== XLIFF_NS) return refuse('only XLIFF 2.0 is supported (version="2.0" in the XLIFF 2.0 namespace)', 'xliff-version', placeOf(startOf(root)));
  if (attributes.srcLang !== project.config.sourceLanguage) {
    return refuse(`srcLang is "${attributes.srcLang}", but the project's source language is "${project.config.sourceLanguage}"`, 'xliff-language', placeOf(startOf(root)));
  }
  const language = attributes.trgLang ?? '';
  if (!project.config.languages[language] || language === project.config.sourceLanguage) {
    return refuse(`trgLang "${language}" is not a translation language of this project`, 'xliff-language', placeOf(startOf(root)));
  }

  // The units of each topic, from every <file> with its id (XLIFF allows one, but a merged file may have two).
  const unitsByNamespace = new Map<string, XmlNode[]>();
  for (const fileNode of childrenOf(root).filter((node) => nameOf(node) === 'file')) {
    const namespace = fileNode[':@']?.id ?? '';
    const source = sources.find((candidate) => candidate.namespace === namespace);
    if (!source) {
      const count = unitsOf(fileNode).length;
      report(file, 'error', `<file id="${namespace}"> is not a topic of this project (or the template strings, "${UI_NAMESPACE}"); its ${count} units are not imported`, 'xliff-file', placeOf(startOf(fileNode)));
      result.rejected += count;
      continue;
    }
    if (!offeredIn(source, language)) {
      const count = unitsOf(fileNode).length;
      report(file, 'error', `topic ${namespace} is not offered in ${language} (its front matter lists languages: ${source.languages!.join(', ')}); its ${count} units are not imported: add ${language} to its languages first`, 'xliff-not-offered', placeOf(startOf(fileNode)));
      result.rejected += count;
      continue;
    }
    const units = unitsByNamespace.get(namespace) ?? [];
    unitsByNamespace.set(namespace, units);
    for (const unit of unitsOf(fileNode)) units.push(unit);
  }
  for (const [namespace, units] of unitsByNamespace) {
    const source = sources.find((candidate) => candidate.namespace === namespace)!;
    const catalog = await loadCatalog(project, language, namespace);
    if (catalog.file.messages.some((message) => message.fatal)) {
      report(file, 'error', `the ${language} catalog of ${namespace} cannot be read (${catalog.file.messages.map((message) => message.reason).join('; ')}); its ${units.length} units are not imported`, 'xliff-catalog');
      result.rejected += units.length;
      continue;
    }
    const before = JSON.stringify([catalog.values, catalog.meta]);
    const entries = new Map(source.entries.map((entry) => [entry.key, entry]));
    const repeated = repeatedUnits(units);
    for (const [id, copies] of repeated) {
      const lines = copies.map((unit) => placeOf(startOf(unit))?.line).join(' and ');
      report(file, 'error', `unit "${namespace}:${id}" appears ${copies.length} times (lines ${lines}); none of them is imported: keep one`, 'xliff-duplicate-unit', placeOf(startOf(copies[1]!)));
      result.rejected += copies.length;
    }
    for (const unit of units.filter((candidate) => !repeated.has(candidate[':@']?.id ?? ''))) {
      result[importUnit(project, unit, { source, entries, catalog, language }, file, placeOf(startOf(unit)))] += 1;
    }
    if (JSON.stringify([catalog.values, catalog.meta]) === before) continue;
    try {
      await saveCatalog(catalog, source.entries.map((entry) => entry.key));
    } catch (error) {
      report(file, 'error', `the ${language} catalog of ${namespace} could not be written: ${(error as Error).message}`, 'xliff-write');
    }
  }
  return result;
}

/** Why an XLIFF file of `bytes` is refused, if it is. */
export function xliffTooLarge(bytes: number): string | undefined {
  return bytes > MAX_XLIFF_BYTES ? `the file is ${mebibytes(bytes)}, more than the limit of ${mebibytes(MAX_XLIFF_BYTES)}: export fewer topics at a time` : undefined;
}

function startOf(node: XmlNode): number | undefined {
  return (node as Record<symbol, { startIndex?: number } | undefined>)[START]?.startIndex;
}

/** The line and column of an offset in `text`. */
function placesIn(text: string): (offset: number | undefined) => Place | undefined {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return (offset) => {
    if (offset === undefined || offset < 0) return undefined;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

/**
 * The offset of the first element nested deeper than MAX_XLIFF_DEPTH, or -1.
 * Found before parsing: fast-xml-parser stops at its own limit with an error
 * that says nowhere where. Runs on text the validator found well-formed.
 */
function tooDeep(xml: string): number {
  let depth = 0;
  for (const match of xml.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^\s/>]+(?:"[^"]*"|'[^']*'|[^"'>])*?(\/?)>/g)) {
    const [markup, closing, selfClosing] = match;
    if (!markup.startsWith('<!') && !markup.startsWith('<?')) {
      if (closing) depth -= 1;
      else if (!selfClosing && ++depth > MAX_XLIFF_DEPTH) return match.index;
    }
  }
  return -1;
}

/** A file's units, those in groups included. */
function unitsOf(node: XmlNode): XmlNode[] {
  return childrenOf(node).flatMap((child) => (nameOf(child) === 'unit' ? [child] : nameOf(child) === 'group' ? unitsOf(child) : []));
}

/** Unit ids given more than once, with every unit that has it. */
function repeatedUnits(units: XmlNode[]): Map<string, XmlNode[]> {
  const byId = new Map<string, XmlNode[]>();
  for (const unit of units) {
    const id = unit[':@']?.id;
    if (!id) continue;
    const copies = byId.get(id);
    if (copies) copies.push(unit);
    else byId.set(id, [unit]);
  }
  return new Map([...byId].filter(([, copies]) => copies.length > 1));
}

interface ImportTarget {
  source: SourceCatalog;
  /** The source's entries by key. */
  entries: Map<string, SourceEntry>;
  catalog: Catalog;
  language: string;
}

function importUnit(project: Project, unit: XmlNode, { source, entries, catalog, language }: ImportTarget, file: VFile, place: Place | undefined): keyof ImportResult {
  const id = unit[':@']?.id;
  const reject = (reason: string, ruleId: string): 'rejected' => {
    report(file, 'error', `unit ${id ? `"${source.namespace}:${id}"` : 'without id'}: ${reason}; not imported`, ruleId, place);
    return 'rejected';
  };
  if (!id) return reject('a <unit> needs an id', 'xliff-unit');
  const entry = entries.get(id);
  if (!entry) return reject('no such segment in the source', 'xliff-unit');
  const segments = childrenOf(unit).filter((node) => nameOf(node) === 'segment');
  if (segments.length !== 1) return reject(`expected one <segment>, found ${segments.length}`, 'xliff-unit');
  const segment = segments[0]!;
  const state = segment[':@']?.state ?? 'initial';
  if (!['initial', 'translated', 'reviewed', 'final'].includes(state)) return reject(`unknown state "${state}"`, 'xliff-unit');
  const sourceNode = childrenOf(segment).find((node) => nameOf(node) === 'source');
  const targetNode = childrenOf(segment).find((node) => nameOf(node) === 'target');
  let sourceText: string;
  let target: string;
  try {
    sourceText = xliffToTagged(sourceNode ? childrenOf(sourceNode) : []);
    target = normalizeSpace(xliffToTagged(targetNode ? childrenOf(targetNode) : []));
  } catch (error) {
    return reject((error as Error).message, 'xliff-inline');
  }
  if (normalizeSpace(sourceText) !== entry.source) return reject('its source text differs from the current source (it changed since the export): export again', 'xliff-source-changed');
  if (state === 'initial' || target === '') return 'unchanged';

  const tags = source.namespace === UI_NAMESPACE ? null : tagsOfSource(entry.source);
  const findings = checkTranslation({ source: entry.source, translation: target, sourceLanguage: project.config.sourceLanguage, language, tags, glossary: project.config.glossary, terms: project.terminology.concepts.get(language) ?? [] });
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) return reject(errors.map((finding) => `${finding.message} [${finding.ruleId}]`).join('; '), errors[0]!.ruleId);
  for (const warning of findings) report(file, 'warning', `unit "${source.namespace}:${id}": ${warning.message}`, warning.ruleId, place);

  const newState = state === 'reviewed' || state === 'final' ? 'reviewed' : 'translated';
  const meta = catalog.meta.segments[id];
  if (catalog.values[id] === target && meta?.sourceHash === entry.hash && meta.state === newState) return 'unchanged';
  catalog.values[id] = target;
  catalog.meta.segments[id] = { sourceHash: entry.hash, source: entry.source, state: newState };
  return 'applied';
}

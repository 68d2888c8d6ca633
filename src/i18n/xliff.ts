import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { VFile } from 'vfile';
import type { Project } from '../project/index.ts';
import { report } from '../messages/index.ts';
import { normalizeSpace } from '../model/segments.ts';
import { loadCatalog, saveCatalog, UI_NAMESPACE, type Catalog, type SourceCatalog, type SourceEntry } from './catalog.ts';
import { checkTranslation } from './checks.ts';
import { segmentState } from './status.ts';
import { tagsOfSource } from './tags.ts';

const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

/** fast-xml-parser's order-preserving node: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const xmlOptions = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: false } as const;
const parser = new XMLParser({ ...xmlOptions, trimValues: false, parseTagValue: false, parseAttributeValue: false });
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

export class XliffError extends Error {}

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

/** XLIFF 2.0 for one language: a `<file>` per topic (and the template strings), a `<unit>` per segment. */
export async function exportXliff(project: Project, options: ExportOptions): Promise<{ xml: string; units: number }> {
  const files: XmlNode[] = [];
  let units = 0;
  for (const source of options.sources) {
    const catalog = await loadCatalog(project, options.language, source.namespace);
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
      unitNodes.push(
        element(
          'unit',
          { id: entry.key },
          indented(2, [
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
    element('xliff', { xmlns: XLIFF_NS, version: '2.0', srcLang: project.config.sourceLanguage, trgLang: options.language }, indented(0, files)),
  ];
  return { xml: `${builder.build(document) as string}\n`, units };
}

export interface ImportResult {
  applied: number;
  unchanged: number;
  rejected: number;
}

/**
 * Validates an XLIFF 2.0 file and merges its targets. A unit with any problem
 * is reported and left out; the others are merged, and each catalog is written
 * atomically, only if it changed.
 */
export async function importXliff(project: Project, xml: string, file: VFile, sources: SourceCatalog[]): Promise<ImportResult> {
  const result: ImportResult = { applied: 0, unchanged: 0, rejected: 0 };
  const refuse = (reason: string, ruleId: string) => {
    report(file, 'error', reason, ruleId);
    return result;
  };
  // No DTDs at all: they are how entity-expansion ("billion laughs") and external-entity attacks arrive.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return refuse('XLIFF files with a DOCTYPE or entity declarations are refused', 'xliff-dtd');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return refuse(`not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`, 'xliff-xml');
  const tree = parser.parse(xml) as XmlNode[];
  const root = tree.find((node) => !('?xml' in node) && !('#text' in node));
  if (!root || nameOf(root) !== 'xliff') return refuse(`root element must be <xliff>, found <${root ? nameOf(root) : 'nothing'}>`, 'xliff-root');
  const attributes = root[':@'] ?? {};
  if (attributes.version !== '2.0' || attributes.xmlns !== XLIFF_NS) return refuse('only XLIFF 2.0 is supported (version="2.0" in the XLIFF 2.0 namespace)', 'xliff-version');
  if (attributes.srcLang !== project.config.sourceLanguage) return refuse(`srcLang is "${attributes.srcLang}", but the project's source language is "${project.config.sourceLanguage}"`, 'xliff-language');
  const language = attributes.trgLang ?? '';
  if (!project.config.languages[language] || language === project.config.sourceLanguage) {
    return refuse(`trgLang "${language}" is not a translation language of this project`, 'xliff-language');
  }

  for (const fileNode of childrenOf(root).filter((node) => nameOf(node) === 'file')) {
    const namespace = fileNode[':@']?.id ?? '';
    const source = sources.find((candidate) => candidate.namespace === namespace);
    if (!source) {
      report(file, 'error', `<file id="${namespace}"> is not a topic of this project (or the template strings, "${UI_NAMESPACE}")`, 'xliff-file');
      result.rejected += childrenOf(fileNode).filter((node) => nameOf(node) === 'unit').length;
      continue;
    }
    const catalog = await loadCatalog(project, language, namespace);
    if (catalog.file.messages.some((message) => message.fatal)) {
      report(file, 'error', `the ${language} catalog of ${namespace} cannot be read; nothing of it is imported`, 'xliff-catalog');
      continue;
    }
    const before = JSON.stringify([catalog.values, catalog.meta]);
    for (const unit of childrenOf(fileNode).filter((node) => nameOf(node) === 'unit')) {
      const outcome = importUnit(project, unit, source, catalog, language, file);
      result[outcome] += 1;
    }
    if (JSON.stringify([catalog.values, catalog.meta]) !== before) await saveCatalog(catalog, source.entries.map((entry) => entry.key));
  }
  return result;
}

function importUnit(project: Project, unit: XmlNode, source: SourceCatalog, catalog: Catalog, language: string, file: VFile): keyof ImportResult {
  const id = unit[':@']?.id;
  const reject = (reason: string, ruleId: string): 'rejected' => {
    report(file, 'error', `unit ${id ? `"${source.namespace}:${id}"` : 'without id'}: ${reason}; not imported`, ruleId);
    return 'rejected';
  };
  if (!id) return reject('a <unit> needs an id', 'xliff-unit');
  const entry: SourceEntry | undefined = source.entries.find((candidate) => candidate.key === id);
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
  const findings = checkTranslation({ source: entry.source, translation: target, sourceLanguage: project.config.sourceLanguage, language, tags, glossary: project.config.glossary });
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) return reject(errors.map((finding) => `${finding.message} [${finding.ruleId}]`).join('; '), errors[0]!.ruleId);
  for (const warning of findings) report(file, 'warning', `unit "${source.namespace}:${id}": ${warning.message}`, warning.ruleId);

  const newState = state === 'reviewed' || state === 'final' ? 'reviewed' : 'translated';
  const meta = catalog.meta.segments[id];
  if (catalog.values[id] === target && meta?.sourceHash === entry.hash && meta.state === newState) return 'unchanged';
  catalog.values[id] = target;
  catalog.meta.segments[id] = { sourceHash: entry.hash, source: entry.source, state: newState };
  return 'applied';
}

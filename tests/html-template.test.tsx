import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Block, Document, Inline, Segment } from '../src/model/document.ts';
import type { Clinic, EditionIdentity, EditionLabels, OnlineEdition } from '../src/model/edition.ts';
import { inlineText, makeSegment } from '../src/model/segments.ts';
import { walkSegments } from '../src/model/walk.ts';
import { identityLine } from '../templates/shared/document.ts';
import { renderHtmlEdition, type HtmlEditionProps } from '../templates/html/HtmlEdition.tsx';
import { palette } from '../templates/html/styles.ts';

// No HTML parser (parse5, htmlparser2, node-html-parser) is installed. React's static
// markup is well-formed XML (quoted attributes, self-closed void elements), so the
// page is checked with fast-xml-parser, a dependency: its validator first, then its tree.

type Node = Element | string;
interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}

const xml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

function toNodes(items: Record<string, unknown>[]): Node[] {
  return items.map((item) => {
    if ('#text' in item) return String(item['#text']);
    const tag = Object.keys(item).find((key) => key !== ':@')!;
    return { tag, attrs: (item[':@'] ?? {}) as Record<string, string>, children: toNodes(item[tag] as Record<string, unknown>[]) };
  });
}

function parsePage(html: string): Element {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  const markup = html.slice('<!doctype html>'.length);
  expect(XMLValidator.validate(markup)).toBe(true);
  const [root] = toNodes(xml.parse(markup));
  if (!root || typeof root === 'string' || root.tag !== 'html') throw new Error('no <html> root');
  return root;
}

function all(node: Element, match: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (element: Element) => {
    if (match(element)) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(node);
  return found;
}

const byTag = (node: Element, tag: string) => all(node, (element) => element.tag === tag);

function one(node: Element, tag: string): Element {
  const found = byTag(node, tag);
  expect(found, `<${tag}>`).toHaveLength(1);
  return found[0]!;
}

function text(node: Node): string {
  return typeof node === 'string' ? node : node.children.map(text).join('');
}

/** A real 1×1 RGB PNG, chunk by chunk. */
function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const pixels = deflateSync(Buffer.from([0, 0x1d, 0x4e, 0x89])); // filter byte, then one pixel
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]));
}

const at = { line: 1, column: 1 };
const segment = (key: string, ...content: (Inline | string)[]): Segment =>
  makeSegment(
    key,
    content.map((node) => (typeof node === 'string' ? { type: 'text', value: node } : node)),
    at,
  );
const paragraph = (key: string, ...content: (Inline | string)[]): Block => ({ type: 'paragraph', text: segment(key, ...content) });

const PNG = tinyPng();

function documentOf(language: string, blocks: Block[], title: Segment, summary: Segment): Document {
  return {
    meta: { id: 'migraine', title, summary, sourceLanguage: 'en', languages: ['en', language], levels: ['plain'], reviewed: '2026-11-01', version: '1.0', path: '/content/migraine.md', sourceHash: 'f00' },
    level: 'plain',
    language,
    blocks,
  };
}

const englishBlocks: Block[] = [
  { type: 'heading', depth: 1, id: 'what-to-do', text: segment('h1', 'What to do during an attack') },
  paragraph(
    'p1',
    'Take ',
    { type: 'strong', children: [{ type: 'text', value: 'one tablet' }] },
    ' as soon as the pain starts, and read ',
    { type: 'link', url: 'https://example.org/leaflet', children: [{ type: 'text', value: 'the leaflet' }] },
    '. See also ',
    { type: 'link', url: '#side-effects', children: [{ type: 'emphasis', children: [{ type: 'text', value: 'side effects' }] }] },
    '.',
  ),
  {
    type: 'list',
    ordered: true,
    start: 3,
    items: [{ children: [paragraph('li1', 'Rest somewhere dark')] }, { children: [paragraph('li2', 'Drink water', { type: 'break' }, 'slowly')] }],
  },
  { type: 'heading', depth: 2, id: 'doses', text: segment('h2', 'Doses') },
  {
    type: 'table',
    align: [null, 'right'],
    rows: [
      [segment('t1', 'Medicine'), segment('t2', 'Dose')],
      [segment('t3', 'Ibuprofen'), segment('t4', '400 mg')],
      [segment('t5', 'Paracetamol'), segment('t6', '1000 mg')],
    ],
  },
  {
    type: 'callout',
    kind: 'warning',
    title: segment('w-title', 'Call 911 if'),
    children: [{ type: 'list', ordered: false, start: 1, items: [{ children: [paragraph('w1', 'you cannot move one side of your body')] }] }],
  },
  { type: 'heading', depth: 2, id: 'side-effects', text: segment('h3', 'Side effects') },
  { type: 'image', path: '/content/images/dose.png', data: PNG, alt: segment('alt', 'A tablet next to a glass of water') },
  { type: 'blockquote', children: [paragraph('q1', 'Most people feel better within two hours.')] },
  { type: 'thematicBreak' },
  { type: 'callout', kind: 'questions', title: null, children: [{ type: 'list', ordered: false, start: 1, items: [{ children: [paragraph('qq1', 'Which tablet should I take first?')] }] }] },
  paragraph('bad', 'Never ', { type: 'link', url: 'java\nscript:alert(1)', children: [{ type: 'text', value: 'click here' }] }, '.'),
];

const englishDocument = documentOf('en', englishBlocks, segment('title', 'Migraine: ', { type: 'emphasis', children: [{ type: 'text', value: 'what helps' }] }), segment('summary', 'How to treat a migraine at home.'));

const identity: EditionIdentity = { topicId: 'migraine', version: '1.0', contentHash: '3f9a1c2b7d4e', language: 'en', level: 'plain', reviewed: '2026-11-01' };

const labels: EditionLabels = {
  warningTitle: 'Warning',
  questionsTitle: 'Questions for your care team',
  summaryTitle: 'Key points',
  pageOf: { text: 'Page \u{F0000}page\u{F0000} of \u{F0000}total\u{F0000}', locale: 'en' },
  reviewedOn: 'Reviewed on November 1, 2026',
  levelName: 'Plain language',
  languageName: 'English',
  version: 'Version 1.0',
  unreviewedNotice: null,
  draftMark: null,
  draftWatermark: null,
  readOnline: 'Scan to read this handout online',
  contactUs: 'Contact us',
  callClinic: 'Call Riverside Neurology Clinic at (555) 010-0199.',
  continued: '\u{F0000}title\u{F0000} (continued)',
  skipToContent: 'Skip to main content',
  printEditions: 'Print this handout',
  pdfEditions: [{ format: 'large-print', name: 'Large print (PDF)', file: 'migraine.plain.en.large-print.pdf' }],
};

const clinic: Clinic = {
  id: 'riverside',
  name: 'Riverside Neurology Clinic',
  phone: '(555) 010-0199',
  address: '200 River Road, Springfield',
  website: 'https://riverside-neuro.example.org',
  logo: { data: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1d4e89"/></svg>'), format: 'svg', file: '/assets/logo.svg' },
  brandColor: '#1d4e89',
  onlineUrl: 'https://riverside-neuro.example.org/handouts/{topic}/{language}/{level}',
};

const online: OnlineEdition = { url: 'https://riverside-neuro.example.org/handouts/migraine/en/plain', qr: { size: 21, path: 'M0 0h1v1H0z' } };

const english: HtmlEditionProps = { document: englishDocument, identity, labels, clinic, online, direction: 'ltr', creator: 'handout 0.1.0' };

const arabicBlocks: Block[] = [
  { type: 'heading', depth: 1, id: 'what-to-do', text: segment('h1', 'ماذا تفعل أثناء النوبة') },
  paragraph('p1', 'خذ ', { type: 'strong', children: [{ type: 'text', value: 'قرصًا واحدًا' }] }, ' عند بدء الألم.'),
  paragraph('p2', 'Ibuprofen 400 mg'),
  { type: 'callout', kind: 'warning', title: null, children: [paragraph('w1', 'اتصل بالطوارئ فورًا')] },
];

const arabic: HtmlEditionProps = {
  ...english,
  document: documentOf('ar', arabicBlocks, segment('title', 'الصداع النصفي'), segment('summary', 'كيف تعالج الصداع النصفي في المنزل.')),
  identity: { ...identity, language: 'ar', contentHash: '77aa00bb11cc' },
  labels: { ...labels, warningTitle: 'تحذير', languageName: 'العربية', levelName: 'لغة بسيطة', unreviewedNotice: 'لم يراجع مترجم طبي هذه الترجمة بعد.' },
  online: null,
  direction: 'rtl',
};

describe('HTML edition template', () => {
  const html = renderHtmlEdition(english);
  const page = parsePage(html);
  const main = one(page, 'main');

  it('is a complete page in the edition language and direction', () => {
    expect(page.attrs).toMatchObject({ lang: 'en', dir: 'ltr' });
    const head = one(page, 'head');
    expect(byTag(head, 'meta').some((meta) => meta.attrs.charSet === 'utf-8' || meta.attrs.charset === 'utf-8')).toBe(true);
    expect(byTag(head, 'meta').find((meta) => meta.attrs.name === 'viewport')?.attrs.content).toContain('width=device-width');
    expect(text(one(head, 'title'))).toBe('Migraine: what helps');
    expect(byTag(head, 'link').find((link) => link.attrs.rel === 'canonical')?.attrs.href).toBe(online.url);
  });

  it('runs no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(all(page, (element) => Object.keys(element.attrs).some((name) => /^on/i.test(name)))).toEqual([]);
    expect(html).not.toMatch(/javascript:/i);
    const bad = byTag(main, 'p').find((p) => text(p).startsWith('Never'))!;
    expect(byTag(bad, 'a')).toEqual([]);
    expect(text(bad)).toBe('Never click here.');
  });

  it('has a skip link to the main content, a header and a footer', () => {
    const skip = byTag(page, 'a')[0]!;
    expect(skip.attrs.href).toBe(`#${main.attrs.id}`);
    expect(text(skip)).toBe('Skip to main content');
    expect(main.attrs.id).toBeTruthy();
    const header = one(page, 'header');
    expect(text(header)).toContain(clinic.name);
    const logo = one(header, 'img');
    expect(logo.attrs.alt).toBe(clinic.name);
    expect(logo.attrs.src).toBe(`data:image/svg+xml;base64,${Buffer.from(clinic.logo!.data).toString('base64')}`);
  });

  it('has exactly one h1, the title, and headings that never skip a level', () => {
    const h1 = one(page, 'h1');
    expect(text(h1)).toBe('Migraine: what helps');
    expect(byTag(h1, 'em').map(text)).toEqual(['what helps']);
    const headings = all(page, (element) => /^h[1-6]$/.test(element.tag));
    expect(headings.map((heading) => `${heading.tag} ${text(heading)}`)).toEqual([
      'h1 Migraine: what helps',
      'h2 What to do during an attack',
      'h3 Doses',
      'h4 Call 911 if',
      'h3 Side effects',
      'h4 Questions for your care team',
      'h2 Print this handout',
      'h2 Contact us',
    ]);
    const levels = headings.map((heading) => Number(heading.tag[1]));
    for (let index = 1; index < levels.length; index++) expect(levels[index]!).toBeLessThanOrEqual(levels[index - 1]! + 1);
    expect(headings[1]!.attrs.id).toBe('what-to-do');
  });

  it('shows inline formatting and links, in-page ones staying in the page', () => {
    const first = byTag(main, 'p').find((p) => text(p).startsWith('Take'))!;
    expect(byTag(first, 'strong').map(text)).toEqual(['one tablet']);
    const [external, inPage] = byTag(first, 'a');
    expect(external!.attrs).toMatchObject({ href: 'https://example.org/leaflet', 'data-print': 'https://example.org/leaflet' });
    expect(inPage!.attrs.href).toBe('#side-effects');
    expect(inPage!.attrs['data-print']).toBeUndefined();
    expect(all(page, (element) => element.attrs.id === 'side-effects')).toHaveLength(1);
    const items = byTag(one(main, 'ol'), 'li');
    expect(one(main, 'ol').attrs.start).toBe('3');
    expect(byTag(items[1]!, 'br')).toHaveLength(1);
  });

  it('marks table headers, in a focusable, named, scrollable region', () => {
    const table = one(main, 'table');
    const headers = byTag(table, 'th');
    expect(headers.map((th) => [th.attrs.scope, text(th)])).toEqual([
      ['col', 'Medicine'],
      ['col', 'Dose'],
    ]);
    expect(byTag(one(table, 'tbody'), 'th')).toEqual([]);
    expect(byTag(table, 'td').map(text)).toEqual(['Ibuprofen', '400 mg', 'Paracetamol', '1000 mg']);
    expect(byTag(table, 'td')[1]!.attrs.class).toBe('align-end');
    const region = all(page, (element) => element.attrs.role === 'region')[0]!;
    expect(region.attrs).toMatchObject({ tabindex: '0', 'aria-label': 'Doses' });
    expect(one(region, 'table')).toBe(table);
  });

  it('links to its PDF editions, beside it, in a navigation landmark named by its heading', () => {
    const nav = one(page, 'nav');
    const [heading] = all(nav, (element) => element.attrs.id === nav.attrs['aria-labelledby']);
    expect(text(heading!)).toBe('Print this handout');
    expect(byTag(nav, 'a').map((a) => [a.attrs.href, a.attrs.type, text(a)])).toEqual([['migraine.plain.en.large-print.pdf', 'application/pdf', 'Large print (PDF)']]);
    expect(byTag(parsePage(renderHtmlEdition({ ...english, labels: { ...labels, pdfEditions: [] } })), 'nav')).toEqual([]);
  });

  it('puts callouts in asides named by their heading', () => {
    const asides = byTag(main, 'aside');
    expect(asides).toHaveLength(2);
    expect(asides.map((aside) => aside.attrs.class)).toEqual(['callout callout-warning', 'callout callout-questions']);
    const names = asides.map((aside) => {
      const [heading] = all(aside, (element) => element.attrs.id === aside.attrs['aria-labelledby']);
      expect(heading?.tag).toMatch(/^h[2-6]$/);
      return text(heading!);
    });
    expect(names).toEqual(['Call 911 if', labels.questionsTitle]);
  });

  it('shows images as figures with their alt text, from the bytes', () => {
    const figure = one(main, 'figure');
    const img = one(figure, 'img');
    expect(img.attrs.alt).toBe('A tablet next to a glass of water');
    expect(img.attrs.src).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
    expect(text(one(figure, 'figcaption'))).toBe('A tablet next to a glass of water');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    const withJpeg = renderHtmlEdition({ ...english, document: { ...englishDocument, blocks: [{ type: 'image', path: '/x.jpg', data: jpeg, alt: segment('a', 'x') }] } });
    expect(withJpeg).toContain('src="data:image/jpeg;base64,');
  });

  it('keeps blockquotes and rules', () => {
    expect(text(one(main, 'blockquote'))).toBe('Most people feel better within two hours.');
    one(main, 'hr');
  });

  it('shows the draft mark and the unreviewed notice only when set', () => {
    expect(all(page, (element) => /draft/.test(element.attrs.class ?? ''))).toEqual([]);
    expect(all(page, (element) => element.attrs.role === 'note')).toEqual([]);
    const draft = parsePage(renderHtmlEdition({ ...english, labels: { ...labels, draftMark: 'DRAFT – not for patients', unreviewedNotice: 'This translation has not been reviewed.' } }));
    const draftMain = one(draft, 'main');
    const banner = draftMain.children[0] as Element;
    expect([banner.attrs.class, text(banner)]).toEqual(['draft-banner', 'DRAFT – not for patients']);
    const notice = all(draftMain, (element) => element.attrs.role === 'note');
    expect(notice.map(text)).toEqual(['This translation has not been reviewed.']);
    // Above the body: right after the title and summary.
    expect(draftMain.children.indexOf(notice[0]!)).toBe(3);
    const watermark = all(draft, (element) => element.attrs.class === 'draft-watermark');
    expect(watermark.map((element) => element.attrs['aria-hidden'])).toEqual(['true']);
  });

  it('has the identity line of the PDF editions and the clinic contact in the footer', () => {
    const footer = one(page, 'footer');
    expect(text(byTag(footer, 'p')[0]!)).toBe(identityLine({ identity, labels }));
    const address = one(footer, 'address');
    expect(text(address)).toContain(clinic.name);
    expect(text(address)).toContain(clinic.address);
    const links = byTag(address, 'a').map((a) => [a.attrs.href, text(a)]);
    expect(links).toEqual([
      // The number with no-break spaces: a narrow screen never wraps it.
      ['tel:5550100199', clinic.phone!.replace(/ /g, '\u00a0')],
      [clinic.website, clinic.website],
    ]);
  });

  it('shows every word of every segment', () => {
    const body = text(main);
    const segments = [englishDocument.meta.title, englishDocument.meta.summary, ...[...walkSegments(englishDocument.blocks)].map(([segment]) => segment)];
    expect(segments).toHaveLength(20);
    for (const segment of segments) for (const word of inlineText(segment.content).split(/\s+/).filter(Boolean)) expect(body, segment.key).toContain(word);
  });

  it('is deterministic', () => {
    expect(renderHtmlEdition(english)).toBe(html);
    expect(renderHtmlEdition(structuredClone(english))).toBe(html);
  });

  it('lays a right-to-left edition out right to left, Latin-only runs left to right', () => {
    const rtl = parsePage(renderHtmlEdition(arabic));
    expect(rtl.attrs).toMatchObject({ lang: 'ar', dir: 'rtl' });
    const paragraphs = byTag(one(rtl, 'main'), 'p');
    expect(paragraphs.find((p) => text(p) === 'Ibuprofen 400 mg')?.attrs).toMatchObject({ dir: 'ltr', class: 'ltr-run' });
    expect(paragraphs.find((p) => text(p).startsWith('خذ'))?.attrs.dir).toBeUndefined();
    expect(byTag(one(rtl, 'footer'), 'a').find((a) => a.attrs.href?.startsWith('tel:'))?.attrs.dir).toBe('ltr');
    expect(text(byTag(one(rtl, 'footer'), 'p')[0]!)).toBe(identityLine({ identity: arabic.identity, labels: arabic.labels }));
    const aside = one(rtl, 'aside');
    expect(text(all(aside, (element) => element.attrs.id === aside.attrs['aria-labelledby'])[0]!)).toBe('تحذير');
    expect(byTag(rtl, 'link')).toEqual([]);
  });

  it('styles: readable, reflowing, mirrored by direction, printable, in the brand colour', () => {
    const css = text(one(page, 'style'));
    expect(css).toMatch(/max-width: 40em/);
    expect(css).toMatch(/line-height: 1\.6/);
    expect(css).toMatch(/font-size: 1\.0625rem/);
    expect(css).toMatch(/:focus-visible \{\s*outline: 3px solid/);
    expect(css).toMatch(/@media print/);
    expect(css).toMatch(/\.table-scroll \{ overflow-x: auto/);
    expect(css).toContain(clinic.brandColor);
    // Nothing fixed-width in px, and no physical sides that would not mirror.
    expect(css).not.toMatch(/\b\d{3,}px/);
    expect(css).not.toMatch(/(margin|padding|border)-(left|right)|\b(left|right):/);
    expect(() => renderHtmlEdition({ ...english, clinic: { ...clinic, brandColor: 'red}</style><script>' } })).toThrow(/hex colour/);
  });

  it('uses colours with enough contrast', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((start) => {
        const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
        return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    for (const [foreground, background] of [
      [palette.text, palette.background],
      [palette.muted, palette.background],
      [palette.warning, palette.background],
      [palette.text, palette.noticeBackground],
      [palette.draftText, palette.draft],
    ] as const)
      expect(contrast(foreground, background), `${foreground} on ${background}`).toBeGreaterThanOrEqual(4.5);
    expect(contrast(palette.focus, palette.background)).toBeGreaterThanOrEqual(3);
  });

  it('writes a sample to /tmp/html-sample.html', () => {
    writeFileSync('/tmp/html-sample.html', renderHtmlEdition({ ...english, labels: { ...labels, draftMark: 'DRAFT – not for patients', unreviewedNotice: 'A qualified medical translator has not reviewed this translation yet.' } }));
    writeFileSync('/tmp/html-sample-ar.html', renderHtmlEdition(arabic));
  });
});

import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Block, CalloutBlock, CellAlign, Document, Inline, TableBlock } from '../../src/model/document.ts';
import type { Clinic, EditionIdentity, EditionLabels, OnlineEdition } from '../../src/model/edition.ts';
import { inlineText } from '../../src/model/segments.ts';
import { htmlStyles } from './styles.ts';
import { defaultCalloutTitle, namesNumberToCall } from '../../src/model/callouts.ts';
import { unbrokenPhone } from '../../src/model/phone.ts';

export interface HtmlEditionProps {
  document: Document;
  identity: EditionIdentity;
  labels: EditionLabels;
  clinic: Clinic;
  /** The edition's own address (its canonical URL); null when the clinic has no address pattern. */
  online: OnlineEdition | null;
  direction: 'ltr' | 'rtl';
  /** Tool name and version, for the generator meta. */
  creator: string;
}

/**
 * One translated edition as a static, self-contained HTML page: inline styles,
 * images as data: URIs, no script. Same props, same string.
 */
export function renderHtmlEdition(props: HtmlEditionProps): string {
  return `<!doctype html>${renderToStaticMarkup(<HtmlEdition {...props} />)}`;
}

// Heading ids are github-slugger slugs, always lower case: the page's own ids
// (main, callout headings) start upper-case so they can never collide with one.
const MAIN_ID = 'Main';

type Level = 1 | 2 | 3 | 4 | 5 | 6;
const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

/** The title is the page's one h1, so the document's headings go one level down. */
function headingLevel(depth: number): Level {
  return Math.min(depth + 1, 6) as Level;
}

function plain(content: Inline[]): string {
  return inlineText(content).replace(/\s+/g, ' ').trim();
}

interface Context {
  direction: 'ltr' | 'rtl';
  labels: EditionLabels;
  outline: Outline;
  clinic: Clinic;
}

/** What a table or callout needs from the headings above it: a name, a heading level, an id. */
interface Outline {
  tables: Map<TableBlock, string>;
  callouts: Map<CalloutBlock<never>, { id: string; level: Level }>;
}

function outline(blocks: Block[]): Outline {
  const result: Outline = { tables: new Map(), callouts: new Map() };
  let heading: { text: string; level: Level } | null = null;
  const visit = (list: Block[]) => {
    for (const block of list) {
      switch (block.type) {
        case 'heading':
          heading = { text: plain(block.text.content), level: headingLevel(block.depth) };
          break;
        case 'table':
          // A scrollable region needs a name; the section's heading says what the table is about.
          result.tables.set(block, heading?.text ?? (block.rows[0] ?? []).map((cell) => plain(cell.content)).join(', '));
          break;
        case 'callout':
          result.callouts.set(block, { id: `Callout${result.callouts.size + 1}`, level: Math.min((heading?.level ?? 1) + 1, 6) as Level });
          visit(block.children);
          break;
        case 'list':
          for (const item of block.items) visit(item.children);
          break;
        case 'blockquote':
          visit(block.children);
          break;
      }
    }
  };
  visit(blocks);
  return result;
}

const RIGHT_TO_LEFT_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * A text with no right-to-left letters (a dose, a phone number) in a
 * right-to-left edition is laid out left to right, as in the PDF editions:
 * set right to left, "(555) 010-0199" would read "010-0199 (555)".
 */
function ltrRun(direction: 'ltr' | 'rtl', text: string): { dir?: 'ltr'; className?: string } {
  return direction === 'rtl' && !RIGHT_TO_LEFT_LETTERS.test(text) ? { dir: 'ltr', className: 'ltr-run' } : {};
}

function classes(...names: (string | null | undefined | false)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}

// The page runs no script, so no javascript:, data: or other scheme a link could run it through.
const SAFE_SCHEME = /^(?:https?|mailto|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function Link({ url, children }: { url: string; children: Inline[] }) {
  // Browsers drop control characters and spaces inside a URL's scheme ("java\nscript:").
  const squeezed = url.replace(/[\u0000-\u0020]/g, '');
  if (ANY_SCHEME.test(squeezed) && !SAFE_SCHEME.test(squeezed)) return <span>{inlines(children)}</span>;
  const label = inlineText(children).trim();
  const shown = url.replace(/^mailto:/, '');
  // In-page links stay as they are; others print their target when the label does not already say it.
  const printed = !url.startsWith('#') && label !== url && label !== shown ? shown : undefined;
  return (
    <a href={url} data-print={printed}>
      {inlines(children)}
    </a>
  );
}

function inlines(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.type) {
      case 'text':
        return node.value;
      case 'break':
        return <br key={index} />;
      case 'emphasis':
        return <em key={index}>{inlines(node.children)}</em>;
      case 'strong':
        return <strong key={index}>{inlines(node.children)}</strong>;
      case 'link':
        return <Link key={index} url={node.url} children={node.children} />;
    }
  });
}

const ALIGN_CLASSES: Record<NonNullable<CellAlign>, string> = { left: 'align-start', center: 'align-center', right: 'align-end' };

function Table({ block, context }: { block: TableBlock; context: Context }) {
  const [header, ...body] = block.rows;
  if (!header) return null;
  const cell = (segment: (typeof header)[number], index: number, Tag: 'th' | 'td') => {
    const run = ltrRun(context.direction, inlineText(segment.content));
    const align = block.align[index];
    return (
      <Tag key={index} {...(Tag === 'th' ? { scope: 'col' } : {})} dir={run.dir} className={classes(align && ALIGN_CLASSES[align], run.className)}>
        {inlines(segment.content)}
      </Tag>
    );
  };
  return (
    <div className="table-scroll" role="region" aria-label={context.outline.tables.get(block)} tabIndex={0}>
      <table>
        <thead>
          <tr>{header.map((segment, index) => cell(segment, index, 'th'))}</tr>
        </thead>
        <tbody>
          {body.map((row, rowIndex) => (
            <tr key={rowIndex}>{row.map((segment, index) => cell(segment, index, 'td'))}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Callout({ block, context }: { block: CalloutBlock<never>; context: Context }) {
  const { id, level } = context.outline.callouts.get(block)!;
  const Heading = HEADING_TAGS[level - 1]!;
  const title = block.title ? inlines(block.title.content) : defaultCalloutTitle(block.kind, context.labels);
  return (
    <aside className={`callout callout-${block.kind}`} aria-labelledby={id}>
      <Heading id={id} className="callout-title">
        {title}
      </Heading>
      <Blocks blocks={block.children} context={context} />
      {block.kind === 'warning' && context.labels.callClinic && !namesNumberToCall(block) ? <CallClinic text={context.labels.callClinic} clinic={context.clinic} direction={context.direction} /> : null}
    </aside>
  );
}

/** "Call Riverside Neurology Clinic at (555) 010-0199.", the number a link to call. */
function CallClinic({ text, clinic, direction }: { text: string; clinic: Clinic; direction: 'ltr' | 'rtl' }) {
  const phone = clinic.phone!;
  const shown = unbrokenPhone(phone);
  const at = text.indexOf(shown);
  if (at < 0) return <p className="call-clinic">{text}</p>;
  return (
    <p className="call-clinic">
      {text.slice(0, at)}
      <PhoneLink phone={phone} direction={direction} />
      {text.slice(at + shown.length)}
    </p>
  );
}

/** The number on one line wherever it is shown. */
function PhoneLink({ phone, direction }: { phone: string; direction: 'ltr' | 'rtl' }) {
  return (
    <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} dir={ltrRun(direction, phone).dir}>
      {unbrokenPhone(phone)}
    </a>
  );
}

function BlockView({ block, context }: { block: Block; context: Context }) {
  switch (block.type) {
    case 'heading': {
      const Heading = HEADING_TAGS[headingLevel(block.depth) - 1]!;
      return <Heading id={block.id}>{inlines(block.text.content)}</Heading>;
    }
    case 'paragraph':
      return <p {...ltrRun(context.direction, inlineText(block.text.content))}>{inlines(block.text.content)}</p>;
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          <Blocks blocks={item.children} context={context} />
        </li>
      ));
      return block.ordered ? <ol start={block.start === 1 ? undefined : block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'blockquote':
      return (
        <blockquote>
          <Blocks blocks={block.children} context={context} />
        </blockquote>
      );
    case 'table':
      return <Table block={block} context={context} />;
    case 'image': {
      const alt = plain(block.alt.content);
      return (
        <figure>
          <img src={dataUri(block.data, imageType(block.data))} alt={alt} />
          {alt ? <figcaption>{inlines(block.alt.content)}</figcaption> : null}
        </figure>
      );
    }
    case 'thematicBreak':
      return <hr />;
    case 'callout':
      return <Callout block={block} context={context} />;
  }
}

function Blocks({ blocks, context }: { blocks: Block[]; context: Context }) {
  return (
    <>
      {blocks.map((block, index) => (
        <BlockView key={index} block={block} context={context} />
      ))}
    </>
  );
}

function imageType(data: Uint8Array): string {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  // The reader lets only PNG and JPEG in: anything else here is a bug upstream, not a page to ship.
  throw new Error('image is neither PNG nor JPEG');
}

function dataUri(data: Uint8Array, type: string): string {
  return `data:${type};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
}

/** The same parts, in the same order, as the PDF editions' identity line, so both read alike. */
function identityParts(identity: EditionIdentity, labels: EditionLabels): string[] {
  return [identity.topicId, identity.contentHash, labels.version, `${labels.languageName} (${identity.language})`, labels.levelName, labels.reviewedOn];
}

function Footer({ identity, labels, clinic, direction }: Pick<HtmlEditionProps, 'identity' | 'labels' | 'clinic' | 'direction'>) {
  const parts = identityParts(identity, labels);
  const contact = [clinic.phone, clinic.address, clinic.website].some((value) => value !== null);
  return (
    <footer>
      <p className="identity">
        {/* Each part isolated, so a right-to-left line keeps every part whole and in order. */}
        {parts.map((part, index) => (
          <span key={index}>
            {index > 0 ? '  ·  ' : ''}
            <bdi>{part}</bdi>
          </span>
        ))}
      </p>
      {contact ? (
        <>
          <h2>{labels.contactUs}</h2>
          <address>
            <p>{clinic.name}</p>
            {clinic.phone ? (
              <p>
                <PhoneLink phone={clinic.phone} direction={direction} />
              </p>
            ) : null}
            {clinic.address ? (
              <p dir={ltrRun(direction, clinic.address).dir} className={ltrRun(direction, clinic.address).className}>
                {clinic.address.split('\n').map((line, index) => (
                  <span key={index}>
                    {index > 0 ? <br /> : null}
                    {line}
                  </span>
                ))}
              </p>
            ) : null}
            {clinic.website ? (
              <p>
                <a href={clinic.website} dir={ltrRun(direction, clinic.website).dir}>
                  {clinic.website}
                </a>
              </p>
            ) : null}
          </address>
        </>
      ) : (
        <p>{clinic.name}</p>
      )}
    </footer>
  );
}

const PRINT_EDITIONS_ID = 'PrintEditions';

/** Links to the PDF editions, which sit beside the page (in output/ and on the site). */
function PdfEditions({ labels }: { labels: EditionLabels }) {
  return (
    <nav className="pdf-editions" aria-labelledby={PRINT_EDITIONS_ID}>
      <h2 id={PRINT_EDITIONS_ID}>{labels.printEditions}</h2>
      <ul>
        {labels.pdfEditions.map((edition) => (
          <li key={edition.format}>
            <a href={encodeURIComponent(edition.file)} type="application/pdf">
              {edition.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The clinic's logo and name, atop every page of the site. */
export function Masthead({ clinic, direction }: { clinic: Clinic; direction: 'ltr' | 'rtl' }) {
  return (
    <header className="masthead">
      {clinic.logo ? <img src={dataUri(clinic.logo.data, clinic.logo.format === 'svg' ? 'image/svg+xml' : 'image/png')} alt={clinic.name} /> : null}
      <p className={classes('clinic-name', ltrRun(direction, clinic.name).className)} dir={ltrRun(direction, clinic.name).dir}>
        {clinic.name}
      </p>
    </header>
  );
}

function HtmlEdition(props: HtmlEditionProps) {
  const { document, identity, labels, clinic, online, direction, creator } = props;
  const title = plain(document.meta.title.content);
  const context: Context = { direction, labels, outline: outline(document.blocks), clinic };
  return (
    <html lang={identity.language} dir={direction}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={plain(document.meta.summary.content)} />
        <meta name="generator" content={creator} />
        {online ? <link rel="canonical" href={online.url} /> : null}
        <style dangerouslySetInnerHTML={{ __html: htmlStyles(clinic.brandColor) }} />
      </head>
      <body>
        <a className="skip-link" href={`#${MAIN_ID}`}>
          {labels.skipToContent}
        </a>
        <Masthead clinic={clinic} direction={direction} />
        <main id={MAIN_ID}>
          {labels.draftMark ? <p className="draft-banner">{labels.draftMark}</p> : null}
          <h1>{inlines(document.meta.title.content)}</h1>
          <p className="summary">{inlines(document.meta.summary.content)}</p>
          {labels.unreviewedNotice ? (
            <p className="notice" role="note">
              {labels.unreviewedNotice}
            </p>
          ) : null}
          <Blocks blocks={document.blocks} context={context} />
        </main>
        {labels.pdfEditions.length > 0 ? <PdfEditions labels={labels} /> : null}
        <Footer identity={identity} labels={labels} clinic={clinic} direction={direction} />
        {/* Shown only on paper, on every sheet; the banner above already says it to everyone else. */}
        {labels.draftMark ? (
          <div className="draft-watermark" aria-hidden="true">
            {labels.draftMark}
          </div>
        ) : null}
      </body>
    </html>
  );
}

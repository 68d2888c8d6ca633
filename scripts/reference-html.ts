import type { PreparedEdition } from '../src/prepare/index.ts';
import { identityLine } from '../templates/shared/document.ts';
import { PAGE_NUMBER, PAGE_TOTAL } from '../src/model/edition.ts';
import type { Block, Inline } from '../src/model/document.ts';
import { handoutLayout } from '../src/formats/handout.ts';

/**
 * The benchmark's reference: the same prepared edition as HTML + CSS, as a
 * clinic using headless-browser printing would make it. Written here because
 * it only has to be fair to Chromium, not a product writer.
 */
const escape = (text: string) => text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character]!);

function inlines(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escape(node.value);
        case 'break':
          return '<br>';
        case 'emphasis':
          return `<em>${inlines(node.children)}</em>`;
        case 'strong':
          return `<strong>${inlines(node.children)}</strong>`;
        case 'link':
          return `<a href="${escape(node.url)}">${inlines(node.children)}</a> (${escape(node.url)})`;
      }
    })
    .join('');
}

function blocks(list: Block[]): string {
  return list
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h${block.depth}>${inlines(block.text.content)}</h${block.depth}>`;
        case 'paragraph':
          return `<p>${inlines(block.text.content)}</p>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${blocks(item.children)}</li>`).join('')}</${tag}>`;
        }
        case 'blockquote':
          return `<blockquote>${blocks(block.children)}</blockquote>`;
        case 'table':
          return `<table>${block.rows.map((row, index) => `<tr>${row.map((cell) => `<${index === 0 ? 'th' : 'td'}>${inlines(cell.content)}</${index === 0 ? 'th' : 'td'}>`).join('')}</tr>`).join('')}</table>`;
        case 'image':
          return `<figure><img src="data:image/png;base64,${Buffer.from(block.data).toString('base64')}"><figcaption>${inlines(block.alt.content)}</figcaption></figure>`;
        case 'thematicBreak':
          return '<hr>';
        case 'callout':
          return `<aside class="${block.kind}"><h3>${block.title ? inlines(block.title.content) : block.kind}</h3>${blocks(block.children)}</aside>`;
      }
    })
    .join('\n');
}

// The handout's type and margins (src/formats/handout.ts), so Chromium sets the same lines on as many pages.
const { scale } = handoutLayout;
const CSS = `
body { margin: 0; font-size: ${scale.body}pt; line-height: ${scale.lineHeight}; color: #1a1a1a; }
h1 { font-size: ${scale.title}pt; } h2 { font-size: ${scale.headings[1]}pt; color: #1d4e89; } h3 { font-size: ${scale.headings[2]}pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #9aa5b1; padding: 4pt; }
aside { border-inline-start: 5px solid #a4161a; background: #fdeeee; padding: 8pt; margin: 8pt 0; }
aside.questions { border-color: #1d4e89; background: #eef3fa; }
h2, h3 { break-after: avoid; } li { break-inside: avoid; }
`;

/** The booklet's half-letter page with narrower margins, or a Letter handout. */
export function pageSize(edition: PreparedEdition): { width: string; height: string; margin: { top: string; bottom: string; left: string; right: string } } {
  return edition.spec.format === 'booklet'
    ? { width: '5.5in', height: '8.5in', margin: { top: '0.5in', bottom: '0.8in', left: '0.5in', right: '0.5in' } }
    : { width: '8.5in', height: '11in', margin: { top: '0.65in', bottom: '1in', left: `${scale.margin.side / 72}in`, right: `${scale.margin.side / 72}in` } };
}

/** The edition's font stack as a CSS font-family. */
const fontFamily = (edition: PreparedEdition) => edition.language.fonts.map((font) => `'${font}'`).join(', ');

/** The footer the handout prints on every page: the edition's identity, then the clinic and page X of Y. */
export function footer(edition: PreparedEdition): string {
  const { labels, clinic } = edition;
  const counter = escape(labels.pageOf.text).replace(PAGE_NUMBER, '<span class="pageNumber"></span>').replace(PAGE_TOTAL, '<span class="totalPages"></span>');
  return `<div style="font-family: ${fontFamily(edition)}; font-size: 8pt; width: 100%; margin: 0 ${edition.spec.format === 'booklet' ? '0.6in' : `${scale.margin.furniture ?? scale.margin.side}pt`}; color: #555">
<div>${escape(identityLine(edition))}</div>
<div style="display: flex; justify-content: space-between"><span>${escape(clinic.name)}</span><b>${counter}</b></div></div>`;
}

export function toHtml(edition: PreparedEdition): string {
  const { document } = edition;
  return `<!doctype html><html lang="${edition.spec.language}" dir="${edition.language.direction}"><head><meta charset="utf-8"><style>body { font-family: ${fontFamily(edition)}; }${CSS}</style></head><body>
<h1>${inlines(document.meta.title.content)}</h1><p>${inlines(document.meta.summary.content)}</p>
${blocks(document.blocks)}
</body></html>`;
}

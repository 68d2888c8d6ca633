import { createHash } from 'node:crypto';
import type { Inline, Position, Segment } from './document.ts';

/**
 * Inline formatting in a segment is written as numbered tags, `<1>…</1>` for
 * emphasis, strong and links and `<2/>` for a line break, numbered in the order
 * they open. Translators keep the tags; the URL and the kind of each tag stay
 * with the source, so a translation cannot change a link target.
 */
export type TagKind = { type: 'emphasis' | 'strong' } | { type: 'link'; url: string } | { type: 'break' };

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text for XML: `&`, `<` and `>` escaped. */
export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (character) => escapes[character] ?? character);
}

function unescapeText(value: string): string {
  return value.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name] ?? '');
}

/** The tagged string translators see, and the tags in numbering order. */
export function toTagged(content: Inline[]): { text: string; tags: TagKind[] } {
  const tags: TagKind[] = [];
  const write = (nodes: Inline[]): string =>
    nodes
      .map((node) => {
        switch (node.type) {
          case 'text':
            return escapeText(node.value);
          case 'break':
            tags.push({ type: 'break' });
            return `<${tags.length}/>`;
          default: {
            tags.push(node.type === 'link' ? { type: 'link', url: node.url } : { type: node.type });
            const number = tags.length;
            return `<${number}>${write(node.children)}</${number}>`;
          }
        }
      })
      .join('');
  return { text: normalizeSpace(write(content)), tags };
}

export function normalizeSpace(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Identifies the source text a translation was made from. */
export function hashSource(source: string): string {
  return createHash('sha256').update(normalizeSpace(source)).digest('hex').slice(0, 16);
}

export class TagError extends Error {}

/**
 * Parses a tagged translation back into inline nodes, using the source's tags.
 * Throws TagError when a tag is missing, extra, unknown, unbalanced or duplicated.
 */
export function fromTagged(text: string, tags: TagKind[]): Inline[] {
  const tokenPattern = /<(\/?)(\d+)(\/?)>/g;
  const root: Inline[] = [];
  const stack: { number: number; children: Inline[] }[] = [];
  const seen = new Set<number>();
  let current = root;
  let last = 0;
  const pushText = (value: string) => {
    if (/[<>]/.test(value)) throw new TagError(`stray "<" or ">" in "${value}"; write &lt; or &gt; for a literal one`);
    if (value) current.push({ type: 'text', value: unescapeText(value) });
  };
  for (const match of text.matchAll(tokenPattern)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, closing, digits, selfClosing] = match;
    const number = Number(digits);
    const tag = tags[number - 1];
    if (!tag) throw new TagError(`unknown tag <${number}>: the source has ${tags.length === 0 ? 'no tags' : `tags 1–${tags.length}`}`);
    if (closing) {
      const open = stack.pop();
      if (!open || open.number !== number) throw new TagError(`closing tag </${number}> does not match ${open ? `<${open.number}>` : 'any open tag'}`);
      const node: Inline = tag.type === 'link' ? { type: 'link', url: tag.url, children: open.children } : { type: tag.type as 'emphasis' | 'strong', children: open.children };
      current = stack.at(-1)?.children ?? root;
      current.push(node);
      continue;
    }
    if (seen.has(number)) throw new TagError(`tag <${number}> appears twice`);
    seen.add(number);
    if (selfClosing) {
      if (tag.type !== 'break') throw new TagError(`tag <${number}/> must enclose text: <${number}>…</${number}>`);
      current.push({ type: 'break' });
      continue;
    }
    if (tag.type === 'break') throw new TagError(`tag <${number}> is a line break: write <${number}/>`);
    stack.push({ number, children: [] });
    current = stack.at(-1)!.children;
  }
  pushText(text.slice(last));
  if (stack.length > 0) throw new TagError(`tag <${stack.at(-1)!.number}> is not closed`);
  const missing = tags.map((_, index) => index + 1).filter((number) => !seen.has(number));
  if (missing.length > 0) throw new TagError(`missing tag${missing.length > 1 ? 's' : ''} ${missing.map((n) => `<${n}>`).join(', ')}`);
  return root;
}

export function makeSegment(key: string, content: Inline[], position: Position): Segment {
  return { key, source: toTagged(content).text, content, position };
}

/** Plain text of inline nodes, as a reader sees it (links without their URL). */
export function inlineText(content: Inline[]): string {
  return content.map((node) => (node.type === 'text' ? node.value : node.type === 'break' ? '\n' : inlineText(node.children))).join('');
}

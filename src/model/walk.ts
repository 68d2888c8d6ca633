import type { Block, BlockOf, Segment } from './document.ts';

export interface SegmentContext {
  /** Reading level the segment belongs to, or null when it is in every level. */
  level: string | null;
  /** Source text of the nearest heading above, for translators' context. */
  heading: string | null;
  /** What the segment is: heading, paragraph, list item, table cell, image alt text, callout title. */
  role: 'heading' | 'paragraph' | 'table-cell' | 'image-alt' | 'callout-title';
}

/** Every segment of `blocks` in reading order. */
export function* walkSegments<X>(blocks: BlockOf<X>[], level: string | null = null, heading: { text: string | null } = { text: null }): Generator<[Segment, SegmentContext]> {
  for (const block of blocks as BlockOf<{ type: 'level'; level: string; children: BlockOf<X>[] }>[]) {
    switch (block.type) {
      case 'heading':
        heading.text = block.text.source;
        yield [block.text, { level, heading: heading.text, role: 'heading' }];
        break;
      case 'paragraph':
        yield [block.text, { level, heading: heading.text, role: 'paragraph' }];
        break;
      case 'image':
        yield [block.alt, { level, heading: heading.text, role: 'image-alt' }];
        break;
      case 'table':
        for (const cell of block.rows.flat()) yield [cell, { level, heading: heading.text, role: 'table-cell' }];
        break;
      case 'list':
        for (const item of block.items) yield* walkSegments(item.children, level, heading);
        break;
      case 'blockquote':
        yield* walkSegments(block.children, level, heading);
        break;
      case 'callout':
        if (block.title) yield [block.title, { level, heading: heading.text, role: 'callout-title' }];
        yield* walkSegments(block.children, level, heading);
        break;
      case 'level':
        yield* walkSegments(block.children, block.level, heading);
        break;
      case 'thematicBreak':
        break;
    }
  }
}

/** Rebuilds `blocks` with every segment replaced by `map(segment)`. */
export function mapSegments(blocks: Block[], map: (segment: Segment) => Segment): Block[] {
  return blocks.map((block): Block => {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        return { ...block, text: map(block.text) };
      case 'image':
        return { ...block, alt: map(block.alt) };
      case 'table':
        return { ...block, rows: block.rows.map((row) => row.map(map)) };
      case 'list':
        return { ...block, items: block.items.map((item) => ({ children: mapSegments(item.children, map) })) };
      case 'blockquote':
        return { ...block, children: mapSegments(block.children, map) };
      case 'callout':
        return { ...block, title: block.title ? map(block.title) : null, children: mapSegments(block.children, map) };
      case 'thematicBreak':
        return block;
    }
  });
}

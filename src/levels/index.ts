import type { Block, Document, SourceBlock, SourceDocument } from '../model/document.ts';

/** Keeps shared blocks and the blocks of `level`; drops every other level's blocks. */
export function selectLevel(source: SourceDocument, level: string): Document {
  if (!source.meta.levels.includes(level)) {
    throw new Error(`Topic ${source.meta.id} has no level "${level}" (it has: ${source.meta.levels.join(', ')})`);
  }
  return { meta: source.meta, level, language: source.meta.sourceLanguage, blocks: select(source.blocks, level) };
}

function select(blocks: SourceBlock[], level: string): Block[] {
  return blocks.flatMap((block): Block[] => {
    switch (block.type) {
      case 'level':
        return block.level === level ? select(block.children, level) : [];
      case 'list':
        return [{ ...block, items: block.items.map((item) => ({ children: select(item.children, level) })) }];
      case 'blockquote':
      case 'callout':
        return [{ ...block, children: select(block.children, level) }];
      default:
        return [block];
    }
  });
}

import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import type { Transformer } from 'unified';
import type { VFile } from 'vfile';
import type { CalloutKind } from '../model/document.ts';
import { holdsBlocks, isDirectiveLabel, reportAt } from './nodes.ts';

const CALLOUTS: readonly CalloutKind[] = ['warning', 'questions', 'summary'];

export interface DirectiveOptions {
  /** Level names of the project config. */
  configLevels: string[];
  /** Levels this topic declares in its front matter. */
  topicLevels: string[];
}

/**
 * Transformer that checks the `:::name` blocks. It removes the level blocks it refuses
 * and replaces an unknown block by its content, so the converter meets only level
 * blocks of this topic and callouts.
 */
export function checkDirectives({ configLevels, topicLevels }: DirectiveOptions): Transformer<Root> {
  return (tree: Root, file: VFile): void => {
    /** `level` is the level block the container is in, if any: level blocks cannot nest. */
    const checkInside = (container: Nodes, level: string | null): void => {
      visit(container, (node, index, parent) => {
        // The container itself, the only node without a parent here.
        if (!parent || index === undefined) return CONTINUE;
        if (node.type !== 'containerDirective') return holdsBlocks(node) ? CONTINUE : SKIP;
        const siblings = parent.children as RootContent[];
        if (Object.keys(node.attributes ?? {}).length > 0) {
          reportAt(file, node, 'warning', `Attributes on :::${node.name} are not supported and are ignored`, 'unsupported-directive-attributes');
        }
        if (configLevels.includes(node.name)) {
          if (level !== null) {
            reportAt(file, node, 'error', `:::${node.name} is inside :::${level}; level blocks cannot be nested`, 'level-nested');
            siblings.splice(index, 1);
            return [SKIP, index];
          }
          if (!topicLevels.includes(node.name)) {
            reportAt(file, node, 'error', `:::${node.name} is not one of this topic's levels (${topicLevels.join(', ')}); add it to \`levels\` in the front matter`, 'level-undeclared');
            siblings.splice(index, 1);
            return [SKIP, index];
          }
          const label = node.children.find(isDirectiveLabel);
          if (label) reportAt(file, node, 'warning', `A level block has no title; [${toString(label)}] is ignored`, 'level-label');
          checkInside(node, node.name);
          return SKIP;
        }
        if ((CALLOUTS as readonly string[]).includes(node.name)) return CONTINUE;
        const title = node.children.find(isDirectiveLabel);
        reportAt(file, node, 'warning', `Unknown block :::${node.name}; its ${title ? 'title (in bold) and ' : ''}content are shown as ordinary text. Known blocks: ${[...CALLOUTS, ...configLevels].join(', ')}`, 'unknown-directive');
        // A title can say what matters most ("Call 911 if your face droops"): it stays, as a bold paragraph.
        const content = node.children.map((child): RootContent => (child === title ? { type: 'paragraph', children: [{ type: 'strong', children: title.children }], position: title.position } : child));
        siblings.splice(index, 1, ...content);
        // Go on with the block's first child, now in its place.
        return [SKIP, index];
      });
    };
    checkInside(tree, null);
  };
}

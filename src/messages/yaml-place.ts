import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Place } from './index.ts';

/**
 * Line and column of the YAML node at `keyPath` (or of its nearest existing
 * parent), so schema errors point at the offending field, not at the file.
 */
export function yamlPlace(document: Document, lineCounter: LineCounter, keyPath: readonly PropertyKey[]): Place {
  let node: Node | null | undefined = document.contents as Node | null;
  let range = node?.range;
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      range = (pair.key as Node).range ?? range;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      range = item.range ?? range;
      node = item;
    } else {
      break;
    }
  }
  const position = lineCounter.linePos(range?.[0] ?? 0);
  return { line: position.line, column: position.col };
}

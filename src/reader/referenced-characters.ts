import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { characterProblems } from './characters.ts';
import { reportAt } from './nodes.ts';

/** Fields of Markdown nodes that hold text a handout may show. */
const TEXT_FIELDS = ['value', 'alt', 'url', 'title', 'name'] as const;

/**
 * Reports characters that must not be printed but are written as character
 * references (`&#x202e;`, `&shy;`) or come from one (`&#0;` is U+FFFD), which the
 * scan of the file's text cannot see. Characters written as they are were
 * reported there, at their exact place.
 */
export function checkReferencedCharacters(tree: Root, file: VFile): void {
  const source = String(file);
  visit(tree, (node) => {
    const fields = node as unknown as Record<string, unknown>;
    const attributes = typeof fields.attributes === 'object' && fields.attributes !== null ? Object.values(fields.attributes) : [];
    const texts = [...TEXT_FIELDS.map((field) => fields[field]), ...attributes].filter((text): text is string => typeof text === 'string');
    const problems = texts.flatMap(characterProblems);
    if (problems.length === 0) return;
    const written = source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
    for (const problem of problems) {
      if (written.includes(String.fromCodePoint(problem.codePoint))) continue;
      // The parser writes U+FFFD for a NUL, which the file's scan reported.
      if (problem.codePoint === 0xfffd && written.includes('\u0000')) continue;
      reportAt(file, node, 'error', `${problem.reason} (written as a character reference)`, problem.ruleId);
    }
  });
}

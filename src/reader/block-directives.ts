import { directiveFromMarkdown } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';
import type { Processor } from 'unified';

/**
 * The `:::name` and `::name` block directives of remark-directive without its
 * text directives (`:name[…]`), which no topic uses and which ate a clock time
 * in image alt text (`10:30` became `10`, its `:30` parsed as a directive the
 * alt string leaves out).
 */
export function blockDirectives(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push({ flow: directive().flow });
  (data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown());
}

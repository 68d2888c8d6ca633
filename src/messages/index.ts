import { VFile } from 'vfile';
import type { Options as MessageOptions } from 'vfile-message';
import { reporter } from 'vfile-reporter';
import path from 'node:path';

/** Every message names the project as its source so reports read `rule-id  handout`. */
export const SOURCE = 'handout';

export type Severity = 'error' | 'warning' | 'info';

export interface Place {
  line: number;
  column: number;
}

/** A file's messages. Errors are `fatal: true` (vfile's convention for errors). */
export function report(file: VFile, severity: Severity, reason: string, ruleId: string, place?: Place): void {
  const options: MessageOptions = { ruleId, source: SOURCE };
  if (place) options.place = place;
  const message = file.message(reason, options);
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
}

export function hasErrors(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true));
}

/** A VFile whose path is shown relative to the project root in reports. */
export function sourceFile(absolutePath: string, root: string, value?: string): VFile {
  return new VFile({ path: path.relative(root, absolutePath) || absolutePath, cwd: root, value });
}

export function formatReport(files: VFile[], options: { quiet?: boolean; color?: boolean } = {}): string {
  const withMessages = files.filter((file) => file.messages.length > 0);
  if (withMessages.length === 0) return '';
  return reporter(withMessages, { quiet: options.quiet ?? false, color: options.color ?? false });
}

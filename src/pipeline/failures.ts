import type { VFile } from 'vfile';
import { report } from '../messages/index.ts';

/**
 * An exception nobody expected (a bug, a file system refusing) as an error on
 * the file it concerns. The exception rides along as the message's cause:
 * the command line prints its stack only with --debug.
 */
export function reportException(file: VFile, reason: string, ruleId: string, error: unknown): void {
  report(file, 'error', reason, ruleId);
  file.messages.at(-1)!.cause = error;
}

/** An exception's reason in plain words: file system errors say what is wrong rather than only their code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const plain = code === undefined ? undefined : FILE_SYSTEM_ERRORS[code];
  return plain ? `${plain} (${code})` : error.message;
}

const FILE_SYSTEM_ERRORS: Record<string, string> = {
  EEXIST: 'a file is where a folder should be',
  ENOTDIR: 'a file is where a folder should be',
  EISDIR: 'a folder is where a file should be',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

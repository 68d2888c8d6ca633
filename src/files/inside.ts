import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A file found where it may be read, or why it may not. */
export type Located =
  | { found: true; realPath: string; bytes: number }
  | { found: false; problem: 'missing' }
  | { found: false; problem: 'outside'; realPath: string }
  /** A pipe, a socket or a device. */
  | { found: false; problem: 'not-a-file' }
  | { found: false; problem: 'unreadable'; message: string };

/**
 * Resolves `file` through every symbolic link and refuses it when its real path
 * leaves `folder` (itself resolved) or it is a pipe or a device. A lexical check
 * is not enough: reading follows links, so a linked file from anywhere would be read.
 */
export async function locateInside(file: string, folder: string): Promise<Located> {
  let realPath: string;
  let realFolder: string;
  try {
    realFolder = await realpath(folder);
    realPath = await realpath(file);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { found: false, problem: 'missing' } : { found: false, problem: 'unreadable', message };
  }
  const relative = path.relative(realFolder, realPath);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return { found: false, problem: 'outside', realPath };
  try {
    const stats = await stat(realPath);
    // A folder fails the read at once (EISDIR); a pipe or a device would block it forever.
    const blocking = stats.isFIFO() || stats.isCharacterDevice() || stats.isBlockDevice() || stats.isSocket();
    return blocking ? { found: false, problem: 'not-a-file' } : { found: true, realPath, bytes: stats.size };
  } catch (error) {
    return { found: false, problem: 'unreadable', message: (error as Error).message };
  }
}

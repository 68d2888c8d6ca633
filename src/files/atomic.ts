import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A temporary file beside `target`: .name.<pid>.<random>.tmp, which builds that find it abandoned remove. */
function temporaryFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Gives `target` the bytes of `source` atomically, as a hard link (no copy of
 * the bytes) where the file system allows one, else as a copy. Both files stay
 * safe to replace: writeFileAtomic renames a new file over a name, it never
 * writes into the old one.
 */
export async function linkFileAtomic(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = temporaryFor(target);
  try {
    try {
      await link(source, temporary);
    } catch {
      await copyFile(source, temporary, constants.COPYFILE_EXCL);
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `data` to `target` so that readers see the old file or the whole new
 * one, never a part: write a temporary file beside it, flush it, then rename.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = temporaryFor(target);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

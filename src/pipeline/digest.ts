import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { rendererDigest } from '../render/digest.ts';
import { TOOL_ROOT as ROOT } from '../version.ts';

let cached: string | undefined;

/**
 * Digest of all the code and locked dependencies between the input files and
 * the PDF. An edition whose input files and this digest are unchanged is
 * skipped without reading its topic (see inputs.ts), so any code that could
 * change it must count, not only the renderer's.
 */
export function pipelineDigest(): string {
  if (cached) return cached;
  const hash = createHash('sha256').update(rendererDigest());
  const files = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  hash.update(readFileSync(path.join(ROOT, 'package-lock.json')));
  cached = hash.digest('hex');
  return cached;
}

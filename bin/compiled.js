// Whether dist/ (src/ and templates/ compiled by tsc: `npm run compile`, run by npm ci) may run in place of the sources.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** Written when compiling ends, with the time compiling started: a source saved meanwhile counts as newer. */
export const STAMP = path.join(DIST, '.compiled');
/**
 * Everything the compiled code is made from; a folder's own time changes when a file in it is added, removed or renamed.
 * The bundle holds copies of packages (React-PDF's text layout among them): a changed patch or install makes it stale too.
 */
const INPUTS = ['src', 'templates', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.js', 'patches', 'package-lock.json'];

/** Why dist/ must not run (missing, or older than a source), or null when it is current. */
export function staleReason() {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp) return 'dist/ is not compiled';
  for (const input of INPUTS) {
    const top = path.join(ROOT, input);
    const entries = statSync(top).isDirectory() ? readdirSync(top, { recursive: true }).map((entry) => path.join(top, String(entry))) : [];
    for (const file of [top, ...entries]) {
      if (statSync(file).mtimeMs > stamp.mtimeMs) return `${path.relative(ROOT, file)} is newer than dist/`;
    }
  }
  return null;
}

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TOOL_VERSION } from '../version.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** Packages whose version changes what a PDF looks like. */
const RENDERING_PACKAGES = ['@react-pdf/renderer', '@react-pdf/layout', '@react-pdf/pdfkit', '@expo-google-fonts/noto-sans', '@expo-google-fonts/noto-sans-sc', '@expo-google-fonts/noto-sans-arabic', 'hyphen', 'react'];

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'absent';
  }
}

let cached: string | undefined;

/**
 * Digest of the code and packages that turn a prepared edition into PDF bytes:
 * part of every edition's content hash, so a template or font change re-renders.
 */
export function rendererDigest(): string {
  if (cached) return cached;
  const hash = createHash('sha256').update(TOOL_VERSION);
  for (const file of [...filesUnder(path.join(ROOT, 'templates')), ...filesUnder(path.join(ROOT, 'src/render'))]) {
    hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  }
  for (const name of RENDERING_PACKAGES) hash.update(`${name}@${packageVersion(name)}`);
  cached = hash.digest('hex');
  return cached;
}

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TOOL_VERSION } from '../version.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** Packages whose version changes what a PDF looks like. */
const RENDERING_PACKAGES = [
  '@react-pdf/renderer',
  '@react-pdf/layout',
  '@react-pdf/pdfkit',
  '@expo-google-fonts/noto-sans',
  '@expo-google-fonts/noto-sans-sc',
  '@expo-google-fonts/noto-sans-arabic',
  '@expo-google-fonts/atkinson-hyperlegible',
  'hyphen',
  'react',
  'pdf-lib',
  'qrcode',
];

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

let pipelineCached: string | undefined;

/**
 * Digest of all the code and locked dependencies between the input files and
 * the PDF. An edition whose input files and this digest are unchanged is
 * skipped without reading its topic (see inputs.ts), so any code that could
 * change it must count, not only the renderer's.
 */
export function pipelineDigest(): string {
  if (pipelineCached) return pipelineCached;
  const hash = createHash('sha256').update(rendererDigest());
  for (const file of filesUnder(path.join(ROOT, 'src'))) hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  try {
    hash.update(readFileSync(path.join(ROOT, 'package-lock.json')));
  } catch {
    // Installed without a lock file: the renderer packages' versions (in rendererDigest) still count.
  }
  pipelineCached = hash.digest('hex');
  return pipelineCached;
}

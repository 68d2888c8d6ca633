import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TOOL_ROOT as ROOT, TOOL_VERSION } from '../version.ts';

/** Code that turns a prepared edition into bytes: the engine, the formats, their templates, fonts and line breaking, the model code templates call (what a word is, what a link prints), and our patches to React-PDF's packages. */
const RENDERING_CODE = ['templates', 'src/render', 'src/formats', 'src/fonts', 'src/typesetting', 'src/model', 'patches'];

/**
 * Packages the rendering code imports. Every package they depend on, as the
 * lock file resolves it, counts too: an upgrade of @react-pdf/textkit,
 * fontkit or yoga alone changes PDFs as much as one of React-PDF itself.
 */
const RENDERING_ROOTS = [
  '@react-pdf/renderer',
  'react',
  'react-dom',
  'pdf-lib',
  'fontkit',
  'hyphen',
  'qrcode',
  '@expo-google-fonts/noto-sans',
  '@expo-google-fonts/noto-sans-sc',
  '@expo-google-fonts/noto-sans-arabic',
  '@expo-google-fonts/atkinson-hyperlegible',
];

interface LockedPackage {
  version?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface LockFile {
  packages: Record<string, LockedPackage>;
}

/** Where npm resolves `name` for the package installed at `from` (the nearest node_modules up its path). */
function resolveLocked(lock: LockFile, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return null;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/** name@version and integrity of every package the roots depend on, directly or not, as the lock file pins them. */
export function lockedRenderingPackages(lock: LockFile, roots: readonly string[] = RENDERING_ROOTS): string[] {
  const seen = new Set<string>();
  const pending = roots.map((name) => resolveLocked(lock, '', name)).filter((location): location is string => location !== null);
  while (pending.length > 0) {
    const location = pending.pop()!;
    if (seen.has(location)) continue;
    seen.add(location);
    const locked = lock.packages[location]!;
    for (const name of Object.keys({ ...locked.dependencies, ...locked.optionalDependencies, ...locked.peerDependencies })) {
      const resolved = resolveLocked(lock, location, name);
      if (resolved) pending.push(resolved);
    }
  }
  return [...seen].sort().map((location) => `${location}@${lock.packages[location]!.version ?? ''} ${lock.packages[location]!.integrity ?? ''}`);
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const digests = new Map<string, string>();

/**
 * Digest of the code and locked packages that turn a prepared edition into
 * bytes: part of every edition's content hash, so a template, font or
 * renderer upgrade renders editions again.
 */
export function rendererDigest(root: string = ROOT): string {
  let digest = digests.get(root);
  if (digest) return digest;
  const hash = createHash('sha256').update(TOOL_VERSION);
  for (const file of RENDERING_CODE.flatMap((folder) => filesUnder(path.join(root, folder)))) {
    hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as LockFile;
  for (const locked of lockedRenderingPackages(lock)) hash.update(locked);
  digest = hash.digest('hex');
  digests.set(root, digest);
  return digest;
}

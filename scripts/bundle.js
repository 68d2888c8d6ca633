// Run by scripts/compile.js after tsc: the compiled command line and render worker bundled by esbuild into dist/bundle/,
// so Node resolves and reads a few dozen files instead of about 900 at each start. Packages that find files or native
// code next to their own modules (or start workers from them) stay outside the bundle, loaded from node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DIST } from '../bin/compiled.js';

/**
 * zod's `z` re-exports all 64 of its message locales (0.37 MB of the command line's 2.8 MB, about 30 ms of CPU to
 * compile at each start); zod itself sets English, which is all the tool uses, from locales/en.js, kept.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js' }));
  },
};

// Emptied first: chunks are named by their content, and old ones must not stay behind.
rmSync(path.join(DIST, 'bundle'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(DIST, 'src/cli/main.js'), path.join(DIST, 'src/render/worker.js')],
  outbase: path.join(DIST, 'src'),
  outdir: path.join(DIST, 'bundle'),
  bundle: true,
  // Shared code in chunks, and each module imported with import() in a chunk of its own, loaded when a command needs it.
  splitting: true,
  // One folder deep, like the entries (cli/, render/): the pool finds the worker at ../render/worker.js from any of them.
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // pdfkit reads its colour profile and standard fonts next to itself; fontkit, linebreak and png-js are what it imports,
  // kept outside too so that pdfkit and the bundle share one instance of each (the renderer patches fontkit's fonts).
  external: ['@electric-sql/pglite', '@napi-rs/canvas', '@node-rs/argon2', 'pdfjs-dist', 'pdfkit', 'fontkit', 'linebreak', 'png-js', 'tinypool', 'tsx', 'fastify', '@fastify/*', 'pg', 'nodemailer'],
  // Bundled CommonJS packages call require(): give them Node's, made for the bundle's own location.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});

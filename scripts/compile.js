// `npm run compile`, and `prepare` (which npm ci runs): src/ and templates/ compiled by tsc into dist/ and bundled into dist/bundle/, which bin/handout.js runs while it is current.
import { execFileSync } from 'node:child_process';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DIST, ROOT, STAMP } from '../bin/compiled.js';

const started = new Date();
const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
  // Node's types are a devDependency too: typescript may come without them, as another package's dependency.
  require.resolve('@types/node/package.json');
} catch {
  // An install without devDependencies (the front desk's container image): the CLI runs the sources through tsx.
  console.warn('handout: typescript or @types/node is not installed (an install without devDependencies), so nothing is compiled; bin/handout.js runs the TypeScript sources through tsx');
  process.exit(0);
}
// Emptied first: a module removed from src/ must not stay behind in dist/.
rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.js')], { cwd: ROOT, stdio: 'inherit' });
writeFileSync(STAMP, `${started.toISOString()}\n`);
utimesSync(STAMP, started, started);

// Rewrites the visual regression goldens on purpose, after a change to how pages look: `npm run goldens:update`.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../src/files/atomic.ts';
import { GOLDEN_DIR, renderGoldens } from './goldens.ts';

const goldens = await renderGoldens();
await mkdir(GOLDEN_DIR, { recursive: true });
const names = new Set(goldens.map((golden) => golden.name));
// A page no longer in the set is no longer a golden.
for (const stale of (await readdir(GOLDEN_DIR)).filter((name) => name.endsWith('.png') && !names.has(name))) await rm(path.join(GOLDEN_DIR, stale));
for (const golden of goldens) await writeFileAtomic(path.join(GOLDEN_DIR, golden.name), golden.png);
console.log(`${goldens.length} golden pages written to ${path.relative(process.cwd(), GOLDEN_DIR)}/`);

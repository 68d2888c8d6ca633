#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ when it is current (starts about 1 s sooner), else the TypeScript sources through tsx.
import { fileURLToPath } from 'node:url';
import { staleReason } from './compiled.js';

process.env.NODE_ENV ??= 'production';
// HANDOUT_FROM_SOURCES=1 runs the sources even when dist/ is current: the test suite sets it, to test them.
const fromSources = process.env.HANDOUT_FROM_SOURCES === '1';
const stale = fromSources ? null : staleReason();
if (!fromSources && stale === null) {
  await import('../dist/bundle/cli/main.js');
} else {
  // Never old code (a stale dist/ would print what the sources no longer say), and no 10 s compile in front of every edit: the sources, through tsx.
  if (stale) process.stderr.write(`handout: ${stale}, so running the TypeScript sources (starts about 1 s slower); \`npm run compile\` compiles them\n`);
  const { register } = await import('tsx/esm/api');
  // The repository's tsconfig, wherever the command runs: tsx would look for one from the working folder,
  // and without it templates compile to the classic JSX runtime ("React is not defined").
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../src/cli/main.ts');
}

#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step on a fresh clone).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
// The repository's tsconfig, wherever the command runs: tsx would look for one from the working folder,
// and without it templates compile to the classic JSX runtime ("React is not defined").
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');

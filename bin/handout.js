#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step on a fresh clone).
import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli/main.ts');

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    // Rendering real PDFs takes seconds on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The command line, started by tests, runs the TypeScript sources under test, never dist/ (tests/compiled.test.ts tests that).
    env: { HANDOUT_FROM_SOURCES: '1' },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'renderer/**/*.test.ts',
      'renderer/**/*.test.tsx',
      'electron/**/*.test.ts',
      'scripts/**/*.test.ts',
      'seeds/**/*.test.ts',
      'cli/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'threads',
    // fast-check properties run hundreds of cases; on a loaded 2-core machine 5 s is too tight.
    testTimeout: 30_000,
  },
});

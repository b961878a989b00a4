import { defineConfig } from 'vitest/config';

// The reliability suite's Node parts (importer fuzzing, database versions, the Electron
// checklist). `reliability/run.mjs` runs them with the counts it is given; they stay out of the
// unit tests' config so `npm test` runs them once, through the runner's quick subset.
// The parsers' dependencies as the app ships them: their production builds (micromark's
// development build checks every token and is several times slower on large files).
process.env.NODE_ENV = 'production';

export default defineConfig({
  test: {
    include: ['reliability/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 0,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'seeds/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The command-line tool as one ES module for plain Node 20: `cli/claimscope.ts` and the core it
// imports are bundled; npm packages stay external (they are in node_modules after npm ci).
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  logLevel: 'warn',
  build: {
    ssr: fileURLToPath(new URL('./claimscope.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: { output: { entryFileNames: 'claimscope.mjs', format: 'es' } },
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// main     electron/main.ts    → out/main/main.js      (ES module; package.json "main")
// preload  electron/preload.ts → out/preload/preload.cjs (CommonJS: sandboxed preloads cannot be ESM)
// renderer renderer/index.html → out/renderer/          (served from app://claimscope/)
// Main and preload bundle their few dependencies (zod) so the packaged app needs no node_modules.
export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      externalizeDeps: false,
      lib: { entry: here('./electron/main.ts'), formats: ['es'], fileName: () => 'main.js' },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      externalizeDeps: false,
      lib: { entry: here('./electron/preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    },
  },
  renderer: {
    root: here('./renderer'),
    base: './',
    plugins: [react()],
    // Workers as ES modules (the import worker loads pdf.js on demand); Markdown's entity decoder
    // in its DOM-free build, since the import worker has no `document` (see vite.web.config.ts).
    worker: { format: 'es' },
    resolve: {
      alias: [
        { find: /^decode-named-character-reference$/, replacement: here('./node_modules/decode-named-character-reference/index.js') },
      ],
    },
    build: {
      outDir: here('./out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: here('./renderer/index.html') },
    },
  },
});

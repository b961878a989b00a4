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
    build: {
      outDir: here('./out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: here('./renderer/index.html') },
    },
  },
});

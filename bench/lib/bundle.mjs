// Bundles a TypeScript entry of core code into one ES module plain Node can import (the export
// and suggest suites measure the pure core code this way, without the browser).
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Builds `entry` (a path) into `outFile` (a path) with Vite, for Node 20. */
export async function bundleForNode(root, entry, outFile) {
  const { build } = await import('vite');
  const outDir = path.dirname(outFile);
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { entryFileNames: path.basename(outFile), format: 'es' } },
    },
  });
}

/** Builds `entry` (a path) into `outFile` (one ES module, its dependencies inlined) for the browser: a page's script or a worker. */
export async function bundleForBrowser(root, entry, outFile) {
  const { build } = await import('vite');
  mkdirSync(path.dirname(outFile), { recursive: true });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: path.dirname(outFile),
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['es'], fileName: () => path.basename(outFile) },
    },
  });
}

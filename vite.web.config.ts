import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { policyWithSyncOrigin } from './renderer/csp.mjs';

/**
 * The app's Content-Security-Policy (renderer/csp.mjs) as a meta tag in builds (static servers
 * can't be relied on to send headers; the desktop shell and `npm start` also send it as a
 * header). Only in builds: the dev server's hot reload needs inline scripts. A build for a team
 * server admits exactly its origin: `CLAIMSCOPE_SYNC_ORIGIN=https://couch.lab.example:6984`.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'claimscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policyWithSyncOrigin(process.env.CLAIMSCOPE_SYNC_ORIGIN) },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The renderer as a static web app: relative asset paths so any static file server (or a
// sub-folder of one) can host dist/web/.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  // Markdown import (micromark) decodes entities with decode-named-character-reference, whose
  // "browser" build needs `document`, which the import worker lacks; its table-based build runs
  // everywhere.
  resolve: {
    alias: [
      {
        find: /^decode-named-character-reference$/,
        replacement: fileURLToPath(new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url)),
      },
    ],
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173 },
});

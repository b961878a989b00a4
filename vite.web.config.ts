import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The origin of the team's CouchDB server the web build may reach (`CLAIMSCOPE_SYNC_ORIGIN`,
 * e.g. `https://couch.lab.example:6984`): exactly one origin, never a wildcard. Without it the
 * web build connects to its own origin only (a CouchDB behind the same host, see the README).
 */
export function syncOrigin(value = process.env.CLAIMSCOPE_SYNC_ORIGIN ?? ''): string {
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CLAIMSCOPE_SYNC_ORIGIN="${value}" is not an origin such as https://couch.example.org:6984.`);
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/+$/, '')) {
    throw new Error(`CLAIMSCOPE_SYNC_ORIGIN="${value}" must be exactly one origin (scheme, host, port), such as https://couch.example.org:6984.`);
  }
  return url.origin;
}

/**
 * The strict Content-Security-Policy of the built app, as a meta tag (static servers can't be
 * relied on to send headers; the desktop shell also sends it as a header). Only in builds: the
 * dev server's hot reload needs inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self' blob: data:${syncOrigin() ? ` ${syncOrigin()}` : ''}`,
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'claimscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
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
  resolve: { alias: [{ find: /^decode-named-character-reference$/, replacement: fileURLToPath(new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url)) }] },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
});

#!/usr/bin/env node
// The one static file server of the project, on 127.0.0.1 only: `npm start`'s browser version,
// the end-to-end tests and the screenshot serve the web build (dist/web) with the app's
// Content-Security-Policy as a header; the benchmark serves its pages and the peers' bundles
// (limited to URL prefixes, without the app's policy).
// Usage: node scripts/serve-static.mjs [dir=dist/web] [port=4321]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY_HEADER, headerWithSyncOrigin } from '../renderer/csp.mjs';
import { mimeTypeFor } from '../renderer/mime.mjs';

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/**
 * Serves the files below `root` on `host`:`port` (0: any free port). With `prefixes`, only URL
 * paths starting with one of them are served. HTML pages carry `csp` as a header (the app's
 * policy unless `csp: null`). Resolves to { url, port, close() } once listening; rejects with the
 * listen error (EADDRINUSE when the port is taken).
 * @param {{ root: string, port?: number, host?: string, prefixes?: string[] | null, csp?: string | null }} options
 */
export async function startStaticServer({ root, port = 0, host = '127.0.0.1', prefixes = null, csp = CONTENT_SECURITY_POLICY_HEADER }) {
  const rootAbs = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
      let decoded;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return send(res, 400, 'Bad request');
      }
      const file = path.resolve(rootAbs, `.${decoded}`);
      const inside = file === rootAbs || file.startsWith(rootAbs + path.sep);
      if (!inside || decoded.includes('\0') || (prefixes && !prefixes.some((p) => decoded.startsWith(p)))) {
        return send(res, 403, `not served: ${decoded}`);
      }
      let target = file;
      let info = await stat(target).catch(() => null);
      if (info?.isDirectory()) {
        target = path.join(target, 'index.html');
        info = await stat(target).catch(() => null);
      }
      if (!info?.isFile()) return send(res, 404, `not found: ${decoded}`);
      const type = mimeTypeFor(target);
      const headers = {
        'content-type': type,
        'content-length': info.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      };
      if (csp && type.startsWith('text/html')) headers['content-security-policy'] = csp;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      createReadStream(target).pipe(res);
    } catch (error) {
      send(res, 500, String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/web';
  const port = Number(process.argv[3] ?? 4321);
  // A build for a team server (CLAIMSCOPE_SYNC_ORIGIN) is served with the same policy.
  const { url } = await startStaticServer({ root: dir, port, csp: headerWithSyncOrigin(process.env.CLAIMSCOPE_SYNC_ORIGIN) });
  console.log(`Serving ${dir} at ${url}`);
}

// A small static file server for the bench: the repository's bench pages, the peers' shipped
// bundles in node_modules and the Claimscope web build, on 127.0.0.1 only.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves files below `root` whose URL path starts with one of `prefixes` (e.g. "/bench/pages/").
 * Resolves to { url, close() } once listening on an ephemeral port of 127.0.0.1.
 */
export async function serveStatic(root, prefixes) {
  const rootAbs = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
      const decoded = decodeURIComponent(pathname);
      const file = path.resolve(rootAbs, '.' + decoded);
      const allowed = prefixes.some((p) => decoded.startsWith(p)) && file.startsWith(rootAbs + path.sep);
      if (!allowed) return send(res, 403, `not served: ${decoded}`);
      let target = file;
      let info = await stat(target).catch(() => null);
      if (info?.isDirectory()) {
        target = path.join(target, 'index.html');
        info = await stat(target).catch(() => null);
      }
      if (!info?.isFile()) return send(res, 404, `not found: ${decoded}`);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      createReadStream(target).pipe(res);
    } catch (error) {
      send(res, 500, String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

// Serves the built renderer from `app://claimscope/…` instead of file://, so the page has a real
// origin (IndexedDB, fetch and CSP behave as on the web) and can read nothing but the renderer's
// own files. The resolver and the response builder are pure Node, tested without Electron.
import type { CustomScheme, Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER, headerWithSyncOrigin } from '../renderer/csp.mjs';
import { mimeTypeFor } from '../renderer/mime.mjs';
import type { ServerOrigins } from './teamServer.ts';
import { APP_HOST, APP_SCHEME } from './window.ts';

/** The app's policy (renderer/csp.mjs), sent with every HTML page. */
export const CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_HEADER;

/**
 * Must be registered before the app's `ready` event. `standard` gives the pages a real origin
 * (relative URLs, IndexedDB), `secure` a secure context, `supportFetchAPI` lets fetch() read app
 * files. `corsEnabled` makes requests to the scheme go through CORS like https, so Vite's
 * `<script type="module" crossorigin>` loads same-origin; responses carry no
 * Access-Control-Allow-Origin, so no other origin can read them.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export type AppPathResolution = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

// Segments that are never a file the renderer build produces: dot segments, separators of any
// platform, NUL, and drive-letter / stream colons.
const FORBIDDEN_SEGMENT = /^\.{1,2}$|[\\/\0:]/;

/**
 * Maps an `app://claimscope/<path>` request to a file below `rootDir`, or says why not.
 * `/` maps to `index.html`. Every percent-decoded segment is checked, and the result must lie
 * strictly inside `rootDir`, so `..`, `%2e%2e`, encoded slashes and absolute paths cannot escape.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): AppPathResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: `not a URL: ${requestUrl}` };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 404, reason: `not an ${APP_SCHEME}://${APP_HOST}/ URL: ${requestUrl}` };
  }
  const pathname = url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: `malformed percent-encoding in ${requestUrl}` };
    }
    if (segment === '' || FORBIDDEN_SEGMENT.test(segment)) {
      return { ok: false, status: 403, reason: `path segment "${segment}" is not allowed in ${requestUrl}` };
    }
    segments.push(segment);
  }
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!filePath.startsWith(root + path.sep)) {
    return { ok: false, status: 403, reason: `${requestUrl} points outside the app` };
  }
  return { ok: true, filePath };
}

export { mimeTypeFor };

function errorResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The policy an HTML page is sent with: the app's own, or one opened to the saved team servers. */
export type PolicySource = () => string | Promise<string>;

/** Builds the response for one request to the app scheme. */
export async function serveAppRequest(
  rootDir: string,
  request: { url: string; method: string },
  log?: (message: string) => void,
  policy: PolicySource = () => CONTENT_SECURITY_POLICY,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(405, 'Method not allowed');
  }
  const resolved = resolveAppPath(rootDir, request.url);
  if (!resolved.ok) {
    log?.(`refused ${request.url}: ${resolved.reason}`);
    return errorResponse(resolved.status, resolved.status === 404 ? 'Not found' : 'Forbidden');
  }
  let body: Uint8Array<ArrayBuffer>;
  try {
    const info = await stat(resolved.filePath);
    if (!info.isFile()) return errorResponse(404, 'Not found');
    body = new Uint8Array(await readFile(resolved.filePath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return errorResponse(404, 'Not found');
    log?.(`could not read ${resolved.filePath}: ${String(error)}`);
    return errorResponse(500, 'Could not read the file');
  }
  const type = mimeTypeFor(resolved.filePath);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(body.byteLength),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = await policy();
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}

/**
 * The policy for the team servers the user saved (electron/teamServer.ts): `connect-src` opened
 * to exactly their origins, read when each page is served, and reported back so the shell knows
 * which origins the page in the window admits.
 */
export function policyForTeamServers(origins: Pick<ServerOrigins, 'list' | 'served'>): PolicySource {
  return async () => {
    const saved = await origins.list();
    origins.served(saved);
    return headerWithSyncOrigin(saved);
  };
}

/** Installs the handler on the (default) session's protocol; call after `ready`. */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rootDir: string,
  log?: (message: string) => void,
  policy?: PolicySource,
): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rootDir, request, log, policy));
}

import fc from 'fast-check';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY as WEB_POLICY } from '../renderer/csp.mjs';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  mimeTypeFor,
  registerAppScheme,
  resolveAppPath,
  serveAppRequest,
} from './protocol.ts';

const root = path.resolve('/srv/claimscope/renderer');
const inside = (p: string) => p.startsWith(root + path.sep);

describe('resolveAppPath', () => {
  it('maps the root and files to paths under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://claimscope/')).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://claimscope/index.html')).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://claimscope/assets/main-a1b2.js?v=1#top')).toEqual({
      ok: true,
      filePath: path.join(root, 'assets', 'main-a1b2.js'),
    });
    expect(resolveAppPath(root, 'app://claimscope/fonts/Source%20Serif.woff2')).toEqual({
      ok: true,
      filePath: path.join(root, 'fonts', 'Source Serif.woff2'),
    });
  });

  it.each([
    ['app://claimscope/../../etc/passwd', ['etc', 'passwd']],
    ['app://claimscope/assets/../../../etc/passwd', ['etc', 'passwd']],
    ['app://claimscope/%2e%2e/%2e%2e/etc/passwd', ['etc', 'passwd']],
    ['app://claimscope/%2E%2E/secrets', ['secrets']],
    ['app://claimscope/.%2e/.%2e/etc/passwd', ['etc', 'passwd']],
  ])('clamps dot segments to the renderer folder: %s', (url, expected) => {
    expect(resolveAppPath(root, url)).toEqual({ ok: true, filePath: path.join(root, ...expected) });
  });

  it.each([
    ['encoded slash', 'app://claimscope/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['encoded backslash', 'app://claimscope/..%5c..%5cwindows%5cwin.ini'],
    ['absolute path after the host', 'app://claimscope//etc/passwd'],
    ['drive letter', 'app://claimscope/C:/Windows/win.ini'],
    ['NUL byte', 'app://claimscope/index.html%00.png'],
    ['empty segment', 'app://claimscope/assets//x.js'],
  ])('refuses an escaping request (%s)', (_what, url) => {
    const result = resolveAppPath(root, url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(403);
  });

  it('refuses other hosts, other schemes and malformed URLs', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'not a url')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://claimscope/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });

  it('never resolves outside the renderer folder, whatever the path', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '%2f', '%5c', '', 'etc', 'passwd', 'C:', '%00', '~'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const result = resolveAppPath(root, `app://claimscope/${segments.join('/')}`);
        return !result.ok || inside(result.filePath);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mimeTypeFor', () => {
  it('gives the types a browser needs to run the build', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('assets/main.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('assets/style.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('logo.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('module.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('unknown.bin')).toBe('application/octet-stream');
  });
});

describe('registerAppScheme', () => {
  it('registers app: as standard, secure, fetch-capable and subject to CORS', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    });
  });
});

describe('serveAppRequest', () => {
  let dir: string;
  let rendererDir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-protocol-'));
    rendererDir = path.join(dir, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Claimscope</title>');
    await writeFile(path.join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'outside the app');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const get = (url: string, method = 'GET') => serveAppRequest(rendererDir, { url, method });

  it('serves index.html with the strict CSP', async () => {
    const response = await get('app://claimscope/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    // The same policy as the web build's meta tag, plus what only a header can say.
    expect(CONTENT_SECURITY_POLICY).toBe(`${WEB_POLICY}; frame-ancestors 'none'`);
    expect(CONTENT_SECURITY_POLICY).toMatch(
      /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval';.* object-src 'none'; base-uri 'none'/,
    );
    expect(await response.text()).toContain('<title>Claimscope</title>');
  });

  it('serves scripts with a JavaScript type, nosniff, and no CSP or CORS header', async () => {
    const response = await get('app://claimscope/assets/main.js');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 for files that do not exist and for folders', async () => {
    expect((await get('app://claimscope/missing.js')).status).toBe(404);
    expect((await get('app://claimscope/assets')).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://claimscope/../secret.txt',
      'app://claimscope/%2e%2e/secret.txt',
      'app://claimscope/%2e%2e%2fsecret.txt',
      'app://claimscope//etc/passwd',
    ]) {
      const response = await get(url);
      expect([403, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('outside the app');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://claimscope/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://claimscope/index.html', 'POST')).status).toBe(405);
  });
});

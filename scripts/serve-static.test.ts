import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../renderer/csp.mjs';
import { startStaticServer } from './serve-static.mjs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-serve-'));
  await mkdir(path.join(dir, 'web', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'web', 'index.html'), '<title>Claimscope</title>');
  await writeFile(path.join(dir, 'web', 'assets', 'a.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(port: number, rawPath: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('startStaticServer', () => {
  it("serves the build with the app's CSP on HTML pages only, and nothing outside its folder", async () => {
    const server = await startStaticServer({ root: path.join(dir, 'web') });
    try {
      const index = await get(server.port, '/');
      expect(index.status).toBe(200);
      expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
      const script = await get(server.port, '/assets/a.js');
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.headers['content-security-policy']).toBeUndefined();
      for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
        const r = await get(server.port, escape);
        expect([403, 404], escape).toContain(r.status);
        expect(r.body).not.toContain('outside');
      }
      expect((await get(server.port, '/missing.js')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('serves only the given URL prefixes, without the policy when told', async () => {
    const server = await startStaticServer({ root: dir, prefixes: ['/web/'], csp: null });
    try {
      const index = await get(server.port, '/web/');
      expect(index.body).toBe('<title>Claimscope</title>');
      expect(index.headers['content-security-policy']).toBeUndefined();
      expect((await get(server.port, '/secret.txt')).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('refuses a taken port with EADDRINUSE instead of moving', async () => {
    const first = await startStaticServer({ root: dir });
    try {
      await expect(startStaticServer({ root: dir, port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});

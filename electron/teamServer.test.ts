import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headerWithSyncOrigin, policyWithSyncOrigin } from '../renderer/csp.mjs';
import { policyForTeamServers, serveAppRequest } from './protocol.ts';
import { createPasswordKeeper, createServerOrigins, type SafeStorageLike } from './teamServer.ts';

/** safeStorage as Electron's, minus the keychain: a reversible scrambling with a marker, or unavailable. */
function fakeSafeStorage(available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.concat([Buffer.from('v10'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]),
    decryptString: (data) => {
      if (data.subarray(0, 3).toString() !== 'v10')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-team-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createPasswordKeeper', () => {
  it('keeps a password not to be remembered in memory only, gone after a restart', async () => {
    const keeper = createPasswordKeeper(dir, fakeSafeStorage(), vi.fn());
    expect(await keeper.set('p1', 'secret-1', false)).toEqual({ remembered: false });
    expect(await keeper.get('p1')).toBe('secret-1');
    await expect(readFile(path.join(dir, 'team-passwords.json'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await createPasswordKeeper(dir, fakeSafeStorage(), vi.fn()).get('p1')).toBeNull();
  });

  it('remembers a password encrypted, reads it after a restart, and forgets it when asked not to remember', async () => {
    const keeper = createPasswordKeeper(dir, fakeSafeStorage(), vi.fn());
    expect(await keeper.set('p1', 'secret-1', true)).toEqual({ remembered: true });
    expect(await readFile(path.join(dir, 'team-passwords.json'), 'utf8')).not.toContain('secret-1');
    const restarted = createPasswordKeeper(dir, fakeSafeStorage(), vi.fn());
    expect(await restarted.get('p1')).toBe('secret-1');
    await restarted.set('p1', 'secret-2', false);
    expect(await createPasswordKeeper(dir, fakeSafeStorage(), vi.fn()).get('p1')).toBeNull();
  });

  it('never writes a password when the system offers no encryption', async () => {
    const keeper = createPasswordKeeper(dir, fakeSafeStorage(false), vi.fn());
    expect(await keeper.set('p1', 'secret-1', true)).toEqual({ remembered: false });
    expect(await keeper.get('p1')).toBe('secret-1');
    await expect(readFile(path.join(dir, 'team-passwords.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('asks again (null) when a saved password cannot be decrypted, and says so in the log without the secret', async () => {
    await writeFile(path.join(dir, 'team-passwords.json'), JSON.stringify({ p1: Buffer.from('garbage').toString('base64') }));
    const log = vi.fn();
    expect(await createPasswordKeeper(dir, fakeSafeStorage(), log).get('p1')).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/could not be decrypted/));
  });
});

describe('team servers in the Content-Security-Policy', () => {
  it('adds exactly the saved origins to connect-src, never a wildcard, a path or a broken host', () => {
    expect(policyWithSyncOrigin(undefined)).toContain("connect-src 'self' blob: data:;");
    expect(policyWithSyncOrigin(['https://couch.lab.example:6984', 'http://127.0.0.1:5984'])).toContain(
      "connect-src 'self' blob: data: https://couch.lab.example:6984 http://127.0.0.1:5984;",
    );
    for (const bad of [
      '*',
      'https://*',
      'https://*.example.org',
      'https://a.example/couch',
      'ftp://a.example',
      'http://x;y',
      'https://a.example/*',
    ]) {
      expect(() => policyWithSyncOrigin(bad), bad).toThrow(/origin/);
    }
  });

  it('serves the page with the policy from the saved setting, and says when the page must reload to admit a new server', async () => {
    const root = path.join(dir, 'renderer');
    await (await import('node:fs/promises')).mkdir(root);
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Claimscope</title>');
    const servers = createServerOrigins(path.join(dir, 'userData'));
    const policy = policyForTeamServers(servers);
    const page = () => serveAppRequest(root, { url: 'app://claimscope/', method: 'GET' }, undefined, policy);

    expect((await page()).headers.get('content-security-policy')).toBe(headerWithSyncOrigin(undefined));
    expect(await servers.allow('https://couch.lab.example:6984/')).toEqual({ origin: 'https://couch.lab.example:6984', reload: true });
    const csp = (await page()).headers.get('content-security-policy')!;
    expect(csp).toMatch(/connect-src 'self' blob: data: https:\/\/couch\.lab\.example:6984;/);
    expect(csp).not.toMatch(/connect-src[^;]*\*/);
    // The page now in the window admits it; the setting survives a restart of the shell.
    expect(await servers.allow('https://couch.lab.example:6984')).toEqual({ origin: 'https://couch.lab.example:6984', reload: false });
    expect(await createServerOrigins(path.join(dir, 'userData')).list()).toEqual(['https://couch.lab.example:6984']);
    await servers.forget('https://couch.lab.example:6984');
    expect((await page()).headers.get('content-security-policy')).toBe(headerWithSyncOrigin(undefined));
  });

  it('ignores a hand-edited setting that names a wildcard', async () => {
    await (await import('node:fs/promises')).mkdir(path.join(dir, 'userData'));
    await writeFile(path.join(dir, 'userData', 'team-servers.json'), JSON.stringify({ origins: ['*', 'https://ok.example'] }));
    expect(await createServerOrigins(path.join(dir, 'userData')).list()).toEqual(['https://ok.example']);
  });
});

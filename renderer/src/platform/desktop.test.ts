import { describe, expect, it, vi } from 'vitest';
import {
  ARCHIVE_READ_CHUNK_BYTES,
  SAVE_STREAM_CHUNK_BYTES,
  type AutoBackupInfo,
  type DesktopApi,
  type MenuCommand,
  type PickedFile,
} from '../../../electron/api.ts';
import { createDesktopPlatform } from './desktop.ts';

function fakeApi(overrides: Partial<DesktopApi> = {}): DesktopApi {
  return {
    kind: 'desktop',
    saveStreamOpen: vi.fn(async () => ({ id: 'a'.repeat(24), path: '/home/r/big.jsonl' })),
    saveStreamWrite: vi.fn(async () => {}),
    saveStreamClose: vi.fn(async () => ({ path: '/home/r/big.jsonl' })),
    saveStreamAbort: vi.fn(async () => {}),
    openFiles: vi.fn(async () => []),
    archiveOpen: vi.fn(async () => null),
    archiveRead: vi.fn(async () => new Uint8Array()),
    archiveClose: vi.fn(async () => {}),
    openFolder: vi.fn(async () => []),
    autoBackupStart: vi.fn(async () => ({ id: 'd'.repeat(24) })),
    autoBackupFinish: vi.fn(async () => BACKUP),
    listAutoBackups: vi.fn(async () => []),
    autoBackupOpen: vi.fn(async () => ({ id: 'e'.repeat(24), name: BACKUP.id, size: 3 })),
    onMenuCommand: vi.fn(() => () => {}),
    getTeamPassword: vi.fn(async () => null),
    setTeamPassword: vi.fn(async () => ({ remembered: true })),
    deleteTeamPassword: vi.fn(async () => {}),
    allowTeamServer: vi.fn(async ({ origin }) => ({ origin, reload: true })),
    forgetTeamServer: vi.fn(async () => {}),
    ...overrides,
  };
}

const BACKUP: AutoBackupInfo = {
  id: 'p1.20261206T090000000Z.daily.claimscope.zip',
  projectId: 'p1',
  projectName: 'P',
  contentHash: 'a'.repeat(64),
  reason: 'daily',
  createdAt: '2026-12-06T09:00:00.000Z',
  bytes: 3,
};

const picked = (name: string, text: string): PickedFile => ({ name, path: `/data/${name}`, data: new TextEncoder().encode(text) });

describe('createDesktopPlatform', () => {
  it('streams a save through the bridge, a chunk at a time, and says where it went', async () => {
    const api = fakeApi();
    const target = (await createDesktopPlatform(api).saveStream('big.jsonl', [{ name: 'JSONL', extensions: ['jsonl'] }]))!;
    await target.write(new Uint8Array(SAVE_STREAM_CHUNK_BYTES + 5));
    expect(vi.mocked(api.saveStreamWrite).mock.calls.map(([req]) => req.data.length)).toEqual([SAVE_STREAM_CHUNK_BYTES, 5]);
    expect(await target.close()).toEqual({ where: '/home/r/big.jsonl' });
    await target.abort();
    expect(api.saveStreamAbort).toHaveBeenCalledWith({ id: 'a'.repeat(24) });
  });

  it('gives no target when the save dialog is cancelled', async () => {
    const api = fakeApi({ saveStreamOpen: vi.fn(async () => null) });
    expect(await createDesktopPlatform(api).saveStream('x.jsonl', [])).toBeNull();
  });

  it('reads an archive the shell holds open a bounded chunk at a time, from where it is asked, and closes it', async () => {
    const size = 2 * ARCHIVE_READ_CHUNK_BYTES + 10;
    const file = new Uint8Array(size);
    for (let i = 0; i < size; i += 4093) file[i] = (i / 4093) % 251;
    const same = (a: Uint8Array, b: Uint8Array) =>
      Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
    const api = fakeApi({
      archiveOpen: vi.fn(async () => ({ id: 'b'.repeat(24), name: 'big.claimscope.zip', size })),
      archiveRead: vi.fn(async ({ from, length }) => file.slice(from, from + length)),
    });
    const source = (await createDesktopPlatform(api).openArchive([{ name: 'Archive', extensions: ['zip'] }]))!;
    expect([source.name, source.size]).toEqual(['big.claimscope.zip', size]);
    // The zip's directory, at the end; then a read longer than one chunk, in chunks.
    expect(same(await source.read(size - 4, size + 100), file.subarray(size - 4))).toBe(true);
    expect(same(await source.read(0, size), file)).toBe(true);
    const lengths = vi.mocked(api.archiveRead).mock.calls.map(([req]) => req.length);
    expect(lengths).toEqual([4, ARCHIVE_READ_CHUNK_BYTES, ARCHIVE_READ_CHUNK_BYTES, 10]);
    expect(api.openFiles).not.toHaveBeenCalled();
    await source.close();
    expect(api.archiveClose).toHaveBeenCalledWith({ id: 'b'.repeat(24) });
  });

  it('says so when an archive ends before the size it had when opened, and opens nothing when the dialog is cancelled', async () => {
    const api = fakeApi({
      archiveOpen: vi.fn(async () => ({ id: 'c'.repeat(24), name: 'cut.zip', size: ARCHIVE_READ_CHUNK_BYTES + 10 })),
      archiveRead: vi.fn(async ({ from }) => (from === 0 ? new Uint8Array(ARCHIVE_READ_CHUNK_BYTES) : new Uint8Array())),
    });
    const source = (await createDesktopPlatform(api).openArchive([]))!;
    await expect(source.read(0, source.size)).rejects.toThrow('cut.zip ended before its 8,388,618 bytes: it changed while it was read.');
    expect(await createDesktopPlatform(fakeApi()).openArchive([])).toBeNull();
  });

  it('is the desktop platform', () => {
    expect(createDesktopPlatform(fakeApi()).kind).toBe('desktop');
  });

  it('keeps team passwords and servers through the bridge (the shell encrypts them)', async () => {
    const api = fakeApi({ getTeamPassword: vi.fn(async () => 'from-keychain') });
    const { secrets, allowServer } = createDesktopPlatform(api).teamServer;
    await secrets.set('p1', 'pw', true);
    expect(api.setTeamPassword).toHaveBeenCalledWith({ projectId: 'p1', password: 'pw', remember: true });
    expect(await secrets.get('p1')).toBe('from-keychain');
    expect(await allowServer('https://couch.example.org')).toEqual({ reload: true });
    expect(api.allowTeamServer).toHaveBeenCalledWith({ origin: 'https://couch.example.org' });
  });

  it('saves a whole file as a streamed save, in chunks, and reports where it went', async () => {
    const api = fakeApi({ saveStreamClose: vi.fn(async () => ({ path: '/home/r/export.json' })) });
    const platform = createDesktopPlatform(api);
    const filters = [{ name: 'JSON', extensions: ['json'] }];
    await expect(platform.saveFile('export.json', '{}', filters)).resolves.toEqual({ saved: true, where: '/home/r/export.json' });
    expect(api.saveStreamOpen).toHaveBeenCalledWith({ suggestedName: 'export.json', filters });
    expect(vi.mocked(api.saveStreamWrite).mock.calls.map(([req]) => new TextDecoder().decode(req.data))).toEqual(['{}']);
    await platform.saveFile('bundle.zip', new Uint8Array(SAVE_STREAM_CHUNK_BYTES * 2 + 1), []);
    expect(
      vi
        .mocked(api.saveStreamWrite)
        .mock.calls.slice(1)
        .map(([req]) => req.data.length),
    ).toEqual([SAVE_STREAM_CHUNK_BYTES, SAVE_STREAM_CHUNK_BYTES, 1]);
  });

  it('reports a cancelled save as not saved, and drops a save whose write failed', async () => {
    const cancelled = createDesktopPlatform(fakeApi({ saveStreamOpen: async () => null }));
    await expect(cancelled.saveFile('a.csv', new Uint8Array([1]), [])).resolves.toEqual({ saved: false });
    const api = fakeApi({ saveStreamWrite: vi.fn(async () => Promise.reject(new Error('disk full'))) });
    await expect(createDesktopPlatform(api).saveFile('a.csv', 'x', [])).rejects.toThrow('disk full');
    expect(api.saveStreamAbort).toHaveBeenCalledWith({ id: 'a'.repeat(24) });
    expect(api.saveStreamClose).not.toHaveBeenCalled();
  });

  it('writes an automatic backup in chunks to the shell, and opens one to be read in chunks', async () => {
    const api = fakeApi({ archiveRead: vi.fn(async () => new Uint8Array([80, 75, 3])) });
    const store = createDesktopPlatform(api).autoBackups!;
    const start = { projectId: 'p1', projectName: 'P', reason: 'daily' as const, contentHash: 'a'.repeat(64) };
    const target = await store.start(start);
    expect(api.autoBackupStart).toHaveBeenCalledWith(start);
    await target.write(new Uint8Array(SAVE_STREAM_CHUNK_BYTES + 3));
    expect(vi.mocked(api.saveStreamWrite).mock.calls.map(([req]) => [req.id, req.data.length])).toEqual([
      ['d'.repeat(24), SAVE_STREAM_CHUNK_BYTES],
      ['d'.repeat(24), 3],
    ]);
    expect(await target.close()).toEqual(BACKUP);
    expect(api.autoBackupFinish).toHaveBeenCalledWith({ id: 'd'.repeat(24) });
    await (await store.start(start)).abort();
    expect(api.saveStreamAbort).toHaveBeenCalledWith({ id: 'd'.repeat(24) });
    const source = await store.open(BACKUP.id);
    expect([source.name, source.size]).toEqual([BACKUP.id, 3]);
    expect(await source.read(0, 3)).toEqual(new Uint8Array([80, 75, 3]));
    expect(api.archiveRead).toHaveBeenCalledWith({ id: 'e'.repeat(24), from: 0, length: 3 });
    await source.close();
    expect(api.archiveClose).toHaveBeenCalledWith({ id: 'e'.repeat(24) });
  });

  it('passes opened files on as name + bytes only (no local paths reach the app)', async () => {
    const api = fakeApi({ openFiles: vi.fn(async () => [picked('a.txt', 'alpha'), picked('b.txt', 'beta')]) });
    const files = await createDesktopPlatform(api).openFiles([{ name: 'Text', extensions: ['txt'] }], true);
    expect(files.map((f) => [f.name, new TextDecoder().decode(f.data)])).toEqual([
      ['a.txt', 'alpha'],
      ['b.txt', 'beta'],
    ]);
    expect(files.every((f) => !('path' in f))).toBe(true);
    expect(api.openFiles).toHaveBeenCalledWith({ filters: [{ name: 'Text', extensions: ['txt'] }], multiple: true });
  });

  it('returns folder files with their relative names, and [] when cancelled', async () => {
    const withFiles = createDesktopPlatform(fakeApi({ openFolder: async () => [picked('sub/c.txt', 'gamma')] }));
    expect((await withFiles.openFolder()).map((f) => f.name)).toEqual(['sub/c.txt']);
    expect(await createDesktopPlatform(fakeApi()).openFolder()).toEqual([]);
  });

  it('forwards menu commands and unsubscribes through the bridge', () => {
    let registered: ((c: MenuCommand) => void) | undefined;
    const unsubscribe = vi.fn();
    const api = fakeApi({
      onMenuCommand: (listener) => {
        registered = listener;
        return unsubscribe;
      },
    });
    const seen: MenuCommand[] = [];
    const off = createDesktopPlatform(api).onMenuCommand((c) => seen.push(c));
    registered?.('export');
    registered?.('undo');
    expect(seen).toEqual(['export', 'undo']);
    off();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});

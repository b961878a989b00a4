import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARCHIVE_READ_CHUNK_BYTES, INVOKE_CHANNELS, type AutoBackupInfo } from './api.ts';

const HASH = 'a'.repeat(64);
const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array);
import { autoBackupOpenRequest, autoBackupStartRequest, registerDesktopHandlers, saveStreamOpenRequest } from './handlers.ts';
import { createHandle } from './ipc.ts';
import { createPasswordKeeper, createServerOrigins } from './teamServer.ts';
import { isAppUrl } from './window.ts';

/** safeStorage without a keychain: reversed bytes (electron/teamServer.test.ts tests the keeper itself). */
const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
  decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
};

type Listener = (event: IpcMainInvokeEvent, payload?: unknown) => Promise<unknown>;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(dialogResult: { open?: string[]; save?: string } = {}) {
  const listeners = new Map<string, Listener>();
  const ipcMain = { handle: (channel: string, listener: Listener) => listeners.set(channel, listener) };
  const win = {} as BrowserWindow;
  const dialog = {
    showOpenDialog: vi.fn(async () => ({ canceled: !dialogResult.open, filePaths: dialogResult.open ?? [] })),
    showSaveDialog: vi.fn(async () => ({ canceled: !dialogResult.save, filePath: dialogResult.save ?? '' })),
  };
  registerDesktopHandlers(createHandle(ipcMain as never, { isAppUrl, log: vi.fn() }), {
    dialog: dialog as never,
    windowFor: () => win,
    defaultSaveDir: () => path.join(dir, 'Documents'),
    backupsDir: () => path.join(dir, 'userData', 'backups'),
    passwords: createPasswordKeeper(path.join(dir, 'userData'), safeStorage, vi.fn()),
    servers: createServerOrigins(path.join(dir, 'userData')),
  });
  // The window's web contents: an id, and its 'destroyed' listeners (run by `destroy`).
  const destroyed: (() => void)[] = [];
  const sender = { id: 7, once: (name: string, listener: () => void) => name === 'destroyed' && destroyed.push(listener) };
  const destroy = () => destroyed.splice(0).forEach((l) => l());
  const appEvent = { senderFrame: { url: 'app://claimscope/index.html', parent: null }, sender } as unknown as IpcMainInvokeEvent;
  const invoke = (channel: string, payload?: unknown) => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(appEvent, payload);
  };
  return { listeners, dialog, invoke, destroy, destroyed };
}

describe('registerDesktopHandlers', () => {
  it('registers one handler per invoke channel', () => {
    expect([...setup().listeners.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('streams a save to the chosen path, starting the dialog in the default folder', async () => {
    const target = path.join(dir, 'export.csv');
    const { invoke, dialog } = setup({ save: target });
    const filters = [{ name: 'CSV', extensions: ['csv'] }];
    const opened = (await invoke(INVOKE_CHANNELS.saveStreamOpen, { suggestedName: 'export.csv', filters })) as { id: string };
    await invoke(INVOKE_CHANNELS.saveStreamWrite, { id: opened.id, data: new TextEncoder().encode('a,b\n') });
    await expect(invoke(INVOKE_CHANNELS.saveStreamClose, { id: opened.id })).resolves.toEqual({ path: target });
    expect(await readFile(target, 'utf8')).toBe('a,b\n');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ defaultPath: path.join(dir, 'Documents', 'export.csv'), filters }),
    );
  });

  it('streams a save to the chosen path: the file appears whole when closed, and an invalid chunk is refused', async () => {
    const target = path.join(dir, 'big.jsonl');
    const { invoke } = setup({ save: target });
    const opened = (await invoke(INVOKE_CHANNELS.saveStreamOpen, { suggestedName: 'big.jsonl', filters: [] })) as {
      id: string;
      path: string;
    };
    expect(opened.path).toBe(target);
    await invoke(INVOKE_CHANNELS.saveStreamWrite, { id: opened.id, data: new TextEncoder().encode('{"a":1}\n') });
    await expect(invoke(INVOKE_CHANNELS.saveStreamWrite, { id: opened.id, data: 'text' })).rejects.toThrow('invalid request');
    await expect(invoke(INVOKE_CHANNELS.saveStreamWrite, { id: '../etc', data: new Uint8Array(1) })).rejects.toThrow('invalid request');
    await expect(invoke(INVOKE_CHANNELS.saveStreamClose, { id: opened.id })).resolves.toEqual({ path: target });
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n');
    expect(await invoke(INVOKE_CHANNELS.saveStreamOpen, { suggestedName: 'a/b', filters: [] }).catch((e: Error) => e.message)).toMatch(
      'invalid request',
    );
  });

  it('opens a chosen archive to be read in bounded chunks by the window that opened it, and closes it', async () => {
    const archive = path.join(dir, 'backup.claimscope.zip');
    await writeFile(archive, 'PK-archive');
    const { invoke, dialog } = setup({ open: [archive] });
    const filters = [{ name: 'Claimscope project archive', extensions: ['zip'] }];
    const opened = (await invoke(INVOKE_CHANNELS.archiveOpen, { filters })) as { id: string; name: string; size: number };
    expect({ name: opened.name, size: opened.size }).toEqual({ name: 'backup.claimscope.zip', size: 10 });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(expect.anything(), { filters, properties: ['openFile'] });
    expect(text(await invoke(INVOKE_CHANNELS.archiveRead, { id: opened.id, from: 3, length: 7 }))).toBe('archive');
    for (const bad of [
      { id: opened.id, from: 0, length: ARCHIVE_READ_CHUNK_BYTES + 1 },
      { id: opened.id, from: -1, length: 4 },
      { id: opened.id, from: 0, length: 0 },
      { id: '../etc/passwd', from: 0, length: 4 },
      { id: opened.id, from: 0, length: 4, path: '/etc/passwd' },
    ]) {
      await expect(invoke(INVOKE_CHANNELS.archiveRead, bad)).rejects.toThrow('invalid request');
    }
    await invoke(INVOKE_CHANNELS.archiveClose, { id: opened.id });
    await expect(invoke(INVOKE_CHANNELS.archiveRead, { id: opened.id, from: 0, length: 2 })).rejects.toThrow('That file is not open');
    expect(await setup().invoke(INVOKE_CHANNELS.archiveOpen, { filters })).toBeNull();
  });

  it('closes the archives of a window that closes', async () => {
    const archive = path.join(dir, 'a.zip');
    await writeFile(archive, 'PK');
    const { invoke, destroy } = setup({ open: [archive] });
    const opened = (await invoke(INVOKE_CHANNELS.archiveOpen, { filters: [] })) as { id: string };
    destroy();
    await vi.waitFor(() => expect(invoke(INVOKE_CHANNELS.archiveRead, { id: opened.id, from: 0, length: 2 })).rejects.toThrow('not open'));
  });

  it('watches a window once however many archives it opens, and closes all of them', async () => {
    const archive = path.join(dir, 'a.zip');
    await writeFile(archive, 'PK');
    const { invoke, destroy, destroyed } = setup({ open: [archive] });
    const first = (await invoke(INVOKE_CHANNELS.archiveOpen, { filters: [] })) as { id: string };
    const second = (await invoke(INVOKE_CHANNELS.archiveOpen, { filters: [] })) as { id: string };
    expect(destroyed).toHaveLength(1);
    destroy();
    for (const { id } of [first, second])
      await vi.waitFor(() => expect(invoke(INVOKE_CHANNELS.archiveRead, { id, from: 0, length: 2 })).rejects.toThrow('not open'));
  });

  it('a cancelled dialog opens no streamed save', async () => {
    const { invoke } = setup();
    await expect(invoke(INVOKE_CHANNELS.saveStreamOpen, { suggestedName: 'x.jsonl', filters: [] })).resolves.toBeNull();
  });

  it('reads picked files and a picked folder; [] when cancelled', async () => {
    await mkdir(path.join(dir, 'corpus', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'corpus', 'a.txt'), 'alpha');
    await writeFile(path.join(dir, 'corpus', 'sub', 'b.txt'), 'beta');
    const files = (await setup({ open: [path.join(dir, 'corpus', 'a.txt')] }).invoke(INVOKE_CHANNELS.openFiles, {
      filters: [],
      multiple: false,
    })) as {
      name: string;
    }[];
    expect(files.map((f) => f.name)).toEqual(['a.txt']);
    const folder = (await setup({ open: [path.join(dir, 'corpus')] }).invoke(INVOKE_CHANNELS.openFolder)) as { name: string }[];
    expect(folder.map((f) => f.name)).toEqual(['a.txt', 'sub/b.txt']);
    expect(await setup().invoke(INVOKE_CHANNELS.openFiles, { filters: [], multiple: true })).toEqual([]);
    expect(await setup().invoke(INVOKE_CHANNELS.openFolder)).toEqual([]);
  });

  it('writes automatic backups under userData/backups in chunks, lists them, and opens them to be read in chunks', async () => {
    const { invoke, destroy } = setup();
    const backups = path.join(dir, 'userData', 'backups');
    const start = { projectId: 'p1', projectName: 'Sample project', reason: 'daily', contentHash: HASH };
    const { id } = (await invoke(INVOKE_CHANNELS.autoBackupStart, start)) as { id: string };
    for (const part of ['PK', '\x03\x04', '-rest'])
      await invoke(INVOKE_CHANNELS.saveStreamWrite, { id, data: new TextEncoder().encode(part) });
    // Nothing is listed until it is finished: only a temporary file is there.
    expect(await invoke(INVOKE_CHANNELS.listAutoBackups)).toEqual([]);
    const written = (await invoke(INVOKE_CHANNELS.autoBackupFinish, { id })) as AutoBackupInfo;
    expect(written).toMatchObject({ projectId: 'p1', projectName: 'Sample project', reason: 'daily', bytes: 9 });
    expect((await readdir(backups)).sort()).toEqual([written.id, written.id.replace(/\.claimscope\.zip$/, '.json')].sort());
    expect(await invoke(INVOKE_CHANNELS.listAutoBackups)).toEqual([written]);
    const opened = (await invoke(INVOKE_CHANNELS.autoBackupOpen, { id: written.id })) as { id: string; name: string; size: number };
    expect({ name: opened.name, size: opened.size }).toEqual({ name: written.id, size: 9 });
    expect(text(await invoke(INVOKE_CHANNELS.archiveRead, { id: opened.id, from: 4, length: 5 }))).toBe('-rest');
    await invoke(INVOKE_CHANNELS.archiveClose, { id: opened.id });
    // A window that closes part-way through a backup leaves no file behind.
    const part = (await invoke(INVOKE_CHANNELS.autoBackupStart, start)) as { id: string };
    await invoke(INVOKE_CHANNELS.saveStreamWrite, { id: part.id, data: new Uint8Array(3) });
    destroy();
    await vi.waitFor(async () =>
      expect((await readdir(backups)).sort()).toEqual([written.id, written.id.replace(/\.claimscope\.zip$/, '.json')].sort()),
    );
    expect(await invoke(INVOKE_CHANNELS.listAutoBackups)).toEqual([written]);
  });

  it('refuses payloads that try to pick the path themselves', async () => {
    const { invoke, dialog } = setup({ save: path.join(dir, 'x') });
    await expect(invoke(INVOKE_CHANNELS.saveStreamOpen, { suggestedName: '../../.bashrc', filters: [] })).rejects.toThrow(
      /invalid request/,
    );
    await expect(
      invoke(INVOKE_CHANNELS.autoBackupStart, { projectId: '../escape', projectName: 'x', reason: 'daily', contentHash: HASH }),
    ).rejects.toThrow(/invalid request/);
    await expect(invoke(INVOKE_CHANNELS.autoBackupOpen, { id: '../../.ssh/id_rsa' })).rejects.toThrow(/invalid request/);
    await expect(invoke(INVOKE_CHANNELS.autoBackupOpen, { id: '/etc/passwd' })).rejects.toThrow(/invalid request/);
    await expect(invoke(INVOKE_CHANNELS.openFolder, { path: '/etc' })).rejects.toThrow(/invalid request/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('keeps a remembered team password only encrypted on disk, and saves team servers as origins', async () => {
    const { invoke } = setup();
    const projectId = 'V1StGXR8_Z5jdHi6B-myT';
    expect(await invoke(INVOKE_CHANNELS.getTeamPassword, { projectId })).toBeNull();
    expect(await invoke(INVOKE_CHANNELS.setTeamPassword, { projectId, password: 'pässwörd', remember: true })).toEqual({
      remembered: true,
    });
    const onDisk = await readFile(path.join(dir, 'userData', 'team-passwords.json'), 'utf8');
    expect(onDisk).toContain(projectId);
    expect(onDisk).not.toContain('pässwörd');
    // A restart: a new main process reads it back through safeStorage.
    expect(await setup().invoke(INVOKE_CHANNELS.getTeamPassword, { projectId })).toBe('pässwörd');
    await invoke(INVOKE_CHANNELS.deleteTeamPassword, { projectId });
    expect(await setup().invoke(INVOKE_CHANNELS.getTeamPassword, { projectId })).toBeNull();

    expect(await invoke(INVOKE_CHANNELS.allowTeamServer, { origin: 'https://couch.lab.example:6984' })).toEqual({
      origin: 'https://couch.lab.example:6984',
      reload: true,
    });
    await expect(invoke(INVOKE_CHANNELS.allowTeamServer, { origin: '*' })).rejects.toThrow(/not an origin/);
    await expect(invoke(INVOKE_CHANNELS.allowTeamServer, { origin: 'https://*.example.org' })).rejects.toThrow(/one origin/);
    await expect(invoke(INVOKE_CHANNELS.setTeamPassword, { projectId: '../x', password: 'p', remember: true })).rejects.toThrow(
      /invalid request/,
    );
    await expect(invoke(INVOKE_CHANNELS.allowTeamServer, { origin: 'https://a.example', extra: 1 })).rejects.toThrow(/invalid request/);
  });
});

describe('request schemas', () => {
  it('accept what the renderer sends', () => {
    expect(saveStreamOpenRequest.safeParse({ suggestedName: 'brat.zip', filters: [{ name: 'Zip', extensions: ['zip'] }] }).success).toBe(
      true,
    );
    expect(
      autoBackupStartRequest.safeParse({
        projectId: 'V1StGXR8_Z5jdHi6B-myT',
        projectName: 'Corpus 2',
        reason: 'upgrade',
        contentHash: HASH,
      }).success,
    ).toBe(true);
    expect(autoBackupOpenRequest.safeParse({ id: 'p1.20261205T233804123Z.daily.claimscope.zip' }).success).toBe(true);
  });
  it('refuse bad filters and names, and an automatic backup handed over whole', () => {
    expect(saveStreamOpenRequest.safeParse({ suggestedName: 'a', filters: [{ name: 'x', extensions: ['.json'] }] }).success).toBe(false);
    expect(saveStreamOpenRequest.safeParse({ suggestedName: 'a/b', filters: [] }).success).toBe(false);
    expect(autoBackupStartRequest.safeParse({ projectId: 'p1', projectName: 'x', reason: 'weekly', contentHash: HASH }).success).toBe(
      false,
    );
    expect(
      autoBackupStartRequest.safeParse({ projectId: 'p1', projectName: 'x', reason: 'daily', contentHash: HASH, data: new Uint8Array(1) })
        .success,
    ).toBe(false);
    expect(autoBackupOpenRequest.safeParse({ id: 'notes.txt' }).success).toBe(false);
  });
});

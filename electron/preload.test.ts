import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi, MenuCommand } from './api.ts';

// The preload imports `electron`, whose binary is not needed to test what the page receives:
// a fake contextBridge captures the exposed object and a fake ipcRenderer records traffic.
const bridge = vi.hoisted(() => ({ exposed: new Map<string, unknown>() }));
const ipc = vi.hoisted(() => ({
  invoke: vi.fn(async (..._args: unknown[]) => 'reply'),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  on(channel: string, listener: (...args: unknown[]) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    this.listeners.get(channel)?.delete(listener);
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => ipc.invoke(...args),
    on: (channel: string, listener: (...args: unknown[]) => void) => ipc.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => ipc.removeListener(channel, listener),
  },
}));

async function loadDesktop(): Promise<DesktopApi> {
  await import('./preload.ts');
  return bridge.exposed.get('desktop') as DesktopApi;
}

const emit = (channel: string, ...args: unknown[]) => {
  for (const listener of ipc.listeners.get(channel) ?? []) listener({ sender: 'raw event' }, ...args);
};

beforeEach(() => {
  ipc.invoke.mockClear();
});

describe('preload bridge', () => {
  it('exposes only window.desktop, with exactly the DesktopApi members', async () => {
    const desktop = await loadDesktop();
    expect([...bridge.exposed.keys()]).toEqual(['desktop']);
    expect(Object.keys(desktop).sort()).toEqual([
      'allowTeamServer',
      'archiveClose',
      'archiveOpen',
      'archiveRead',
      'autoBackupFinish',
      'autoBackupOpen',
      'autoBackupStart',
      'deleteTeamPassword',
      'forgetTeamServer',
      'getTeamPassword',
      'kind',
      'listAutoBackups',
      'onMenuCommand',
      'openFiles',
      'openFolder',
      'saveStreamAbort',
      'saveStreamClose',
      'saveStreamOpen',
      'saveStreamWrite',
      'setTeamPassword',
    ]);
    expect(desktop.kind).toBe('desktop');
    for (const value of Object.values(desktop)) expect(value).not.toHaveProperty('invoke');
  });

  it('sends each call on its own channel with the request as given', async () => {
    const desktop = await loadDesktop();
    await desktop.openFiles({ filters: [], multiple: true });
    await desktop.openFolder();
    const backup = { projectId: 'p1', projectName: 'P', reason: 'daily' as const, contentHash: 'h' };
    await desktop.autoBackupStart(backup);
    await desktop.autoBackupFinish({ id: 's' });
    await desktop.listAutoBackups();
    await desktop.autoBackupOpen({ id: 'b' });
    await desktop.saveStreamOpen({ suggestedName: 'a.jsonl', filters: [] });
    await desktop.saveStreamWrite({ id: 's', data: new Uint8Array(1) });
    await desktop.saveStreamClose({ id: 's' });
    await desktop.saveStreamAbort({ id: 's' });
    await desktop.archiveOpen({ filters: [] });
    await desktop.archiveRead({ id: 'r', from: 4, length: 8 });
    await desktop.archiveClose({ id: 'r' });
    await desktop.setTeamPassword({ projectId: 'p1', password: 's', remember: true });
    await desktop.allowTeamServer({ origin: 'https://couch.example.org' });
    expect(ipc.invoke.mock.calls).toEqual([
      ['claimscope:open-files', { filters: [], multiple: true }],
      ['claimscope:open-folder'],
      ['claimscope:auto-backup-start', backup],
      ['claimscope:auto-backup-finish', { id: 's' }],
      ['claimscope:list-auto-backups'],
      ['claimscope:auto-backup-open', { id: 'b' }],
      ['claimscope:save-stream-open', { suggestedName: 'a.jsonl', filters: [] }],
      ['claimscope:save-stream-write', { id: 's', data: new Uint8Array(1) }],
      ['claimscope:save-stream-close', { id: 's' }],
      ['claimscope:save-stream-abort', { id: 's' }],
      ['claimscope:archive-open', { filters: [] }],
      ['claimscope:archive-read', { id: 'r', from: 4, length: 8 }],
      ['claimscope:archive-close', { id: 'r' }],
      ['claimscope:set-team-password', { projectId: 'p1', password: 's', remember: true }],
      ['claimscope:allow-team-server', { origin: 'https://couch.example.org' }],
    ]);
  });

  it('passes on the request alone: further arguments from the page go nowhere', async () => {
    const desktop = await loadDesktop();
    const call = desktop.autoBackupOpen as (...args: unknown[]) => Promise<unknown>;
    await call({ id: 'b' }, 'extra', { channel: 'claimscope:save-stream-write' });
    expect(ipc.invoke.mock.calls).toEqual([['claimscope:auto-backup-open', { id: 'b' }]]);
  });

  it('hands menu listeners the command only, never the IPC event, and ignores unknown commands', async () => {
    const desktop = await loadDesktop();
    const received: unknown[][] = [];
    const off = desktop.onMenuCommand((...args: unknown[]) => received.push(args));
    emit('claimscope:menu-command', 'export');
    emit('claimscope:menu-command', 'rm -rf');
    emit('claimscope:menu-command', { command: 'undo' });
    emit('claimscope:menu-command', 'undo');
    expect(received).toEqual([['export'], ['undo']]);
    off();
    emit('claimscope:menu-command', 'redo');
    expect(received).toHaveLength(2);
  });

  it('lets two listeners unsubscribe independently', async () => {
    const desktop = await loadDesktop();
    const a: MenuCommand[] = [];
    const b: MenuCommand[] = [];
    const offA = desktop.onMenuCommand((c) => a.push(c));
    const offB = desktop.onMenuCommand((c) => b.push(c));
    offA();
    emit('claimscope:menu-command', 'open-files');
    expect(a).toEqual([]);
    expect(b).toEqual(['open-files']);
    offB();
  });
});

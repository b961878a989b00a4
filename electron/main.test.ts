import { beforeEach, describe, expect, it, vi } from 'vitest';

// main.ts wires Electron together at import time. A fake `electron` module records what it
// does, so the lifecycle is checked in Node: order of setup, the window it creates, the IPC
// channels, the menu, and the single-instance behaviour.
const fake = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  class FakeWebContents {
    listeners = new Map<string, unknown>();
    session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    send = vi.fn();
    on(name: string, listener: unknown) {
      this.listeners.set(name, listener);
      return this;
    }
    setWindowOpenHandler = vi.fn();
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    static getAllWindows = () => FakeBrowserWindow.created;
    static getFocusedWindow = () => FakeBrowserWindow.created[0] ?? null;
    static fromWebContents = () => FakeBrowserWindow.created[0] ?? null;
    webContents = new FakeWebContents();
    loadURL = vi.fn(async () => {});
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    once = vi.fn();
    on = vi.fn();
    constructor(public options: unknown) {
      FakeBrowserWindow.created.push(this);
      calls.push('new BrowserWindow');
    }
  }
  return {
    calls,
    appListeners,
    FakeBrowserWindow,
    ipcHandled: [] as string[],
    protocolHandled: [] as string[],
    menuTemplate: [] as unknown[],
    privileged: [] as unknown[],
  };
});

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    name: 'Claimscope',
    enableSandbox: () => fake.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    quit: () => fake.calls.push('quit'),
    exit: (code: number) => fake.calls.push(`exit ${code}`),
    isReady: () => fake.calls.includes('ready'),
    on: (name: string, listener: (...args: unknown[]) => void) => fake.appListeners.set(name, listener),
    whenReady: () =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          fake.calls.push('ready');
          resolve();
        }, 0);
      }),
    getPath: (name: string) => `/home/r/${name}`,
  },
  BrowserWindow: fake.FakeBrowserWindow,
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  ipcMain: { handle: (channel: string) => fake.ipcHandled.push(channel) },
  Menu: {
    buildFromTemplate: (template: unknown[]) => {
      fake.menuTemplate = template;
      return { template };
    },
    setApplicationMenu: () => fake.calls.push('setApplicationMenu'),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.privileged = schemes;
      fake.calls.push('registerSchemesAsPrivileged');
    },
    handle: (scheme: string) => {
      fake.protocolHandled.push(scheme);
      fake.calls.push('protocol.handle');
    },
  },
  shell: { openExternal: vi.fn(async () => {}) },
  safeStorage: { isEncryptionAvailable: () => true, encryptString: vi.fn(), decryptString: vi.fn() },
}));

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

async function started() {
  await import('./main.ts');
  await vi.waitFor(() => expect(fake.FakeBrowserWindow.created.length).toBeGreaterThan(0));
}

describe('main process', () => {
  it('registers the scheme and turns on the sandbox before the app is ready', async () => {
    await started();
    const order = fake.calls;
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('ready'));
    expect(order.indexOf('enableSandbox')).toBeLessThan(order.indexOf('ready'));
    expect(fake.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
  });

  it('after ready: serves app://, registers every IPC channel, sets the menu, then opens the window', async () => {
    await started();
    expect(fake.protocolHandled).toEqual(['app']);
    expect(fake.ipcHandled.sort()).toEqual([
      'claimscope:allow-team-server',
      'claimscope:archive-close',
      'claimscope:archive-open',
      'claimscope:archive-read',
      'claimscope:auto-backup-finish',
      'claimscope:auto-backup-open',
      'claimscope:auto-backup-start',
      'claimscope:delete-team-password',
      'claimscope:forget-team-server',
      'claimscope:get-team-password',
      'claimscope:list-auto-backups',
      'claimscope:open-files',
      'claimscope:open-folder',
      'claimscope:save-stream-abort',
      'claimscope:save-stream-close',
      'claimscope:save-stream-open',
      'claimscope:save-stream-write',
      'claimscope:set-team-password',
    ]);
    const order = fake.calls;
    expect(order.indexOf('protocol.handle')).toBeLessThan(order.indexOf('new BrowserWindow'));
    expect(order.indexOf('setApplicationMenu')).toBeLessThan(order.indexOf('new BrowserWindow'));
    expect(fake.menuTemplate.length).toBeGreaterThan(0);
  });

  it('opens one secure window on app://claimscope/index.html with the CommonJS preload', async () => {
    await started();
    expect(fake.FakeBrowserWindow.created).toHaveLength(1);
    const win = fake.FakeBrowserWindow.created[0];
    const prefs = (win?.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]preload\.cjs$/);
    expect(win?.loadURL).toHaveBeenCalledWith('app://claimscope/index.html');
    // A dead renderer is handled (reload, then a recovery page), never left as a blank window.
    expect(win?.webContents.listeners.has('render-process-gone')).toBe(true);
    expect(win?.webContents.listeners.has('will-navigate')).toBe(true);
    expect(win?.webContents.session.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts, instead of opening another', async () => {
    await started();
    fake.appListeners.get('second-instance')?.();
    const win = fake.FakeBrowserWindow.created[0];
    expect(fake.FakeBrowserWindow.created).toHaveLength(1);
    expect(win?.restore).toHaveBeenCalled();
    expect(win?.focus).toHaveBeenCalled();
  });

  it('hardens every WebContents the app creates', async () => {
    await started();
    const listeners = new Map<string, unknown>();
    const contents = { on: (name: string, l: unknown) => listeners.set(name, l), setWindowOpenHandler: vi.fn() };
    fake.appListeners.get('web-contents-created')?.({}, contents);
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
  });
});

// The main process: lifecycle, single-instance lock, the app:// scheme, the window, the menu and
// the IPC handlers. Everything with logic lives in the modules it wires together.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MENU_COMMAND_CHANNEL } from './api.ts';
import { registerDesktopHandlers } from './handlers.ts';
import { createHandle } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { handleAppProtocol, policyForTeamServers, registerAppScheme } from './protocol.ts';
import { handleRendererGone } from './recovery.ts';
import { createPasswordKeeper, createServerOrigins } from './teamServer.ts';
import { APP_ENTRY_URL, createMainWindow, hardenWebContents, isAppUrl } from './window.ts';

const log = (message: string) => console.warn(`[claimscope] ${message}`);
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/preload.cjs');
// electron-vite sets this while `electron-vite dev` runs; a packaged app never trusts it.
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const isTrustedUrl = (url: string) => isAppUrl(url, devServerUrl);

registerAppScheme(protocol);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): BrowserWindow {
  const win = createMainWindow({
    BrowserWindow,
    shell,
    preloadPath,
    url: devServerUrl ?? APP_ENTRY_URL,
    ...(devServerUrl ? { devServerUrl } : {}),
    log,
  });
  handleRendererGone(win, log);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  return win;
}

function focusMainWindow(): void {
  const win = mainWindow ?? openMainWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady()) focusMainWindow();
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, shell, log, devServerUrl);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      const userData = app.getPath('userData');
      const servers = createServerOrigins(userData);
      handleAppProtocol(protocol, rendererDir, log, policyForTeamServers(servers));

      const handle = createHandle(ipcMain, { isAppUrl: isTrustedUrl, log });
      registerDesktopHandlers(handle, {
        dialog,
        windowFor: (sender) => BrowserWindow.fromWebContents(sender),
        defaultSaveDir: () => app.getPath('documents'),
        backupsDir: () => path.join(userData, 'backups'),
        passwords: createPasswordKeeper(userData, safeStorage, log),
        servers,
      });

      const template = buildMenuTemplate({
        appName: app.name,
        isMac: process.platform === 'darwin',
        isPackaged: app.isPackaged,
        send: (command, win) => {
          const target = (win instanceof BrowserWindow ? win : null) ?? BrowserWindow.getFocusedWindow() ?? mainWindow;
          target?.webContents.send(MENU_COMMAND_CHANNEL, command);
        },
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));

      openMainWindow();

      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      log(`could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });
}

// One secure BrowserWindow factory. Electron's security checklist is the default here: an
// isolated, sandboxed renderer without Node, no navigation or pop-ups away from the app, no
// permissions, no <webview>. The policy decisions are pure functions so they are tested in Node;
// Electron objects are passed in by main.ts, so this module never imports Electron at runtime.
import type {
  BrowserWindow as BrowserWindowType,
  BrowserWindowConstructorOptions,
  Session,
  Shell,
  WebContents,
  WebPreferences,
} from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'claimscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    experimentalFeatures: false,
  };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` belongs to the app: the `app://claimscope/` origin, or (in development) the
 * exact origin of the electron-vite dev server. Compared by scheme + host + port because Node's
 * URL reports `origin: 'null'` for custom schemes.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (devServerUrl) {
    const dev = parseUrl(devServerUrl);
    if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
      return parsed.protocol === dev.protocol && parsed.host === dev.host;
    }
  }
  return false;
}

export type NavigationDecision = 'allow' | 'deny';

/** `will-navigate` / `will-redirect`: only moves within the app are allowed. */
export function decideNavigation(url: string, devServerUrl?: string): NavigationDecision {
  return isAppUrl(url, devServerUrl) ? 'allow' : 'deny';
}

/**
 * Permission requests and checks: the app needs none (no camera, microphone, notifications,
 * geolocation, clipboard-read, MIDI, HID …), so every one is refused, whoever asks.
 */
export function decidePermission(permission: string, requestingUrl: string): { granted: false; reason: string } {
  return {
    granted: false,
    reason: `permission "${permission}" requested by ${requestingUrl || 'an unknown page'} is not used by Claimscope`,
  };
}

/**
 * A link the user clicked may open in the system browser only when it is a plain https URL with
 * a host and no embedded credentials (so no file:, javascript:, custom protocol handlers, …).
 */
export function externalLinkAllowed(url: string): boolean {
  if (url.length > 2048) return false;
  const parsed = parseUrl(url);
  if (!parsed) return false;
  return parsed.protocol === 'https:' && parsed.hostname.length > 0 && !parsed.username && !parsed.password;
}

export type Log = (message: string) => void;

/**
 * Applies the navigation, pop-up and webview rules to one WebContents. main.ts calls it for
 * every WebContents created in the app, so a window created any other way is covered too.
 * Applying it twice to the same WebContents is a no-op.
 */
const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>, log: Log, devServerUrl?: string): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const guardNavigation = (event: { preventDefault(): void; url: string }) => {
    if (decideNavigation(event.url, devServerUrl) === 'deny') {
      event.preventDefault();
      log(`blocked navigation to ${event.url}`);
    }
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url)) {
      shell.openExternal(url).catch((error: unknown) => log(`could not open ${url} in the browser: ${String(error)}`));
    } else {
      log(`blocked a new window for ${url}`);
    }
    return { action: 'deny' };
  });
}

/** Permission handlers for a session (both the async request and the sync check). */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, log: Log): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const decision = decidePermission(permission, details.requestingUrl);
    log(`denied: ${decision.reason}`);
    callback(decision.granted);
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => decidePermission(permission, requestingOrigin).granted);
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 800,
    minHeight: 560,
    title: 'Claimscope',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface CreateWindowDeps {
  BrowserWindow: typeof BrowserWindowType;
  shell: Pick<Shell, 'openExternal'>;
  preloadPath: string;
  /** `app://claimscope/index.html`, or the dev server URL in development. */
  url: string;
  devServerUrl?: string;
  log: Log;
}

export function createMainWindow(deps: CreateWindowDeps): BrowserWindowType {
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath));
  hardenWebContents(win.webContents, deps.shell, deps.log, deps.devServerUrl);
  denyAllPermissions(win.webContents.session, deps.log);
  win.once('ready-to-show', () => win.show());
  win.loadURL(deps.url).catch((error: unknown) => deps.log(`could not load ${deps.url}: ${String(error)}`));
  return win;
}

import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import {
  APP_ENTRY_URL,
  decideNavigation,
  decidePermission,
  denyAllPermissions,
  externalLinkAllowed,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
} from './window.ts';

describe('secureWebPreferences', () => {
  it('follows the Electron security checklist', () => {
    expect(secureWebPreferences('/app/out/preload/preload.cjs')).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
    });
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps Node out of workers and frames, experimental and Blink features off, no navigation by drag and drop', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).toMatchObject({
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
  });
});

describe('isAppUrl', () => {
  it('accepts pages of app://claimscope/', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://claimscope/assets/index-abc.js?x=1#y')).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://claimscope.evil.com/index.html',
    'app://user:pw@claimscope/index.html',
    'file:///etc/passwd',
    'https://claimscope/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('accepts the dev server origin only when one is given, and only that origin', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/index.html', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'file:///tmp/')).toBe(false);
  });
});

describe('decideNavigation', () => {
  it('allows moves within the app and denies the rest', () => {
    expect(decideNavigation('app://claimscope/index.html')).toBe('allow');
    expect(decideNavigation('https://www.example.org/')).toBe('deny');
    expect(decideNavigation('file:///home/r/article.txt')).toBe('deny');
  });
});

describe('decidePermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'fileSystem'])(
    'denies %s even to the app itself',
    (permission) => {
      const decision = decidePermission(permission, APP_ENTRY_URL);
      expect(decision.granted).toBe(false);
      expect(decision.reason).toContain(permission);
    },
  );
});

describe('externalLinkAllowed', () => {
  it('allows plain https links', () => {
    expect(externalLinkAllowed('https://www.globalpost.com/dispatch/news/regions/europe/russia')).toBe(true);
  });
  it.each([
    'http://example.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://claimscope/index.html',
    'smb://server/share',
    'https://user:secret@example.org/',
    `https://example.org/${'a'.repeat(3000)}`,
    'https:',
    'garbage',
  ])('refuses %s', (url) => {
    expect(externalLinkAllowed(url)).toBe(false);
  });
});

type Listener = (event: { preventDefault(): void; url: string }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    for (const listener of listeners.get(name) ?? []) listener(event);
    return event.preventDefault;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler?.({ url }), listeners };
}

describe('hardenWebContents', () => {
  it('blocks navigation and redirects away from the app, and every webview', () => {
    const fake = fakeContents();
    const log = vi.fn();
    hardenWebContents(fake.contents, { openExternal: vi.fn(async () => {}) }, log);
    expect(fake.fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fake.fire('will-navigate', 'app://claimscope/index.html')).not.toHaveBeenCalled();
    expect(fake.fire('will-attach-webview', 'app://claimscope/index.html')).toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('blocked navigation to https://evil.example/');
  });

  it('never opens a window; https links go to the system browser, others nowhere', () => {
    const fake = fakeContents();
    const openExternal = vi.fn(async () => {});
    hardenWebContents(fake.contents, { openExternal }, vi.fn());
    expect(fake.open('https://example.org/story')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('app://claimscope/index.html')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.org/story']]);
  });

  it('registers its listeners only once per WebContents', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, { openExternal: vi.fn(async () => {}) }, vi.fn());
    hardenWebContents(fake.contents, { openExternal: vi.fn(async () => {}) }, vi.fn());
    expect(fake.listeners.get('will-navigate')).toHaveLength(1);
  });
});

describe('denyAllPermissions', () => {
  it('answers every request and check with no', () => {
    let request: ((...args: unknown[]) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    denyAllPermissions(session as never, vi.fn());
    const callback = vi.fn();
    request?.(null, 'media', callback, { requestingUrl: APP_ENTRY_URL });
    expect(callback).toHaveBeenCalledWith(false);
    expect(check?.(null, 'clipboard-read', 'app://claimscope', {})).toBe(false);
  });
});

/**
 * (d) Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item,
 * with the tests in electron/ that cover each. `electron-checklist.test.ts` checks that every
 * named test exists in its file, so the mapping cannot point at a test that was renamed or
 * removed; an item without a test says what is missing.
 */
export interface ChecklistItem {
  item: string;
  tests: { file: string; name: string }[];
  /** Why no test covers the item yet (empty tests). */
  open?: string;
}

const t = (file: string, name: string) => ({ file: `electron/${file}`, name });

export const CHECKLIST: ChecklistItem[] = [
  {
    item: '1. Only load secure content',
    tests: [
      t('main.test.ts', 'opens one secure window on app://claimscope/index.html with the CommonJS preload'),
      t('window.test.ts', 'accepts pages of app://claimscope/'),
    ],
  },
  {
    item: '2. Do not enable Node.js integration for remote content',
    tests: [
      t('window.test.ts', 'follows the Electron security checklist'),
      t('window.test.ts', 'keeps Node out of workers and frames, experimental and Blink features off, no navigation by drag and drop'),
    ],
  },
  {
    item: '3. Enable context isolation',
    tests: [
      t('window.test.ts', 'follows the Electron security checklist'),
      t('main.test.ts', 'opens one secure window on app://claimscope/index.html with the CommonJS preload'),
    ],
  },
  {
    item: '4. Enable process sandboxing',
    tests: [
      t('main.test.ts', 'registers the scheme and turns on the sandbox before the app is ready'),
      t('build.test.ts', 'emits the preload as CommonJS that only requires electron (sandboxed preloads cannot load ESM or other modules)'),
    ],
  },
  {
    item: '5. Handle session permission requests from remote content',
    tests: [t('window.test.ts', 'answers every request and check with no'), t('window.test.ts', 'denies %s even to the app itself')],
  },
  { item: '6. Do not disable webSecurity', tests: [t('window.test.ts', 'follows the Electron security checklist')] },
  { item: '7. Define a Content Security Policy', tests: [t('protocol.test.ts', 'serves index.html with the strict CSP')] },
  { item: '8. Do not enable allowRunningInsecureContent', tests: [t('window.test.ts', 'follows the Electron security checklist')] },
  {
    item: '9. Do not enable experimental features',
    tests: [
      t('window.test.ts', 'keeps Node out of workers and frames, experimental and Blink features off, no navigation by drag and drop'),
    ],
  },
  {
    item: '10. Do not use enableBlinkFeatures',
    tests: [
      t('window.test.ts', 'keeps Node out of workers and frames, experimental and Blink features off, no navigation by drag and drop'),
    ],
  },
  {
    item: '11. <webview>: do not use allowpopups',
    tests: [
      t('window.test.ts', 'follows the Electron security checklist'),
      t('window.test.ts', 'blocks navigation and redirects away from the app, and every webview'),
    ],
  },
  {
    item: '12. <webview>: verify options and params',
    tests: [
      t('window.test.ts', 'blocks navigation and redirects away from the app, and every webview'),
      t('main.test.ts', 'hardens every WebContents the app creates'),
    ],
  },
  {
    item: '13. Disable or limit navigation',
    tests: [
      t('window.test.ts', 'allows moves within the app and denies the rest'),
      t('window.test.ts', 'blocks navigation and redirects away from the app, and every webview'),
    ],
  },
  {
    item: '14. Disable or limit creation of new windows',
    tests: [t('window.test.ts', 'never opens a window; https links go to the system browser, others nowhere')],
  },
  {
    item: '15. Do not use shell.openExternal with untrusted content',
    tests: [
      t('window.test.ts', 'allows plain https links'),
      t('window.test.ts', 'never opens a window; https links go to the system browser, others nowhere'),
    ],
  },
  {
    item: '16. Use a current version of Electron',
    tests: [t('packaging.test.ts', 'packages the Electron version that is installed, a supported line (45 or newer)')],
  },
  {
    item: '17. Validate the sender of all IPC messages',
    tests: [
      t('ipc.test.ts', 'refuses a foreign sender before looking at the payload, and logs why'),
      t('handlers.test.ts', 'refuses payloads that try to pick the path themselves'),
    ],
  },
  {
    item: '18. Avoid usage of the file:// protocol and prefer custom protocols',
    tests: [
      t('protocol.test.ts', 'never serves a file outside the renderer folder'),
      t('protocol.test.ts', 'registers app: as standard, secure, fetch-capable and subject to CORS'),
    ],
  },
  {
    item: '19. Check which fuses you can change',
    tests: [
      t(
        'packaging.test.ts',
        'flips the fuses: no run-as-Node, NODE_OPTIONS or --inspect; only the integrity-checked app.asar; encrypted cookies',
      ),
    ],
  },
  {
    item: '20. Do not expose Electron APIs to untrusted web content',
    tests: [
      t('preload.test.ts', 'exposes only window.desktop, with exactly the DesktopApi members'),
      t('preload.test.ts', 'hands menu listeners the command only, never the IPC event, and ignores unknown commands'),
    ],
  },
];

/**
 * Debian's Chromium as everything here launches it — the e2e tests, the reliability suite, the
 * screenshots and the bench: the one path (CHROMIUM_PATH overrides it) and the one set of flags.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No OS sandbox (CI containers run as root), no GPU, and no network chatter of its own. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The bench's launches: headless, with gc exposed so that heap figures are taken after a collection. */
export const CHROMIUM_ARGS = ['--headless=new', ...CHROMIUM_FLAGS, '--js-flags=--expose-gc'];

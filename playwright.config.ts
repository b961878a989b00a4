import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_FLAGS } from './bench/lib/chromium.mjs';

// End-to-end tests drive the static web build (dist/web) in Debian's Chromium. Playwright's own
// browser downloads are never used: the browser comes from apt (see .ci/run).
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium was not found at ${CHROMIUM}. Install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
}
const port = Number(process.env.E2E_PORT ?? 4321);
const couchPort = Number(process.env.COUCH_TEST_PORT ?? 5991);
// Which build to serve: dist/web by default; a separate folder lets several runs build at once.
const webDir = process.env.E2E_WEB_DIR ?? 'dist/web';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  // On CI one retry, so a test that fails once under a loaded 2-core machine and then passes is
  // reported as "flaky" (listed in the output) rather than blocking the run; locally none.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // A CouchDB-compatible server on 127.0.0.1 for the team-project tests (e2e/couch/server.ts).
  globalSetup: './e2e/couch/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: CHROMIUM,
      // Chromium's own save picker (showSaveFilePicker) waits for a person in a headless browser, and
      // Playwright cannot answer it: without it an export downloads (the web fallback), and the test
      // of the picker path puts its own picker in the page (e2e/pages/ExportDialog.ts).
      args: [...CHROMIUM_FLAGS, '--disable-blink-features=FileSystemAccessLocal'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `node scripts/serve-static.mjs ${webDir} ${port}`,
    // The header CSP admits the test team server and the proxy in front of it that a test can stop
    // (e2e/couch/proxy.ts), as the build's meta tag does (package.json).
    env: { CLAIMSCOPE_SYNC_ORIGIN: `http://127.0.0.1:${couchPort} http://127.0.0.2:${couchPort}` },
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});

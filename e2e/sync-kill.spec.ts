import { expect, test, chromium, type Browser } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { couch, TEAM } from './couch/server.ts';
import { TeamMenu } from './pages/TeamMenu.ts';
import { CorpusPage } from './pages/CorpusPage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';
import { exportJsonl, fillServer, freshDatabase, openApp, SYNCED } from './pages/team.ts';

// The browser is killed (SIGKILL, every process of it) while it puts a large project on the
// server; started again on the same profile, it resumes from its checkpoint and converges.
// Deterministic: the kill comes when the server has seen a set number of documents (polled),
// every wait is bounded, and the sizes keep the test within about a minute.

const DOCUMENTS = 200;
const PER_DOCUMENT = 5;
const KILL_AT = 300;

/** Debian's Chromium on a persistent profile, in its own process group; connected over CDP. */
async function launch(profile: string): Promise<{ browser: Browser; child: ChildProcess }> {
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // As playwright.config.ts: no save picker of Chromium's own, so an export downloads.
      '--disable-blink-features=FileSystemAccessLocal',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start within 20 s: ${err.slice(-300)}`)), 20_000);
    child.stderr!.on('data', (d) => {
      err += String(d);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { browser: await chromium.connectOverCDP(endpoint), child };
}

/**
 * SIGKILL to every process of the browser; waits for the process to exit and for Playwright to see
 * the connection drop, so no fixture touches its contexts afterwards.
 */
async function kill({ browser, child }: { browser: Browser; child: ChildProcess }): Promise<void> {
  const disconnected = new Promise((r) => (browser.isConnected() ? browser.once('disconnected', r) : r(null)));
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  await disconnected;
}

function doccanoFile(dir: string): string {
  const lines: string[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    let text = `Report ${d} from the desk.\n\n`;
    while (text.length < 1500) text += `Officials said on day ${d} that the ministry reported new figures. `;
    const label = Array.from({ length: PER_DOCUMENT }, (_, a) => [40 + a * 200, 49 + a * 200, 'Claim']);
    lines.push(JSON.stringify({ text, label }));
  }
  const file = joinPath(dir, 'reports.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const docCount = async (database: string) => Number((await couch('GET', `/${database}`)).body?.['doc_count'] ?? 0);

test('the browser killed while replicating a large change set resumes from its checkpoint after a restart and converges', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(joinPath(tmpdir(), 'claimscope-kill-'));
  const profile = joinPath(dir, 'profile');
  const database = await freshDatabase(false);
  let first: { browser: Browser; child: ChildProcess } | null = await launch(profile);
  try {
    const page = first.browser.contexts()[0]!.pages()[0] ?? (await first.browser.contexts()[0]!.newPage());
    await page.goto(new URL('index.html', baseURL).href);
    const importer = new ImportDialogPage(page);
    await importer.open();
    await importer.choose('files', doccanoFile(dir));
    await importer.startImport();
    await expect(importer.result).toHaveText(`Imported ${DOCUMENTS} documents and 1,000 annotations.`, { timeout: 30_000 });
    await importer.close();

    const dialog = await fillServer(page, database, 'alice');
    await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
    // Killed once the server holds KILL_AT documents, polled every 20 ms.
    await expect.poll(() => docCount(database), { timeout: 30_000, intervals: [20] }).toBeGreaterThanOrEqual(KILL_AT);
    await kill(first);
    first = null;
    const atKill = await docCount(database);
    // Every annotation, document and text, the project, and statuses written by the import.
    expect(atKill).toBeLessThan(DOCUMENTS * (PER_DOCUMENT + 2));

    first = await launch(profile);
    const again = first.browser.contexts()[0]!.pages()[0] ?? (await first.browser.contexts()[0]!.newPage());
    await again.goto(new URL('index.html', baseURL).href);
    // A new session asks for the password (it was not to be remembered), then replication resumes.
    await expect(again.getByTestId('sync-status')).toHaveText('Team server: enter the password for alice', { timeout: 15_000 });
    await new TeamMenu(again).choose('Team server');
    const unlock = again.getByRole('dialog', { name: 'Team server' });
    await unlock.getByLabel('Password', { exact: true }).fill(TEAM.alice.password);
    await unlock.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(again.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 45_000 });
    const total = await docCount(database);
    expect(total).toBeGreaterThan(atKill);

    // A teammate joins: the same project arrives, export for export.
    const b = await openApp(browser);
    const joining = await fillServer(b.page, database, 'bob');
    await joining.getByRole('button', { name: 'Join a team project' }).click();
    await expect(joining).toBeHidden();
    await expect(new CorpusPage(b.page).count).toHaveText(`${DOCUMENTS + 1} documents`, { timeout: 40_000 });
    await expect(b.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });
    expect(await exportJsonl(b.page)).toBe(await exportJsonl(again));
    await b.close();
  } finally {
    if (first) await kill(first);
    rmSync(dir, { recursive: true, force: true });
  }
});

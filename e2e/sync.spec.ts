import { expect, test, type Browser, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { COUCH_URL, TEAM, couch, createTeamDatabase } from './couch/server.ts';

// A live team project: annotators in separate browser profiles (separate IndexedDB) replicate
// through the CouchDB-compatible server that the global setup started on 127.0.0.1.

type Member = keyof typeof TEAM;

let dbCounter = 0;
const freshDatabase = async () => {
  const name = `team-${Date.now().toString(36)}-${process.pid}-${dbCounter++}`;
  await createTeamDatabase(name);
  return name;
};

async function openApp(browser: Browser): Promise<{ page: Page; app: AnnotatePage; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AnnotatePage(page);
  await app.goto();
  return { page, app, close: () => context.close() };
}

async function fillServer(page: Page, database: string, who: Member, password = TEAM[who].password) {
  await page.getByRole('button', { name: 'Team server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Team server' });
  await dialog.getByLabel('Server address').fill(COUCH_URL);
  await dialog.getByLabel('Database').fill(database);
  await dialog.getByLabel('User').fill(who);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  return dialog;
}

async function putOnServer(page: Page, database: string, who: Member) {
  const dialog = await fillServer(page, database, who);
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sync-status')).toHaveText(/^Synced \d+ s ago$/, { timeout: 20_000 });
}

async function join(page: Page, database: string, who: Member) {
  const dialog = await fillServer(page, database, who);
  await dialog.getByRole('button', { name: 'Join a team project' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('textbox', { name: /^Article: Russia defends arms sales/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toHaveText(/^Synced \d+ s ago$/, { timeout: 20_000 });
}

test('a teammate’s new annotation shows in Review within seconds, without a reload', async ({ browser }) => {
  test.setTimeout(90_000);
  const database = await freshDatabase();
  const a = await openApp(browser);
  const b = await openApp(browser);
  await putOnServer(a.page, database, 'alice');
  await join(b.page, database, 'bob');
  await expect(b.page.getByRole('button', { name: /^Annotating as bob\./ })).toBeVisible();

  await b.page.keyboard.press('Alt+2');
  await expect(b.page.getByText(/^0 candidates from 0 layers/)).toBeVisible();

  await a.app.selectText('Sergei Lavrov');
  await a.page.keyboard.press('2');
  await a.app.expectSaved('Add Speaker');
  // B sees it in Review (alice's layer) without reloading.
  await expect(b.page.getByText(/^1 candidate from 1 layer/)).toBeVisible({ timeout: 10_000 });
  await expect(b.page.getByLabel('Review', { exact: true })).toContainText('Sergei Lavrov');

  // It reached the server as alice's layer, under its deterministic id.
  const all = await couch('GET', `/${database}/_all_docs?include_docs=true`);
  const annotations = all.body.rows.filter((r: { id: string }) => r.id.startsWith('annotation:'));
  expect(annotations).toHaveLength(1);
  expect(annotations[0].doc.record).toMatchObject({ layer: 'alice', label: 'Speaker', quote: 'Sergei Lavrov' });
  // The text is stored once, under its hash.
  expect(all.body.rows.filter((r: { id: string }) => r.id.startsWith('text:'))).toHaveLength(1);
  await a.close();
  await b.close();
});

test('a wrong password gets a clear error and changes nothing', async ({ browser }) => {
  const database = await freshDatabase();
  const a = await openApp(browser);
  const dialog = await fillServer(a.page, database, 'bob', 'not-the-password');
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  await expect(dialog.getByTestId('connection-check')).toHaveText('The server refused the user name or password for "bob".');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(a.page.getByTestId('sync-status')).toHaveCount(0);
  const all = await couch('GET', `/${database}/_all_docs`);
  expect(all.body.rows).toEqual([]);

  // A database that does not exist is named, with who may create it.
  const again = await fillServer(a.page, 'no-such-db', 'bob');
  await again.getByRole('button', { name: 'Test connection' }).click();
  await expect(again.getByTestId('connection-check')).toContainText('There is no database "no-such-db" on the server');
  await a.close();
});

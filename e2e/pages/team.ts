import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AnnotatePage } from './AnnotatePage.ts';
import { ExportDialogPage } from './ExportDialog.ts';
import { TeamMenu } from './TeamMenu.ts';
import { COUCH_URL, TEAM, createTeamDatabase } from '../couch/server.ts';

// What the team-project specs do as users: open the app in its own profile, connect a project
// to the test server, join one, annotate, export.

export type Member = keyof typeof TEAM;

let dbCounter = 0;
/** A fresh database on the test server (with alice as its admin when `rules`). */
export const freshDatabase = async (rules = true) => {
  const name = `team-${Date.now().toString(36)}-${process.pid}-${dbCounter++}`;
  await createTeamDatabase(name, rules);
  return name;
};

export interface AppWindow {
  page: Page;
  app: AnnotatePage;
  context: BrowserContext;
  close(): Promise<void>;
}

/** The app in a new browser profile (its own IndexedDB). */
export async function openApp(browser: Browser, prepare?: (context: BrowserContext) => Promise<void>): Promise<AppWindow> {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  const app = new AnnotatePage(page);
  await app.goto();
  return { page, app, context, close: () => context.close() };
}

export const SYNCED = /^Synced (just now|\d+ s ago)$/;

export async function annotate(app: AnnotatePage, quote: string, key: string, label: string) {
  await app.selectText(quote);
  await app.page.keyboard.press(key);
  await app.expectSaved(`Add ${label}`);
}

/** The project as Claimscope JSONL, the way a user exports it. */
export async function exportJsonl(page: Page): Promise<string> {
  return (await new ExportDialogPage(page).exportAs('Claimscope JSONL')).text;
}

export async function fillServer(page: Page, database: string, who: Member, password = TEAM[who].password, url = COUCH_URL) {
  await new TeamMenu(page).choose('Team server');
  const dialog = page.getByRole('dialog', { name: 'Team server' });
  await dialog.getByLabel('Server address').fill(url);
  await dialog.getByLabel('Database').fill(database);
  await dialog.getByLabel('User').fill(who);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  return dialog;
}

export async function putOnServer(page: Page, database: string, who: Member, url = COUCH_URL) {
  const dialog = await fillServer(page, database, who, TEAM[who].password, url);
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });
}

export async function join(page: Page, database: string, who: Member, url = COUCH_URL) {
  const dialog = await fillServer(page, database, who, TEAM[who].password, url);
  await dialog.getByRole('button', { name: 'Join a team project' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('textbox', { name: /^Article: Russia defends arms sales/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });
}

/** alice puts her sample project on a fresh database with access rules; bob joins it. */
export async function aliceAndBob(browser: Browser) {
  const database = await freshDatabase();
  const a = await openApp(browser);
  const b = await openApp(browser);
  await putOnServer(a.page, database, 'alice');
  await join(b.page, database, 'bob');
  return { database, a, b };
}

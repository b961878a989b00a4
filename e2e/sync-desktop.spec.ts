import { expect, test, type BrowserContext } from '@playwright/test';
import { COUCH_URL } from './couch/server.ts';
import { fillServer, freshDatabase, openApp, SYNCED } from './pages/team.ts';

// The desktop app's side of a team server, driven through the renderer with a stand-in for the
// preload bridge (`window.desktop`): the shell's own side (safeStorage, the saved origins, the
// protocol handler's policy) is tested in Node (electron/teamServer.test.ts), since there is no
// Electron binary here. The stand-in keeps its state in the page's localStorage so it outlives
// reloads, and serves each page with the origins saved before it loaded, as the shell does.

async function fakeDesktop(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    type State = { passwords: Record<string, string>; servers: string[]; calls: string[] };
    const key = 'test.fake-desktop';
    const load = (): State => JSON.parse(localStorage.getItem(key) ?? '{"passwords":{},"servers":[],"calls":[]}') as State;
    const save = (s: State) => localStorage.setItem(key, JSON.stringify(s));
    const inPage = new Set(load().servers);
    const session = new Map<string, string>();
    const call = (what: string) => {
      const s = load();
      s.calls.push(what);
      save(s);
    };
    (window as unknown as { desktop: unknown }).desktop = {
      kind: 'desktop',
      saveStreamOpen: async () => null,
      openFiles: async () => [],
      openFolder: async () => [],
      autoBackupStart: async () => {
        throw new Error('not in this test');
      },
      listAutoBackups: async () => [],
      autoBackupOpen: async () => {
        throw new Error('not in this test');
      },
      onMenuCommand: () => () => {},
      getTeamPassword: async ({ projectId }: { projectId: string }) => session.get(projectId) ?? load().passwords[projectId] ?? null,
      setTeamPassword: async ({ projectId, password, remember }: { projectId: string; password: string; remember: boolean }) => {
        call(`setTeamPassword remember=${remember}`);
        session.set(projectId, password);
        const s = load();
        if (remember) s.passwords[projectId] = password;
        else delete s.passwords[projectId];
        save(s);
        return { remembered: remember };
      },
      deleteTeamPassword: async ({ projectId }: { projectId: string }) => {
        session.delete(projectId);
        const s = load();
        delete s.passwords[projectId];
        save(s);
      },
      allowTeamServer: async ({ origin }: { origin: string }) => {
        call(`allowTeamServer ${origin}`);
        const s = load();
        if (!s.servers.includes(origin)) s.servers.push(origin);
        save(s);
        return { origin, reload: !inPage.has(origin) };
      },
      forgetTeamServer: async ({ origin }: { origin: string }) => {
        call(`forgetTeamServer ${origin}`);
        const s = load();
        s.servers = s.servers.filter((o) => o !== origin);
        save(s);
      },
    };
  });
}

test('desktop: a new server is admitted by reloading with the fields kept; the remembered password is used after a restart', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const database = await freshDatabase();
  const a = await openApp(browser, fakeDesktop);
  const calls = async () =>
    a.page.evaluate(() => (JSON.parse(localStorage.getItem('test.fake-desktop') ?? '{}') as { calls?: string[] }).calls ?? []);

  const dialog = await fillServer(a.page, database, 'alice');
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  // The page did not admit the server yet: the app saved it and reloaded, the dialog is back
  // with everything but the password.
  await expect(dialog.getByText(`Claimscope reloaded so that it may reach ${COUCH_URL}.`)).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByLabel('Server address')).toHaveValue(COUCH_URL);
  await expect(dialog.getByLabel('Database')).toHaveValue(database);
  await expect(dialog.getByLabel('User')).toHaveValue('alice');
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('');
  expect(await calls()).toEqual([`allowTeamServer ${COUCH_URL}`]);

  await dialog.getByLabel('Password', { exact: true }).fill('alice-pw');
  await dialog.getByLabel('Remember the password on this computer', { exact: false }).check();
  await dialog.getByRole('button', { name: 'Put this project on the server' }).click();
  await expect(dialog).toBeHidden();
  await expect(a.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });
  expect(await calls()).toEqual([`allowTeamServer ${COUCH_URL}`, `allowTeamServer ${COUCH_URL}`, 'setTeamPassword remember=true']);

  // A restart: the password comes back from the shell, nobody is asked.
  await a.page.reload();
  await expect(a.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });

  // Disconnecting the only project on that server forgets the server, so the policy closes again.
  await a.page.getByRole('button', { name: 'Team', exact: true }).click();
  await a.page.getByRole('menuitem', { name: 'Team server', exact: true }).click();
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(dialog).toBeHidden();
  expect((await calls()).at(-1)).toBe(`forgetTeamServer ${COUCH_URL}`);
  await a.close();
});

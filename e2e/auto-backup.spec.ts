import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

// The desktop app's automatic backups, driven through the renderer with a stand-in for the preload
// bridge (`window.desktop`) that keeps what the shell would write in the page's memory: the shell's
// own side (the temporary file, the read-back, the rotation of 14) is tested in Node
// (electron/backups.test.ts), since there is no Electron binary here. This shows the renderer's
// side in the real build: the export worker makes the archive and it crosses a chunk at a time,
// never whole, both ways.

interface Call {
  channel: string;
  bytes?: number;
}

async function fakeDesktop(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: Call[] = [];
    const open = new Map<string, { start: Record<string, string>; parts: Uint8Array[] }>();
    const backups: { info: Record<string, unknown>; data: Uint8Array }[] = [];
    const reading = new Map<string, Uint8Array>();
    let next = 0;
    const newId = () => (next++).toString(16).padStart(24, '0');
    (window as unknown as { backupCalls: Call[] }).backupCalls = calls;
    (window as unknown as { desktop: unknown }).desktop = {
      kind: 'desktop',
      saveStreamOpen: async () => null,
      openFiles: async () => [],
      openFolder: async () => [],
      onMenuCommand: () => () => {},
      autoBackupStart: async (start: Record<string, string>) => {
        calls.push({ channel: 'autoBackupStart' });
        const id = newId();
        open.set(id, { start, parts: [] });
        return { id };
      },
      saveStreamWrite: async ({ id, data }: { id: string; data: Uint8Array }) => {
        calls.push({ channel: 'saveStreamWrite', bytes: data.length });
        open.get(id)!.parts.push(data.slice());
      },
      saveStreamAbort: async ({ id }: { id: string }) => {
        calls.push({ channel: 'saveStreamAbort' });
        open.delete(id);
      },
      autoBackupFinish: async ({ id }: { id: string }) => {
        calls.push({ channel: 'autoBackupFinish' });
        const { start, parts } = open.get(id)!;
        open.delete(id);
        const data = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
        const info = {
          ...start,
          id: `${start['projectId']}.20261206T090000000Z.${start['reason']}.claimscope.zip`,
          createdAt: new Date().toISOString(),
          bytes: data.length,
        };
        backups.unshift({ info, data });
        return info;
      },
      listAutoBackups: async () => backups.map((b) => b.info),
      autoBackupOpen: async ({ id }: { id: string }) => {
        calls.push({ channel: 'autoBackupOpen' });
        const found = backups.find((b) => b.info['id'] === id)!;
        const readId = newId();
        reading.set(readId, found.data);
        return { id: readId, name: id, size: found.data.length };
      },
      archiveRead: async ({ id, from, length }: { id: string; from: number; length: number }) => {
        calls.push({ channel: 'archiveRead', bytes: length });
        return reading.get(id)!.slice(from, from + length);
      },
      archiveClose: async ({ id }: { id: string }) => {
        calls.push({ channel: 'archiveClose' });
        reading.delete(id);
      },
      getTeamPassword: async () => null,
      setTeamPassword: async () => ({ remembered: false }),
      deleteTeamPassword: async () => {},
      allowTeamServer: async ({ origin }: { origin: string }) => ({ origin, reload: false }),
      forgetTeamServer: async () => {},
    };
  });
}

const callsOf = (page: Page) => page.evaluate(() => (window as unknown as { backupCalls: Call[] }).backupCalls.slice());

test('desktop: the daily backup is made by the export worker and handed over in chunks; Restore from automatic backup reads it back in chunks', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await fakeDesktop(page);
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');

  // The first daily backup is made at start: streamed to the shell, then finished. Had the
  // annotation landed while it was read, that try was dropped and the backup made again after a pause.
  await expect
    .poll(
      async () =>
        (await callsOf(page))
          .map((c) => c.channel)
          .filter((c) => c !== 'saveStreamWrite')
          .join(' ')
          .replaceAll('autoBackupStart saveStreamAbort ', ''),
      { timeout: 60_000 },
    )
    .toBe('autoBackupStart autoBackupFinish');
  const writes = (await callsOf(page)).filter((c) => c.channel === 'saveStreamWrite');
  expect(writes.length).toBeGreaterThan(0);
  expect(Math.max(...writes.map((w) => w.bytes!))).toBeLessThanOrEqual(1 << 20);

  // What the shell received is a whole project archive.
  const archive = await page.evaluate(async () => {
    const list = (await (window as unknown as { desktop: { listAutoBackups(): Promise<{ id: string }[]> } }).desktop.listAutoBackups())!;
    return list.map((b) => b.id);
  });
  expect(archive).toHaveLength(1);

  const dialog = new ExportDialogPage(page);
  await dialog.open();
  await dialog.dialog.getByRole('button', { name: 'Restore from automatic backup…' }).click();
  const list = dialog.dialog.getByRole('list', { name: 'Automatic backups' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('Sample project');
  await expect(list.getByRole('listitem')).toContainText('daily');
  await list.getByRole('button', { name: /^Restore Sample project from / }).click();
  await expect(dialog.dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Restored "Sample project"' })).toContainText(
    'as a copy with new ids, since that project is already here',
  );
  const channels = (await callsOf(page)).map((c) => c.channel);
  expect(channels.slice(channels.indexOf('autoBackupOpen'))).toEqual([
    'autoBackupOpen',
    ...channels.filter((c) => c === 'archiveRead').map(() => 'archiveRead'),
    'archiveClose',
  ]);
  expect(channels.filter((c) => c === 'archiveRead').length).toBeGreaterThan(0);
});

test('desktop: the archive handed to the shell is the whole project', async ({ page }) => {
  test.setTimeout(60_000);
  await fakeDesktop(page);
  const app = new AnnotatePage(page);
  await app.goto();
  await expect.poll(async () => (await callsOf(page)).some((c) => c.channel === 'autoBackupFinish')).toBe(true);
  const bytes = await page.evaluate(async () => {
    const desktop = (window as unknown as { desktop: Record<string, (req?: unknown) => Promise<unknown>> }).desktop;
    const [first] = (await desktop['listAutoBackups']!()) as { id: string; bytes: number }[];
    const opened = (await desktop['autoBackupOpen']!({ id: first!.id })) as { id: string; size: number };
    return Array.from((await desktop['archiveRead']!({ id: opened.id, from: 0, length: opened.size })) as Uint8Array);
  });
  const entries = unzipSync(new Uint8Array(bytes));
  const project = JSON.parse(strFromU8(entries['project.json']!)) as { name: string };
  expect(project.name).toBe('Sample project');
  expect(strFromU8(entries['documents.jsonl']!).trim().split('\n')).toHaveLength(1);
});

test('desktop: before the database is upgraded, its projects are backed up from the old version, in chunks', async ({ page }) => {
  test.setTimeout(90_000);
  await fakeDesktop(page);
  // The database as the first release left it (Dexie's version 1, stored as 10), made on the app's origin before the app runs.
  await page.goto('no-app-here');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('claimscope', 10);
        open.onupgradeneeded = () => {
          const db = open.result;
          const store = (name: string, keyPath: string, indexes: (string | string[])[], autoIncrement = false) => {
            const s = db.createObjectStore(name, { keyPath, autoIncrement });
            for (const i of indexes) s.createIndex(Array.isArray(i) ? `[${i.join('+')}]` : i, i);
            return s;
          };
          const at = '2026-11-29T08:00:00.000Z';
          const schema = { version: 1, labels: [{ name: 'Claim', color: '#e69f00', hotkey: '1' }], relationTypes: [] };
          store('projects', 'id', ['name', 'updatedAt']).add({ id: 'p-old', name: 'Old study', schema, createdAt: at, updatedAt: at });
          store('documents', 'id', ['projectId', ['projectId', 'textHash'], 'updatedAt']).add({
            id: 'd-old',
            projectId: 'p-old',
            title: 'Old article',
            text: 'Lavrov said so.',
            blocks: [],
            metadata: {},
            textHash: 'b'.repeat(64),
            createdAt: at,
            updatedAt: at,
          });
          store('annotations', 'id', ['documentId', 'projectId', ['documentId', 'layer'], 'label']);
          store('relations', 'id', ['documentId', 'projectId', 'from', 'to']);
          store('entities', 'id', ['projectId', 'name']);
          store('operations', 'seq', ['projectId', ['projectId', 'undone']], true);
          store('settings', 'key', []);
        };
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.goto('index.html');
  // The app started on the upgraded database: the old project's document is listed and open at once.
  await expect(page.getByRole('button', { name: /^Old article/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Article: Old article' })).toBeVisible();
  await expect(page.getByText('This project has no documents yet.')).toHaveCount(0);
  const calls = await callsOf(page);
  expect(calls.map((c) => c.channel).filter((c) => c !== 'saveStreamWrite')[0]).toBe('autoBackupStart');
  const backups = await page.evaluate(async () => {
    const desktop = (window as unknown as { desktop: Record<string, (req?: unknown) => Promise<unknown>> }).desktop;
    const list = (await desktop['listAutoBackups']!()) as { id: string; reason: string; projectName: string; bytes: number }[];
    const upgrade = list.find((b) => b.reason === 'upgrade')!;
    const opened = (await desktop['autoBackupOpen']!({ id: upgrade.id })) as { id: string; size: number };
    const bytes = Array.from((await desktop['archiveRead']!({ id: opened.id, from: 0, length: opened.size })) as Uint8Array);
    return { reasons: list.map((b) => `${b.projectName} ${b.reason}`), bytes };
  });
  expect(backups.reasons).toContain('Old study upgrade');
  const entries = unzipSync(new Uint8Array(backups.bytes));
  expect(JSON.parse(strFromU8(entries['documents.jsonl']!).trim())).toMatchObject({ id: 'd-old', title: 'Old article' });
  // And the database was upgraded after it, to this release's version.
  expect(await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'claimscope')?.version)).toBeGreaterThan(10);
});

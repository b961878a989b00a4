import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';
import { storedRows } from './pages/storedRows.mjs';

/** Fills what is left of the origin's quota with another database of random bytes, down to the last kilobyte. */
async function fillStorage(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('storage-filler', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('blobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const put = (key: number, size: number) =>
      new Promise<boolean>((resolve) => {
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(bytes, key);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
    let key = 0;
    let written = 0;
    for (const size of [1 << 20, 64 << 10, 4 << 10, 1 << 10]) {
      while (await put(key, size)) {
        key++;
        written += size;
      }
    }
    db.close();
    return written;
  });
}

/** The annotations in the app's database, as "label quote", read directly from IndexedDB. */
async function storedAnnotations(page: Page): Promise<string[]> {
  const { annotations } = await storedRows(page, ['annotations']);
  return (annotations as { label: string; quote: string }[]).map((a) => `${a.label} ${a.quote}`).sort();
}

// Chromium applies a DevTools quota override only to an origin whose storage it has not opened
// yet in this browser: so the override is set before the app's first page load.
test('storage full: the banner names the change not saved, nothing of it is written, export and backup still work', async ({
  page,
  context,
  baseURL,
}) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 8 * 1024 * 1024 });
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('Reuters');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');

  expect(await fillStorage(page)).toBeGreaterThan(0);
  await app.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  // The banner (until dismissed) and the status line both say it.
  const banner = page.getByRole('alert').filter({ hasText: 'storage is full', has: page.getByRole('button', { name: 'Dismiss' }) });
  await expect(banner).toContainText('Add Speaker was not saved: the storage is full');
  await expect(banner).toContainText('Export and backups still work');
  await expect(app.saveStatus).toContainText('Add Speaker was not saved: the storage is full');
  // Taken back on screen, and nothing of it in the database.
  await expect(app.rows).toHaveCount(1);
  expect(await storedAnnotations(page)).toEqual(['Source Reuters']);

  // Export and the project archive (a backup) still work, with what was saved.
  const dialog = new ExportDialogPage(page);
  const jsonl = await dialog.exportAs('Claimscope JSONL');
  expect(JSON.parse(jsonl.text).annotations.map((a: { quote: string }) => a.quote)).toEqual(['Reuters']);
  await dialog.open();
  await dialog.chooseFormat('Project archive (.zip)');
  const archive = await dialog.exportFile();
  const rows = strFromU8(unzipSync(new Uint8Array(archive.bytes))['annotations.jsonl']!)
    .trim()
    .split('\n');
  expect(rows.map((r) => JSON.parse(r).quote)).toEqual(['Reuters']);

  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

test('two tabs on one database: edits of the same document in both are all kept', async ({ page, context }) => {
  const first = new AnnotatePage(page);
  await first.goto();
  const second = new AnnotatePage(await context.newPage());
  await second.goto();

  await first.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  await first.expectSaved('Add Speaker');
  await second.selectText('Reuters');
  await second.page.keyboard.press('3');
  await second.expectSaved('Add Source');
  await first.selectText('Lavrov defended his country on Wednesday');
  await page.keyboard.press('1');
  await first.expectSaved('Add Claim');

  for (const tab of [first, second]) {
    await tab.page.reload();
    await expect(tab.article).toBeVisible();
    await expect(tab.rows).toHaveCount(3);
    for (const [label, quote] of [
      ['Speaker', 'Sergei Lavrov'],
      ['Source', 'Reuters'],
      ['Claim', 'Lavrov defended his country on Wednesday'],
    ]) {
      await expect(tab.row(label!, quote!)).toBeVisible();
    }
  }
});

test('an upgrade in another tab: this tab closes its connection and asks for a reload; nothing shows as saved', async ({
  page,
  context,
}) => {
  const app = new AnnotatePage(page);
  await app.goto();
  const other = await context.newPage();
  await other.goto('about:blank');
  await other.goto(page.url());
  await expect(new AnnotatePage(other).article).toBeVisible();
  // A newer release opens the database at a higher version (Dexie stores version × 10).
  const upgraded = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open('claimscope', 100000);
        req.onsuccess = () => {
          req.result.close();
          resolve('upgraded');
        };
        req.onblocked = () => resolve('blocked');
        req.onerror = () => resolve(`error: ${req.error?.message}`);
      }),
  );
  expect(upgraded).toBe('upgraded');
  const banner = page.getByRole('alert').filter({ hasText: 'Claimscope was updated in another tab or window' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  await app.selectText('Reuters');
  await page.keyboard.press('3');
  await expect(app.saveStatus).toContainText('Add Source was not saved');
  await expect(app.rows).toHaveCount(0);
});

test("the browser's answer to persistent storage is shown", async ({ page }) => {
  await new AnnotatePage(page).goto();
  await expect(page.getByTestId('storage-persistence')).toHaveText(
    /^(Storage is persistent|The browser may evict this data when space runs low: download a backup now and then \(Export → Project archive\)\.)$/,
  );
});

test('two tabs: a schema edit begun before the other tab changed the schema is refused, and says why', async ({ page, context }) => {
  const first = new EntitiesSchemaPage(page);
  await first.goto();
  const second = new EntitiesSchemaPage(await context.newPage());
  await second.goto();
  // The second tab opens the editor; meanwhile the first renames Speaker.
  await second.openSchema();
  await first.openSchema();
  await first.schemaLabel('Speaker').getByLabel('Name').fill('Attributed to');
  await first.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(first.schemaDialog).toBeHidden();
  await first.expectSaved('Schema');

  // The second tab's schema still has Speaker: saving it would undo the rename unseen.
  await second.schemaDialog.getByRole('button', { name: 'Remove label Cue' }).click();
  await second.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(second.schemaDialog.getByRole('alert')).toHaveText(
    'The schema was changed in another window or tab since this editor opened, so nothing was saved. Close the editor and open it again to see that change, then make yours.',
  );
  await second.page.keyboard.press('Escape');
  await second.page.reload();
  await expect(second.article).toBeVisible();
  await second.openSchema();
  await expect(second.schemaLabel('Attributed to')).toBeVisible();
  await expect(second.schemaLabel('Cue')).toBeVisible();
});

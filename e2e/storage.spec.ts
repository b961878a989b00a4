import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';

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

import { expect, test } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { AnnotatePage } from './pages/AnnotatePage.ts';

// The web version keeps no backups itself: after a day of changes that are in no downloaded
// archive, it reminds the user to download one. The page's clock is moved forward to get there.
test('after a day of changes the web app reminds the user to download a backup, and the download clears it', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
  const app = new AnnotatePage(page);
  await app.goto();
  const reminder = page.getByRole('region', { name: 'Backup reminder' });

  await app.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await expect(reminder).toHaveCount(0);

  // Less than a day later: still nothing.
  await page.clock.fastForward('23:00:00');
  await page.reload();
  await expect(app.article).toBeVisible();
  await expect(reminder).toHaveCount(0);

  // A day after the change (the app looks every ten minutes while it is open).
  await page.clock.fastForward('01:10:00');
  await expect(reminder).toBeVisible();
  await expect(reminder).toContainText('Your changes since');
  await expect(reminder).toContainText('are only in this browser');

  const downloading = page.waitForEvent('download');
  await reminder.getByRole('button', { name: 'Download backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.claimscope\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(strFromU8(files['annotations.jsonl']!)).toContain('Sergei Lavrov');
  await expect(reminder).toHaveCount(0);

  // Backed up: a reload a day later does not remind again until there are new changes.
  await page.clock.fastForward('25:00:00');
  await page.reload();
  await expect(app.article).toBeVisible();
  await page.clock.fastForward('00:11:00');
  await expect(reminder).toHaveCount(0);
});

test('"Not now" puts the reminder off for a day', async ({ page }) => {
  await page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('Reuters');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await page.clock.fastForward('24:10:00');
  const reminder = page.getByRole('region', { name: 'Backup reminder' });
  await expect(reminder).toBeVisible();
  await reminder.getByRole('button', { name: 'Not now' }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(app.article).toBeVisible();
  await expect(reminder).toHaveCount(0);
  await page.clock.fastForward('24:10:00');
  await expect(reminder).toBeVisible();
});

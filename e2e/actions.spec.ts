/**
 * The action registry as a user meets it: the desktop menu's commands (delivered as the preload
 * bridge delivers them) and the attribution keys S, C, R on a selected claim.
 */
import { expect, test, type Page } from '@playwright/test';
import { AttributionPage } from './pages/AttributionPage.ts';

const CLAIM = 'the United States was supplying Syrian rebels with arms';

/**
 * Stands in for Electron's preload before the app starts: the renderer then runs on its desktop
 * platform, and `sendMenuCommand` delivers a command the way the menu's click does.
 */
async function withDesktopBridge(page: Page): Promise<(command: string) => Promise<void>> {
  await page.addInitScript(() => {
    const listeners = new Set<(command: string) => void>();
    (window as unknown as { __menu: (c: string) => void }).__menu = (c) => listeners.forEach((l) => l(c));
    (window as unknown as { desktop: unknown }).desktop = {
      kind: 'desktop',
      saveStreamOpen: async () => null,
      openFiles: async () => [],
      openFolder: async () => [],
      onMenuCommand(listener: (command: string) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  });
  return (command) => page.evaluate((c) => (window as unknown as { __menu: (c: string) => void }).__menu(c), command);
}

test('Help → Keyboard Shortcuts in the desktop menu opens the shortcut sheet; View → Toggle Word Snapping and File → Export act too', async ({
  page,
}) => {
  const send = await withDesktopBridge(page);
  const app = new AttributionPage(page);
  await app.goto();
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toHaveCount(0);

  await send('show-shortcuts');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('region', { name: 'Link' })).toContainText('With a claim selected: link it to the nearest target');
  await expect(sheet).toContainText('Tag the selected text as Claim');
  await expect(sheet.getByRole('region', { name: 'Review' })).toContainText('In Review: reject the variant');
  await expect(sheet.getByRole('region', { name: 'App' })).toContainText('Show the Review view');
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  const snap = page.getByRole('checkbox', { name: /Snap to whole words/ });
  await expect(snap).toBeChecked();
  await send('toggle-word-snap');
  await expect(snap).not.toBeChecked();
  await expect(page.locator('.notice')).toHaveText('Selections keep exact characters (word snapping off).');

  await send('export');
  await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
});

test('S, C and R link a selected claim without the picker, or say why they cannot', async ({ page }) => {
  const app = new AttributionPage(page);
  const notice = page.locator('.notice');
  await app.goto();
  await app.selectText(CLAIM);
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');

  // No speaker tagged yet: S says so instead of doing nothing.
  await page.keyboard.press('s');
  await expect(notice).toHaveText('No Speaker in reach to link as “said by”: tag one in this document first.');

  // "said Lavrov on Iranian state television": the speaker and the source, then back to the claim.
  await app.selectText('Lavrov', 2);
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await app.selectText('Iranian state television');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await app.row('Claim', CLAIM).click();
  await app.expectSelected(CLAIM);
  await app.article.focus();

  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  await expect(notice).toHaveText('Linked Claim “the United States was supplying Syrian…” said by Speaker “Lavrov” (¶10).');
  await page.keyboard.press('r');
  await app.expectSaved('Link Claim reported by Source');
  await expect(app.links()).toHaveCount(2);
  await expect(app.arrows).toHaveCount(2);

  await page.keyboard.press('c');
  await expect(notice).toHaveText('No Cue in reach to link as “cue”: tag one in this document first.');
  await page.keyboard.press('s');
  await expect(notice).toHaveText('This Claim is already linked “said by” to every Speaker in this document (1).');
  await expect(app.links()).toHaveCount(2);

  // On a speaker, S explains that links start at a claim; with nothing selected it asks for one.
  await app.row('Speaker', 'Lavrov').click();
  await app.article.focus();
  await page.keyboard.press('s');
  await expect(notice).toHaveText('A Speaker cannot start a link in this project’s schema: select a claim, then press S.');
  await page.keyboard.press('Escape');
  await page.keyboard.press('s');
  await expect(notice).toHaveText('Select a claim first: click it, or press J/K to go through them.');
});

import { expect, test, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { TeamMenu } from './pages/TeamMenu.ts';

// Issue #13, item 10: at 1440 × 900 the top bar is one row, and every action in it — the team
// actions now in the "Team" menu included — can be reached from the keyboard.

test.use({ viewport: { width: 1440, height: 900 } });

/** The vertical extent of every visible control and text in the top bar. */
async function rows(page: Page) {
  return page.locator('header.topbar').evaluate((bar) =>
    [...bar.querySelectorAll(':scope > *, .topbar-actions > *, .topbar-actions > * > *')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ top: r.top, bottom: r.bottom })),
  );
}

/** The names focused by pressing Tab from the bar's first control until focus leaves the bar. */
async function tabThroughTopBar(page: Page): Promise<string[]> {
  const focused = page.locator(':focus');
  const name = () => focused.evaluate((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim());
  await page.locator('header.topbar button:not(:disabled)').first().focus();
  const names = [await name()];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (!(await focused.evaluate((el) => !!el.closest('header.topbar')))) break;
    names.push(await name());
  }
  return names;
}

test('the top bar is one row at 1440 × 900 and every action is reachable by keyboard', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('Maria Schmidt');

  // One row: some horizontal line crosses every item (a wrapped bar has a second row below the first).
  const boxes = await rows(page);
  expect(boxes.length).toBeGreaterThan(8);
  const lowestTop = Math.max(...boxes.map((b) => b.top));
  const highestBottom = Math.min(...boxes.map((b) => b.bottom));
  expect(lowestTop).toBeLessThan(highestBottom);
  const bar = await page.locator('header.topbar').boundingBox();
  expect(bar!.height).toBeLessThan(60);

  // Tab reaches every enabled top-bar control, in order, the Team menu button among them.
  const controls = await page
    .locator('header.topbar')
    .evaluate((bar) =>
      [...bar.querySelectorAll<HTMLElement>('button:not(:disabled), a[href], input, select')].map((el) =>
        (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
      ),
    );
  expect(controls).toEqual(expect.arrayContaining(['Annotate', 'Review', 'Agreement', 'Claims', 'Team ▾', 'Import', 'Schema', 'Export']));
  expect(await tabThroughTopBar(page)).toEqual(controls);

  // The menu: Enter opens it on its first item; arrows move (and wrap); Escape closes it and
  // gives focus back to the button.
  const team = new TeamMenu(page);
  await team.button.focus();
  await expect(team.button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(team.button).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(team.button).toHaveAttribute('aria-expanded', 'true');
  const items = ['Share my annotations', 'Add teammates’ annotations', 'Team server', 'Team progress'] as const;
  await expect(team.menu.getByRole('menuitem')).toHaveText(items);
  for (const label of items) {
    await expect(team.item(label)).toBeFocused();
    await page.keyboard.press('ArrowDown');
  }
  await expect(team.item(items[0])).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(team.item('Team progress')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(team.menu).toBeHidden();
  await expect(team.button).toBeFocused();
  await expect(team.button).toHaveAttribute('aria-expanded', 'false');

  // An item chosen from the keyboard does its job: the team server dialog opens.
  await page.keyboard.press('ArrowUp');
  await expect(team.item('Team progress')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(team.item('Team server')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Team server' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Team server' })).toBeHidden();
});

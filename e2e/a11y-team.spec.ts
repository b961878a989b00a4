import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { axeViolations } from './pages/axe.ts';

// axe-core's full rule set (pages/axe.ts) over the team views with two layers in the document:
// Review (the article and side by side), Agreement with its claim-grouping section, Claims with a
// claim group open, Suggest groups and Find the same claim. No violation.

test('the Review, Agreement and Claims views have no axe violations', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new AnnotatePage(page);
  await app.goto();
  for (const [name, marks] of [
    [
      'alice',
      [
        ['Sergei Lavrov', '2'],
        ["Moscow is selling weapons to Assad's regime", '1'],
        ['Reuters', '3'],
      ],
    ],
    [
      'bob',
      [
        ['Sergei Lavrov', '2'],
        ['Moscow is selling weapons', '1'],
      ],
    ],
  ] as const) {
    await app.setName(name);
    for (const [quote, key] of marks) {
      await app.selectText(quote);
      await page.keyboard.press(key);
      await expect(app.saveStatus).toHaveText(/^Saved: Add /);
    }
  }

  await page.keyboard.press('Alt+2');
  await expect(page.getByText(/^3 candidates from 2 layers/)).toBeVisible();
  await app.clickText("Assad's regime");
  await expect(page.getByRole('heading', { name: 'Candidate 2 of 3' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Side by side' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Russia defends arms sales to Syria/ })).toBeVisible();
  // Each item is named by what it shows, then whose it is.
  await expect(
    page.getByRole('region', { name: 'Layer bob' }).getByRole('button', { name: 'Claim Moscow is selling weapons partial (bob)' }),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('table', { name: 'Agreement figures' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: /^Claims/ })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // With the two layers' claims ticked and grouped: the groups list and the group's detail.
  await page.getByRole('grid', { name: 'Claims across the corpus' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('g');
  await expect(app.saveStatus).toHaveText('Saved: Group 2 claims');
  await expect(page.getByRole('article', { name: /^Claim group:/ })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Suggest groups' proposals and Find the same claim's candidates.
  await page.getByRole('button', { name: 'Suggest groups (Shift+G)' }).click();
  await expect(page.getByRole('region', { name: 'Suggested groups' }).getByText(/proposed group|No groups to propose/)).toBeVisible();
  await page.getByRole('button', { name: 'Find the same claim' }).click();
  await expect(
    page
      .getByRole('list', { name: /^Claims like/ })
      .getByRole('listitem')
      .first(),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Both layers grouping: the dashboard's claim-grouping section.
  await page.keyboard.press('Alt+1');
  await app.setName('alice');
  await page.keyboard.press('Alt+4');
  await page.getByRole('grid', { name: 'Claims across the corpus' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('g');
  await expect(app.saveStatus).toHaveText('Saved: Group 2 claims');
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('table', { name: 'Claim grouping agreement' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

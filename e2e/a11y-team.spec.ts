import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';

// axe-core over the team views (Review, Agreement with its claim-grouping section, Claims with a
// claim group open, Suggest groups and Find the same claim) with two layers in the document: no
// WCAG 2 A/AA violation.

// Evaluated through the DevTools protocol: the app's Content Security Policy forbids inline scripts.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

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
  expect(await violations(page)).toEqual([]);

  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('table', { name: 'Agreement figures' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: /^Claims/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // With the two layers' claims ticked and grouped: the groups list and the group's detail.
  await page.getByRole('grid', { name: 'Claims across the corpus' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('g');
  await expect(app.saveStatus).toHaveText('Saved: Group 2 claims');
  await expect(page.getByRole('article', { name: /^Claim group:/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);

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
  expect(await violations(page)).toEqual([]);

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
  expect(await violations(page)).toEqual([]);
});

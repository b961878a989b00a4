import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { axeViolations } from './pages/axe.ts';
import { TeamMenu } from './pages/TeamMenu.ts';

// A group whose claims are all gone, in a project with no claims left at all: the Claims view
// shows "No claims in this project yet" and still lists the group, says what it holds, and opens
// it (by keyboard) so that its removed claims can be dropped, and it can be reworded or deleted.

const CLAIM = "Moscow is selling weapons to Assad's regime";
const OTHER = 'Russia was sending helicopters to the violence-ridden region';
const TITLE = 'Russia defends arms sales to Syria, says US is arming rebels';

test('a group whose claims were all removed opens in a project with no claims, drops them, is reworded and deleted', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const alice = await AnnotatePage.openAs(browser, 'alice');
  const alicePage = alice.page;
  await alice.tag(CLAIM, '1', 'Claim');
  await alice.tag(OTHER, '1', 'Claim');
  const first = await new TeamMenu(alicePage).share();

  const lead = await AnnotatePage.openAs(browser, 'lead');
  const page = lead.page;
  const team = new TeamMenu(page);
  await team.addBundle(first, 'Add 1 layer');
  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  for (const claim of [CLAIM, OTHER]) await grid.getByRole('checkbox', { name: `Tick “${claim}”` }).check();
  await page.getByRole('button', { name: 'Group (G)' }).click();
  await lead.expectSaved('Group 2 claims');

  // Alice deletes both claims (she keeps a speaker) and shares again: the lead's project has no claim left.
  for (const claim of [CLAIM, OTHER]) {
    await alice.row('Claim', claim).click();
    await alicePage.keyboard.press('Delete');
    await alice.expectSaved('Delete Claim');
  }
  await alice.tag('Sergei Lavrov', '2', 'Speaker');
  await team.addBundle(await new TeamMenu(alicePage).share(), 'Add 1 layer');

  // The Claims view opened afresh: no claims, and the group's row says what it still holds.
  await page.keyboard.press('Alt+1');
  await page.keyboard.press('Alt+4');
  await expect(page.getByText('No claims in this project yet.')).toBeVisible();
  const list = page.getByRole('list', { name: 'Groups of lead' });
  const row = list.getByRole('button');
  await expect(row).toHaveText([`${CLAIM}0 claims · 2 removed`]);
  await expect(page.getByRole('article', { name: /^Claim group:/ })).toHaveCount(0);

  // Opened with the keyboard.
  await row.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('article', { name: `Claim group: ${CLAIM}` });
  await expect(detail).toContainText('0 claims in 0 documents · 2 removed claims to drop');
  await expect(row).toHaveAttribute('aria-pressed', 'true');
  const removed = detail.getByRole('list', { name: 'Removed claims' });
  await expect(removed.getByRole('listitem')).toHaveText([`removed: ${CLAIM} (${TITLE})Drop`, `removed: ${OTHER} (${TITLE})Drop`]);
  expect(await axeViolations(page)).toEqual([]);

  // Drop one, undo, then drop all.
  await removed.getByRole('button', { name: `Drop removed claim “${OTHER}”` }).click();
  await lead.expectSaved('Drop a removed claim');
  await expect(removed.getByRole('listitem')).toHaveText([`removed: ${CLAIM} (${TITLE})Drop`]);
  await expect(row).toHaveText([`${CLAIM}0 claims · 1 removed`]);
  await page.keyboard.press('Control+z');
  await expect(removed.getByRole('listitem')).toHaveCount(2);
  await detail.getByRole('button', { name: 'Drop all 2 removed claims' }).click();
  await lead.expectSaved('Drop removed claims');
  await expect(detail.getByRole('list', { name: 'Removed claims' })).toHaveCount(0);
  await expect(detail).toContainText('0 claims in 0 documents · lead’s grouping');
  await expect(row).toHaveText([`${CLAIM}0 claims`]);

  // Reworded.
  const wording = detail.getByLabel('Canonical wording');
  await wording.fill('Russia arms the Syrian regime');
  await wording.press('Enter');
  await lead.expectSaved('Edit group wording');
  await expect(row).toHaveText(['Russia arms the Syrian regime0 claims']);
  await expect(page.getByRole('article', { name: 'Claim group: Russia arms the Syrian regime' })).toBeVisible();

  // Deleted: the empty group's one way out, undoable.
  await page.getByRole('button', { name: 'Delete group' }).click();
  await lead.expectSaved('Delete group');
  await expect(page.getByRole('article', { name: /^Claim group:/ })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Groups of lead 0' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(row).toHaveText(['Russia arms the Syrian regime0 claims']);
});

test('a group whose only claim was deleted still opens, by keyboard, and is deleted', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('alice');
  await app.tag(CLAIM, '1', 'Claim');
  await page.keyboard.press('Alt+4');
  await page
    .getByRole('grid', { name: 'Claims across the corpus' })
    .getByRole('checkbox', { name: `Tick “${CLAIM}”` })
    .check();
  await page.getByRole('button', { name: 'Group (G)' }).click();
  await app.expectSaved('Group 1 claim');

  await page.keyboard.press('Alt+1');
  await app.row('Claim', CLAIM).click();
  await page.keyboard.press('Delete');
  await app.expectSaved('Delete Claim');
  await page.keyboard.press('Alt+4');
  await expect(page.getByText('No claims in this project yet.')).toBeVisible();
  const row = page.getByRole('list', { name: 'Groups of alice' }).getByRole('button');
  await expect(row).toHaveText([`${CLAIM}0 claims`]);
  await row.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('article', { name: `Claim group: ${CLAIM}` });
  await expect(detail).toContainText('0 claims in 0 documents · alice’s grouping');
  await expect(detail.getByRole('button', { name: 'Ungroup' })).toHaveCount(0);
  await detail.getByRole('button', { name: 'Delete group' }).click();
  await app.expectSaved('Delete group');
  await expect(page.getByRole('heading', { name: 'Groups of alice 0' })).toBeVisible();
});

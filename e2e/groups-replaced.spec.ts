import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { TeamMenu } from './pages/TeamMenu.ts';

// A teammate's newer bundle replaces their layer with new annotations: the lead's group of their
// claims keeps the claim alice left where it was, and lists the one she redrew as removed, with
// its wording, until the lead drops it (undoably).

const KEPT = "Moscow is selling weapons to Assad's regime";
const REDRAWN = 'Russia was sending helicopters to the violence-ridden region';

test('a claim a newer bundle redrew is listed as removed in the group, and dropped by a key', async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await AnnotatePage.openAs(browser, 'alice');
  const alicePage = alice.page;
  await alice.tag(KEPT, '1', 'Claim');
  await alice.tag(REDRAWN, '1', 'Claim');
  const first = await new TeamMenu(alicePage).share();

  const lead = await AnnotatePage.openAs(browser, 'lead');
  const page = lead.page;
  await new TeamMenu(page).addBundle(first, 'Add 1 layer');
  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  for (const claim of [KEPT, REDRAWN]) await grid.getByRole('checkbox', { name: `Tick “${claim}”` }).check();
  await page.getByRole('button', { name: 'Group (G)' }).click();
  await lead.expectSaved('Group 2 claims');

  // Alice redraws one claim over fewer words and shares again.
  await alice.row('Claim', REDRAWN).click();
  await alicePage.keyboard.press('Delete');
  await alice.expectSaved('Delete Claim');
  await alice.tag('Russia was sending helicopters', '1', 'Claim');
  const newer = await new TeamMenu(alicePage).share();
  await new TeamMenu(page).addBundle(newer, 'Add 1 layer');

  const detail = page.getByRole('article', { name: `Claim group: ${KEPT}` });
  await expect(detail).toContainText('1 claim in 1 document');
  await expect(detail).toContainText('1 removed claim to drop');
  await expect(detail.getByRole('list', { name: 'Timeline' }).getByRole('listitem')).toHaveCount(1);
  await expect(detail.getByRole('list', { name: 'Timeline' })).toContainText(KEPT);
  const removed = detail.getByRole('list', { name: 'Removed claims' });
  await expect(removed.getByRole('listitem')).toHaveText([
    `removed: ${REDRAWN} (Russia defends arms sales to Syria, says US is arming rebels)Drop`,
  ]);
  // One key: the Drop button, reached with the keyboard.
  await removed.getByRole('button', { name: `Drop removed claim “${REDRAWN}”` }).focus();
  await page.keyboard.press('Enter');
  await lead.expectSaved('Drop a removed claim');
  await expect(detail.getByRole('list', { name: 'Removed claims' })).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(detail.getByRole('list', { name: 'Removed claims' }).getByRole('listitem')).toHaveCount(1);
});

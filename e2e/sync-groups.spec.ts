import { expect, test } from '@playwright/test';
import { aliceAndBob, annotate, SYNCED } from './pages/team.ts';
import { couch } from './couch/server.ts';

// Claim groups on a team server follow a claim deleted by a teammate who did not have the group:
// alice, offline, deletes her claim that bob grouped meanwhile; when her deletion arrives, bob's
// group lets the claim go rather than keep a member that points at nothing.

const CLAIM = "Moscow is selling weapons to Assad's regime";

test('a claim a teammate deleted leaves the groups that held it when the deletion arrives', async ({ browser }) => {
  test.setTimeout(120_000);
  const { database, a, b } = await aliceAndBob(browser);
  await annotate(a.app, CLAIM, '1', 'Claim');

  await b.page.keyboard.press('Alt+4');
  const grid = b.page.getByRole('grid', { name: 'Claims across the corpus' });
  await expect(grid.getByRole('checkbox', { name: `Tick “${CLAIM}”` })).toBeVisible({ timeout: 20_000 });
  // Alice's app knows her claim reached the server before she goes offline: only the deletion then waits.
  await expect(a.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });
  await a.context.setOffline(true);
  await grid.getByRole('checkbox', { name: `Tick “${CLAIM}”` }).check();
  await b.page.getByRole('button', { name: 'Group (G)' }).click();
  await b.app.expectSaved('Group 1 claim');
  const groups = b.page.getByRole('list', { name: 'Groups of bob' });
  await expect(groups.getByRole('listitem')).toHaveText([`${CLAIM}1 claim`]);
  await expect(b.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 20_000 });

  // Alice, offline, never saw bob's group: her delete cannot take the claim out of it.
  await a.app.row('Claim', CLAIM).click();
  await a.page.keyboard.press('Delete');
  await a.app.expectSaved('Delete Claim');
  await expect(a.page.getByTestId('sync-status')).toHaveText(/^Offline, 1 change/, { timeout: 30_000 });
  await a.context.setOffline(false);
  await expect(a.page.getByTestId('sync-status')).toHaveText(SYNCED, { timeout: 60_000 });

  // The deletion reached the server; on bob's side the claim leaves its row and his group, which keeps its wording.
  const annotations = await couch('GET', `/${database}/_all_docs?include_docs=true`);
  expect(annotations.body!.rows.filter((r) => r.id.startsWith('annotation:'))).toEqual([]);
  await expect(grid.getByRole('checkbox', { name: `Tick “${CLAIM}”` })).toHaveCount(0, { timeout: 20_000 });
  await expect(groups.getByRole('listitem')).toHaveText([`${CLAIM}0 claims`]);
  await a.close();
  await b.close();
});

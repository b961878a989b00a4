import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';

// Finding the same claim offline: the sample's claim, a wire story that repeats it in other words,
// denies it and says something else. Suggest groups proposes the two that make the same claim (not
// the denial); Confirm groups them; Find the same claim then lists the repeat as likely the same
// and in the group, and the denial as negated.

const SAMPLE_CLAIM = 'Russia is sending attack helicopters to Syria';
const REPEAT = 'Attack helicopters are being shipped to Syria by Russia, officials said';
const DENIAL = 'Russia is not sending attack helicopters to Syria';
const OTHER = 'Iran will enrich uranium to sixty percent';
const WIRE = `<!DOCTYPE html>
<html lang="en">
<head><title>Moscow and the helicopters | World Wire</title></head>
<body>
  <article>
    <h1>Moscow and the helicopters</h1>
    <p>${REPEAT}, in a briefing that raised the stakes in a long dispute over arms shipments to Damascus.</p>
    <p>${DENIAL}, the Kremlin insisted in a statement on Wednesday evening, calling the reports a fabrication.</p>
    <p>${OTHER}, diplomats in Vienna said separately, as talks on the nuclear programme stalled again.</p>
  </article>
</body>
</html>`;

test('Suggest groups proposes the same claim, Confirm groups it, Find the same claim ranks it and marks the denial', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('alice');
  await app.tag(SAMPLE_CLAIM, '1', 'Claim');
  const file = testInfo.outputPath('moscow-wire.html');
  writeFileSync(file, WIRE);
  await new ImportDialogPage(page).importOneDocument(file);
  await page.getByRole('list', { name: 'Document list' }).getByText('Moscow and the helicopters').click();
  await expect(app.article).toContainText('fabrication');
  for (const claim of [REPEAT, DENIAL, OTHER]) await app.tag(claim, '1', 'Claim');

  // Suggest groups, by its key, over the four claims shown.
  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  await expect(grid.getByRole('row')).toHaveCount(5);
  await grid.focus();
  await page.keyboard.press('Shift+G');
  const suggested = page.getByRole('region', { name: 'Suggested groups' });
  await expect(suggested.getByText('1 proposed group: confirm, split, merge or dismiss each.', { exact: false })).toBeVisible();
  const proposal = suggested.getByRole('listitem', { name: /^Proposed group 1:/ });
  const members = proposal.getByRole('list').getByRole('listitem');
  await expect(members).toHaveCount(2);
  await expect(members.filter({ hasText: SAMPLE_CLAIM })).toHaveCount(1);
  await expect(members.filter({ hasText: REPEAT })).toHaveCount(1);
  await expect(proposal).not.toContainText(DENIAL);
  await proposal.getByLabel('Wording').fill(SAMPLE_CLAIM);
  await proposal.getByRole('button', { name: 'Confirm' }).click();
  await app.expectSaved('Group 2 claims');
  await expect(suggested.getByRole('listitem', { name: /^Proposed group/ })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Groups of alice' }).getByRole('listitem')).toHaveCount(1);

  // Find the same claim for the sample's claim, by its key.
  // (The repeat's row names the group, worded as the sample's claim: the row is found by its tick box.)
  await grid.getByRole('row', { name: new RegExp(`^Tick “${SAMPLE_CLAIM}`) }).click();
  await grid.focus();
  await page.keyboard.press('f');
  const found = page.getByRole('list', { name: `Claims like “${SAMPLE_CLAIM}”` });
  await expect(found.getByRole('listitem').first()).toContainText(REPEAT);
  await expect(found.getByRole('listitem').first()).toContainText('likely the same');
  await expect(found.getByRole('button', { name: `In the group: “${REPEAT}”` })).toBeDisabled();
  const denial = found.getByRole('listitem').filter({ hasText: DENIAL });
  await expect(denial).toContainText('one is negated');
  await expect(denial).not.toContainText('likely the same');
  await expect(found).not.toContainText(OTHER);

  // The denial is added on purpose (the user decides), then undone.
  await denial.getByRole('button', { name: `Add to group: “${DENIAL}”` }).click();
  await app.expectSaved('Add 1 claim to a group');
  await expect(found.getByRole('button', { name: `In the group: “${DENIAL}”` })).toBeDisabled();
  await page.keyboard.press('Control+z');
  await expect(found.getByRole('button', { name: `Add to group: “${DENIAL}”` })).toBeEnabled();

  // Open goes to the repeat in its article.
  await found.getByRole('button', { name: `Open “${REPEAT}” in its document` }).click();
  await expect(app.article).toContainText('fabrication');

  // The Find worker keeps the claims it prepared, but a claim added since is in the next Find.
  const LATER = 'Russia was sending helicopters to the violence-ridden region';
  await page.getByRole('list', { name: 'Document list' }).getByText('Russia defends arms sales to Syria').click();
  await expect(app.article).toContainText('violence-ridden region');
  await app.tag(LATER, '1', 'Claim');
  await page.keyboard.press('Alt+4');
  await grid.getByRole('row', { name: new RegExp(`^Tick “${SAMPLE_CLAIM}`) }).click();
  await grid.focus();
  await page.keyboard.press('f');
  await expect(found.getByRole('listitem').filter({ hasText: LATER })).toHaveCount(1);
  await expect(found.getByRole('listitem').first()).toContainText(REPEAT);
});

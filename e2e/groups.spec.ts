import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';

// The same claim in two articles of the sample project: the sample (GlobalPost, no date) and a
// wire story imported as an HTML page (dated, with its site name). Grouped by keyboard in the
// Claims view, worded, fact-checked, followed along its timeline, undone, and opened again.

const SAMPLE_CLAIM = 'Russia is sending attack helicopters to Syria';
const WIRE_CLAIM = 'Russia is sending attack helicopters to the Syrian regime';
const WIRE = `<!DOCTYPE html>
<html lang="en">
<head>
  <title>Clinton says Russia arms Assad | World Wire</title>
  <meta property="og:site_name" content="World Wire">
  <meta property="article:published_time" content="2012-06-12T18:00:00Z">
</head>
<body>
  <article>
    <h1>Clinton says Russia arms Assad</h1>
    <p>${WIRE_CLAIM}, Hillary Clinton said on Tuesday at a think tank in Washington, raising the stakes in a dispute over arms shipments.</p>
    <p>The secretary of state said the helicopters would dramatically escalate the conflict, and urged Moscow to stop all deliveries at once.</p>
    <p>Russian officials did not comment on the remarks on Tuesday evening, and the foreign ministry said it would answer in due course.</p>
  </article>
</body>
</html>`;

test('claims of two documents are grouped, worded, fact-checked, followed and undone', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('alice');
  await app.tag(SAMPLE_CLAIM, '1', 'Claim');

  const file = testInfo.outputPath('clinton-wire.html');
  writeFileSync(file, WIRE);
  await new ImportDialogPage(page).importOneDocument(file);
  await page.getByRole('list', { name: 'Document list' }).getByText('Clinton says Russia arms Assad').click();
  await expect(app.article).toContainText('think tank');
  await app.tag(WIRE_CLAIM, '1', 'Claim');
  await app.tag('Hillary Clinton', '2', 'Speaker');
  await app.row('Claim', WIRE_CLAIM).click();
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');

  // The Claims view: choose the first claim, tick it and the next with Shift+↓, group them with G.
  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  await expect(grid.getByRole('row')).toHaveCount(3);
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByText('2 claims ticked')).toBeVisible();
  await page.keyboard.press('g');
  await app.expectSaved('Group 2 claims');
  const detail = page.getByRole('article', { name: /^Claim group:/ });
  await expect(detail).toBeVisible();
  await expect(page.getByRole('list', { name: 'Groups of alice' }).getByRole('listitem')).toHaveCount(1);
  // Each claim's row names its group.
  await expect(grid.locator('.group-cell').filter({ hasText: /Russia is sending attack helicopters/ })).toHaveCount(2);

  // The canonical wording.
  const wording = detail.getByLabel('Canonical wording');
  await wording.fill('Russia is sending attack helicopters to Syria');
  await wording.press('Enter');
  await app.expectSaved('Edit group wording');
  await expect(page.getByRole('article', { name: 'Claim group: Russia is sending attack helicopters to Syria' })).toBeVisible();

  // A fact-check: a wrong address is refused with the reason, then a right one is added.
  const form = detail.getByRole('form', { name: 'Add a fact-check' });
  await form.getByLabel('URL').fill('ftp://fact.example/heli');
  await form.getByRole('button', { name: 'Add fact-check' }).click();
  await expect(form.getByRole('alert')).toHaveText('The fact-check URL “ftp://fact.example/heli” is not an http:// or https:// address.');
  await form.getByLabel('URL').fill('https://www.politifact.com/factchecks/2012/jun/14/hillary-clinton/helicopters/');
  await form.getByLabel('Publisher').fill('PolitiFact');
  await form.getByLabel('Verdict').fill('Half true');
  await form.getByLabel('Date').fill('2012-06-14');
  await form.getByRole('button', { name: 'Add fact-check' }).click();
  await app.expectSaved('Add fact-check');
  const factChecks = detail.getByRole('region', { name: 'Fact-checks' });
  await expect(factChecks.getByRole('link', { name: 'PolitiFact' })).toHaveAttribute('href', /politifact\.com/);
  await expect(factChecks).toContainText('Half true');

  // The timeline: the dated wire story first, with its outlet and speaker; the undated sample after.
  const timeline = detail.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(timeline).toHaveCount(2);
  await expect(timeline.nth(0)).toContainText('2012-06-12');
  await expect(timeline.nth(0)).toContainText('World Wire');
  await expect(timeline.nth(0)).toContainText('said by Hillary Clinton');
  await expect(timeline.nth(1)).toContainText('no date');
  await expect(detail.getByRole('list', { name: 'Speakers' })).toHaveText('Hillary Clinton (1)');
  await expect(detail.getByRole('list', { name: 'Outlets' })).toHaveText('World Wire (1)');

  // The wordings side by side: the wire's differs from the canonical wording where it is marked.
  const wireWording = detail.getByRole('listitem', { name: 'Wording in Clinton says Russia arms Assad' });
  await expect(wireWording.locator('ins')).toHaveText(['the Syrian regime']);
  await expect(wireWording.locator('del')).toHaveText(['Syria']);
  const sampleWording = detail.getByRole('listitem', { name: /^Wording in Russia defends arms sales/ });
  await expect(sampleWording.locator('ins, del')).toHaveCount(0);

  // Undo (Ctrl+Z in the table) takes back the fact-check, then the wording.
  await grid.focus();
  await page.keyboard.press('Control+z');
  await app.expectSaved('Undo');
  await expect(detail.getByText('No fact-check linked.')).toBeVisible();
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(page.getByRole('article', { name: `Claim group: ${WIRE_CLAIM}` })).toBeVisible();
  await expect(page.getByRole('article', { name: /^Claim group:/ }).getByLabel('Canonical wording')).toHaveValue(WIRE_CLAIM);

  // Open a member: the annotate view shows its document with the claim selected.
  await page
    .getByRole('article', { name: /^Claim group:/ })
    .getByRole('button', { name: `Open “${SAMPLE_CLAIM}” in Russia defends arms sales to Syria, says US is arming rebels` })
    .click();
  await expect(app.article).toContainText('Russia defends arms sales to Syria');
  await expect(app.selectedQuote()).toHaveText(`“${SAMPLE_CLAIM}”`);
});

test('a claim row dragged onto a group joins it', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('alice');
  await app.tag('Russia was sending helicopters', '1', 'Claim');
  await app.tag(SAMPLE_CLAIM, '1', 'Claim');
  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  await grid.getByRole('checkbox', { name: `Tick “${SAMPLE_CLAIM}”` }).check();
  await page.getByRole('button', { name: 'Group (G)' }).click();
  await app.expectSaved('Group 1 claim');
  const row = grid.getByRole('row').filter({ hasText: 'Russia was sending helicopters' });
  await row.dragTo(page.getByRole('list', { name: 'Groups of alice' }).getByRole('listitem').first());
  await app.expectSaved('Add 1 claim to a group');
  await expect(page.getByRole('list', { name: 'Groups of alice' })).toContainText('2 claims');
  // Ungroup by key: the chosen claim leaves its group.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('u');
  await app.expectSaved('Take 1 claim out of a group');
  await expect(page.getByRole('list', { name: 'Groups of alice' })).toContainText('1 claim');
});

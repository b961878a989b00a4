import { expect, test } from '@playwright/test';
import { AttributionPage } from './pages/AttributionPage.ts';
import { CorpusPage } from './pages/CorpusPage.ts';
import { axeViolations } from './pages/axe.ts';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';
import { TeamMenu } from './pages/TeamMenu.ts';

// axe-core's full rule set (WCAG 2.x A to AAA, best practices, experimental rules) finds nothing
// on the annotate view, the corpus browser and the dialogs — including that every control's
// accessible name contains the label it shows. The team views: a11y-team.spec.ts.

test('axe finds no violations on the annotate view, with an annotation selected and linked', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  expect(await axeViolations(page)).toEqual([]);

  await app.tag('Sergei Lavrov', '2', 'Speaker');
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  await expect(app.details).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The picker with nothing left to link (its only speaker is linked) says so in plain text.
  await page.keyboard.press('l');
  const picker = page.getByRole('dialog', { name: 'Link Claim “Moscow is selling weapons”' });
  await expect(picker).toContainText('Already linked (1)');
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  // Two layers: the layer switch, badges and a teammate's read-only details.
  await app.setName('alice');
  await app.row('Claim', 'Moscow is selling weapons').click();
  await expect(app.details).toContainText('read-only');
  expect(await axeViolations(page)).toEqual([]);

  // The side panel's other tabs.
  const tabs = new EntitiesSchemaPage(page);
  for (const tab of ['Document', 'Entities'] as const) {
    await tabs.openTab(tab);
    expect(await axeViolations(page)).toEqual([]);
  }
});

test('axe finds no violations in the corpus browser: a search, the filters and a ticked document', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await corpus.search.fill('Lavrov');
  await expect(corpus.row(/Russia defends arms sales/)).toContainText('Lavrov');
  await corpus.openFilters();
  await expect(corpus.corpus.locator('#corpus-filter-fields')).toBeVisible();
  await corpus.checkbox(/Russia defends arms sales/).check();
  await expect(corpus.corpus.getByText('1 selected')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('axe finds no violations in the dialogs: import, export, schema, team server and team progress', async ({ page }) => {
  const app = new EntitiesSchemaPage(page);
  await app.goto();

  const importer = new ImportDialogPage(page);
  await importer.open();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(importer.dialog).toBeHidden();

  const exporter = new ExportDialogPage(page);
  await exporter.open();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(exporter.dialog).toBeHidden();

  await app.openSchema();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(app.schemaDialog).toBeHidden();

  const team = new TeamMenu(page);
  for (const [item, title] of [
    ['Team server', 'Team server'],
    ['Team progress', 'Team'],
  ] as const) {
    await team.choose(item);
    const dialog = page.getByRole('dialog', { name: title, exact: true });
    await expect(dialog).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

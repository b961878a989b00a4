import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test } from '@playwright/test';
import { CorpusPage } from './pages/CorpusPage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';

const BBC = new URL('./fixtures/bbc-news-10.csv', import.meta.url).pathname;
const SAMPLE_TITLE = 'Russia defends arms sales to Syria, says US is arming rebels';

/** Imports a CSV whose text is in its `Text` column. */
async function importCsv(page: import('@playwright/test').Page, file: string, documents: number): Promise<void> {
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('files', file);
  await dialog.dialog.getByLabel('Text column').selectOption('Text');
  await dialog.startImport();
  await expect(dialog.result).toHaveText(`Imported ${documents} documents and 0 annotations.`);
  await dialog.close();
}

const importBbc = (page: import('@playwright/test').Page) => importCsv(page, BBC, 10);

test('projects: create, rename, switch (each with its own documents, remembered on reload), delete with confirmation', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await expect(corpus.project.locator('option:checked')).toHaveText('Sample project');
  await expect(corpus.rows).toHaveCount(1);

  await corpus.createProject('Climate claims');
  await expect(corpus.list).toBeHidden();
  await expect(corpus.corpus).toContainText('This project has no documents yet.');
  await corpus.renameProject('Climate claims 2024');
  await expect(corpus.project.locator('option:checked')).toHaveText('Climate claims 2024');

  await corpus.switchTo('Sample project');
  await expect(corpus.rows).toHaveCount(1);
  await expect(corpus.row(SAMPLE_TITLE)).toBeVisible();
  await corpus.switchTo('Climate claims 2024');
  await expect(corpus.corpus).toContainText('This project has no documents yet.');

  await page.reload();
  await expect(corpus.project.locator('option:checked')).toHaveText('Climate claims 2024');

  // The non-empty project needs its name typed before it can be deleted.
  await corpus.switchTo('Sample project');
  await corpus.corpus.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = corpus.dialog('Delete project');
  await expect(confirm).toContainText('Delete the project Sample project and its 1 document');
  const remove = confirm.getByRole('button', { name: 'Delete project' });
  await expect(remove).toBeDisabled();
  await confirm.getByLabel('Type the project name to confirm').fill('Sample');
  await expect(remove).toBeDisabled();
  await confirm.getByLabel('Type the project name to confirm').fill('Sample project');
  await remove.click();
  await expect(confirm).toBeHidden();
  await expect(corpus.project.locator('option')).toHaveText(['Climate claims 2024']);
  await expect(corpus.corpus.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
  await page.reload();
  await expect(corpus.project.locator('option:checked')).toHaveText('Climate claims 2024');
});

test('search finds a word from one article, ignoring case and accents, with a snippet', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await importBbc(page);
  await expect(corpus.rows).toHaveCount(11);
  await corpus.search.fill('WHISTLEBLÓWER');
  await expect(corpus.rows).toHaveCount(1);
  await expect(corpus.rows.first()).toContainText('worldcom ex-boss launches defence');
  await expect(corpus.rows.first().locator('mark')).toHaveText('whistleblower');
  await expect(corpus.count).toHaveText('1 of 11 documents match');
  await expect(corpus.corpus.getByRole('combobox', { name: 'Sort by' })).toHaveValue('relevance');
  await corpus.search.fill('worldcom ebbers');
  await expect(corpus.rows.first()).toContainText('worldcom ex-boss');
  await corpus.search.fill('zzzunknownword');
  await expect(corpus.corpus).toContainText('No document matches.');
  await corpus.search.press('Escape');
  await expect(corpus.count).toHaveText('11 documents');
  await expect(corpus.corpus.getByRole('combobox', { name: 'Sort by' })).toHaveValue('added');
});

test('filter by status shows exactly the document marked done', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await importBbc(page);
  await corpus.row('german business confidence slides').getByRole('button').click();
  await page.getByRole('tab', { name: 'Document' }).click();
  await page.getByRole('combobox', { name: /^Document status for/ }).selectOption('done');
  await expect(corpus.row('german business confidence slides')).toContainText('done');

  await corpus.openFilters();
  await corpus.corpus.getByRole('combobox', { name: /^Status \(/ }).selectOption('done');
  await expect(corpus.rows).toHaveCount(1);
  await expect(corpus.rows.first()).toContainText('german business confidence slides');
  await corpus.corpus.getByRole('combobox', { name: /^Status \(/ }).selectOption('new');
  // The list is virtualised (only rows in view exist), so totals are read from the count line.
  await expect(corpus.count).toHaveText('10 of 11 documents');
  await corpus.corpus.getByRole('button', { name: 'Clear filters' }).click();
  await expect(corpus.count).toHaveText('11 documents');
});

test('bulk: shift-click selects a range, status for all, delete with a confirmation naming the count', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await importBbc(page);
  await expect(corpus.rows).toHaveCount(11);
  await corpus.corpus.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
  const titles = await corpus.rows.locator('.doc-title').allTextContents();
  await corpus.rows.nth(1).getByRole('checkbox').click();
  await corpus.rows
    .nth(3)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  const bulk = page.getByRole('group', { name: 'Selected documents' });
  await expect(bulk).toContainText('3 selected');

  await bulk.getByRole('combobox', { name: 'Set status of selected documents' }).selectOption('reviewed');
  await expect(page.getByRole('group', { name: 'Selected documents' })).toBeHidden();
  await expect(corpus.rows.filter({ hasText: 'reviewed' })).toHaveCount(3);

  await corpus.rows.nth(1).getByRole('checkbox').click();
  await corpus.rows
    .nth(3)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await bulk.getByRole('button', { name: 'Delete…' }).click();
  const confirm = corpus.dialog('Delete documents');
  await expect(confirm).toContainText('Delete 3 documents from Sample project');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(corpus.rows).toHaveCount(11);

  await bulk.getByRole('button', { name: 'Delete…' }).click();
  await confirm.getByRole('button', { name: 'Delete 3 documents' }).click();
  await expect(corpus.rows).toHaveCount(8);
  const left = await corpus.rows.locator('.doc-title').allTextContents();
  expect(left).toEqual([titles[0], ...titles.slice(4)]);
  await page.reload();
  await expect(corpus.rows).toHaveCount(8);
  await expect(corpus.rows.filter({ hasText: 'reviewed' })).toHaveCount(0);
});

test('metadata edits are saved and survive a reload', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await page.getByRole('tab', { name: 'Document' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('Source', { exact: true }).fill('GlobalPost');
  await panel.getByLabel('Date', { exact: true }).fill('2012-06-13');
  await panel.getByRole('button', { name: 'Add field' }).click();
  const fields = panel.locator('.custom-field');
  const added = fields.last();
  await added.getByPlaceholder('Name').fill('Category');
  await added.getByPlaceholder('Value').fill('world');
  await panel.getByLabel('Title', { exact: true }).fill('Russia defends arms sales');
  await panel.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('banner')).toContainText('Saved');
  await expect(corpus.rows.first()).toContainText('Russia defends arms sales');
  await expect(corpus.rows.first()).toContainText('GlobalPost');
  await expect(corpus.rows.first()).toContainText('2012-06-13');

  await page.reload();
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(panel.getByLabel('Source', { exact: true })).toHaveValue('GlobalPost');
  await expect(panel.getByLabel('Title', { exact: true })).toHaveValue('Russia defends arms sales');
  await expect(panel.getByLabel('Category value')).toHaveValue('world');
  await panel.getByRole('button', { name: 'Remove field Category' }).click();
  await panel.getByRole('button', { name: 'Save details' }).click();
  // After the reload the status reads "All changes saved"; "Saved: …" comes only with this commit.
  await expect(page.getByTestId('save-status')).toContainText('Saved:');
  await page.reload();
  await page.getByRole('tab', { name: 'Document' }).click();
  await expect(panel.getByLabel('Category value')).toHaveCount(0);
  await expect(panel.getByLabel('Source', { exact: true })).toHaveValue('GlobalPost');
});

test('a CSV without a title column: paragraphs and headline recognised from the text', async ({ page }, testInfo) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await importBbc(page);
  await corpus.row('worldcom ex-boss launches defence').getByRole('button').click();
  const article = page.getByRole('textbox', { name: /^Article:/ });
  // The BBC rows flatten paragraphs to "sentence.  next paragraph": each is a paragraph again.
  await expect(article.locator('p').first()).toHaveText(/^worldcom ex-boss launches defence .* as their first witness\.$/);
  await expect(article.locator('p').nth(1)).toHaveText(/^cynthia cooper {2}worldcom s ex-head/);
  expect(await article.locator('p').count()).toBeGreaterThan(2);

  // A headline on its own first line is the title and the headline.
  const file = testInfo.outputPath('headlines.csv');
  writeFileSync(file, 'Text\n"Moscow denies arms deal\n\nLavrov said Moscow sells no arms.\n\nHe spoke in Tehran."\n');
  await new ImportDialogPage(page).importOneDocument(file);
  await corpus.row('Moscow denies arms deal').getByRole('button').click();
  await expect(article.getByRole('heading', { level: 1 })).toHaveText('Moscow denies arms deal');
  await expect(article.locator('p')).toHaveText(['Lavrov said Moscow sells no arms.', 'He spoke in Tehran.']);
});

test('a renamed document is found by its new title and no longer by its old one', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  // Searched once, so the document is in the text index before it is renamed.
  await corpus.search.fill('lavrov');
  await expect(corpus.count).toHaveText('1 of 1 documents match');
  await corpus.search.fill('');
  await page.getByRole('tab', { name: 'Document' }).click();
  const panel = page.getByRole('tabpanel');
  await panel.getByLabel('Title', { exact: true }).fill('Zeppelin inquiry');
  await panel.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('banner')).toContainText('Saved');
  await corpus.search.fill('zeppelin');
  await expect(corpus.count).toHaveText('1 of 1 documents match');
  await expect(corpus.rows.first()).toContainText('Zeppelin inquiry');
  // Renamed again: found by its text and its newest title, no longer by the title before.
  await corpus.search.fill('');
  await panel.getByLabel('Title', { exact: true }).fill('Harbour notes');
  await panel.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('save-status')).toContainText('Saved:');
  await corpus.search.fill('harbour notes ');
  await expect(corpus.count).toHaveText('1 of 1 documents match');
  await corpus.search.fill('lavrov');
  await expect(corpus.count).toHaveText('1 of 1 documents match');
  await corpus.search.fill('zeppelin');
  await expect(corpus.count).toHaveText('0 of 1 documents match');
});

test('CSV metadata columns and dates become filters in the corpus browser', async ({ page }, testInfo) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  // The BBC sample with a category and a publication date column, dates written as people do.
  const texts = Papa.parse<{ Text: string }>(readFileSync(BBC, 'utf8'), { header: true, skipEmptyLines: true }).data.map((r) => r.Text);
  const categories = [
    'business',
    'business',
    'business',
    'tech',
    'business',
    'politics',
    'sport',
    'entertainment',
    'business',
    'entertainment',
  ];
  const rows = texts.map((t, i) => ({ Text: t, Category: categories[i]!, Published: `${String(i + 10).padStart(2, '0')}/02/2005` }));
  const file = testInfo.outputPath('bbc-with-metadata.csv');
  writeFileSync(file, Papa.unparse(rows));
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('files', file);
  await dialog.startImport();
  await expect(dialog.result).toHaveText('Imported 10 documents and 0 annotations.');
  await dialog.close();

  await corpus.openFilters();
  const category = corpus.corpus.getByRole('combobox', { name: 'Category', exact: true });
  await expect(category.locator('option')).toHaveText([
    'Any Category',
    'business (5)',
    'entertainment (2)',
    'politics (1)',
    'sport (1)',
    'tech (1)',
  ]);
  await category.selectOption('entertainment');
  await expect(corpus.count).toHaveText('2 of 11 documents');
  await corpus.corpus.getByRole('button', { name: 'Clear filters' }).click();
  const range = corpus.corpus.getByRole('group', { name: 'Published' });
  await range.getByLabel('From').fill('2005-02-12');
  await range.getByLabel('To').fill('2005-02-14');
  await expect(corpus.count).toHaveText('3 of 11 documents');
  await expect(corpus.list).toContainText('bbc poll indicates economic gloom');
});

test('a word in more documents than a page: the best 100 at once, the rest on demand', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  const rows = Array.from({ length: 130 }, (_, i) => ({
    Title: i === 77 ? 'Harbour strike closes port' : `Item ${i}`,
    Text: `Report ${i} says the harbour was quiet on day ${i}.`,
  }));
  const file = test.info().outputPath('harbour-130.csv');
  writeFileSync(file, Papa.unparse(rows));
  await importCsv(page, file, 130);
  // Searched right after the import: the new documents are found (the index pass runs first if need be).
  await corpus.search.fill('harbour');
  await expect(corpus.count).toHaveText('130 of 131 documents match; the best 100 shown');
  // The title match ranks first.
  await expect(corpus.rows.first()).toContainText('Harbour strike closes port');
  const more = corpus.corpus.getByRole('button', { name: 'Show all 130 matches' });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(corpus.count).toHaveText('130 of 131 documents match');
  await expect(more).toHaveCount(0);
  // Every match is in the list now (each row says it is one of 130).
  await expect(corpus.rows.first()).toHaveAttribute('aria-setsize', '130');
});

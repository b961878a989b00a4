import { writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { CorpusPage } from './pages/CorpusPage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';

/** Imports documents with these titles from a CSV (one import: they share a creation time, listed by id among themselves). */
async function importTitles(page: Page, name: string, titles: string[]): Promise<void> {
  const file = test.info().outputPath(`${name}.csv`);
  writeFileSync(file, Papa.unparse(titles.map((Title, i) => ({ Title, Text: `Day ${i} was quiet in ${Title}.` }))));
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('files', file);
  await dialog.dialog.getByLabel('Text column').selectOption('Text');
  await dialog.startImport();
  const n = titles.length;
  await expect(dialog.result).toHaveText(`Imported ${n.toLocaleString('en')} document${n === 1 ? '' : 's'} and 0 annotations.`);
  await dialog.close();
}

const DOCUMENTS = 1500;

test('a long list: End shows its last document, Home its first, also right after a reload while the list is read', async ({ page }) => {
  const corpus = new CorpusPage(page);
  await corpus.goto();
  await corpus.createProject('Long list');
  // Three imports, so the first and the last document in the list's order (the order they were added) are known.
  await importTitles(page, 'first', ['The first report']);
  await importTitles(
    page,
    'middle',
    Array.from({ length: DOCUMENTS - 2 }, (_, i) => `Report ${i + 1}`),
  );
  await importTitles(page, 'last', ['The last report']);

  const first = corpus.list.getByRole('button', { name: /^The first report/ });
  const last = corpus.list.getByRole('button', { name: /^The last report/ });
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await expect(corpus.count).toHaveText(`${DOCUMENTS.toLocaleString('en')} documents`);
    await expect(last).toHaveCount(0);
    await first.focus();
    await page.keyboard.press('End');
    await expect(last).toBeInViewport();
    await expect(last).toBeFocused();
    await expect(corpus.rows.filter({ has: page.getByRole('button', { name: /^The last report/ }) })).toHaveAttribute(
      'aria-posinset',
      String(DOCUMENTS),
    );
    await expect(first).toHaveCount(0);
    await page.keyboard.press('Home');
    await expect(first).toBeInViewport();
    await expect(first).toBeFocused();
    await expect(last).toHaveCount(0);
  }
});

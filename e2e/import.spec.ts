import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { documentsInDb, ImportDialogPage } from './pages/ImportDialog.ts';

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

test.beforeEach(async ({ page }) => {
  await new AnnotatePage(page).goto();
});

test('a CSV imports with the chosen text column, and again as 10 duplicates', async ({ page }) => {
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('files', fixture('bbc-news-10.csv'));
  await expect(dialog.row('bbc-news-10.csv')).toContainText('CSV');
  await dialog.dialog.getByLabel('Text column').selectOption('Text');
  await expect(dialog.totals).toHaveText(/^10 documents in 1 file/);
  await expect(dialog.dialog.getByRole('table', { name: 'First rows of bbc-news-10.csv' })).toContainText(
    'worldcom ex-boss launches defence',
  );
  await dialog.startImport();
  await expect(dialog.result).toHaveText('Imported 10 documents and 0 annotations.');
  await expect(dialog.results).toHaveText(['bbc-news-10.csv — imported 10 documents, 0 annotations']);
  await dialog.close();
  const list = page.getByRole('list', { name: 'Document list' });
  await expect(list).toContainText('worldcom ex-boss launches defence');
  expect((await documentsInDb(page)).length).toBe(11);

  await dialog.open();
  await dialog.choose('files', fixture('bbc-news-10.csv'));
  await expect(dialog.totals).toHaveText(/10 duplicates will be skipped/);
  await expect(dialog.row('bbc-news-10.csv').getByRole('cell').nth(3)).toHaveText('10');
  await expect(dialog.dialog.getByRole('button', { name: 'Import 0 documents' })).toBeDisabled();
  await dialog.close();
  expect((await documentsInDb(page)).length).toBe(11);
});

test('a folder imports its txt, html, md and jsonl files and reports the broken one by name', async ({ page }) => {
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('folder', fixture('import-folder'));
  await expect(dialog.row(/broken\.jsonl$/)).toHaveAttribute('data-status', 'failed');
  await expect(dialog.row(/broken\.jsonl$/)).toContainText(/broken\.jsonl:2: This line is not valid JSON/);
  await expect(dialog.totals).toHaveText(/^5 documents in 5 files, 4 annotations · 1 file cannot be imported$/);
  await dialog.startImport();
  await expect(dialog.result).toHaveText('Imported 5 documents and 4 annotations.');
  const byName = (name: string) => dialog.results.filter({ hasText: name });
  await expect(byName('broken.jsonl')).toHaveAttribute('data-status', 'failed');
  await expect(byName('broken.jsonl')).toContainText('failed: import-folder/broken.jsonl:2: This line is not valid JSON');
  await expect(byName('ebbers-trial.txt')).toContainText('imported 1 document, 0 annotations');
  await expect(byName('lavrov-page.html')).toContainText('imported 1 document');
  await expect(byName('ifo-confidence.md')).toContainText('imported 1 document');
  await expect(byName('doccano-claims.jsonl')).toContainText('imported 2 documents, 4 annotations');
  await dialog.close();

  const list = page.getByRole('list', { name: 'Document list' });
  for (const title of [
    'Ebbers trial hears from whistleblower',
    'Russia defends arms sales to Syria',
    'German business confidence slides',
  ]) {
    await expect(list).toContainText(title);
  }
  const docs = await documentsInDb(page);
  expect(docs).toHaveLength(6);
  expect(
    docs.filter((d) => d.title.startsWith('Lavrov said') || d.title.startsWith('The ministry')).map((d) => [d.annotations, d.relations]),
  ).toEqual([
    [2, 1],
    [2, 1],
  ]);
});

test('Cancel mid-import stops after a batch and leaves only whole documents', async ({ page }, testInfo) => {
  const N = 6000;
  const filler = 'The minister repeated that the contracts were legal and had been signed years ago. '.repeat(12);
  const lines = Array.from({ length: N }, (_, i) => {
    const text = `Speaker${i} said that claim number ${i} is true. ${filler}`;
    const claim = text.indexOf('claim number');
    return JSON.stringify({
      text,
      label: [
        [0, `Speaker${i}`.length, 'Speaker'],
        [claim, claim + `claim number ${i}`.length, 'Claim'],
      ],
    });
  });
  const path = testInfo.outputPath('big.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);

  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('files', path);
  await expect(dialog.totals).toHaveText(/^6,000 documents in 1 file, 12,000 annotations/);
  await dialog.startImport();
  await expect(dialog.progress).toHaveText(/^[1-9][\d,]* of 6,000 documents · [\d,]+ docs\/s · big\.jsonl$/);
  await dialog.dialog.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dialog.result).toHaveText(/^Import cancelled: [\d,]+ documents were imported before cancelling; none is half-imported\.$/, {
    timeout: 30_000,
  });
  const imported = Number((await dialog.result.textContent())!.match(/cancelled: ([\d,]+)/)![1]!.replace(/,/g, ''));
  expect(imported).toBeGreaterThan(0);
  expect(imported).toBeLessThan(N);
  expect(imported % 500).toBe(0);
  await dialog.close();

  const docs = (await documentsInDb(page)).filter((d) => d.title.startsWith('Speaker'));
  expect(docs).toHaveLength(imported);
  expect(docs.every((d) => d.annotations === 2)).toBe(true);
});

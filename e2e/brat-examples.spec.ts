import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { documentsInDb, ImportDialogPage } from './pages/ImportDialog.ts';

// brat's own example corpora (renderer/core/formats/fixtures/brat-examples/README.md): CoNLL-ST
// 2006 names its types in [spans], which brat reads as [entities]; Claimscope used to refuse it.
const EXAMPLES = fileURLToPath(new URL('../renderer/core/formats/fixtures/brat-examples/', import.meta.url));
const DOC = 'portuguese_bosque_train.conll-doc-12';

test.beforeEach(async ({ page }) => {
  await new AnnotatePage(page).goto();
});

test("brat's CoNLL-ST 2006 example imports with its [spans] configuration", async ({ page }) => {
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('folder', path.join(EXAMPLES, 'conll-st-2006'));
  await expect(dialog.row(/annotation\.conf$/)).not.toHaveAttribute('data-status', 'failed');
  await expect(dialog.totals).toHaveText(/^1 document in 2 files, 111 annotations/);
  await dialog.startImport();
  await expect(dialog.result).toHaveText('Imported 1 document and 111 annotations.');
  const conf = dialog.results.filter({ hasText: 'annotation.conf' });
  await conf.getByText('1 warning').click();
  await expect(conf).toContainText('name the type "Span", which the file does not define; read as allowing any type.');
  await dialog.close();
  const docs = await documentsInDb(page);
  expect(docs.find((d) => d.title === DOC)).toEqual({ title: DOC, annotations: 111, relations: 101 });
  // The configuration's types are the project's labels now, in its order: "adj" first.
  await expect(page.getByRole('button', { name: /^adj\b/ })).toBeVisible();
});

test('a brat folder whose annotation.conf cannot be read still imports, and the warning says why', async ({ page }, testInfo) => {
  const folder = testInfo.outputPath('broken-conf');
  mkdirSync(folder, { recursive: true });
  for (const ext of ['txt', 'ann']) copyFileSync(path.join(EXAMPLES, 'conll-st-2006', `${DOC}.${ext}`), path.join(folder, `${DOC}.${ext}`));
  writeFileSync(path.join(folder, 'annotation.conf'), '[entities]\n  Indented-without-parent\n');
  const dialog = new ImportDialogPage(page);
  await dialog.open();
  await dialog.choose('folder', folder);
  await expect(dialog.row(/annotation\.conf$/)).not.toHaveAttribute('data-status', 'failed');
  await dialog.startImport();
  await expect(dialog.result).toHaveText('Imported 1 document and 111 annotations.');
  const conf = dialog.results.filter({ hasText: 'annotation.conf' });
  await conf.getByText('1 warning').click();
  await expect(conf).toContainText(
    'broken-conf/annotation.conf:2: "Indented-without-parent" is indented, but no type one level up comes before it. The configuration is not used: the documents are imported with the entity, relation and attribute types their .ann files use.',
  );
});

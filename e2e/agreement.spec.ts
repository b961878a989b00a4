import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { tokenize } from '../renderer/core/metrics/labels.ts';

// Two annotators (two names in one browser profile) mark the same speaker and claim; only alice
// links the claim to its speaker; both call the article relevant. The dashboard names the unit of
// every n, explains the attribution F1 of 0, and gives the document attribute's figures.

const SAMPLE = readFileSync(new URL('../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8');
const CLAIM = "Moscow is selling weapons to Assad's regime";

async function annotate(app: EntitiesSchemaPage, page: Page, name: string, link: boolean) {
  await app.setName(name);
  await app.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await app.selectText(CLAIM);
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');
  if (link) {
    await page.keyboard.press('l');
    await expect(app.picker).toBeFocused();
    await page.keyboard.press('s');
    await app.expectSaved('Link Claim said by Speaker');
  }
  await app.openTab('Document');
  await page.getByRole('combobox', { name: 'relevance' }).selectOption('yes');
  await app.expectSaved('Set document relevance');
  await app.openTab('Annotations');
}

test('agreement figures name their units and say why a figure is 0; document attributes get α and κ', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  await annotate(app, page, 'alice', true);
  await annotate(app, page, 'bob', false);

  await page.keyboard.press('Alt+3');
  const figures = page.getByRole('table', { name: 'Agreement figures' });
  const row = (metric: RegExp) => figures.getByRole('row').filter({ has: page.getByRole('rowheader', { name: metric }) });
  const cells = (metric: RegExp) => row(metric).getByRole('cell');
  await expect(page.getByText(/^2 layers \(alice, bob\) · 1 document, 1 annotated by every layer · [\d]+ tokens$/)).toBeVisible();

  const tokens = tokenize(SAMPLE).length;
  await expect(cells(/^Cohen’s κ/).nth(3)).toHaveText(`1 pair of layers · ${tokens} tokens`);
  await expect(cells(/^Fleiss’ κ/).nth(3)).toHaveText(`${tokens} tokens labelled by every layer`);
  await expect(cells(/^Krippendorff’s α \(nominal\)/).nth(3)).toHaveText(`${2 * tokens} values (a token’s value from each layer)`);
  await expect(cells(/^Span F1, exact/).nth(3)).toHaveText('1 pair of layers · alice: 2 spans, bob: 2 spans');
  // The attribution F1 of 0, with its reason.
  await expect(cells(/^Attribution F1, exact/).first()).toHaveText('0.000');
  await expect(cells(/^Attribution F1, exact/).nth(3)).toHaveText('1 pair of layers · alice: 1 claim, bob: 1 claim');
  await expect(cells(/^Attribution F1, exact/).nth(4)).toHaveText(
    'No claim of bob has a speaker link (alice links 1 of 1 claim to a speaker).',
  );

  // Document-level labels: both said "relevant", so α and Fleiss' κ are 1 by convention, and say so.
  const docTable = page.getByRole('table', { name: 'Document attribute agreement' });
  const docRow = (metric: string) =>
    docTable
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'relevance' }) })
      .filter({ hasText: metric });
  await expect(docRow('Krippendorff’s α').getByRole('cell')).toHaveText([
    'Krippendorff’s α (nominal)',
    '1.000',
    '2 values in 1 document',
    'Every layer gave every document the same value (α is 1 by convention).',
  ]);
  await expect(docRow('Fleiss’ κ').getByRole('cell').nth(2)).toHaveText('1 document labelled by every layer');
  await expect(docRow('Cohen’s κ').getByRole('cell').nth(2)).toHaveText('1 pair of layers · 1 document both labelled');

  // The definition is one button away.
  await page.getByRole('button', { name: 'Definition of Document attributes' }).click();
  const help = page.getByRole('dialog', { name: 'How the agreement figures are computed' });
  await expect(help.getByRole('heading', { name: 'Document attributes' })).toBeVisible();
});

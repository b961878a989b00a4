import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

// Two claims of the sample grouped in the Claims view, worded and fact-checked, then exported as
// the groups table and as ClaimReview JSON-LD; a format without groups says it leaves them out.

const FIRST = 'Russia is sending attack helicopters to Syria';
const SECOND = 'Russia was sending helicopters';
const CANONICAL = 'Russia is arming Syria with attack helicopters';
const FACT_CHECK = 'https://www.politifact.com/factchecks/2012/jun/14/hillary-clinton/helicopters/';

test('claim groups are exported as the groups table and as ClaimReview, and other formats say they leave them out', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new AnnotatePage(page);
  await app.goto();
  await app.setName('alice');
  await app.tag(FIRST, '1', 'Claim');
  await app.tag(SECOND, '1', 'Claim');

  await page.keyboard.press('Alt+4');
  const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
  await grid.getByRole('checkbox', { name: `Tick “${FIRST}”` }).check();
  await grid.getByRole('checkbox', { name: `Tick “${SECOND}”` }).check();
  await page.getByRole('button', { name: 'Group (G)' }).click();
  await app.expectSaved('Group 2 claims');
  const detail = page.getByRole('article', { name: /^Claim group:/ });
  const wording = detail.getByLabel('Canonical wording');
  await wording.fill(CANONICAL);
  await wording.press('Enter');
  await app.expectSaved('Edit group wording');
  const form = detail.getByRole('form', { name: 'Add a fact-check' });
  await form.getByLabel('URL').fill(FACT_CHECK);
  await form.getByLabel('Publisher').fill('PolitiFact');
  await form.getByLabel('Verdict').fill('Half true');
  await form.getByLabel('Date').fill('2012-06-14');
  await form.getByRole('button', { name: 'Add fact-check' }).click();
  await app.expectSaved('Add fact-check');

  const dialog = new ExportDialogPage(page);

  // The groups table: one row per claim of the group, with its wording, article and fact-check.
  await dialog.open();
  await dialog.chooseFormat('Claim groups table (CSV)');
  await expect(dialog.lossReport).not.toContainText('cannot hold claim groups');
  const table = await dialog.exportFile();
  expect(table.name).toBe('sample-project-groups.csv');
  const parsed = Papa.parse<Record<string, string>>(table.bytes.toString('utf8').replace(/^\ufeff/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  const title = 'Russia defends arms sales to Syria, says US is arming rebels';
  expect(parsed.data.map((r) => [r.canonical, r.claim_text, r.group_layer, r.document_title]).sort()).toEqual(
    [
      [CANONICAL, FIRST, 'alice', title],
      [CANONICAL, SECOND, 'alice', title],
    ].sort(),
  );
  expect(parsed.data[0]!.fact_checks).toBe(`PolitiFact: Half true (2012-06-14) ${FACT_CHECK}`);

  // ClaimReview: one review of the canonical claim, rated by the fact-checker, appearing in the sample.
  const jsonld = await dialog.exportAs('ClaimReview of claim groups (JSON-LD)');
  expect(jsonld.name).toBe('sample-project-groups-claimreview.jsonld');
  const reviews = JSON.parse(jsonld.text) as Record<string, unknown>[];
  expect(reviews).toHaveLength(1);
  expect(reviews[0]).toMatchObject({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: FACT_CHECK,
    claimReviewed: CANONICAL,
    datePublished: '2012-06-14',
    author: { '@type': 'Organization', name: 'PolitiFact' },
    reviewRating: { '@type': 'Rating', alternateName: 'Half true', ratingValue: 3 },
    itemReviewed: {
      '@type': 'Claim',
      appearance: [{ '@type': 'CreativeWork', headline: 'Russia defends arms sales to Syria, says US is arming rebels' }],
    },
  });

  // The claims table names each claim's group; brat says it leaves the group out.
  const claims = await dialog.exportAs('Claims table (CSV)');
  const claimRows = Papa.parse<Record<string, string>>(claims.text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
  expect(claimRows.map((r) => r.group)).toEqual([CANONICAL, CANONICAL]);
  await dialog.open();
  await dialog.chooseFormat('brat standoff (.zip)');
  await expect(dialog.lossReport).toContainText(
    'brat standoff (.zip) cannot hold claim groups: 1 group of 2 claims and 1 fact-check will be left out.',
  );
});

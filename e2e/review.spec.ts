import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';
import { agreementReport, type LayerAnnotation } from '../renderer/core/metrics/report.ts';
import { TeamMenu } from './pages/TeamMenu.ts';

// Two annotators annotate the sample in two browser profiles (two databases), share bundles; a
// third profile adds both, reads the dashboard, and builds a gold layer that exports correctly.

const SAMPLE = readFileSync(new URL('../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8');
const spanOf = (quote: string) => {
  const start = SAMPLE.indexOf(quote);
  if (start < 0) throw new Error(`${quote} not in sample`);
  return { start, end: start + quote.length };
};

interface Mark {
  label: string;
  quote: string;
  key: string;
}
// alice and bob agree on the speaker, disagree on Reuters' label and on the claim's boundary.
const ALICE: Mark[] = [
  { label: 'Speaker', quote: 'Sergei Lavrov', key: '2' },
  { label: 'Claim', quote: "Moscow is selling weapons to Assad's regime", key: '1' },
  { label: 'Source', quote: 'Reuters', key: '3' },
];
const BOB: Mark[] = [
  { label: 'Speaker', quote: 'Sergei Lavrov', key: '2' },
  { label: 'Claim', quote: 'Moscow is selling weapons', key: '1' },
  { label: 'Speaker', quote: 'Reuters', key: '2' },
];

async function setName(page: Page, name: string) {
  await page.getByRole('button', { name: /^Annotating as/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Your annotator name' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('button', { name: new RegExp(`^Annotating as ${name}\\.`) })).toBeVisible();
}

async function annotateAndShare(browser: Browser, name: string, marks: Mark[]): Promise<{ name: string; buffer: Buffer }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AnnotatePage(page);
  await app.goto();
  // First start: ready to annotate, with an invitation (not a blocking prompt) to set a name.
  await expect(page.getByRole('button', { name: /set your name/i })).toBeVisible();
  await setName(page, name);
  for (const m of marks) {
    await app.selectText(m.quote);
    await page.keyboard.press(m.key);
    await app.expectSaved(`Add ${m.label}`);
  }
  const download = page.waitForEvent('download');
  await new TeamMenu(page).choose('Share my annotations');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`-${name}-\\d{8}-\\d{6}\\.claimscope-bundle\\.zip$`));
  const buffer = readFileSync(await file.path());
  // Not a silent download: a notification says where the file went, its name in full, and stays.
  const shared = page.getByRole('status').filter({ hasText: 'Annotations shared' });
  await expect(shared).toContainText(
    `Shared ${marks.length === 1 ? '1 annotation' : `${marks.length} annotations`} on 1 document by ${name}. Saved to your downloads folder as ${file.suggestedFilename()}.`,
  );
  await expect(shared).toBeVisible();
  await context.close();
  return { name: file.suggestedFilename(), buffer };
}

async function chooseBundles(page: Page, bundles: { name: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent('filechooser');
  await new TeamMenu(page).choose('Add teammates’ annotations');
  await (await chooser).setFiles(bundles.map((b) => ({ name: b.name, mimeType: 'application/zip', buffer: b.buffer })));
}

const asLayer = (marks: Mark[]): { annotations: LayerAnnotation[] } => ({
  annotations: marks.map((m, i) => ({ id: `${i}`, label: m.label, ranges: [spanOf(m.quote)] })),
});
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

test('two annotators share bundles; a reviewer compares them and builds a gold layer', async ({ browser }) => {
  test.setTimeout(120_000);
  const aliceBundle = await annotateAndShare(browser, 'alice', ALICE);
  const bobBundle = await annotateAndShare(browser, 'bob', BOB);

  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AnnotatePage(page);
  await app.goto();
  await setName(page, 'lead');
  await chooseBundles(page, [aliceBundle, bobBundle]);
  // A preview first, as Import has: whose layer, what it matches, what it adds; nothing written yet.
  const preview = page.getByRole('dialog', { name: 'Add teammates’ annotations' });
  const aliceItem = preview.getByRole('listitem', { name: aliceBundle.name });
  await expect(aliceItem.getByRole('heading')).toHaveText(aliceBundle.name);
  await expect(aliceItem).toContainText('Annotatoralice');
  await expect(aliceItem).toContainText('Adds a new layer “alice”');
  await expect(aliceItem).toContainText('3 annotations, 0 links');
  await expect(aliceItem).toContainText('Documents matched1: “');
  await expect(aliceItem).toContainText('Not matchednone');
  await expect(app.rows).toHaveCount(0);
  await preview.getByRole('button', { name: 'Add 2 layers' }).click();
  await expect(preview).toBeHidden();
  const added = page.getByRole('region', { name: 'Notifications' }).getByRole('status').filter({ hasText: 'Layer added' });
  await expect(added.filter({ hasText: 'alice' })).toContainText(
    `Added alice's layer: 3 annotations on 1 document. From ${aliceBundle.name}.`,
  );
  await expect(added.filter({ hasText: 'bob' })).toContainText(`Added bob's layer: 3 annotations on 1 document. From ${bobBundle.name}.`);
  // Both layers are shown in the annotate view (blind mode is off).
  await expect(app.rows).toHaveCount(6);
  // Notifications stay until dismissed, and are kept in a history.
  await page.getByRole('button', { name: 'Dismiss: Layer added' }).first().click();
  await page.getByRole('button', { name: 'Dismiss: Layer added' }).click();
  await expect(added).toHaveCount(0);

  // Adding alice's bundle again is refused in the preview, prominently, and changes nothing.
  await chooseBundles(page, [aliceBundle]);
  await expect(preview.getByRole('alert')).toContainText('Will not be added (alice):');
  await expect(preview.getByRole('alert')).toContainText('has already been added');
  await expect(preview.getByRole('button', { name: 'Add 0 layers' })).toBeDisabled();
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.rows).toHaveCount(6);
  await page.getByRole('button', { name: /^Notifications \(\d+\)$/ }).click();
  const history = page.getByRole('dialog', { name: 'Notification history' }).getByRole('listitem');
  await expect(history.filter({ hasText: `From ${aliceBundle.name}.` })).toHaveCount(1);
  await page.keyboard.press('Escape');

  // The dashboard's figures are the core metrics on the known spans.
  const expected = agreementReport({ documents: [{ id: 'd', text: SAMPLE, layers: { alice: asLayer(ALICE), bob: asLayer(BOB) } }] }).corpus
    .labels['*']!;
  await page.keyboard.press('Alt+3');
  const figures = page.getByRole('table', { name: 'Agreement figures' });
  const value = (metric: RegExp) =>
    figures
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: metric }) })
      .getByRole('cell')
      .first();
  await expect(value(/^Span F1, exact/)).toHaveText(fmt(expected.spanF1.exact.f1));
  await expect(value(/^Span F1, overlap/)).toHaveText(fmt(expected.spanF1.overlap.f1));
  await expect(value(/^Cohen’s κ/)).toHaveText(fmt(expected.meanCohen));
  await expect(value(/^Fleiss’ κ/)).toHaveText(fmt(expected.fleiss.kappa));
  await expect(value(/^Krippendorff’s α \(nominal\)/)).toHaveText(fmt(expected.alphaNominal.alpha));
  await expect(value(/^Krippendorff’s αU/)).toHaveText(fmt(expected.alphaUnitizing.alpha));
  // Sanity of the example itself: one exact match of three, two overlapping matches of three.
  expect(expected.spanF1.exact.f1).toBeCloseTo(1 / 3, 10);
  expect(expected.spanF1.overlap.f1).toBeCloseTo(2 / 3, 10);
  await expect(page.getByRole('img', { name: /Label confusion heatmap, alice against bob/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Pairwise agreement chart/ })).toBeVisible();
  // The definitions are one keyboard-reachable dialog away.
  await page.getByRole('button', { name: 'Metric definitions' }).click();
  const help = page.getByRole('dialog', { name: 'How the agreement figures are computed' });
  await expect(help.getByRole('heading', { name: /Krippendorff's αU/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Review: accept all agreed, accept alice's claim, reject both readings of "Reuters".
  await page.keyboard.press('Alt+2');
  const review = page.getByLabel('Review', { exact: true });
  await expect(page.getByText(/^3 candidates from 2 layers: 3 open/)).toBeVisible();
  // A curation view: the article is in the middle with every layer's spans; clicking one brings
  // its candidate up, each reading in its sentence with the words the readings differ in marked.
  await expect(app.article).toBeVisible();
  await app.clickText("Assad's regime");
  await expect(page.getByRole('heading', { name: 'Candidate 2 of 3' })).toBeVisible();
  const readings = page.getByRole('listbox', { name: 'Variants of this candidate' }).getByRole('option');
  const aliceReading = readings.filter({ hasText: 'alice (1/2)' });
  await expect(aliceReading.getByLabel(/in context$/)).toContainText(
    "allegations that Moscow is selling weapons to Assad's regime, Reuters",
  );
  await expect(aliceReading.locator('mark')).toHaveText(" to Assad's regime");
  await expect(readings.filter({ hasText: 'bob (1/2)' }).locator('mark')).toHaveCount(0);
  await review.focus();
  await page.keyboard.press('k');
  await expect(page.getByRole('heading', { name: 'Candidate 1 of 3' })).toBeVisible();
  await page.getByRole('button', { name: /^Accept all agreed \(1\)/ }).click();
  await app.expectSaved('Accept all agreed');
  await review.focus();
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: 'Candidate 2 of 3' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Variants of this candidate' }).getByRole('option', { selected: true })).toContainText(
    "Moscow is selling weapons to Assad's regime",
  );
  await page.keyboard.press('a');
  await app.expectSaved('Accept Claim from alice');
  await expect(page.getByRole('heading', { name: 'Candidate 3 of 3' })).toBeVisible();
  // One reading at a time, as a reviewer does: each rejection is saved before the next key.
  await page.keyboard.press('r');
  await expect(page.getByRole('status').filter({ hasText: /^Rejected Source “Reuters” \((alice|bob)\)/ })).toBeVisible();
  await page.keyboard.press('r');
  await expect(page.getByText(/^3 candidates from 2 layers: 0 open, 2 in gold, 1 rejected/)).toBeVisible();
  const gold = page.getByRole('list', { name: 'Gold annotations' }).getByRole('listitem');
  await expect(gold).toHaveCount(2);

  // A reviewer comment on the rejected candidate, resolved.
  await page.getByRole('textbox', { name: /^Add a comment on/ }).fill('Reuters is the source here, not a speaker.');
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(page.getByText('Reuters is the source here, not a speaker.')).toBeVisible();
  await page.getByRole('button', { name: 'Resolve thread' }).click();
  await expect(page.getByText(/resolved by lead/)).toBeVisible();

  // Undo takes back the last gold write; redo puts it back.
  await page.keyboard.press('Control+z');
  await expect(gold).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(gold).toHaveCount(2);

  // The gold layer exports exactly the accepted spans.
  await page.keyboard.press('Alt+1');
  const dialog = new ExportDialogPage(page);
  await dialog.open();
  await dialog.chooseFormat('Claimscope JSONL');
  await dialog.dialog.getByLabel('Layer', { exact: true }).selectOption({ label: 'Gold' });
  const file = await dialog.exportFile();
  const [doc] = file.bytes
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const exported = (doc.annotations as { label: string; start: number; end: number; layer: string }[])
    .map((a) => `${a.layer}:${a.label}@${a.start}-${a.end}`)
    .sort();
  const accepted = [ALICE[0]!, ALICE[1]!].map((m) => `gold:${m.label}@${spanOf(m.quote).start}-${spanOf(m.quote).end}`).sort();
  expect(exported).toEqual(accepted);
  await context.close();
});

test('blind mode hides other layers until the annotator marks the document done', async ({ browser }) => {
  const aliceBundle = await annotateAndShare(browser, 'alice', ALICE.slice(0, 1));
  const context = await browser.newContext();
  const page = await context.newPage();
  const app = new AnnotatePage(page);
  await app.goto();
  await setName(page, 'carol');
  await app.selectText('Reuters');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await chooseBundles(page, [aliceBundle]);
  await page.getByRole('dialog', { name: 'Add teammates’ annotations' }).getByRole('button', { name: 'Add 1 layer' }).click();
  await expect(app.rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: /^Blind: hide other layers/ }).check();
  await expect(app.rows).toHaveCount(1);
  await expect(app.row('Source', 'Reuters')).toBeVisible();
  await expect(page.getByText(/1 annotation from 1 other layer hidden/)).toBeVisible();
  await page.getByRole('button', { name: 'Mark this document done' }).click();
  await expect(app.rows).toHaveCount(2);
  await context.close();
});

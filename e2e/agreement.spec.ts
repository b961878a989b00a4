import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { axeViolations } from './pages/axe.ts';
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

  // The disagreement list as CSV, made by the worker when it is exported.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export disagreements (CSV)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('document,label,kind,layer_a,range_a,label_a,text_a,layer_b,range_b,label_b,text_b');
  await expect(page.getByText(/^Saved \d+ disagreements?/)).toBeVisible();

  // The definition is one button away.
  await page.getByRole('button', { name: 'Definition of Document attributes' }).click();
  const help = page.getByRole('dialog', { name: 'How the agreement figures are computed' });
  await expect(help.getByRole('heading', { name: 'Document attributes' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // One document chosen: its figures (computed when it is chosen) say they are the document's.
  await page.getByRole('combobox', { name: 'Scope' }).selectOption({ index: 1 });
  await expect(page.getByText(new RegExp(`^2 layers \\(alice, bob\\) · 2 layers on this document · ${tokens} tokens$`))).toBeVisible();
  await expect(cells(/^Cohen’s κ/).nth(3)).toHaveText(`1 pair of layers · ${tokens} tokens`);
  await expect(cells(/^Span F1, exact/).nth(3)).toHaveText('1 pair of layers · alice: 2 spans, bob: 2 spans');
});

// Claim grouping: alice and bob mark the same four claims and group them differently. The
// expected figures are worked out here from the two groupings, by the definitions (pairs of
// claims put together; B-cubed per claim), and the dashboard and its figures CSV must show them.
const CLAIMS = [
  "Moscow is selling weapons to Assad's regime",
  'Russia was sending helicopters to the violence-ridden region',
  'Russia is sending attack helicopters to Syria',
  'the United States was supplying Syrian rebels with arms',
];
const GROUPINGS: Record<'alice' | 'bob', number[][]> = {
  alice: [[0, 1, 2], [3]],
  bob: [
    [0, 1],
    [2, 3],
  ],
};

/** Pairwise and B-cubed precision/recall/F1 of grouping `b` against the reference `a`, over the claims either grouped. */
function expectedGrouping(a: number[][], b: number[][]) {
  const groupIn = (grouping: number[][], claim: number) => grouping.find((g) => g.includes(claim)) ?? [claim];
  const items = [...new Set([...a.flat(), ...b.flat()])];
  const pairs = (grouping: number[][]) => {
    const out = new Set<string>();
    for (const x of items) for (const y of items) if (x < y && groupIn(grouping, x).includes(y)) out.add(`${x}-${y}`);
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  const both = [...pa].filter((p) => pb.has(p)).length;
  const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
  const pairwise = { precision: both / pb.size, recall: both / pa.size };
  let p = 0;
  let r = 0;
  for (const e of items) {
    const ga = groupIn(a, e);
    const gb = groupIn(b, e);
    const common = ga.filter((x) => gb.includes(x)).length;
    p += common / gb.length;
    r += common / ga.length;
  }
  const bcubed = { precision: p / items.length, recall: r / items.length };
  return {
    pairwise: { ...pairwise, f1: f1(pairwise.precision, pairwise.recall) },
    bcubed: { ...bcubed, f1: f1(bcubed.precision, bcubed.recall) },
  };
}

test('two layers grouping the same claims differently: pairwise and B-cubed on the dashboard and in the figures CSV', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  for (const name of ['alice', 'bob'] as const) {
    await app.setName(name);
    for (const claim of CLAIMS) await app.tag(claim, '1', 'Claim');
    await page.keyboard.press('Alt+4');
    await page.getByRole('combobox', { name: 'Layer' }).selectOption(name);
    await expect(page.getByRole('combobox', { name: 'Grouping' })).toHaveValue(name);
    const grid = page.getByRole('grid', { name: 'Claims across the corpus' });
    for (const group of GROUPINGS[name]) {
      for (const i of group) await grid.getByRole('checkbox', { name: `Tick “${CLAIMS[i]}”` }).check();
      await page.getByRole('button', { name: 'Group (G)' }).click();
      await app.expectSaved(`Group ${group.length} claim${group.length === 1 ? '' : 's'}`);
    }
    await expect(page.getByRole('list', { name: `Groups of ${name}` }).getByRole('listitem')).toHaveCount(GROUPINGS[name].length);
    // Every control of the Claims view and a group's detail is named, its visible label included (axe).
    await page
      .getByRole('list', { name: `Groups of ${name}` })
      .getByRole('button')
      .first()
      .click();
    await expect(page.getByRole('article', { name: /^Claim group:/ })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Alt+1');
  }

  await page.keyboard.press('Alt+3');
  const expected = expectedGrouping(GROUPINGS.alice, GROUPINGS.bob);
  const table = page.getByRole('table', { name: 'Claim grouping agreement' });
  const row = (metric: string) =>
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'alice – bob' }) })
      .filter({ has: page.getByRole('cell', { name: metric, exact: true }) });
  for (const [metric, which] of [
    ['Pairwise', 'pairwise'],
    ['B-cubed', 'bcubed'],
  ] as const) {
    const e = expected[which];
    await expect(row(metric).getByRole('cell').nth(1)).toHaveText(e.f1.toFixed(3));
    await expect(row(metric).getByRole('cell').nth(2)).toHaveText(e.precision.toFixed(3));
    await expect(row(metric).getByRole('cell').nth(3)).toHaveText(e.recall.toFixed(3));
  }
  // What the figures rest on: the four claims, alice's three pairs and bob's two.
  await expect(row('Pairwise').getByRole('cell').nth(4)).toHaveText('4 claims either layer grouped · alice 3 pairs, bob 2 pairs');
  expect(await axeViolations(page)).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export figures (CSV)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const fields = head!.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [fields[i], v])));
  const grouping = rows.filter((r) => r.label === '(claim groups)');
  expect(grouping).toHaveLength(6);
  for (const which of ['pairwise', 'bcubed'] as const) {
    for (const part of ['precision', 'recall', 'f1'] as const) {
      const r = grouping.find((x) => x.metric === `grouping_${which}_${part}`)!;
      expect(r).toMatchObject({ scope: 'corpus', layer_a: 'alice', layer_b: 'bob', n: '4' });
      expect(Number(r.value)).toBeCloseTo(expected[which][part], 9);
    }
  }
});

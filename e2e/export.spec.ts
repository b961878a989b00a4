import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';
import { zipBomb } from '../renderer/core/formats/fixtures/zip-bomb.ts';

const SAMPLE = readFileSync(new URL('../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8');
const cp = (s: string) => Array.from(s).length;

/** The spans the tests annotate, with UTF-16 and code point offsets into the sample. */
const SPANS = [
  { label: 'Speaker', quote: 'Sergei Lavrov' },
  { label: 'Claim', quote: 'Lavrov defended his country on Wednesday' },
  { label: 'Source', quote: 'Reuters' },
].map((s) => {
  const start = SAMPLE.indexOf(s.quote);
  return {
    ...s,
    start,
    end: start + s.quote.length,
    cpStart: cp(SAMPLE.slice(0, start)),
    cpEnd: cp(SAMPLE.slice(0, start + s.quote.length)),
  };
});
const expected = (key: (s: (typeof SPANS)[number]) => unknown) => SPANS.map(key).sort();

async function annotateSample(page: Page): Promise<void> {
  const app = new AnnotatePage(page);
  await app.goto();
  const keys: Record<string, string> = { Claim: '1', Speaker: '2', Source: '3' };
  for (const s of SPANS) {
    await app.selectText(s.quote);
    await page.keyboard.press(keys[s.label]!);
    await app.expectSaved(`Add ${s.label}`);
  }
  await expect(app.rows).toHaveCount(SPANS.length);
}

/** The claim: said by the speaker (L, then S for the nearest speaker), stance "asserts" (E, Space). */
async function linkAndTagClaim(page: Page): Promise<void> {
  const app = new AnnotatePage(page);
  await app.row('Claim', SPANS[1]!.quote).click();
  await page.keyboard.press('l');
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  await page.keyboard.press('e');
  await expect(page.getByRole('radio', { name: 'asserts' })).toBeFocused();
  await page.keyboard.press('Space');
  await app.expectSaved('Set stance of Claim');
  await page.keyboard.press('Escape');
}

test('every format exports the annotated spans, the link and the attribute through the dialog, after a loss report', async ({ page }) => {
  test.setTimeout(120_000);
  await annotateSample(page);
  await linkAndTagClaim(page);
  const dialog = new ExportDialogPage(page);

  // Claimscope JSONL
  const jsonl = await dialog.exportAs('Claimscope JSONL');
  expect(jsonl.name).toBe('sample-project.jsonl');
  const [doc] = jsonl.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(doc.text).toBe(SAMPLE);
  expect(doc.annotations.map((a: { label: string; start: number; end: number }) => `${a.label}@${a.start}-${a.end}`).sort()).toEqual(
    expected((s) => `${s.label}@${s.start}-${s.end}`),
  );
  type Line = { id: string; label: string; quote: string; attributes: Record<string, unknown> };
  const byLabel = (l: string) => (doc.annotations as Line[]).find((a) => a.label === l)!;
  expect(byLabel('Claim').attributes).toEqual({ stance: 'asserts' });
  expect(doc.relations.map((r: { from: string; type: string; to: string }) => [r.from, r.type, r.to])).toEqual([
    [byLabel('Claim').id, 'said by', byLabel('Speaker').id],
  ]);

  // doccano: the loss report counts the attribute it cannot hold.
  await dialog.open();
  await dialog.chooseFormat('doccano JSONL');
  await expect(dialog.lossReport).toContainText('doccano has no attributes: 1 attribute value on 1 annotation will be left out.');
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toBeHidden();

  // The loss report names what CoNLL drops, with counts, before anything is written.
  await dialog.open();
  await dialog.chooseFormat('CoNLL (BIO)');
  await expect(dialog.lossReport).toContainText('CoNLL cannot hold 1 overlapping span in 1 document');
  const bio = await dialog.exportFile();
  expect(bio.name).toBe('sample-project-bio.conll');
  const rows = bio.bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('-DOCSTART-'))
    .map((l) => l.split('\t'));
  const tagged = (prefix: RegExp) => rows.filter(([, tag]) => prefix.test(tag!)).map(([tok, tag]) => `${tok} ${tag}`);
  // The longer claim wins over the overlapping speaker; the source stays.
  expect(tagged(/^B-/)).toEqual(['Lavrov B-Claim', 'Reuters B-Source']);
  expect(rows.filter(([, t]) => t === 'I-Claim').map(([tok]) => tok)).toEqual(['defended', 'his', 'country', 'on', 'Wednesday']);

  const bilou = await dialog.exportAs('CoNLL (BILOU)');
  expect(bilou.text).toContain('Wednesday\tL-Claim');
  expect(bilou.text).toContain('Reuters\tU-Source');

  // Claims table: one row, parsed by papaparse.
  const csv = await dialog.exportAs('Claims table (CSV)');
  expect(csv.name).toBe('sample-project-claims.csv');
  const table = Papa.parse<Record<string, string>>(csv.text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  expect(table.errors).toEqual([]);
  expect(table.data.map((r) => [r.claim_text, Number(r.start), Number(r.end), r.speakers, r.stance])).toEqual([
    [SPANS[1]!.quote, SPANS[1]!.cpStart, SPANS[1]!.cpEnd, 'Sergei Lavrov', 'asserts'],
  ]);

  // brat: a zip of .txt/.ann with code point offsets.
  const brat = await dialog.exportAs('brat standoff (.zip)');
  const files = unzipSync(new Uint8Array(brat.bytes));
  const ann = Object.entries(files).find(([n]) => n.endsWith('.ann'))!;
  expect(strFromU8(files[ann[0].replace(/\.ann$/, '.txt')]!)).toBe(SAMPLE);
  const annLines = strFromU8(ann[1]).trim().split('\n');
  expect(
    annLines
      .filter((l) => l.startsWith('T'))
      .map((l) => l.split('\t').slice(1).join('\t'))
      .sort(),
  ).toEqual(expected((s) => `${s.label} ${s.cpStart} ${s.cpEnd}\t${s.quote}`));
  const tOf = (label: string) => annLines.find((l) => l.startsWith('T') && l.split('\t')[1]!.startsWith(`${label} `))!.split('\t')[0];
  expect(annLines.filter((l) => /^[RA]\d/.test(l)).map((l) => l.split('\t')[1])).toEqual([
    `said_by Arg1:${tOf('Claim')} Arg2:${tOf('Speaker')}`,
    `stance ${tOf('Claim')} asserts`,
  ]);
  expect(Object.keys(files)).toContain('annotation.conf');

  // doccano JSONL (UTF-16 offsets, as doccano's front end counts).
  const doccano = JSON.parse((await dialog.exportAs('doccano JSONL')).text.trim());
  expect(doccano.relations.map((r: { type: string }) => r.type)).toEqual(['said by']);
  expect(
    doccano.entities
      .map(
        (e: { label: string; start_offset: number; end_offset: number }) =>
          `${e.label}:${doccano.text.slice(e.start_offset, e.end_offset)}`,
      )
      .sort(),
  ).toEqual(expected((s) => `${s.label}:${s.quote}`));

  // Label Studio JSON.
  const tasks = JSON.parse((await dialog.exportAs('Label Studio JSON')).text);
  const regions = tasks[0].annotations.flatMap((a: { result: { type: string; value: { labels: string[]; text: string } }[] }) =>
    a.result.filter((r) => r.type === 'labels'),
  );
  expect(regions.map((r: { value: { labels: string[]; text: string } }) => `${r.value.labels[0]}:${r.value.text}`).sort()).toEqual(
    expected((s) => `${s.label}:${s.quote}`),
  );
  const results = tasks[0].annotations.flatMap(
    (a: { result: { type: string; labels?: string[]; value?: { choices?: string[] } }[] }) => a.result,
  );
  expect(results.filter((r: { type: string }) => r.type === 'relation').map((r: { labels: string[] }) => r.labels)).toEqual([['said by']]);
  expect(
    results.filter((r: { type: string }) => r.type === 'choices').map((r: { value: { choices: string[] } }) => r.value.choices),
  ).toEqual([['asserts']]);

  // W3C Web Annotation: quote and code point positions per annotation.
  const w3c = JSON.parse((await dialog.exportAs('W3C Web Annotation (JSON-LD)')).text);
  expect(w3c.type).toBe('AnnotationCollection');
  expect(w3c.first.items.filter((i: { motivation: string }) => i.motivation === 'linking')).toHaveLength(1);
  const items = w3c.first.items.filter((i: { motivation: string }) => i.motivation !== 'describing' && i.motivation !== 'linking');
  const selectors = items.map((i: { target: { selector: { type: string; exact?: string; start?: number; end?: number }[] } }) => {
    const quote = i.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
    const pos = i.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    return `${quote.exact}@${pos.start}-${pos.end}`;
  });
  expect(selectors.sort()).toEqual(expected((s) => `${s.quote}@${s.cpStart}-${s.cpEnd}`));

  // spaCy JSONL (code points).
  const spacy = JSON.parse((await dialog.exportAs('spaCy JSONL')).text.trim());
  expect(spacy.relations.map((r: { label: string }) => r.label)).toEqual(['said by']);
  expect(
    spacy.spans.map((s: { label: string; start: number; end: number; text: string }) => `${s.label}:${s.start}-${s.end}:${s.text}`).sort(),
  ).toEqual(expected((s) => `${s.label}:${s.cpStart}-${s.cpEnd}:${s.quote}`));

  // ClaimReview: the claim has no verdict, which the loss report says; the file is valid JSON.
  await dialog.open();
  await dialog.chooseFormat('ClaimReview (JSON-LD)');
  await expect(dialog.lossReport).toContainText('1 claim without one will be left out');
  const review = await dialog.exportFile();
  expect(JSON.parse(review.bytes.toString('utf8'))).toEqual([]);
});

test('archive backup → fresh browser (empty database) → restore gives an identical project', async ({ page, browser }) => {
  await annotateSample(page);
  await linkAndTagClaim(page);
  const dialog = new ExportDialogPage(page);
  const before = await dialog.exportAs('Claimscope JSONL');
  await dialog.open();
  await dialog.chooseFormat('Project archive (.zip)');
  await expect(dialog.dialog.getByText('Nothing: the archive restores to an identical project.')).toBeVisible();
  const archive = await dialog.exportFile();
  expect(archive.name).toBe('sample-project.claimscope.zip');

  // A fresh context has an empty database (the app seeds its sample project there).
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await new AnnotatePage(fresh).goto();
  const freshDialog = new ExportDialogPage(fresh);
  await freshDialog.restore({ name: archive.name, buffer: archive.bytes });
  await expect(fresh.getByRole('status').filter({ hasText: 'Restored "Sample project"' })).toHaveText(
    'Restored "Sample project" from sample-project.claimscope.zip: 1 documents, 3 annotations.',
  );
  const restoredApp = new AnnotatePage(fresh);
  await expect(restoredApp.rows).toHaveCount(SPANS.length);
  for (const s of SPANS) await expect(restoredApp.row(s.label, s.quote)).toBeVisible();

  // Same ids, offsets, layers, attributes, relations, statuses, authors and timestamps: the JSONL
  // exports are equal byte for byte (nothing is ignored).
  const after = await freshDialog.exportAs('Claimscope JSONL');
  expect(JSON.parse(after.text).relations).toHaveLength(1);
  expect(after.text).toBe(before.text);
  // And the restored undo log works: undo takes back the last change made before the backup.
  await fresh.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(fresh.getByTestId('save-status')).toHaveText('Saved: Undo');
  const undone = await freshDialog.exportAs('Claimscope JSONL');
  expect(JSON.parse(undone.text).annotations.find((a: { label: string }) => a.label === 'Claim').attributes).toEqual({});
  await context.close();
});

test('with a save picker the export is written into the chosen file as it goes; Cancel leaves no complete file', async ({ page }) => {
  await annotateSample(page);
  await linkAndTagClaim(page);
  const dialog = new ExportDialogPage(page);
  const downloaded = await dialog.exportAs('Claimscope JSONL');
  let downloads = 0;
  page.on('download', () => downloads++);

  // The file chosen in the picker holds the same export, and the notice names it.
  await dialog.answerSavePicker();
  await dialog.open();
  await dialog.chooseFormat('Claimscope JSONL');
  await dialog.dialog.getByRole('button', { name: /^Export \./ }).click();
  await expect(dialog.dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Exported Claimscope JSONL' })).toHaveText(
    'Exported Claimscope JSONL to sample-project.jsonl.',
  );
  const picked = await dialog.pickedFile();
  expect(picked.name).toBe('sample-project.jsonl');
  expect(picked.bytes?.toString('utf8')).toBe(downloaded.text);

  // Cancelled while a chunk is being written: the chosen file is left without it.
  await dialog.answerSavePicker({ holdWrites: true });
  await dialog.open();
  await dialog.chooseFormat('Project archive (.zip)');
  await dialog.dialog.getByRole('button', { name: /^Export \./ }).click();
  await dialog.dialog.getByRole('button', { name: 'Cancel export' }).click();
  await expect(dialog.dialog.getByRole('alert')).toHaveText('The export was cancelled; nothing was written.');
  const cancelled = await dialog.pickedFile();
  expect(cancelled.name).toBe('sample-project.claimscope.zip');
  expect(cancelled.bytes?.length ?? 0).toBe(0);
  expect(downloads).toBe(0);
});

test('the dialog is keyboard-operable and Escape closes it without exporting', async ({ page }) => {
  await new AnnotatePage(page).goto();
  const dialog = new ExportDialogPage(page);
  let downloads = 0;
  page.on('download', () => downloads++);
  await dialog.open();
  await expect(dialog.dialog.getByLabel('Format')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog.dialog).toBeHidden();
  expect(downloads).toBe(0);
});

test('a 4 MB archive that would expand to 4.2 GB is refused with the reason, in the dialog', async ({ page }) => {
  await new AnnotatePage(page).goto();
  const dialog = new ExportDialogPage(page);
  const bomb = zipBomb(4.2e9);
  expect(bomb.length).toBeLessThan(4.5e6);
  const alert = await dialog.restoreRefused({ name: 'bomb.claimscope.zip', buffer: Buffer.from(bomb) });
  await expect(alert).toHaveText(
    'Not restored: bomb.claimscope.zip: would expand to 4.2 GB when unpacked, more than the 4.0 GB a project archive may hold; it was not unpacked.',
  );
  // The dialog is usable again.
  await expect(dialog.dialog.getByRole('button', { name: 'Restore an archive…' })).toBeEnabled();
  await dialog.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog.dialog).toBeHidden();
  await expect(page.getByTestId('save-status')).not.toContainText('Restored');
});

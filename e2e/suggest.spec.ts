/**
 * Suggestions in the app: Suggest proposes dashed annotations in the `suggestions` layer; Enter
 * accepts the selected one (with its links) into your layer, Backspace rejects it, Shift+Enter
 * accepts every suggestion of its label; all of it persisted and undoable.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { EntitiesSchemaPage } from './pages/EntitiesSchemaPage.ts';
import { ImportDialogPage } from './pages/ImportDialog.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

const QUOTE = 'We are not violating any international law in performing these contracts';

interface Line {
  annotations: { id: string; label: string; layer: string; quote: string; origin: string; note: string }[];
  relations: { type: string; from: string; to: string; layer: string }[];
}

/** How many ranges are drawn dashed (the suggestion highlights of every label). */
const dashedRanges = (page: Page) =>
  page.evaluate(() => {
    let n = 0;
    CSS.highlights.forEach((h, name) => {
      if (name.startsWith('cs-suggestion-')) n += h.size;
    });
    return n;
  });

/** Clicks `text` in the article after scrolling it into view (the article is longer than the window). */
async function clickInArticle(app: AnnotatePage, text: string): Promise<void> {
  await app.selectText(text);
  await app.article.evaluate(() => getSelection()!.getRangeAt(0).startContainer.parentElement!.scrollIntoView({ block: 'center' }));
  await app.clickText(text);
}

test('suggest, accept with links, reject, accept all of a label: persisted and undoable', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AnnotatePage(page);
  await app.goto();
  await expect(app.rows).toHaveCount(0);

  await page.getByRole('button', { name: 'Suggest' }).click();
  const notice = page.getByText(/suggestions, drawn dashed/);
  await expect(notice).toBeVisible();
  const proposed = Number(/^(\d+) suggestions/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(proposed).toBeGreaterThan(20);
  expect(await dashedRanges(page)).toBeGreaterThanOrEqual(proposed);

  // Enter accepts the selected claim, with its speaker, cue and source, into my layer.
  await clickInArticle(app, 'not violating any international law');
  await expect(app.selectedQuote()).toHaveText(`“${QUOTE}”`);
  await page.keyboard.press('Enter');
  await expect(app.saveStatus).toContainText('Saved');
  let line = (await new ExportDialogPage(page).exportJsonlLines<Line>())[0]!;
  const mine = line.annotations.filter((a) => a.layer === 'annotator');
  const claim = mine.find((a) => a.label === 'Claim' && a.quote === QUOTE)!;
  expect(claim).toMatchObject({ origin: 'suggestion', note: 'Suggested by rule claim-quote-before-cue' });
  const quote = new Map(line.annotations.map((a) => [a.id, a.quote]));
  const links = line.relations.filter((r) => r.layer === 'annotator').map((r) => `${quote.get(r.from)} ${r.type} ${quote.get(r.to)}`);
  expect(links).toContain(`${QUOTE} said by Lavrov`);
  expect(links).toContain(`${QUOTE} reported by Reuters`);
  expect(line.annotations.filter((a) => a.layer === 'suggestions' && a.quote === QUOTE)).toHaveLength(0);

  // Backspace rejects a suggestion: it is no longer drawn, and stays rejected after a reload and a new Suggest.
  const SPEAKER = 'Texas Republican Senator John Cornyn';
  const speakerSuggestions = (l: Line) =>
    l.annotations.filter((a) => a.layer === 'suggestions' && a.label === 'Speaker' && a.quote === SPEAKER);
  const drawnBefore = await dashedRanges(page);
  await clickInArticle(app, 'Senator John Cornyn');
  await expect(app.selectedQuote()).toHaveText(`“${SPEAKER}”`);
  await page.keyboard.press('Backspace');
  await expect(app.saveStatus).toContainText('Saved');
  await expect.poll(() => dashedRanges(page)).toBe(drawnBefore - 1);
  await page.reload();
  await expect(app.article).toBeVisible();
  await expect.poll(() => dashedRanges(page)).toBe(drawnBefore - 1);
  await page.getByRole('button', { name: 'Suggest' }).click();
  await expect(page.getByText(/suggestions, drawn dashed|No new suggestions/)).toBeVisible();
  line = (await new ExportDialogPage(page).exportJsonlLines<Line>())[0]!;
  expect(speakerSuggestions(line)).toHaveLength(1);
  expect(speakerSuggestions(line)[0]!.note).toMatch(/^Rejected: Suggested by rule /);

  // Undo (the second Suggest, then the rejection) brings the rejected suggestion back.
  await app.article.focus();
  await page.keyboard.press('Control+z');
  await expect(app.saveStatus).toContainText('Saved');
  await page.keyboard.press('Control+z');
  await expect.poll(() => dashedRanges(page)).toBe(drawnBefore);
  line = (await new ExportDialogPage(page).exportJsonlLines<Line>())[0]!;
  expect(speakerSuggestions(line)[0]!.note).toMatch(/^Suggested by rule /);

  // Shift+Enter accepts every Source suggestion at once.
  await clickInArticle(app, 'Agence France Presse');
  await page.keyboard.press('Shift+Enter');
  await expect(app.saveStatus).toContainText('Saved');
  line = (await new ExportDialogPage(page).exportJsonlLines<Line>())[0]!;
  expect(line.annotations.filter((a) => a.layer === 'suggestions' && a.label === 'Source')).toHaveLength(0);
  expect(line.annotations.filter((a) => a.layer === 'annotator' && a.label === 'Source').length).toBeGreaterThan(3);
});

test('suggests for the documents selected in the corpus browser, with progress', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await page.getByRole('checkbox', { name: /^Select Russia defends arms sales/ }).check();
  await page.getByRole('button', { name: 'Suggest for the selected documents' }).click();
  // The run ends with the bar back and the suggestions drawn in the open document.
  await expect(page.getByRole('button', { name: 'Suggest for the selected documents' })).toBeVisible();
  await expect(app.saveStatus).toContainText('Saved: Suggest: Russia defends arms sales');
  await expect.poll(() => dashedRanges(page)).toBeGreaterThan(20);
  await expect(page.getByRole('button', { name: /^Russia defends arms sales .* \d+ annotations$/ })).toBeVisible();
});

test('an outlet added in the schema editor is proposed as a source', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new EntitiesSchemaPage(page);
  await app.goto();
  const imports = new ImportDialogPage(page);
  await imports.open();
  await imports.choose('files', fileURLToPath(new URL('./fixtures/courier-report.txt', import.meta.url)));
  await imports.startImport();
  await expect(imports.result).toHaveText('Imported 1 document and 0 annotations.');
  await imports.close();
  await page.getByRole('button', { name: /^Mine strike ends/ }).click();
  await expect(app.article).toContainText('Zlatograd Courier');

  // With the shipped gazetteer the newspaper is not known, so it is not proposed.
  const suggestButton = page.getByRole('button', { name: 'Suggest', exact: true });
  await suggestButton.click();
  await expect(app.saveStatus).toContainText('Saved: Suggest');
  const before = await dashedRanges(page);
  await app.article.focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => dashedRanges(page)).toBe(0);

  // Add it to the project's gazetteer, by keyboard, and save the schema.
  await app.openSchema();
  const add = app.schemaDialog.getByRole('button', { name: 'Add outlet' });
  await add.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Zlatograd Courier');
  const outlet = app.schemaDialog.getByRole('group', { name: 'Outlet Zlatograd Courier' });
  await expect(outlet.getByLabel('Name')).toBeFocused();
  await outlet.getByLabel('Kind').fill('newspaper');
  await app.schemaDialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(app.schemaDialog).toBeHidden();
  await app.expectSaved('Schema');

  // It stays in the list after a reload, and Suggest now proposes it as a source.
  await page.reload();
  await expect(app.article).toContainText('Zlatograd Courier');
  await app.openSchema();
  await expect(app.schemaDialog.getByRole('group', { name: 'Outlet Zlatograd Courier' }).getByLabel('Kind')).toHaveValue('newspaper');
  await app.schemaDialog.getByRole('button', { name: 'Cancel' }).click();
  await suggestButton.click();
  await expect(app.saveStatus).toContainText('Saved: Suggest');
  await expect.poll(() => dashedRanges(page)).toBeGreaterThan(before);
  await clickInArticle(app, 'Zlatograd Courier reported');
  await expect(app.selectedQuote()).toHaveText('“the Zlatograd Courier”');
  const selected = page.getByLabel('Selected annotation');
  await expect(selected.getByRole('combobox', { name: 'Label' })).toHaveValue('Source');
  await expect(selected).toContainText('Suggested by rule source-reported');
});

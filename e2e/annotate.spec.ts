import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/AnnotatePage.ts';
import { ExportDialogPage } from './pages/ExportDialog.ts';

const SAMPLE = readFileSync(new URL('../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8');
const spanOf = (quote: string, from = 0) => {
  const start = SAMPLE.indexOf(quote, from);
  if (start < 0) throw new Error(`${quote} not in sample`);
  return { start, end: start + quote.length };
};

interface ExportedAnnotation {
  label: string;
  start: number;
  end: number;
  quote: string;
  layer: string;
  ranges: { start: number; end: number }[];
  createdAt: string;
  updatedAt: string;
}

test('first start opens the sample article, ready to annotate', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await expect(page.getByRole('heading', { name: 'Russia defends arms sales to Syria, says US is arming rebels' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Documents' }).getByRole('button')).toHaveCount(1);
  for (const name of ['Claim', 'Speaker', 'Source']) {
    await expect(page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name, exact: true })).toBeVisible();
  }
  await expect(app.rows).toHaveCount(0);
  // The structure is recognised: section line, headline, standfirst, body paragraphs — and the
  // "More from GlobalPost" lines stay body paragraphs.
  await expect(page.locator('.block-section')).toHaveText('Conflict & Justice');
  await expect(page.locator('.block-standfirst')).toHaveText(/^Russia defended itself against Hillary Clinton's claims/);
  await expect(page.locator('.block-paragraph').filter({ hasText: 'More from GlobalPost' })).toHaveCount(2);
  await expect(page.locator('.block-paragraph')).toHaveCount(12);
});

test('annotate with keyboard and buttons, survive a reload, delete, and export exact spans', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  const originalText = await app.articleText();

  // Speaker with the keyboard only: caret before the name, Shift+→ thirteen times, then "2".
  await app.placeCaretBefore('Sergei Lavrov');
  for (let i = 0; i < 'Sergei Lavrov'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await expect(app.row('Speaker', 'Sergei Lavrov')).toBeVisible();

  // Source with the toolbar button.
  await app.selectText('Reuters');
  await page.getByRole('button', { name: 'Source', exact: true }).click();
  await app.expectSaved('Add Source');
  await expect(app.row('Source', 'Reuters')).toBeVisible();

  // A claim overlapping the speaker.
  await app.selectText('Lavrov defended his country on Wednesday');
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');
  await expect(app.rows).toHaveCount(3);

  // Typing, Enter, Backspace, Delete and paste change nothing in the text.
  await page.keyboard.press('Escape');
  await app.placeCaretBefore('defended his country');
  await page.keyboard.type('xyz typed text');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Delete');
  await app.selectText('Wednesday');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('inserted');
  expect(await app.articleText()).toBe(originalText);
  await expect(app.rows).toHaveCount(3);

  // Reload: every annotation is back, at the same place.
  const before = await app.rows.allTextContents();
  await page.reload();
  await expect(app.rows).toHaveCount(3);
  expect(await app.rows.allTextContents()).toEqual(before);

  // Delete the source: select its row, press Delete.
  await app.row('Source', 'Reuters').click();
  await expect(app.selectedQuote()).toHaveText('“Reuters”');
  await page.keyboard.press('Delete');
  await app.expectSaved('Delete Source');
  await expect(app.rows).toHaveCount(2);
  await page.reload();
  await expect(app.rows).toHaveCount(2);

  // Export through the dialog (Claimscope JSONL): the file holds exactly the two remaining spans.
  const exported = await new ExportDialogPage(page).exportAs('Claimscope JSONL');
  expect(exported.name).toBe('sample-project.jsonl');
  const content = exported.text;
  const lines = content
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  const [doc] = lines;
  expect(doc.title).toBe('Russia defends arms sales to Syria, says US is arming rebels');
  expect(doc.text).toBe(SAMPLE);
  const anns = doc.annotations as ExportedAnnotation[];
  for (const a of anns) {
    expect(doc.text.slice(a.start, a.end)).toBe(a.quote);
    expect(a.layer).toBeTruthy();
    expect(Date.parse(a.createdAt)).not.toBeNaN();
  }
  const got = anns.map((a) => ({ label: a.label, start: a.start, end: a.end, quote: a.quote })).sort((a, b) => a.start - b.start);
  expect(got).toEqual(
    [
      { label: 'Speaker', ...spanOf('Sergei Lavrov'), quote: 'Sergei Lavrov' },
      { label: 'Claim', ...spanOf('Lavrov defended his country on Wednesday'), quote: 'Lavrov defended his country on Wednesday' },
    ].sort((a, b) => a.start - b.start),
  );
  expect(doc.relations).toEqual([]);
});

test('clicking highlights selects the innermost annotation, then the enclosing one', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText("Russia's foreign minister Sergei Lavrov defended his country");
  await page.keyboard.press('1');
  await app.expectSaved('Add Claim');
  await app.selectText('Sergei Lavrov');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await page.keyboard.press('Escape');
  await expect(app.selectedQuote()).toHaveCount(0);

  await app.clickText('Lavrov');
  await expect(app.selectedQuote()).toHaveText('“Sergei Lavrov”');
  await app.clickText('Lavrov');
  await expect(app.selectedQuote()).toHaveText("“Russia's foreign minister Sergei Lavrov defended his country”");
  await app.clickText('foreign');
  await expect(app.selectedQuote()).toHaveText("“Russia's foreign minister Sergei Lavrov defended his country”");
});

test('the label of an annotation can be changed, and it persists', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('Hillary Clinton', 0);
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  // With the annotation selected and no text selected, a label key relabels it.
  await page.keyboard.press('2');
  await app.expectSaved('Change Source to Speaker');
  await page.getByLabel('Label', { exact: true }).selectOption('Claim');
  await app.expectSaved('Change Speaker to Claim');
  await page.reload();
  await expect(app.row('Claim', 'Hillary Clinton')).toBeVisible();
  await expect(app.rows).toHaveCount(1);
});

test('selections snap to whole words unless character precision is chosen', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('ergei Lavro');
  await page.keyboard.press('2');
  await expect(app.row('Speaker', 'Sergei Lavrov')).toBeVisible();
  await expect(app.selectedQuote()).toHaveText('“Sergei Lavrov”');

  await page.getByRole('checkbox', { name: 'Snap to whole words' }).uncheck();
  await app.selectText('ashar al-Assa');
  await page.keyboard.press('2');
  await expect(app.selectedQuote()).toHaveText('“ashar al-Assa”');
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Snap to whole words' })).not.toBeChecked();
});

test('undo and redo work from the keyboard and survive a reload', async ({ page }) => {
  const app = new AnnotatePage(page);
  await app.goto();
  await app.selectText('Reuters');
  await page.keyboard.press('3');
  await app.expectSaved('Add Source');
  await page.keyboard.press('Control+z');
  await expect(app.rows).toHaveCount(0);
  await page.reload();
  await expect(app.article).toBeVisible();
  await expect(app.rows).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(app.row('Source', 'Reuters')).toBeVisible();
});

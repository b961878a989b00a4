import { expect, test } from '@playwright/test';
import { AttributionPage } from './pages/AttributionPage.ts';
import { labelNameMismatches } from './pages/axe.ts';

// Issue #13, item 10: what the annotate view shows and announces.

test('the editor scrolls to a new annotation and to one selected with J/K or in the list', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 700 });
  const app = new AttributionPage(page);
  await app.goto();
  const scroller = page.getByTestId('article-scroll');
  const inView = (quote: string) =>
    app.article.evaluate((root, needle) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(needle);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + needle.length);
        const box = r.getBoundingClientRect();
        const view = root.closest('[data-testid="article-scroll"]')!.getBoundingClientRect();
        return box.top >= view.top && box.bottom <= view.bottom;
      }
      throw new Error(`${needle} not found`);
    }, quote);

  await app.tag('Sergei Lavrov', '2', 'Speaker');
  // The last paragraph is below the fold: tagging text there (selected as Shift+arrows or Find
  // would) brings the new annotation into view.
  expect(await inView('Captain John Kirby')).toBe(false);
  await app.selectText('Captain John Kirby');
  await page.keyboard.press('2');
  await app.expectSaved('Add Speaker');
  await expect.poll(() => inView('Captain John Kirby')).toBe(true);

  await page.keyboard.press('j'); // wraps to the first annotation, at the top
  await expect.poll(() => inView('Sergei Lavrov')).toBe(true);
  expect(await inView('Captain John Kirby')).toBe(false);
  await page.keyboard.press('k');
  await expect.poll(() => inView('Captain John Kirby')).toBe(true);
  await app.row('Speaker', 'Sergei Lavrov').click();
  await expect.poll(() => inView('Sergei Lavrov')).toBe(true);
  await scroller.evaluate((el) => (el.scrollTop = 0));
});

test('an attribute radio is checked the moment it is clicked, then saved', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  const denies = app.details.getByRole('radio', { name: 'denies' });
  // Checked in the same task as the click, before the save could have committed.
  expect(await denies.evaluate((el: HTMLInputElement) => (el.click(), el.checked))).toBe(true);
  await app.expectSaved('Set stance of Claim');
  await expect(denies).toBeChecked();
  await page.reload();
  await app.row('Claim', 'Moscow is selling weapons').click();
  await expect(app.details.getByRole('radio', { name: 'denies' })).toBeChecked();
});

test('the corpus count is shown in full and fields are announced by the label they show', async ({ page }) => {
  const app = new AttributionPage(page);
  await app.goto();
  const corpus = page.getByRole('complementary', { name: 'Corpus' });
  await corpus.getByRole('searchbox', { name: 'Search documents' }).fill('Lavrov');
  const count = corpus.getByRole('status');
  await expect(count).toHaveText('1 of 1 documents match');
  expect(await count.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);

  await corpus.getByRole('button', { name: /^Filters/ }).click();
  await expect(corpus.getByRole('combobox', { name: 'Status (annotator)' })).toBeVisible();
  expect(await labelNameMismatches(page)).toEqual([]);
});

test('the side panel is one scroll area: the details show Note, Links and History in full', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const app = new AttributionPage(page);
  await app.goto();
  await app.tag('Sergei Lavrov', '2', 'Speaker');
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');

  const side = page.locator('aside.side');
  const scrollBoxes = () =>
    side.evaluate(
      (root) =>
        [root, ...root.querySelectorAll('*')].filter((el) => {
          const y = getComputedStyle(el).overflowY;
          return (y === 'auto' || y === 'scroll') && el.scrollHeight > el.clientHeight + 1;
        }).length,
    );
  expect(await scrollBoxes()).toBeLessThanOrEqual(1);
  expect(await app.details.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
  for (const part of [
    app.details.getByLabel('Note'),
    app.details.getByRole('heading', { name: /^Links/ }),
    app.details.getByText(/^History/),
  ]) {
    await part.scrollIntoViewIfNeeded();
    await expect(part).toBeInViewport();
  }
  // The list below still scrolls with it and selects.
  await app.row('Speaker', 'Sergei Lavrov').click();
  await expect(app.selectedQuote()).toHaveText('“Sergei Lavrov”');
});

test('link arrows and their labels run between the lines, never across words', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const app = new AttributionPage(page);
  await app.goto();
  // A speaker on the line above the claim, a source on the claim's own line.
  await app.tag('Sergei Lavrov', '2', 'Speaker');
  await app.tag('Reuters', '3', 'Source');
  await app.tag('Moscow is selling weapons', '1', 'Claim');
  await page.keyboard.press('s');
  await app.expectSaved('Link Claim said by Speaker');
  await page.keyboard.press('r');
  await app.expectSaved('Link Claim reported by Source');
  await expect(app.arrows).toHaveCount(2);

  const covered = await page.evaluate(() => {
    const article = document.querySelector('[data-testid="article"]')!;
    const words: DOMRect[] = [];
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      for (const m of n.data.matchAll(/\S+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        words.push(...[...r.getClientRects()].map((b) => new DOMRect(b.x + 1, b.y + 2, b.width - 2, b.height - 4)));
      }
    }
    const hit = (x: number, y: number) => words.some((b) => x > b.left && x < b.right && y > b.top && y < b.bottom);
    const out: string[] = [];
    for (const g of document.querySelectorAll('[data-testid="relation-arrows"] .relation-arrow')) {
      const type = g.getAttribute('data-type');
      const path = g.querySelectorAll('path')[1] as SVGPathElement;
      const m = path.getScreenCTM()!;
      const length = path.getTotalLength();
      for (let d = 0; d <= length; d += 2) {
        const p = path.getPointAtLength(d).matrixTransform(m);
        if (hit(p.x, p.y)) out.push(`${type} arrow at (${Math.round(p.x)}, ${Math.round(p.y)})`);
      }
      const label = g.querySelector('text')!.getBoundingClientRect();
      if (words.some((b) => label.left < b.right && label.right > b.left && label.top < b.bottom && label.bottom > b.top))
        out.push(`${type} label`);
    }
    return [...new Set(out)].slice(0, 5);
  });
  expect(covered).toEqual([]);
});

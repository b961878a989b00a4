#!/usr/bin/env node
// Takes the README's screenshots, one per view, in Debian's Chromium at 1440 × 900: the sample
// article annotated by two annotators (the second layer added from a shared bundle), then each view.
// Usage: npm run build:web && node scripts/screenshot.mjs [outDir=docs]
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../bench/lib/chromium.mjs';
import { startStaticServer } from './serve-static.mjs';

const outDir = process.argv[2] ?? 'docs';
const server = await startStaticServer({ root: 'dist/web' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_FLAGS,
});
try {
  // Each annotator in a browser profile of their own, as on two machines.
  const open = async () => {
    const p = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })).newPage();
    await p.goto(`${server.url}index.html`);
    await p.getByRole('textbox', { name: /^Article:/ }).waitFor();
    return p;
  };
  let page = await open();
  const tag = async (text, key, nth = 0) => {
    await page.evaluate(
      ([needle, n]) => {
        const root = document.querySelector('.article');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          const i = t.data.indexOf(needle);
          if (i >= 0 && seen++ === n) {
            const r = document.createRange();
            r.setStart(t, i);
            r.setEnd(t, i + needle.length);
            root.focus();
            getSelection().removeAllRanges();
            getSelection().addRange(r);
            return;
          }
        }
      },
      [text, nth],
    );
    await page.keyboard.press(key);
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  };
  const shot = async (name) => {
    const path = `${outDir}/${name}.png`;
    await page.screenshot({ path });
    console.log(`Wrote ${path}`);
  };
  const saved = () => page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  const setName = async (name) => {
    await page.getByRole('button', { name: /^Annotating as/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Your annotator name' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.waitFor({ state: 'hidden' });
  };
  const team = async (item) => {
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    await page.getByRole('menuitem', { name: item, exact: true }).click();
  };

  // A teammate's layer, shared as a bundle.
  await setName('alice');
  await tag('Sergei Lavrov defended his country on Wednesday against Hillary Clinton', '1');
  await tag('Sergei Lavrov', '2');
  await tag('Reuters', '3');
  await tag('the United States was supplying Syrian rebels with arms', '1');
  const download = page.waitForEvent('download');
  await team('Share my annotations');
  const shared = await download;
  const bundle = { name: shared.suggestedFilename(), mimeType: 'application/zip', buffer: readFileSync(await shared.path()) };

  // My layer, then the teammate's added beside it.
  page = await open();
  await setName('bob');
  await tag('Sergei Lavrov defended his country on Wednesday', '1');
  await tag('Sergei Lavrov', '2');
  await tag('Clinton announced that Russia was sending helicopters to the violence-ridden region', '1');
  await tag('Clinton', '2', 2);
  await tag('the United States was supplying Syrian rebels', '1');
  await tag('Reuters', '3', 2);
  const chooser = page.waitForEvent('filechooser');
  await team('Add teammates’ annotations');
  await (await chooser).setFiles(bundle);
  await page.getByRole('dialog', { name: 'Add teammates’ annotations' }).getByRole('button', { name: 'Add 1 layer' }).click();
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // Annotate: a claim linked to its speaker, selected.
  await tag('Lavrov', '2', 2);
  await tag('Clinton announced that Russia was sending helicopters to the violence-ridden region', '1');
  await page.keyboard.press('s');
  await saved();
  await shot('view-annotate');

  for (const [key, name] of [
    ['Alt+2', 'view-review'],
    ['Alt+3', 'view-agreement'],
    ['Alt+4', 'view-claims'],
  ]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(800);
    await shot(name);
  }
  await page.keyboard.press('Alt+1');

  const search = page.getByRole('searchbox', { name: 'Search documents' });
  await search.fill('Lavrov');
  await page.waitForTimeout(800);
  await shot('view-corpus');
  await search.fill('');

  await page.getByRole('banner').getByRole('button', { name: 'Import', exact: true }).click();
  const importDialog = page.getByRole('dialog', { name: /^Import into/ });
  const files = page.waitForEvent('filechooser');
  await importDialog.getByRole('button', { name: 'Choose files…' }).click();
  await (await files).setFiles('e2e/fixtures/bbc-news-10.csv');
  await importDialog.getByTestId('import-totals').waitFor();
  await shot('view-import');
  await importDialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('banner').getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await exportDialog.getByLabel('Format').selectOption({ label: 'CoNLL (BIO)' });
  await exportDialog
    .getByRole('region', { name: /leaves out$/ })
    .filter({ hasNotText: 'Counting' })
    .waitFor();
  await shot('view-export');
  await page.keyboard.press('Escape');

  await page.getByRole('banner').getByRole('button', { name: 'Schema', exact: true }).click();
  await page.waitForTimeout(500);
  await shot('view-schema');
  await page.keyboard.press('Escape');

  await team('Team server');
  await page.getByRole('dialog', { name: 'Team server' }).waitFor();
  await shot('view-team-server');
} finally {
  await browser.close();
  server.close();
}

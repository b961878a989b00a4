#!/usr/bin/env node
// Takes the README's screenshot: the sample article with a few annotations, in Debian's Chromium.
// Usage: npm run build:web && node scripts/screenshot.mjs [out=docs/screenshot.png]
import { chromium } from 'playwright-core';
import { startStaticServer } from './serve-static.mjs';

const out = process.argv[2] ?? 'docs/screenshot.png';
const server = await startStaticServer({ root: 'dist/web' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}index.html`);
  await page.getByRole('textbox', { name: /^Article:/ }).waitFor();
  const tag = async (text, key, nth = 0) => {
    await page.evaluate(([needle, n]) => {
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
    }, [text, nth]);
    await page.keyboard.press(key);
    await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  };
  await tag('Sergei Lavrov defended his country on Wednesday against Hillary Clinton', '1');
  await tag('Sergei Lavrov', '2');
  await tag('Reuters', '3');
  await tag('Clinton announced that Russia was sending helicopters to the violence-ridden region', '1');
  await tag('Clinton', '2', 2);
  await tag('the United States was supplying Syrian rebels with arms', '1');
  await tag('Reuters', '3', 2);
  await tag('Lavrov', '2', 2);
  await page.mouse.click(10, 10);
  await page.screenshot({ path: out });
  console.log(`Wrote ${out}`);
} finally {
  await browser.close();
  server.close();
}

// (c) Hostile content through every way text gets into the app: HTML, Markdown, PDF, CSV and
// Claimscope JSONL imports (article text, titles, metadata, annotation labels, notes and
// attribute values), a note typed in the details panel and a label added in the schema editor,
// in the real web build in Chromium. Every payload calls window.__xss(id) or opens a dialog if it
// runs; the test defines __xss before the app loads and counts both. Content-Security-Policy
// reports are counted separately (a payload that reached the page as live markup but was stopped
// by the policy), and so is every request to a host other than the app's.
// Usage: node reliability/xss.mjs --url http://127.0.0.1:4406/ [--out dir]
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../bench/lib/chromium.mjs';
import { arg, writeFigures } from './common.mjs';
import { PAYLOADS } from './xss-payloads.mjs';

const url = arg('url', 'http://127.0.0.1:4406/');

/** Each payload with its id filled in, for one vehicle (so a hit names where it came in). */
let nextId = 1;
const origins = new Map();
function payloads(vehicle) {
  return PAYLOADS.map((p) => {
    const id = nextId++;
    origins.set(id, `${vehicle}: ${p}`);
    return p.replaceAll('ID', String(id));
  });
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const csvCell = (s) => `"${s.replace(/"/g, '""')}"`;

function htmlFile() {
  const raw = payloads('HTML markup');
  const asText = payloads('HTML text');
  const title = payloads('HTML title')[0];
  const body =
    raw.map((p) => `<p>XSS paragraph: ${p}</p>`).join('\n') +
    asText.map((p) => `<p>${escapeHtml(p)} is text in a paragraph.</p>`).join('\n');
  return `<!doctype html><html><head><title>${escapeHtml(title)}</title><meta name="author" content="${escapeHtml(payloads('HTML author')[1])}"><meta property="og:url" content="javascript:__xss(${nextId++})"></head><body><article><h1>XSS HTML article</h1>${body}<p>${'Long enough text for the reader to keep this article. '.repeat(20)}</p></article></body></html>`;
}

function markdownFile() {
  const raw = payloads('Markdown');
  const links = payloads('Markdown link').map(
    (p, i) => `[link ${i}](${p.replace(/[()\s]/g, '')}) ![image ${i}](javascript:__xss(${nextId++})) <javascript:__xss(${nextId++})>`,
  );
  return `---\ntitle: ${JSON.stringify('XSS Markdown ' + payloads('Markdown title')[2])}\nauthor: ${JSON.stringify(payloads('Markdown author')[0])}\n---\n\n# XSS Markdown heading ${raw[0]}\n\n${raw.join('\n\n')}\n\n${links.join('\n\n')}\n`;
}

async function pdfFile() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setTitle(`XSS PDF ${payloads('PDF title')[1]}`);
  doc.setAuthor(payloads('PDF author')[0]);
  let page = doc.addPage([595, 842]);
  let y = 800;
  for (const p of payloads('PDF text')) {
    for (let i = 0; i < p.length; i += 80) {
      if (y < 60) {
        page = doc.addPage([595, 842]);
        y = 800;
      }
      page.drawText(p.slice(i, i + 80), { x: 40, y, size: 9, font });
      y -= 14;
    }
    y -= 10;
  }
  return Buffer.from(await doc.save());
}

function csvFile() {
  const rows = payloads('CSV text').map((p, i) => [
    `XSS CSV row ${i} ${payloads('CSV title')[i % PAYLOADS.length]}`,
    `Row ${i} says ${p} in its text.`,
    `javascript:__xss(${nextId++})`,
    payloads('CSV author')[i % PAYLOADS.length],
  ]);
  // Generating `payloads` inside the loop makes many ids; the ones never used cannot be hit.
  return ['title,text,url,author', ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

function jsonlFile() {
  const text = payloads('JSONL text').join('\n\n');
  const labels = payloads('JSONL label');
  const notes = payloads('JSONL note');
  const values = payloads('JSONL attribute');
  let at = 0;
  const annotations = labels.map((label, i) => {
    const start = at;
    const end = text.indexOf('\n', start + 1) < 0 ? text.length : text.indexOf('\n', start + 1);
    at = Math.min(end + 2, text.length - 1);
    return {
      id: `a${i}`,
      label: label.slice(0, 60).trim() || `L${i}`,
      // The default annotator's own layer, so the note typed below goes on an annotation the user may edit.
      layer: 'annotator',
      ranges: [{ start, end: Math.max(end, start + 1) }],
      note: notes[i],
      attributes: { comment: values[i] },
    };
  });
  const metadata = Object.fromEntries(payloads('JSONL metadata').map((p, i) => [`field${i}`, p]));
  metadata.url = `javascript:__xss(${nextId++})`;
  // Annotations (with ranges) come first, so the file is recognised as Claimscope JSONL from its start.
  return JSON.stringify({ annotations, title: `XSS JSONL ${payloads('JSONL title')[0]}`, metadata, text }) + '\n';
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_FLAGS,
});
const figures = {
  payloads: PAYLOADS.length,
  vehicles: 0,
  documents: 0,
  executed: 0,
  dialogs: 0,
  blockedByCsp: 0,
  foreignRequests: 0,
  hits: [],
  problems: [],
};
try {
  // With --bypass-csp the page's Content-Security-Policy is switched off, to see whether the
  // app's own handling of text stops every payload (the policy being the second line).
  const context = await browser.newContext({ baseURL: url, bypassCSP: process.argv.includes('--bypass-csp') });
  await context.addInitScript(() => {
    window.__xssHits = [];
    window.__xss = (id) => window.__xssHits.push(String(id));
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const appHost = new URL(url).host;
  page.on('dialog', (d) => {
    figures.dialogs++;
    figures.hits.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.host !== appHost) figures.foreignRequests++;
  });
  page.on('pageerror', (e) => figures.problems.length < 5 && figures.problems.push(`page error: ${e.message}`));

  await page.goto('index.html');
  await page.getByRole('textbox', { name: /^Article:/ }).waitFor();

  const files = [
    { name: 'xss.html', mimeType: 'text/html', buffer: Buffer.from(htmlFile()) },
    { name: 'xss.md', mimeType: 'text/markdown', buffer: Buffer.from(markdownFile()) },
    { name: 'xss.pdf', mimeType: 'application/pdf', buffer: await pdfFile() },
    { name: 'xss.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile()) },
    { name: 'xss.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonlFile()) },
  ];
  figures.vehicles = files.length;

  // Import through the dialog, as a user would.
  await page.getByRole('banner').getByRole('button', { name: 'Import', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Import into/ });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(files);
  await dialog.getByTestId('import-totals').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: /^Import [\d,]+ documents?$/ }).click();
  await dialog.getByTestId('import-result').waitFor({ timeout: 60_000 });
  figures.importResults = await dialog.getByRole('list', { name: 'Import results' }).locator(':scope > li').allTextContents();
  const failed = await dialog
    .getByRole('list', { name: 'Import results' })
    .locator(':scope > li')
    .filter({ hasText: /failed/i })
    .allTextContents();
  for (const f of failed) figures.problems.push(`import: ${f}`);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Open each imported document (found by search, as the list is virtualised); show its metadata
  // and select its annotations (their notes and attributes show in the details panel).
  const search = page.getByRole('searchbox', { name: 'Search documents' });
  const rows = page.getByRole('list', { name: 'Document list' }).getByRole('listitem');
  for (const term of ['Markdown', 'PDF', 'CSV', 'paragraph', 'JSONL']) {
    await search.fill(term);
    await page.waitForTimeout(600);
    const n = Math.min(await rows.count(), 3);
    if (n === 0) figures.problems.push(`no document found for "${term}"`);
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      figures.documents++;
      await page.waitForTimeout(300);
      const docTab = page.getByRole('tab', { name: 'Document' });
      if (await docTab.count()) {
        await docTab.click();
        await page.waitForTimeout(200);
        await page
          .getByRole('tab', { name: 'Annotations' })
          .click()
          .catch(() => {});
      }
      const options = page.getByRole('listbox', { name: 'Annotations in this document' }).getByRole('option');
      const count = Math.min(await options.count(), 12);
      for (let j = 0; j < count; j++) {
        await options.nth(j).click();
        await page.waitForTimeout(50);
      }
    }
  }

  // A note typed by hand, on the selected annotation, and a label added in the schema editor.
  const note = page.getByLabel('Note', { exact: true });
  if (await note.count()) {
    await note.fill(payloads('typed note').join(' '));
    await note.blur();
    await page.waitForTimeout(300);
  } else figures.problems.push('no annotation to type a note on');
  for (const term of ['XSS', 'onerror', 'script', 'javascript']) {
    await search.fill(term);
    await page.waitForTimeout(400);
  }
  await search.fill('');
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Schema/ })
    .click();
  const schema = page.getByRole('dialog', { name: /Schema/ });
  await schema.waitFor();
  await page.waitForTimeout(300);
  const addLabel = schema.getByRole('button', { name: /^Add label/ });
  if (await addLabel.count()) {
    await addLabel.first().click();
    const name = schema
      .getByRole('group', { name: /^Label / })
      .last()
      .getByRole('textbox', { name: /name/i })
      .first();
    await name.fill(payloads('typed label')[1]);
    await name.blur();
    await page.waitForTimeout(300);
  } else figures.problems.push('no "Add label" in the schema editor');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(1000);

  const hits = await page.evaluate(() => window.__xssHits);
  figures.executed = hits.length + figures.dialogs;
  figures.hits.push(...hits.map((id) => origins.get(Number(id)) ?? `payload ${id}`));
  const csp = await page.evaluate(() => window.__csp);
  figures.blockedByCsp = csp.length;
  figures.cspExamples = [...new Set(csp)].slice(0, 10);
  // Control: the detector itself works — a payload placed as live markup is seen (or, with the
  // policy on, reported by it), so a zero above is not a blind test.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="__xss(0)">'));
  await page.waitForTimeout(500);
  const controlHits = await page.evaluate(() => window.__xssHits.length);
  const controlCsp = (await page.evaluate(() => window.__csp.length)) - csp.length;
  figures.detectorWorks = controlHits === hits.length + 1 || controlCsp > 0;
  if (!figures.detectorWorks) figures.problems.push('the control payload was neither run nor reported: the detector is blind');
  await context.close();
} catch (e) {
  figures.problems.push(String(e).split('\n')[0]);
} finally {
  await browser.close();
}

figures.payloadsSent = nextId - 1;
await writeFigures('xss', figures);
console.log(`  xss: ${JSON.stringify(figures)}`);
process.exit(figures.executed > 0 || figures.foreignRequests > 0 || figures.problems.length > 0 ? 1 : 0);

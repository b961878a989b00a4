// Issue #16's start figure: a project of 100,000 generated ~3 KB articles with 20 annotations
// each (2,000,000) is written into the app's own database in a throw-away browser profile on
// disk and remembered as the last project; then the app is loaded as a researcher starts it, and
// the time from navigation to the corpus list's first rows drawn, then the time to use them by
// keyboard (the second row opened, the list scrolled), and to the project's count of documents
// shown, is read in the page, with the app's start marks (`claimscope:start:…`).
// START_SIZE=10000x20 sets documents × annotations.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatMs, summarize, formatSummary } from '../lib/stats.mjs';
import { diskPage, hookReady } from './corpus.mjs';

const BENCH_PATH = '/dist/web/index.html?bench=1';
const REPS = 3;

function parseSize() {
  const [docs, anns] = (process.env.START_SIZE ?? '100000x20').split('x').map(Number);
  if (!(docs > 0) || !(anns >= 0)) throw new Error(`start suite: START_SIZE must look like 100000x20 (got ${process.env.START_SIZE})`);
  return { documents: docs, annotationsPerDocument: anns };
}

/** In the page: waits for the list's first row, and reports when it was drawn and the longest task until then. */
async function untilFirstRows() {
  const deadline = performance.now() + 120_000;
  while (!document.querySelector('.corpus-row')) {
    if (performance.now() > deadline) throw new Error('no row of the list within 120 s');
    await new Promise((r) => requestAnimationFrame(r));
  }
  return { ms: performance.now(), longestTask: Math.max(0, ...(window.__longTasks ?? [])) };
}

/**
 * As soon as the first rows are drawn, uses them by keyboard as a researcher would: the second
 * row's button focused and Enter pressed, until that document is drawn in the editor (its rows
 * of text, under its title); then Page Down in the list, until the list has scrolled. Reports
 * each step's time, which is where a start still reading the corpus would make the list wait.
 */
export async function useListByKeyboard(page) {
  const row = page.locator('.corpus-row .corpus-open').nth(1);
  const title = (await row.locator('.doc-title').textContent()) ?? '';
  const pressed = await page.evaluate(() => performance.now());
  await row.focus();
  await page.keyboard.press('Enter');
  const opened = await page.evaluate(
    async ({ title }) => {
      const deadline = performance.now() + 120_000;
      for (;;) {
        const article = document.querySelector('[data-testid="article"]');
        if (article?.getAttribute('aria-label') === `Article: ${title}` && article.querySelector('p, [data-block]'))
          return performance.now();
        if (performance.now() > deadline) throw new Error(`the second row's document was not drawn within 120 s`);
        await new Promise((r) => requestAnimationFrame(r));
      }
    },
    { title },
  );
  await page.keyboard.press('PageDown');
  const scrolled = await page.evaluate(async () => {
    const list = document.querySelector('[data-testid="corpus-scroll"]');
    const deadline = performance.now() + 120_000;
    while (!(list && list.scrollTop > 0)) {
      if (performance.now() > deadline) throw new Error('Page Down did not scroll the list within 120 s');
      await new Promise((r) => requestAnimationFrame(r));
    }
    return performance.now();
  });
  return { openMs: opened - pressed, scrollMs: scrolled - opened };
}

/**
 * In the page: waits for the project's count, then reports when it was shown and the app's start
 * marks.
 */
async function untilCounted(expected) {
  const deadline = performance.now() + 120_000;
  let counted = 0;
  while (!counted) {
    const count = document.querySelector('.corpus-count')?.textContent ?? '';
    if (count.replace(/,/g, '').includes(String(expected))) counted = performance.now();
    if (performance.now() > deadline) throw new Error(`list not counted within 120 s (status: "${count}")`);
    await new Promise((r) => requestAnimationFrame(r));
  }
  const marks = Object.fromEntries(
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('claimscope:start:'))
      .map((m) => [m.name.slice('claimscope:start:'.length), Math.round(m.startTime)]),
  );
  return { countedMs: counted, marks };
}

export default {
  name: 'start',
  describe: 'App start to a usable corpus list with a project of 100k documents and 2M annotations',

  async run(ctx) {
    const size = parseSize();
    const result = { ...size, error: null, samples: [] };
    // START_PROFILE=folder keeps the browser profile there, and a later run with the same folder
    // measures the same project again without writing it (e.g. another build of the app).
    const profile = process.env.START_PROFILE;
    const seededBefore = profile && existsSync(path.join(profile, 'claimscope-start-seeded.json'));
    if (profile) mkdirSync(profile, { recursive: true });
    const { page, dispose } = await diskPage(ctx, { profile });
    const limit = Math.max(ctx.options.timeoutMs, 60 * 60_000);
    try {
      const base = ctx.baseUrl + (ctx.appPath ?? BENCH_PATH);
      await page.goto(base, { waitUntil: 'load', timeout: 30_000 });
      const reason = await hookReady(page);
      if (reason) return { ...result, unavailable: reason };
      if (seededBefore) {
        const marker = JSON.parse(readFileSync(path.join(profile, 'claimscope-start-seeded.json'), 'utf8'));
        Object.assign(result, marker);
        ctx.log(`start: reusing the project written before in ${profile}`);
      } else {
        ctx.log(`start: writing ${size.documents.toLocaleString('en')} documents × ${size.annotationsPerDocument} annotations`);
        const seeded = await ctx.timed(
          page.evaluate(
            ({ documents, annotationsPerDocument }) => window.claimscopeBench.corpus.seedStartProject(documents, annotationsPerDocument),
            size,
          ),
          limit,
          'seed',
        );
        if (seeded.timeout) return { ...result, unavailable: 'seeding timed out' };
        result.seedMs = seeded.value.ms;
        if (profile) writeFileSync(path.join(profile, 'claimscope-start-seeded.json'), JSON.stringify({ ...size, seedMs: result.seedMs }));
      }
      await page.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      const appUrl = base.replace(/[?&]bench=1/, '');
      for (let i = 0; i < REPS; i++) {
        await page.goto(appUrl, { waitUntil: 'commit', timeout: 60_000 });
        const rows = await page.evaluate(untilFirstRows);
        const used = await useListByKeyboard(page);
        const sample = { ...rows, ...used, ...(await page.evaluate(untilCounted, size.documents)) };
        ctx.log(
          `start: first rows after ${Math.round(sample.ms)} ms (longest task ${Math.round(sample.longestTask)} ms); by keyboard, the second row's document drawn ${Math.round(sample.openMs)} ms after Enter, the list scrolled ${Math.round(sample.scrollMs)} ms after Page Down; counted after ${Math.round(sample.countedMs)} ms; marks ${JSON.stringify(sample.marks)}`,
        );
        result.samples.push(sample);
      }
      return result;
    } catch (error) {
      result.error = String(error?.message ?? error)
        .replace(/\s+/g, ' ')
        .slice(0, 300);
      ctx.log(`start failed: ${result.error}`);
      return result;
    } finally {
      await dispose();
    }
  },

  markdown(result) {
    const head = `${result.documents.toLocaleString('en')} documents × ${result.annotationsPerDocument} annotations (${(result.documents * result.annotationsPerDocument).toLocaleString('en')})`;
    if (result.unavailable || result.error) return `Start with ${head}: ${result.unavailable ?? result.error}`;
    const ms = summarize(result.samples.map((s) => s.ms));
    const counted = summarize(result.samples.map((s) => s.countedMs ?? s.ms));
    const longest = summarize(result.samples.map((s) => s.longestTask));
    const open = summarize(result.samples.map((s) => s.openMs ?? 0));
    const scroll = summarize(result.samples.map((s) => s.scrollMs ?? 0));
    return [
      `A project of ${head} in the app's database (written in ${formatMs(result.seedMs)}); the app loaded ${result.samples.length} times as a user starts it.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| navigation → corpus list's first rows drawn | ${formatSummary(ms, formatMs)} |`,
      `| longest task until then | ${formatSummary(longest, formatMs)} |`,
      `| then, by keyboard: Enter on the second row → its document drawn | ${formatSummary(open, formatMs)} |`,
      `| then Page Down in the list → the list scrolled | ${formatSummary(scroll, formatMs)} |`,
      `| navigation → the project's document count shown | ${formatSummary(counted, formatMs)} |`,
    ].join('\n');
  },

  figures(result) {
    if (!result.samples?.length) return [];
    const ms = summarize(result.samples.map((s) => s.ms));
    const counted = summarize(result.samples.map((s) => s.countedMs ?? s.ms));
    const open = summarize(result.samples.map((s) => s.openMs ?? 0));
    return [
      { key: 'start/list-usable', label: 'start to the corpus list usable', value: ms.median, unit: 'ms' },
      { key: 'start/open-second-row', label: 'the second row opened by keyboard, right after the start', value: open.median, unit: 'ms' },
      { key: 'start/list-counted', label: "start to the project's document count shown", value: counted.median, unit: 'ms' },
    ];
  },
};

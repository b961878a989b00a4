// Issue #16's start figure: a project of 100,000 generated ~3 KB articles with 20 annotations
// each (2,000,000) is written into the app's own database in a throw-away browser profile on
// disk and remembered as the last project; then the app is loaded as a researcher starts it, and
// the time from navigation to the corpus list's first rows drawn, then the time to use them by
// keyboard (the second row opened, the list scrolled), and to the project's count of documents
// shown, is read in the page, with the app's start marks (`claimscope:start:…`).
// START_SIZE=10000x20 sets documents × annotations. Then, in the list still being read: End
// until its last row is drawn, Home back, the scroll bar dragged to 90% until rows are drawn
// there, and the whole list read; the browser's CPU (/proc) beside each. START_REF=main measures
// that commit's build too, its start before this one's each time (the same origin and database);
// last, a page of the list read at 0, 50 and 90% by offset, by key and by keys only, in this build.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMs, summarize, formatSummary } from '../lib/stats.mjs';
import { buildRef } from '../lib/refBuild.mjs';
import { browserCpuSeconds, diskPage, hookReady } from './corpus.mjs';

const BENCH_PATH = '/dist/web/index.html?bench=1';
const ROOT = path.resolve(import.meta.dirname, '../..');
const ms = (v) => (v === null || v === undefined ? 'not reached' : `${Math.round(v)} ms`);
const secs = (v) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
const REPS = Number(process.env.START_REPS ?? 3);

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

/** In the page: waits up to `seconds` for `test()` (a function's source) to hold; the time it did, or null. */
async function until(page, test, seconds = 120) {
  return page.evaluate(
    async ({ test, seconds }) => {
      const holds = new Function(`return (${test})();`);
      const deadline = performance.now() + seconds * 1000;
      while (!holds()) {
        if (performance.now() > deadline) return null;
        await new Promise((r) => requestAnimationFrame(r));
      }
      return performance.now();
    },
    { test: test.toString(), seconds },
  );
}

/**
 * Right after the keyboard steps, while a large list is still being read: End in the list until
 * its last row is drawn, Home until its first is, the scroll bar dragged to 90% until rows are
 * drawn there (the browser's CPU beside each), then navigation → the whole list read.
 */
export async function goToTheEnds(page, dir, total) {
  const cpu = () => browserCpuSeconds(dir);
  const step = async (act, test, seconds) => {
    const [c0, t0] = [cpu(), await page.evaluate(() => performance.now())];
    await act();
    const t1 = await until(page, test, seconds);
    return { ms: t1 === null ? null : t1 - t0, cpu: t1 === null || c0 === null ? null : cpu() - c0 };
  };
  const at90 = Math.round(total * 0.88);
  const dragTo90 = () =>
    step(
      () =>
        page.evaluate(() => {
          const list = document.querySelector('[data-testid="corpus-scroll"]');
          list.scrollTop = 0.9 * (list.scrollHeight - list.clientHeight);
        }),
      `() => [...document.querySelectorAll('.corpus-row')].some((r) => Number(r.getAttribute('aria-posinset')) >= ${at90})`,
    );
  // START_DRAG_FIRST=1: the scroll bar first (what the list read then shows), End after it.
  const dragFirst = process.env.START_DRAG_FIRST === '1' ? await dragTo90() : null;
  await page.locator('.corpus-row .corpus-open').first().focus();
  const last = `() => !!document.querySelector('.corpus-row[aria-posinset="${total}"]')`;
  const end = await step(() => page.keyboard.press('End'), last);
  // Main's build lost the focus with the row it scrolled away from: Home then does nothing in the list.
  const home = await step(() => page.keyboard.press('Home'), `() => !!document.querySelector('.corpus-row[aria-posinset="1"]')`, 15);
  const drag = dragFirst ?? (await dragTo90());
  // When the list was first seen whole (the start's init script watches for it).
  const whole = (await until(page, () => window.__listWhole !== undefined)) && (await page.evaluate(() => window.__listWhole));
  return { endMs: end.ms, endCpu: end.cpu, homeMs: home.ms, dragMs: drag.ms, dragCpu: drag.cpu, wholeMs: whole };
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
    const { page, dir, dispose } = await diskPage(ctx, { profile });
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
        const whole = () => {
          if (document.querySelector('ul[aria-label="Document list"]')?.getAttribute('aria-busy') === 'false')
            window.__listWhole = performance.now();
          else requestAnimationFrame(whole);
        };
        requestAnimationFrame(whole);
      });
      const appUrl = base.replace(/[?&]bench=1/, '');
      // START_REF: that commit's build, served beside this one (same origin, so the same database).
      const ref = process.env.START_REF;
      const builds = [
        ...(ref ? [{ name: ref, url: `${ctx.baseUrl}/${path.relative(ROOT, buildRef(ref, 'start-ref', ctx.log))}/index.html` }] : []),
        { name: ref ? 'this' : null, url: appUrl },
      ];
      for (let i = 0; i < REPS; i++) {
        for (const build of builds) {
          const load = os.loadavg()[0];
          const cpu0 = browserCpuSeconds(dir);
          await page.goto(build.url, { waitUntil: 'commit', timeout: 60_000 });
          const rows = await page.evaluate(untilFirstRows);
          const cpuRows = browserCpuSeconds(dir);
          const used = await useListByKeyboard(page);
          const counted = await page.evaluate(untilCounted, size.documents);
          const ends = await goToTheEnds(page, dir, size.documents);
          const sample = { build: build.name, load, ...rows, ...used, ...counted, ...ends };
          if (cpu0 !== null) Object.assign(sample, { cpuRows: cpuRows - cpu0, cpuWhole: browserCpuSeconds(dir) - cpu0 });
          ctx.log(
            `start${build.name ? ` (${build.name})` : ''}, load ${load.toFixed(1)}: first rows after ${Math.round(sample.ms)} ms (longest task ${Math.round(sample.longestTask)} ms); by keyboard, the second row's document drawn ${Math.round(sample.openMs)} ms after Enter, the list scrolled ${Math.round(sample.scrollMs)} ms after Page Down; End → last row ${ms(sample.endMs)} (CPU ${secs(sample.endCpu)}), Home → first row ${ms(sample.homeMs)}, scroll bar to 90% → rows ${ms(sample.dragMs)} (CPU ${secs(sample.dragCpu)}); whole list read after ${ms(sample.wholeMs)}; counted after ${Math.round(sample.countedMs)} ms; browser CPU until the rows ${secs(sample.cpuRows)}, until the list was read ${secs(sample.cpuWhole)}; marks ${JSON.stringify(sample.marks)}`,
          );
          result.samples.push(sample);
        }
      }
      // A page read at 0, 50 and 90% of the list, each way (this build's bench hook).
      await page.exposeFunction('claimscopeBenchCpu', () => browserCpuSeconds(dir));
      await page.goto(base, { waitUntil: 'load', timeout: 60_000 });
      if (!(await hookReady(page))) {
        await until(page, () => document.querySelector('ul[aria-label="Document list"]')?.getAttribute('aria-busy') === 'false');
        result.pageReads = {
          load: os.loadavg()[0],
          ...(await page.evaluate(() => window.claimscopeBench.corpus.listPageReads([0, 0.5, 0.9]))),
        };
        for (const r of result.pageReads.reads) ctx.log(`start: page of 5,000 at ${r.at} by ${r.way}: ${ms(r.ms)} (CPU ${secs(r.cpu)})`);
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
    const builds = [...new Set(result.samples.map((s) => s.build ?? null))];
    // CPU seconds are shown as times (×1000, so the summary's rounding keeps the milliseconds).
    const cell = (samples, key, format = formatMs) => {
      const scale = format === seconds ? 1000 : 1;
      const values = samples.map((s) => (s[key] === null || s[key] === undefined ? null : s[key] * scale));
      const reached = values.filter((v) => v !== null && v !== undefined);
      if (!reached.length) return 'not reached';
      const text = formatSummary(summarize(reached), format === seconds ? formatMs : format);
      return reached.length < values.length ? `${text}; ${values.length - reached.length} not reached` : text;
    };
    const seconds = (v) => formatMs(v);
    const rows = [
      ["navigation → corpus list's first rows drawn", 'ms'],
      ['longest task until then', 'longestTask'],
      ['then, by keyboard: Enter on the second row → its document drawn', 'openMs'],
      ['then Page Down in the list → the list scrolled', 'scrollMs'],
      ["navigation → the project's document count shown", 'countedMs'],
      [
        `then End in the list (a 100k list still being read${process.env.START_DRAG_FIRST === '1' ? ', after the scroll bar' : ''}) → its last row drawn`,
        'endMs',
      ],
      ['… its browser CPU', 'endCpu', seconds],
      ['then Home → the first row drawn (15 s at most)', 'homeMs'],
      [`${process.env.START_DRAG_FIRST === '1' ? 'first' : 'then'} the scroll bar dragged to 90% → rows there drawn`, 'dragMs'],
      ['… its browser CPU', 'dragCpu', seconds],
      ['navigation → the whole list read', 'wholeMs'],
      ['browser CPU: navigation → first rows', 'cpuRows', seconds],
      ['browser CPU: navigation → the whole list read and the steps above', 'cpuWhole', seconds],
      ['load average (1 min) at each start', 'load', (v) => v.toFixed(1)],
    ];
    const bySample = (b) => result.samples.filter((s) => (s.build ?? null) === b);
    const out = [
      `A project of ${head} in the app's database (written in ${formatMs(result.seedMs)}); the app loaded ${bySample(builds[0]).length} times${builds.length > 1 ? ' per build, the builds alternating' : ''} as a user starts it.`,
      '',
      `| measure | ${builds.map((b) => b ?? 'value').join(' | ')} |`,
      `|---|${builds.map(() => '---').join('|')}|`,
      ...rows.map(([label, key, format]) => `| ${label} | ${builds.map((b) => cell(bySample(b), key, format)).join(' | ')} |`),
    ];
    if (result.pageReads) {
      const { documents, reads, load } = result.pageReads;
      const ats = [...new Set(reads.map((r) => r.at))];
      const ways = [...new Set(reads.map((r) => r.way))];
      out.push(
        '',
        `A page of 5,000 summaries read at positions of the list of ${documents.toLocaleString('en')} (this build, the list read; load ${load.toFixed(1)}): median wall time (browser CPU), the ways alternating. "keys only" finds the position's row by walking keys, no values.`,
        '',
        `| way | ${ats.map((a) => `at ${a.toLocaleString('en')}`).join(' | ')} |`,
        `|---|${ats.map(() => '---:').join('|')}|`,
        ...ways.map((w) => {
          const at = (a) => {
            const of = reads.filter((r) => r.way === w && r.at === a);
            const cpu = of.filter((r) => r.cpu !== null).map((r) => r.cpu);
            return `${formatMs(summarize(of.map((r) => r.ms)).median)}${cpu.length ? ` (${formatMs(summarize(cpu.map((c) => c * 1000)).median)})` : ''}`;
          };
          return `| ${w} | ${ats.map(at).join(' | ')} |`;
        }),
      );
    }
    return out.join('\n');
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

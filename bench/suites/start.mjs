// Issue #16's start figure: a project of 100,000 generated ~3 KB articles with 20 annotations
// each (2,000,000) is written into the app's own database in a throw-away browser profile on
// disk and remembered as the last project; then the app is loaded as a researcher starts it, and
// the time from navigation to the corpus list being usable (its first rows drawn), and to the
// project's count of documents shown, is read in the page, with the app's start marks
// (`claimscope:start:…`). START_SIZE=10000x20 sets documents × annotations.
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

/**
 * In the page: waits for the list's first row (usable: it can be opened, scrolled, searched) and
 * for the project's count, then reports when each was, the app's start marks, and the long tasks
 * until the first row.
 */
async function untilListUsable(expected) {
  const deadline = performance.now() + 120_000;
  let usable = 0;
  let counted = 0;
  let longest = 0;
  while (!usable || !counted) {
    const count = document.querySelector('.corpus-count')?.textContent ?? '';
    if (!usable && document.querySelector('.corpus-row')) {
      usable = performance.now();
      longest = Math.max(0, ...(window.__longTasks ?? []));
    }
    if (!counted && count.replace(/,/g, '').includes(String(expected))) counted = performance.now();
    if (performance.now() > deadline) throw new Error(`list not usable and counted within 120 s (status: "${count}")`);
    await new Promise((r) => requestAnimationFrame(r));
  }
  const marks = Object.fromEntries(
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('claimscope:start:'))
      .map((m) => [m.name.slice('claimscope:start:'.length), Math.round(m.startTime)]),
  );
  return { ms: usable, countedMs: counted, longestTask: longest, marks };
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
        const sample = await page.evaluate(untilListUsable, size.documents);
        ctx.log(
          `start: list usable after ${Math.round(sample.ms)} ms (longest task ${Math.round(sample.longestTask)} ms), counted after ${Math.round(sample.countedMs)} ms; marks ${JSON.stringify(sample.marks)}`,
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
    return [
      `A project of ${head} in the app's database (written in ${formatMs(result.seedMs)}); the app loaded ${result.samples.length} times as a user starts it.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| navigation → corpus list usable (its first rows drawn) | ${formatSummary(ms, formatMs)} |`,
      `| longest task until then | ${formatSummary(longest, formatMs)} |`,
      `| navigation → the project's document count shown | ${formatSummary(counted, formatMs)} |`,
    ].join('\n');
  },

  figures(result) {
    if (!result.samples?.length) return [];
    const ms = summarize(result.samples.map((s) => s.ms));
    const counted = summarize(result.samples.map((s) => s.countedMs ?? s.ms));
    return [
      { key: 'start/list-usable', label: 'start to the corpus list usable', value: ms.median, unit: 'ms' },
      { key: 'start/list-counted', label: "start to the project's document count shown", value: counted.median, unit: 'ms' },
    ];
  },
};

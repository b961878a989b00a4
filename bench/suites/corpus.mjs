// The corpus suite of issue #7 (item 3) and #4: generated ~3 KB articles imported through
// Claimscope's bulk writer (documents + summaries + search terms, one transaction per batch of
// 1,000) beside raw IndexedDB writes of the same articles into a bare object store, in the same
// page and run; then search latency, time to the first result on screen, loading the corpus list
// and scrolling it. Sizes: 10k and 100k documents (CORPUS_SIZES=10k to run fewer).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMB, formatMs, summarize, formatSummary, markdownTable } from '../lib/stats.mjs';
import { scrollAndMeasure } from '../lib/scroll.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/chromium.mjs';
import { buildRef } from '../lib/refBuild.mjs';
import { startStaticServer } from '../../scripts/serve-static.mjs';

export const CORPUS_SIZES = { '10k': 10_000, '100k': 100_000 };
const APP_PATH = '/dist/web/index.html?bench=1';
const SEARCH_REPS = 6;
const UI_SEARCH_REPS = 3;

/**
 * A page in a persistent profile on disk. An ordinary fresh context keeps IndexedDB in memory
 * with a small quota (a 100k corpus does not fit), and the app stores its data on disk anyway.
 */
export async function diskPage(ctx, { profile, baseUrl = ctx.baseUrl } = {}) {
  const { chromium } = await import('playwright-core');
  // A given profile folder is kept (to measure on the same data again); a fresh one is removed.
  const dir = profile ?? mkdtempSync(path.join(os.tmpdir(), 'claimscope-corpus-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    timeout: 60_000,
  });
  await context.route(
    (url) => !url.href.startsWith(baseUrl),
    (route) => route.abort(),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => ctx.log(`    page error: ${String(e.message).split('\n')[0]}`));
  return {
    page,
    dir,
    dispose: async () => {
      await context.close().catch(() => {});
      if (!profile) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time (user + system, seconds) of every process of the browser using the profile folder
 * `dir` (the browser, its renderer, storage and GPU processes all carry `--user-data-dir`), from
 * Linux /proc; null where there is no /proc. Beside wall time it shows what a step cost whatever
 * else the shared machine was doing.
 */
export function browserCpuSeconds(dir) {
  return browserCpuSplit(dir)?.total ?? null;
}

/**
 * {@link browserCpuSeconds}, with the share of the renderer processes (`--type=renderer`: the
 * page's JavaScript and workers, structured cloning, Blink's IndexedDB client) apart from the rest
 * (the browser process, where IndexedDB's backend and LevelDB run, and the GPU and utility processes).
 */
export function browserCpuSplit(dir) {
  let total = 0;
  let renderer = 0;
  let found = false;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(`--user-data-dir=${dir}`)) continue;
      // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      total += ticks;
      if (cmdline.includes('--type=renderer')) renderer += ticks;
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? { total: total / 100, renderer: renderer / 100 } : null;
}

/** Runs `step` and adds the browser's CPU seconds it took (`cpu`) to its result. */
async function withCpu(dir, step) {
  const before = browserCpuSeconds(dir);
  const out = await step();
  const after = browserCpuSeconds(dir);
  if (out.value && before !== null && after !== null) out.value = { ...out.value, cpu: after - before };
  return out;
}

export async function hookReady(page) {
  return page.evaluate(async () => {
    const deadline = performance.now() + 15_000;
    while (!window.claimscopeBench?.corpus) {
      if (performance.now() > deadline) return 'not available (corpus hook missing)';
      await new Promise((r) => setTimeout(r, 50));
    }
    await window.claimscopeBench.ready();
    return null;
  });
}

async function measureSize(ctx, sizeKey, count, build) {
  const log = (line) => ctx.log(build.name ? line.replace(/^corpus: /, `corpus (${build.name}): `) : line);
  const result = { size: sizeKey, documents: count, build: build.name, load: os.loadavg()[0], error: null };
  const { page, dir, dispose } = await diskPage(ctx, { baseUrl: build.baseUrl });
  // Long operations: at least 30 minutes for a 100k import.
  const limit = Math.max(ctx.options.timeoutMs, 30 * 60_000);
  try {
    const response = await page.goto(build.baseUrl + build.path, { waitUntil: 'load', timeout: 30_000 });
    if (!response?.ok())
      return { ...result, unavailable: `not available (app answered ${response?.status() ?? 'nothing'}; build failed?)` };
    const reason = await hookReady(page);
    if (reason) return { ...result, unavailable: reason };

    /** Times `window.claimscopeBench.corpus[method](count)`, with the browser's CPU seconds. */
    const corpusStep = (label, method) =>
      withCpu(dir, () =>
        ctx.timed(
          page.evaluate(([m, n]) => window.claimscopeBench.corpus[m](n), [method, count]),
          limit,
          label,
        ),
      );

    // Generating the articles (in the page, outside the timed part) costs CPU in every write
    // step alike: measured on its own, it is taken out of their CPU figures.
    const gen = await corpusStep('generate', 'generateOnly');
    result.generateCpu = gen.value?.cpu ?? null;
    log(`corpus: ${sizeKey} — raw IndexedDB writes`);
    const raw = await corpusStep('raw', 'rawWriteGenerated');
    if (raw.timeout) return { ...result, timeouts: ['raw'] };
    result.raw = raw.value;
    // The floor's copy is not needed any more: free its disk space before the app import.
    await page.evaluate(() => window.claimscopeBench.corpus.dropRawDatabases());
    log(`corpus: ${sizeKey} — raw ${Math.round(raw.value.perSecond)} docs/s; app import`);

    const app = await corpusStep('import', 'importGenerated');
    if (app.timeout) return { ...result, timeouts: ['import'] };
    result.import = app.value;
    log(`corpus: ${sizeKey} — app ${Math.round(app.value.perSecond)} docs/s; text index pass`);
    const index = await corpusStep('text index', 'indexText');
    if (index.timeout) return { ...result, timeouts: ['text index'] };
    result.textIndex = index.value;
    result.heapAfterImport = await ctx.heapAfterGc(page);

    const list = await ctx.timed(
      page.evaluate(() => window.claimscopeBench.corpus.loadList()),
      limit,
      'list',
    );
    if (list.timeout) return { ...result, timeouts: ['list'] };
    result.list = list.value;
    result.heapWithList = await ctx.heapAfterGc(page);

    const words = await page.evaluate(() => window.claimscopeBench.corpus.sampleWords());
    const queries = [
      { key: 'rare', text: words.rare },
      { key: 'common', text: words.common },
      // The common word's prefixes as they are typed: 1 to 3 letters, and 4 (`prefix`, the key earlier runs used).
      ...[1, 2, 3].map((n) => ({ key: `prefix ${n}`, text: words.common.slice(0, n) })),
      { key: 'prefix', text: words.prefix },
      { key: 'two words', text: `${words.common} ${words.rare}` },
    ];
    result.search = [];
    for (const q of queries) {
      const samples = [];
      const cpu0 = browserCpuSeconds(dir);
      for (let i = 0; i < SEARCH_REPS; i++) samples.push(await page.evaluate((t) => window.claimscopeBench.corpus.search(t), q.text));
      const cpu1 = browserCpuSeconds(dir);
      result.search.push({
        key: q.key,
        query: q.text,
        hits: samples[0].hits,
        cpuPerSearch: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / SEARCH_REPS,
        // The first search on a list works out the list positions of the document numbers; the
        // others reuse them, as the corpus browser does while its list stays the same.
        firstOnList: samples[0].firstResult,
        latency: summarize(samples.slice(1).map((s) => s.latency)),
        firstResult: summarize(samples.slice(1).map((s) => s.firstResult)),
        everyHit: summarize(
          samples
            .slice(1)
            .map((s) => s.everyHit)
            .filter((v) => v !== undefined),
        ),
      });
    }
    // The first result alone, where the build has it: its wall time and the page's main-thread
    // CPU time (Chrome's TaskDuration) beside the CPU time of every browser process.
    if (await page.evaluate(() => typeof window.claimscopeBench.corpus.searchFirst === 'function')) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
      result.searchFirst = [];
      for (const q of queries) {
        const samples = [];
        const main0 = await taskSeconds();
        const cpu0 = browserCpuSeconds(dir);
        for (let i = 0; i < SEARCH_REPS; i++)
          samples.push(await page.evaluate((t) => window.claimscopeBench.corpus.searchFirst(t), q.text));
        const cpu1 = browserCpuSeconds(dir);
        const main1 = await taskSeconds();
        result.searchFirst.push({
          key: q.key,
          query: q.text,
          hits: samples[0].hits,
          firstResult: summarize(samples.map((s) => s.firstResult)),
          mainCpu: (main1 - main0) / SEARCH_REPS,
          cpu: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / SEARCH_REPS,
        });
      }
      await cdp.detach();
    }
    const ui = [];
    for (let i = 0; i < UI_SEARCH_REPS; i++) ui.push(await page.evaluate((t) => window.claimscopeBench.corpus.searchInUi(t), words.rare));
    result.searchInUi = { query: words.rare, ms: summarize(ui.map((u) => u.ms)) };
    log(`corpus: ${sizeKey} — search done; scrolling the list`);

    const scroll = await ctx.timed(
      page.evaluate(scrollAndMeasure, { target: 'corpus-list', steps: 600, settleFrames: 0 }),
      limit,
      'scroll',
    );
    if (!scroll.timeout) result.scroll = scroll.value;
    // The app's own path, where the builds have it: a JSONL file through the import worker, the
    // window only showing progress and reading the list again (10,000 more documents).
    const inWorker = await page.evaluate(() => typeof window.claimscopeBench.corpus.importInWorker === 'function');
    if (inWorker && count <= WORKER_IMPORT_UP_TO) {
      log(`corpus: ${sizeKey} — ${WORKER_IMPORT.toLocaleString('en')} more through the import worker`);
      const worker = await withCpu(dir, () =>
        ctx.timed(
          page.evaluate((n) => window.claimscopeBench.corpus.importInWorker(n), WORKER_IMPORT),
          limit,
          'worker import',
        ),
      );
      if (!worker.timeout) result.workerImport = worker.value;
    }
    result.loadAfter = os.loadavg()[0];
    return result;
  } catch (error) {
    result.error = String(error?.message ?? error)
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    ctx.log(`corpus: ${sizeKey} failed: ${result.error}`);
    return result;
  } finally {
    await dispose();
  }
}

const med = (s) => (s ? s.median : null);
/** The size, with the build and the load average (1 min) at its start and end when the run compares builds. */
const sizeCell = (s) =>
  `${s.documents.toLocaleString('en')}${s.build ? ` (${s.build}; load ${s.load?.toFixed(0)}–${s.loadAfter?.toFixed(0) ?? '?'})` : ''}`;

/** The CPU seconds of raw, import and index pass (generation taken out), with the ratios. */
function cpuCell(s) {
  const gen = s.generateCpu ?? 0;
  const raw = s.raw.cpu === undefined ? null : s.raw.cpu - gen;
  const imp = s.import.cpu === undefined ? null : s.import.cpu - gen;
  const index = s.textIndex?.cpu;
  if (raw === null || imp === null || index === undefined) return 'n/a';
  return `${raw.toFixed(1)} / ${imp.toFixed(1)} / ${index.toFixed(1)} (${(imp / raw).toFixed(1)}×, ${((imp + index) / raw).toFixed(1)}×)`;
}
const pct = (x) => `${Math.round(x * 100)}%`;

/** Documents imported through the import worker after the other steps (at the sizes up to
 * `CORPUS_WORKER_UP_TO`, 10,000 unless set; `CORPUS_WORKER_IMPORT=100000` imports 100,000). */
const WORKER_IMPORT = Number(process.env.CORPUS_WORKER_IMPORT ?? 10_000);
const WORKER_IMPORT_UP_TO = Number(process.env.CORPUS_WORKER_UP_TO ?? 10_000);
/** Another commit to measure beside this checkout, interleaved (CORPUS_REF=main). */
const REF = process.env.CORPUS_REF || null;
/** Documents in the import profile (CORPUS_PROFILE=0 skips it). */
const PROFILE_DOCUMENTS = Number(process.env.CORPUS_PROFILE ?? 10_000);
/** CORPUS_PROFILE_STEPS=keys: the profile's floor and key-order steps alone (e.g. at 100,000 documents). */
const PROFILE_ONLY = process.env.CORPUS_PROFILE_STEPS === 'keys' ? 'keys' : undefined;

/** Where an import's time goes: each step on its own over the same articles (renderer/src/bench/importProfile.ts). */
async function measureProfile(ctx, count, build) {
  const { page, dir, dispose } = await diskPage(ctx, { baseUrl: build.baseUrl });
  try {
    // Each step's CPU time beside its wall time: the browser's processes, read from /proc.
    await page.exposeFunction('claimscopeBenchCpu', () => browserCpuSeconds(dir));
    await page.exposeFunction('claimscopeBenchCpuRenderer', () => browserCpuSplit(dir)?.renderer ?? null);
    const response = await page.goto(build.baseUrl + build.path, { waitUntil: 'load', timeout: 30_000 });
    if (!response?.ok()) return { unavailable: `app answered ${response?.status() ?? 'nothing'}` };
    const reason = await hookReady(page);
    if (reason) return { unavailable: reason };
    ctx.log(`corpus${build.name ? ` (${build.name})` : ''}: import profile of ${count.toLocaleString('en')} documents`);
    const load = os.loadavg()[0];
    const run = await ctx.timed(
      page.evaluate(([n, only]) => window.claimscopeBench.corpus.profileImport(n, only), [count, PROFILE_ONLY]),
      Math.max(ctx.options.timeoutMs, 30 * 60_000),
      'profile',
    );
    return run.timeout ? { unavailable: 'timed out' } : { ...run.value, build: build.name, load, loadAfter: os.loadavg()[0] };
  } catch (error) {
    return { unavailable: String(error?.message ?? error).slice(0, 300) };
  } finally {
    await dispose();
  }
}

function profileMarkdown(p) {
  if (!p) return [];
  if (p.unavailable) return ['', `Import profile: ${p.unavailable}`];
  const floor = p.steps[0].ms;
  const cpuFloor = p.steps[0].cpu;
  const hasCpu = typeof cpuFloor === 'number' && cpuFloor > 0;
  const out = [
    '',
    `Import profile${p.build ? ` (${p.build}; load ${p.load?.toFixed(0)}–${p.loadAfter?.toFixed(0)})` : ''}: ${p.documents.toLocaleString('en')} articles, ${p.batch.toLocaleString('en')} per transaction, each step on its own ` +
      `(per 1,000 documents: ${formatMB(p.textBytesPer1000)} of text` +
      (p.postingRowsPer1000
        ? `, ${Math.round(p.postingRowsPer1000).toLocaleString('en')} word rows holding ${formatMB(p.postingIdBytesPer1000)} of document ids as strings, ${formatMB((p.postingIdBytesPer1000 / (p.idLength ?? 21)) * 4)} as numbers).`
        : ').'),
    '',
    `| step | time | per document | ÷ raw put |${hasCpu ? " browser CPU | CPU ÷ raw put's | of it, the renderer's |" : ''}`,
    `|---|---:|---:|---:|${hasCpu ? '---:|---:|---:|' : ''}`,
  ];
  const share = (s) => (s.cpu && s.cpuRenderer !== undefined ? `${Math.round((s.cpuRenderer / s.cpu) * 100)}%` : '');
  for (const s of p.steps)
    out.push(
      `| ${s.step} | ${formatMs(s.ms)} | ${((s.ms * 1000) / p.documents).toFixed(0)} µs | ${(s.ms / floor).toFixed(2)} |` +
        (hasCpu
          ? ` ${s.cpu === undefined ? 'n/a' : `${s.cpu.toFixed(2)} s`} | ${s.cpu === undefined ? '' : (s.cpu / cpuFloor).toFixed(2)} | ${share(s)} |`
          : ''),
    );
  return out;
}

export default {
  name: 'corpus',
  describe: 'Import 10k/100k generated ~3 KB articles (app bulk writer vs raw IndexedDB), search, corpus list load and scroll',

  async run(ctx) {
    const wanted = (process.env.CORPUS_SIZES ?? Object.keys(CORPUS_SIZES).join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.filter((k) => !(k in CORPUS_SIZES));
    if (unknown.length)
      throw new Error(`corpus suite: unknown size ${unknown.join(', ')} (known: ${Object.keys(CORPUS_SIZES).join(', ')})`);
    // CORPUS_REF=main: that commit's build is measured before this one at every step, interleaved.
    const builds = [{ name: REF ? 'this' : null, baseUrl: ctx.baseUrl, path: ctx.appPath ?? APP_PATH }];
    let refServer = null;
    if (REF) {
      const out = buildRef(REF, 'corpus-ref', ctx.log);
      refServer = await startStaticServer({ root: out, port: 0, csp: null });
      builds.unshift({ name: REF, baseUrl: refServer.url.replace(/\/$/, ''), path: '/index.html?bench=1' });
    }
    try {
      const profiles = [];
      if (PROFILE_DOCUMENTS > 0) for (const build of builds) profiles.push(await measureProfile(ctx, PROFILE_DOCUMENTS, build));
      const sizes = [];
      for (const key of wanted) for (const build of builds) sizes.push(await measureSize(ctx, key, CORPUS_SIZES[key], build));
      return { profiles, sizes, searchReps: SEARCH_REPS, uiSearchReps: UI_SEARCH_REPS };
    } finally {
      await refServer?.close();
    }
  },

  markdown(result) {
    const out = [];
    out.push(
      'Generated news-like articles of ~3 KB (seeded; Zipf-like vocabulary; source, date and category metadata), written in batches of 1,000 per transaction. ' +
        '"App" is Claimscope\'s import writer as the import worker runs it (`writeImport` on a relaxed connection, ending with one strict commit: text hashes, document records, summary rows), with its text index built from the texts as they are written (`indexWhileWriting`: document numbers, word rows with the title words), in the import\'s figures; the text index pass (`buildTextIndex`) then indexes whatever is left pending, timed on its own with the long tasks the window saw; ' +
        '"raw" puts the same articles as plain objects into a bare object store, in the same page. Write time excludes generating the articles. ' +
        `Search: median of ${result.searchReps - 1} runs in the repository after the first, which is shown in brackets (it works out the document numbers' list positions, once per list; index query + ranking; "first result" adds reading the best hit and cutting its snippet; "every hit ranked" adds putting every hit in order, as search did before it had pages); ` +
        `on screen: typing into the search box until the first snippet is painted (includes the 120 ms typing debounce), median of ${result.uiSearchReps}.`,
      '',
    );
    out.push(
      '| documents | raw IndexedDB | app import | app ÷ raw (raw ÷ app) | text index pass (longest task) | import + index ÷ raw (raw ÷ both) | CPU s: raw / import / index pass (import ÷ raw, both ÷ raw) | peak JS heap (import) | heap after GC (import / with list) | list load |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const s of result.sizes) {
      if (s.unavailable || s.error || s.timeouts) {
        out.push(`| ${sizeCell(s)} | ${s.unavailable ?? s.error ?? `timed out: ${s.timeouts.join(', ')}`} | | | | | | | | |`);
        continue;
      }
      out.push(
        `| ${sizeCell(s)} | ${Math.round(s.raw.perSecond).toLocaleString('en')} docs/s (${formatMs(s.raw.ms)}) | ${Math.round(s.import.perSecond).toLocaleString('en')} docs/s (${formatMs(s.import.ms)}${s.import.longTasks === undefined ? '' : `; longest task ${s.import.longTasks ? formatMs(s.import.longestTask) : 'none over 50 ms'}`}) | ${(s.import.ms / s.raw.ms).toFixed(1)}× (${pct(s.raw.ms / s.import.ms)}) | ${s.textIndex ? `${formatMs(s.textIndex.ms)} (${s.textIndex.longTasks ? formatMs(s.textIndex.longestTask) : 'none over 50 ms'})` : '—'} | ${s.textIndex ? `${((s.import.ms + s.textIndex.ms) / s.raw.ms).toFixed(1)}× (${pct(s.raw.ms / (s.import.ms + s.textIndex.ms))})` : '—'} | ${cpuCell(s)} | ${s.import.peakHeap === null ? 'n/a' : formatMB(s.import.peakHeap)} | ${formatMB(s.heapAfterImport)} / ${formatMB(s.heapWithList)} | ${formatMs(s.list.ms)} |`,
      );
    }
    const searchRows = result.sizes.flatMap((s) =>
      (s.search ?? []).map((q, i) => [
        i === 0 ? sizeCell(s) : '',
        `${q.key} ("${q.query}")`,
        q.hits.toLocaleString('en'),
        formatSummary(q.latency, formatMs),
        `${formatSummary(q.firstResult, formatMs)}${q.firstOnList === undefined ? '' : ` (${formatMs(q.firstOnList)})`}`,
        formatSummary(q.everyHit, formatMs),
        q.cpuPerSearch == null ? 'n/a' : formatMs(q.cpuPerSearch * 1000),
        q.key === 'rare' ? formatSummary(s.searchInUi.ms, formatMs) : '',
      ]),
    );
    const scrollRows = result.sizes
      .filter((s) => s.scroll)
      .map((s) => [s, s.scroll])
      .map(([s, sc]) => [
        sizeCell(s),
        sc.frames,
        sc.droppedFrames,
        sc.longTasks,
        sc.longTasks ? formatMs(sc.longestTask) : 'none',
        sc.rowsInDom,
      ]);
    out.push(
      '',
      ...markdownTable(
        [
          'documents',
          'query',
          'hits',
          'search latency',
          'first result (first search on the list)',
          'every hit ranked',
          'CPU per search',
          'on screen',
        ],
        searchRows,
      ),
    );
    const tableOf = (header, rows) => (rows.length ? ['', ...markdownTable(header, rows)] : []);
    out.push(
      ...tableOf(
        [
          'documents',
          'query',
          `first result alone (median of ${result.searchReps})`,
          'page main thread CPU per search',
          'browser CPU per search',
        ],
        result.sizes.flatMap((s) =>
          (s.searchFirst ?? []).map((q, i) => [
            i === 0 ? sizeCell(s) : '',
            q.query === undefined ? q.key : `${q.key} ("${q.query}"; ${q.hits.toLocaleString('en')} hits)`,
            formatSummary(q.firstResult, formatMs),
            formatMs(q.mainCpu * 1000),
            q.cpu === null ? 'n/a' : formatMs(q.cpu * 1000),
          ]),
        ),
      ),
    );
    out.push(
      '',
      ...markdownTable(['documents', 'list scroll: frames', 'dropped frames', 'long tasks', 'longest task', 'rows in DOM'], scrollRows),
    );
    out.push(
      ...tableOf(
        [
          'documents in the project',
          'import through the worker, until every document is indexed',
          'CPU s (browser)',
          'long tasks in the window',
          'longest',
          'longest frame over 100 ms (Long Animation Frames)',
        ],
        result.sizes
          .filter((s) => s.workerImport)
          .map((s) => {
            const w = s.workerImport;
            return [
              `${sizeCell(s)} + ${w.documents.toLocaleString('en')}`,
              `${formatMs(w.ms)} (${Math.round((w.documents / w.ms) * 1000).toLocaleString('en')} docs/s)`,
              w.cpu === undefined ? 'n/a' : w.cpu.toFixed(1),
              w.longTasks,
              w.longTasks ? formatMs(w.longestTask) : 'none over 50 ms',
              w.longestFrame ?? 'none',
            ];
          }),
      ),
    );
    for (const p of result.profiles ?? [result.profile]) out.push(...profileMarkdown(p));
    return out.join('\n');
  },

  figures(result) {
    const figs = [];
    for (const s of result.sizes) {
      if (!s.import) continue;
      const k = s.build && s.build !== 'this' ? `${s.size}-${s.build}` : s.size;
      figs.push({ key: `${k}/import-ms`, label: `import ${k}`, value: s.import.ms, unit: 'ms' });
      figs.push({ key: `${k}/raw-ms`, label: `raw IndexedDB writes ${k}`, value: s.raw.ms, unit: 'ms' });
      if (s.textIndex) figs.push({ key: `${k}/text-index-ms`, label: `text index pass ${k}`, value: s.textIndex.ms, unit: 'ms' });
      figs.push({ key: `${k}/heap-list`, label: `heap with the corpus list ${k}`, value: s.heapWithList, unit: 'bytes' });
      if (s.list) figs.push({ key: `${k}/list-ms`, label: `corpus list load ${k}`, value: s.list.ms, unit: 'ms' });
      for (const q of s.search ?? [])
        figs.push({ key: `${k}/search-${q.key}`, label: `search ${q.key} ${k}`, value: med(q.firstResult), unit: 'ms' });
      if (s.searchInUi) figs.push({ key: `${k}/search-ui`, label: `search on screen ${k}`, value: med(s.searchInUi.ms), unit: 'ms' });
      if (s.scroll) {
        figs.push({ key: `${k}/scroll-long-tasks`, label: `list scroll long tasks ${k}`, value: s.scroll.longTasks, unit: 'count' });
        figs.push({ key: `${k}/scroll-dropped`, label: `list scroll dropped frames ${k}`, value: s.scroll.droppedFrames, unit: 'count' });
      }
    }
    return figs;
  },
};

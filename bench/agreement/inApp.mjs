// The agreement figure as a researcher sees it (AGREEMENT_APP=1 in suites/agreement.mjs): the
// bench corpus (corpus.ts, 5 annotators × 1,000 documents × 50 annotations) is written into the
// app's database in a throw-away browser profile on disk, as the last project; then the app is
// loaded, Alt+3 opens the Agreement view, and the page notes when its status shows each phase
// (reading, computing, listing disagreements) and when the documents' table is drawn: what the
// time goes to, from the key to the figures on screen (the view's code loaded, its worker started,
// the rows read from IndexedDB, the figures computed, posted to the page and rendered). With a
// ref, that commit's web build is served from an origin of its own (its own database, seeded by its
// own code) and measured before this tree's at every repetition. This tree's build is `dist/web` (`npm run
// build:web` first). AGREEMENT_PROFILE=folder keeps the browser profile there, and a later run with
// the same folder measures the corpus written before (at the same ports: AGREEMENT_PORT, 4599 by
// default, and the next for the ref, as IndexedDB belongs to an origin). AGREEMENT_TRACE=file.json
// records a Chrome trace of each opening (trace.mjs: saved beside that name, and summarised in the
// log: thread times and the functions the profiler sampled most; tracing adds to the CPU time).
// AGREEMENT_ONLY=text,… keeps the runs whose name has one of them (e.g. "main,packs read").
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRef } from '../lib/refBuild.mjs';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { browserCpuSeconds, diskPage, hookReady } from '../suites/corpus.mjs';
import { startTrace, summariseTrace } from './trace.mjs';

const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/**
 * In the page: notes the time of the Alt+3 that opens the view, then each phase the view shows,
 * watching the DOM's changes (a MutationObserver: polling it every frame would itself cost the
 * page a frame every 16 ms, some 0.3 s of CPU over an opening); the figures count as drawn at the
 * first frame after the documents' table has a row.
 */
function installWatch() {
  window.__agreementWatch = new Promise((resolve, reject) => {
    const marks = {};
    let t0 = null;
    let observer = null;
    const phases = [
      ['reading', 'Reading documents'],
      ['computing', 'Computing the figures'],
      ['disagreements', 'Listing disagreements'],
    ];
    const timeout = setTimeout(() => reject(new Error('the Agreement view did not show its figures within 15 minutes')), 900_000);
    const check = () => {
      const now = performance.now();
      const status = document.querySelector('.dashboard-progress')?.textContent ?? '';
      if (marks.view === undefined && document.querySelector('.agreement-dashboard')) marks.view = now - t0;
      for (const [key, text] of phases) if (marks[key] === undefined && status.includes(text)) marks[key] = now - t0;
      if (document.querySelector('table[aria-label="Agreement per document"] tbody tr')) {
        observer.disconnect();
        clearTimeout(timeout);
        requestAnimationFrame(() => {
          marks.shown = performance.now() - t0;
          resolve(marks);
        });
      }
    };
    window.addEventListener(
      'keydown',
      (e) => {
        if (t0 !== null || !e.altKey || e.code !== 'Digit3') return;
        t0 = performance.now();
        observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      },
      { capture: true },
    );
  });
}

async function untilListed(page) {
  await page.waitForSelector('.corpus-row', { timeout: 300_000 });
}

/**
 * Empties this tree's annotation packs (db/annotationPacks.ts) in the page's origin, as after
 * every layer's annotations were written (bundles added, a sync): the next Agreement view builds
 * them from the annotation rows.
 */
function dropPacks() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('claimscope');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('annotationPacks')) return (db.close(), resolve(false));
      const tx = db.transaction('annotationPacks', 'readwrite');
      tx.objectStore('annotationPacks').clear();
      tx.oncomplete = () => (db.close(), resolve(true));
      tx.onerror = () => reject(tx.error);
    };
  });
}

/**
 * CPU time (ms) of each thread of the browser using the profile folder `dir`, summed by process
 * type and thread name (Linux /proc: `renderer DedicatedWorker` is the agreement worker, `renderer
 * chrome` the page's main thread, `browser chrome` the browser process's, where IndexedDB runs).
 */
function threadCpu(dir) {
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(`--user-data-dir=${dir}`)) continue;
      const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${type} ${name}`;
        out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10);
      }
    } catch {
      // the process or thread ended meanwhile
    }
  }
  return out;
}

/** The threads that spent the most CPU between two {@link threadCpu} readings, as text. */
function threadShares(before, after) {
  return [...after]
    .map(([key, ms]) => [key, ms - (before.get(key) ?? 0)])
    .filter(([, ms]) => ms >= 20)
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => `${key} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
}

/** In the page: how many documents the open project has, and how many of them have a pack. */
function packedDocuments() {
  const request = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
  return (async () => {
    const db = await request(indexedDB.open('claimscope'));
    try {
      const tx = db.transaction(['settings', 'projectCounts', 'annotationPacks']);
      const project = (await request(tx.objectStore('settings').get('lastProjectId')))?.value;
      const documents = (await request(tx.objectStore('projectCounts').get(project)))?.documents ?? 0;
      const packs = await request(tx.objectStore('annotationPacks').index('projectId').count(project));
      return { documents, packs };
    } finally {
      db.close();
    }
  })();
}

/**
 * The app reopened after its packs were dropped (as after bulk writes): waits until its background
 * rebuild (db/annotationPacksRebuild.ts) has packed every document, noting the time it took from
 * the page's load, the browser's CPU time meanwhile, and the page's long frames (over 50 ms, the
 * Long Animation Frames API, with the scripts that ran in them) while the packs were being written.
 */
async function rebuiltInBackground(page, url, dir, log) {
  const cpu0 = browserCpuSeconds(dir);
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks.push({
          start: e.startTime,
          ms: e.duration,
          scripts: (e.scripts ?? [])
            .filter((x) => x.duration >= 10)
            .map((x) =>
              `${x.invoker} ${x.sourceFunctionName || ''} ${(x.sourceURL || '').split('/').pop()} ${x.duration.toFixed(0)} ms`.replace(
                /\s+/g,
                ' ',
              ),
            ),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await untilListed(page);
  let first = null;
  for (;;) {
    const { documents, packs } = await page.evaluate(packedDocuments);
    if (first === null && packs > 0) first = await page.evaluate(() => performance.now());
    if (packs >= documents) break;
    if (performance.now() - t0 > 900_000) throw new Error(`the packs were not rebuilt in 15 minutes (${packs} of ${documents})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const ms = performance.now() - t0;
  const cpuMs = (browserCpuSeconds(dir) - cpu0) * 1000;
  // Long frames (over 50 ms) from half a second before the first pack was seen (polled every 250 ms) to the last.
  const end = await page.evaluate(() => performance.now());
  const during = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start + t.ms >= (first ?? end) - 500 && t.start <= end);
  const longest = during.reduce((a, t) => (t.ms > (a?.ms ?? 0) ? t : a), null);
  const result = { ms, cpuMs, longTasks: during.length, longestTask: longest?.ms ?? 0, longestScripts: longest?.scripts ?? [] };
  log(
    `  packs rebuilt in the background: ${s(ms)} from the page's load (browser CPU ${s(cpuMs)}); while packs were written, ` +
      `${result.longTasks} frame(s) over 50 ms on the page, the longest ${result.longestTask.toFixed(0)} ms (${result.longestScripts.join('; ')})`,
  );
  for (const t of during.sort((a, b) => b.ms - a.ms).slice(0, 8)) log(`    a frame of ${t.ms.toFixed(0)} ms: ${t.scripts.join('; ')}`);
  return result;
}

/**
 * Seeds the corpus, then times the Agreement view `reps` times per build (the ref's first). Each
 * build has its own origin (port), so its own database, seeded by its own code: a database this
 * tree has upgraded cannot be opened by an older build. This tree is timed three times per
 * repetition: "packs built" right after its packs are dropped (the view reads the annotation rows
 * and writes the packs), "packs read", and "packs rebuilt in the background" (dropped, the app
 * reloaded and left until its background rebuild has packed every document, then the view opened).
 */
export async function measureInApp({ ref, reps, shape, seed, log }) {
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) return { unavailable: 'no dist/web: run npm run build:web first' };
  const port = Number(process.env.AGREEMENT_PORT ?? 4599);
  const builds = [];
  if (ref) {
    buildRef(ref, 'agreement-ref', log);
    builds.push({ name: ref, path: '/bench/.tmp/agreement-ref-web/index.html', port: port + 1 });
  }
  builds.push({ name: 'this tree', path: '/dist/web/index.html', port, packs: true });
  for (const build of builds) {
    build.server = await startStaticServer({
      root: ROOT,
      port: build.port,
      prefixes: ['/dist/web/', '/bench/.tmp/agreement-ref-web/'],
      csp: null,
    });
    build.url = build.server.url.replace(/\/$/, '') + build.path;
  }
  const profile = process.env.AGREEMENT_PROFILE;
  if (profile) mkdirSync(profile, { recursive: true });
  const { page, dir, dispose } = await diskPage({ log, baseUrl: 'http://127.0.0.1:' }, { baseUrl: 'http://127.0.0.1:', profile });
  try {
    for (const build of builds) {
      const marker = profile && path.join(profile, `claimscope-agreement-seeded-${build.port}.json`);
      if (marker && existsSync(marker)) {
        log(`  in the app (${build.name}): the corpus written before in ${profile}`);
        continue;
      }
      await page.goto(`${build.url}?bench=1`, { waitUntil: 'load', timeout: 60_000 });
      const reason = await hookReady(page);
      if (reason) return { unavailable: reason };
      log(
        `  in the app (${build.name}): writing ${shape.documents} documents × ${shape.annotators} layers × ${shape.annotations} annotations…`,
      );
      const seeded = await page.evaluate(
        ({ annotators, documents, annotations, seed }) =>
          window.claimscopeBench.corpus.seedAgreementProject(annotators, documents, annotations, seed),
        { ...shape, seed },
      );
      log(`  written in ${(seeded.ms / 1000).toFixed(1)} s`);
      if (marker) writeFileSync(marker, JSON.stringify({ ...shape, seed }));
    }
    const samples = [];
    const only = process.env.AGREEMENT_ONLY?.split(',');
    const runs = builds
      .flatMap((b) =>
        b.packs
          ? [
              { ...b, name: `${b.name}, packs built`, drop: true },
              { ...b, name: `${b.name}, packs read` },
              { ...b, name: `${b.name}, packs rebuilt in the background`, drop: true, background: true },
            ]
          : [b],
      )
      .filter((r) => !only || only.some((o) => r.name.includes(o)));
    for (let i = 0; i < reps; i++) {
      for (const build of runs) {
        await page.goto(build.url, { waitUntil: 'load', timeout: 60_000 });
        await untilListed(page);
        if (build.drop) await page.evaluate(dropPacks);
        const background = build.background ? await rebuiltInBackground(page, build.url, dir, log) : undefined;
        await page.evaluate(installWatch);
        const trace = process.env.AGREEMENT_TRACE;
        const stopTrace = trace ? await startTrace(page) : null;
        const load = os.loadavg()[0];
        const cpu0 = browserCpuSeconds(dir);
        const threads0 = threadCpu(dir);
        const t0 = performance.now();
        await page.keyboard.press('Alt+3');
        // The browser's CPU time every 100 ms meanwhile, to tell each phase's share.
        const cpuAt = [];
        let watching = true;
        const watched = page.evaluate(() => window.__agreementWatch).finally(() => (watching = false));
        while (watching) {
          const cpu = browserCpuSeconds(dir);
          if (cpu !== null && cpu0 !== null) cpuAt.push([performance.now() - t0, (cpu - cpu0) * 1000]);
          await new Promise((r) => setTimeout(r, 100));
        }
        const marks = await watched;
        const cpu1 = browserCpuSeconds(dir);
        const threads = threadShares(threads0, threadCpu(dir));
        /** The browser's CPU time spent by `ms` after the key (the first reading at or after it). */
        const cpuBy = (ms) => (cpuAt.find(([t]) => t >= ms) ?? cpuAt[cpuAt.length - 1])?.[1];
        const phaseCpu = {};
        for (const key of ['computing', 'disagreements', 'shown']) if (marks[key] !== undefined) phaseCpu[key] = cpuBy(marks[key]);
        const sample = {
          build: build.name,
          rep: i + 1,
          load,
          ...marks,
          phaseCpu,
          background,
          threads,
          cpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) * 1000,
        };
        log(`  in the app, rep ${i + 1}/${reps} (${build.name}): ${describe(sample)}`);
        log(`    by thread: ${threads}`);
        if (stopTrace) {
          const file = `${trace.replace(/\.json$/, '')}-${build.name.replace(/\W+/g, '-')}-${i + 1}.json`;
          for (const line of summariseTrace(await stopTrace(), file)) log(`    ${line}`);
        }
        samples.push(sample);
      }
    }
    return { samples };
  } finally {
    await dispose();
    for (const build of builds) await build.server.close();
  }
}

const s = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

/** One sample as a line: when each phase began and the figures were drawn, after Alt+3. */
export function describe(x) {
  return (
    `view ${s(x.view)}, reading from ${s(x.reading)}, computing from ${s(x.computing)}` +
    (x.disagreements === undefined ? '' : `, disagreements from ${s(x.disagreements)}`) +
    `, figures drawn at ${s(x.shown)}` +
    (x.cpuMs == null ? '' : ` (browser CPU ${s(x.cpuMs)}`) +
    (x.phaseCpu?.computing === undefined
      ? ''
      : `; spent by computing ${s(x.phaseCpu.computing)}` +
        (x.phaseCpu.disagreements === undefined ? '' : `, by disagreements ${s(x.phaseCpu.disagreements)}`) +
        `, by drawn ${s(x.phaseCpu.shown)}`) +
    (x.cpuMs == null ? '' : ')') +
    ` (load ${x.load.toFixed(1)})` +
    (x.background
      ? `; before it, the packs rebuilt in the background in ${s(x.background.ms)} (browser CPU ${s(x.background.cpuMs)}, ` +
        `${x.background.longTasks} task(s) over 50 ms, the longest ${x.background.longestTask.toFixed(0)} ms)`
      : '')
  );
}

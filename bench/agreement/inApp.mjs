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
// default, and the next for the ref, as IndexedDB belongs to an origin).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRef } from '../lib/refBuild.mjs';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { browserCpuSeconds, diskPage, hookReady } from '../suites/corpus.mjs';

const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** In the page: notes the time of the Alt+3 that opens the view, then each phase the view shows. */
function installWatch() {
  window.__agreementWatch = new Promise((resolve, reject) => {
    const marks = {};
    let t0 = null;
    window.addEventListener(
      'keydown',
      (e) => {
        if (t0 === null && e.altKey && e.code === 'Digit3') t0 = performance.now();
      },
      { capture: true },
    );
    const deadline = performance.now() + 900_000;
    const phases = [
      ['reading', 'Reading documents'],
      ['computing', 'Computing the figures'],
      ['disagreements', 'Listing disagreements'],
    ];
    const tick = () => {
      const now = performance.now();
      if (t0 !== null) {
        const status = document.querySelector('.dashboard-progress')?.textContent ?? '';
        if (marks.view === undefined && document.querySelector('.agreement-dashboard')) marks.view = now - t0;
        for (const [key, text] of phases) if (marks[key] === undefined && status.includes(text)) marks[key] = now - t0;
        if (document.querySelector('table[aria-label="Agreement per document"] tbody tr')) {
          marks.shown = now - t0;
          return resolve(marks);
        }
      }
      if (now > deadline) return reject(new Error('the Agreement view did not show its figures within 15 minutes'));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
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
 * Seeds the corpus, then times the Agreement view `reps` times per build (the ref's first). Each
 * build has its own origin (port), so its own database, seeded by its own code: a database this
 * tree has upgraded cannot be opened by an older build. This tree is timed twice per repetition:
 * "packs built" right after its packs are dropped (the view reads the annotation rows and writes
 * the packs), then "packs read".
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
    const runs = builds.flatMap((b) =>
      b.packs
        ? [
            { ...b, name: `${b.name}, packs built`, drop: true },
            { ...b, name: `${b.name}, packs read` },
          ]
        : [b],
    );
    for (let i = 0; i < reps; i++) {
      for (const build of runs) {
        await page.goto(build.url, { waitUntil: 'load', timeout: 60_000 });
        await untilListed(page);
        if (build.drop) await page.evaluate(dropPacks);
        await page.evaluate(installWatch);
        const load = os.loadavg()[0];
        const cpu0 = browserCpuSeconds(dir);
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
          cpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) * 1000,
        };
        log(`  in the app, rep ${i + 1}/${reps} (${build.name}): ${describe(sample)}`);
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
    ` (load ${x.load.toFixed(1)})`
  );
}

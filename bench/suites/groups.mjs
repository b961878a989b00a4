// The groups suite of issue #15: Find the same claim and Suggest groups (renderer/core/sameClaim)
// on a generated corpus with known groups (bench/lib/claimgen.mjs: paraphrases, negations,
// number changes, partial overlaps, distractors).
//
// - Quality, in Node on the core: precision and recall of Find the same claim at 10, B-cubed
//   precision/recall/F1 of Suggest groups, and how often a negation, another number or a partial
//   overlap ended in the same proposed group as its base claim.
// - Speed, in Debian Chromium: the app's own worker (renderer/src/features/review/sameClaim.worker.ts,
//   bundled) suggests groups for 100,000 claims posted to it as the Claims view posts them, with
//   the renderer process's peak memory; Find the same claim as the panel runs it (the window's
//   fingerprint of the claims, then the long-lived worker: the first Find is answered stale and
//   sent the claims to prepare, a second Find only ranks), with the renderer process's CPU time;
//   and ranking one claim against a prepared index of 100,000 claims in the page (median of 200).
//
//   npm run bench -- --suites groups
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleForBrowser, bundleForNode } from '../lib/bundle.mjs';
import { generateClaimCorpus } from '../lib/claimgen.mjs';
import { formatMB, formatMs, summarize } from '../lib/stats.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const OUT = path.join(ROOT, 'bench', '.tmp', 'groups');
const ENTRY = path.join(ROOT, 'bench', 'suites', 'groups-entry.ts');
const WORKER = path.join(ROOT, 'renderer', 'src', 'features', 'review', 'sameClaim.worker.ts');
const QUALITY_SIZE = 20_000;
/** `GROUPS_SPEED_SIZE=20000` for a quick run. */
const SPEED_SIZE = Number(process.env.GROUPS_SPEED_SIZE) || 100_000;
const QUERIES = 1_000;
/** The score from which a candidate is marked likely the same: Suggest groups' default threshold. */
const LIKELY = 0.75;
/** Issue #15's goals. */
export const GOALS = { suggestSeconds: 30, suggestMemoryMB: 500, rankMs: 100 };

/** Precision and recall of Find the same claim at 10, over QUERIES claims that have a group. */
export function findQuality(core, corpus, truth, queries = QUERIES) {
  const index = core.indexClaims(corpus.claims);
  const size = new Map();
  for (const g of truth.group) size.set(g, (size.get(g) ?? 0) + 1);
  const askable = truth.group.map((g, i) => (size.get(g) > 1 ? i : -1)).filter((i) => i >= 0);
  const step = Math.max(1, Math.floor(askable.length / queries));
  let retrieved = 0;
  let correct = 0;
  let relevant = 0;
  let firstRight = 0;
  let asked = 0;
  // The candidates the panel marks as likely the same (scoring at Suggest groups' threshold).
  const likely = { listed: 0, correct: 0 };
  const wrongBy = { negation: 0, number: 0, partial: 0, other: 0 };
  for (let k = 0; k < askable.length && asked < queries; k += step, asked++) {
    const q = askable[k];
    const ranked = core.rankSameClaims({ index: q }, index, 10);
    const hits = ranked.filter((r) => truth.group[r.index] === truth.group[q]).length;
    retrieved += ranked.length;
    correct += hits;
    relevant += Math.min(10, size.get(truth.group[q]) - 1);
    if (ranked[0] && truth.group[ranked[0].index] === truth.group[q]) firstRight++;
    for (const r of ranked.filter((x) => x.score >= LIKELY)) {
      likely.listed++;
      if (truth.group[r.index] === truth.group[q]) likely.correct++;
    }
    for (const r of ranked) {
      if (truth.group[r.index] === truth.group[q]) continue;
      if (truth.family[r.index] !== truth.family[q]) wrongBy.other++;
      else wrongBy[truth.kind[r.index] === 'same' ? truth.kind[q] : truth.kind[r.index]]++;
    }
  }
  return {
    queries: asked,
    precision: correct / Math.max(1, retrieved),
    recall: correct / Math.max(1, relevant),
    top1: firstRight / asked,
    likelyPrecision: likely.correct / Math.max(1, likely.listed),
    likelyRecall: likely.correct / Math.max(1, relevant),
    retrieved,
    wrongBy,
  };
}

/** B-cubed precision, recall and F1 of proposed groups against the truth; unproposed claims are groups of one. */
export function bcubed(groups, truth) {
  const n = truth.group.length;
  const cluster = new Int32Array(n).fill(-1);
  groups.forEach((g, c) => g.indices.forEach((i) => (cluster[i] = c)));
  let next = groups.length;
  for (let i = 0; i < n; i++) if (cluster[i] < 0) cluster[i] = next++;
  const count = (keyOf) => {
    const m = new Map();
    for (let i = 0; i < n; i++) m.set(keyOf(i), (m.get(keyOf(i)) ?? 0) + 1);
    return m;
  };
  const both = count((i) => `${cluster[i]}|${truth.group[i]}`);
  const byCluster = count((i) => cluster[i]);
  const byTruth = count((i) => truth.group[i]);
  let p = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const inBoth = both.get(`${cluster[i]}|${truth.group[i]}`);
    p += inBoth / byCluster.get(cluster[i]);
    r += inBoth / byTruth.get(truth.group[i]);
  }
  p /= n;
  r /= n;
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r) };
}

/** Proposed groups that put a claim with its negation, another number or a partial overlap. */
export function confusions(groups, truth) {
  const out = { negation: 0, number: 0, partial: 0, unrelated: 0 };
  for (const g of groups) {
    const seen = new Set();
    for (const i of g.indices) {
      for (const j of g.indices) {
        if (j <= i || truth.group[i] === truth.group[j]) continue;
        const key = `${truth.group[i]}|${truth.group[j]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (truth.family[i] !== truth.family[j]) out.unrelated++;
        else out[truth.kind[i] === 'same' ? truth.kind[j] : truth.kind[i]]++;
      }
    }
  }
  return out;
}

async function quality(log) {
  const bundle = path.join(OUT, 'groups-core.mjs');
  await bundleForNode(ROOT, ENTRY, bundle);
  const core = await import(pathToFileURL(bundle).href + `?t=${Date.now()}`);
  const truth = generateClaimCorpus(QUALITY_SIZE);
  log(`groups: quality on ${QUALITY_SIZE.toLocaleString('en')} generated claims`);
  const find = findQuality(core, truth, truth);
  const t0 = performance.now();
  const groups = core.suggestGroups(truth.claims);
  const suggestMs = performance.now() - t0;
  return {
    claims: QUALITY_SIZE,
    truthGroups: new Set(truth.group).size,
    find,
    suggest: { ...bcubed(groups, truth), groups: groups.length, ms: suggestMs, confusions: confusions(groups, truth) },
  };
}

/** The process ids of the browser's renderer processes (CDP SystemInfo). */
async function rendererPids(browser) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The CPU time (user + system, ms) the processes used so far (Linux /proc; 100 ticks a second). */
function cpuOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
}

/** The largest resident memory among them (Linux /proc): the page's renderer, which hosts its workers. */
function rssOf(pids) {
  let largest = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) largest = Math.max(largest, Number(m[1]) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return largest;
}

async function speed(ctx) {
  const workerFile = path.join(OUT, 'same-claim-worker.js');
  const coreFile = path.join(OUT, 'groups-page.js');
  ctx.log('groups: bundling the app worker and the core for Chromium');
  await bundleForBrowser(ROOT, WORKER, workerFile);
  await bundleForBrowser(ROOT, ENTRY, coreFile);
  const workerCode = readFileSync(workerFile, 'utf8');
  const coreCode = readFileSync(coreFile, 'utf8');
  const truth = generateClaimCorpus(SPEED_SIZE);
  const reps = Math.max(1, Math.min(ctx.options.reps, 3));
  const { page, dispose } = await ctx.freshPage();
  try {
    await page.goto(`${ctx.baseUrl}/bench/pages/plain.html`);
    await page.evaluate(
      ({ workerCode, coreCode, claims }) => {
        window.groupsBench = {
          claims,
          workerUrl: URL.createObjectURL(new Blob([workerCode], { type: 'text/javascript' })),
          coreUrl: URL.createObjectURL(new Blob([coreCode], { type: 'text/javascript' })),
          /** A Find worker as sameClaimClient.ts keeps one: made once, asked again and again. */
          finder: null,
          async find(id) {
            const core = await import(this.coreUrl);
            const t0 = performance.now();
            this.finder ??= new Worker(this.workerUrl, { type: 'module' });
            const worker = this.finder;
            const ask = (req) =>
              new Promise((resolve, reject) => {
                worker.onmessage = (e) => {
                  if (e.data.type === 'progress') return;
                  if (e.data.type === 'error') reject(new Error(e.data.message));
                  else resolve(e.data.output);
                };
                worker.onerror = (e) => reject(new Error(e.message));
                worker.postMessage(req);
              });
            this.key ??= new WeakMap();
            let key = this.key.get(this.claims);
            if (key === undefined) this.key.set(this.claims, (key = core.claimsFingerprint(this.claims)));
            const fingerprintMs = performance.now() - t0;
            let out = await ask({ kind: 'find', key, id, k: 10 });
            const stale = out.kind === 'stale';
            if (stale) out = await ask({ kind: 'find', key, id, k: 10, claims: this.claims });
            return { ms: performance.now() - t0, fingerprintMs, stale, candidates: out.candidates.length };
          },
          endFinder() {
            this.finder?.terminate();
            this.finder = null;
            this.key = null;
          },
          run(job) {
            // As the Claims view does: a fresh worker, the claims posted, the result awaited.
            return new Promise((resolve, reject) => {
              const worker = new Worker(this.workerUrl, { type: 'module' });
              const t0 = performance.now();
              worker.onmessage = (e) => {
                if (e.data.type === 'progress') return;
                worker.terminate();
                if (e.data.type === 'error') reject(new Error(e.data.message));
                const out = e.data.output;
                resolve({ ms: performance.now() - t0, groups: out.groups?.map((g) => g.indices), candidates: out.candidates?.length });
              };
              worker.onerror = (e) => reject(new Error(e.message));
              worker.postMessage({ ...job, claims: this.claims });
            });
          },
        };
      },
      { workerCode, coreCode, claims: truth.claims },
    );
    const pids = await rendererPids(ctx.browser);
    const suggestMs = [];
    const peakRss = [];
    let groups = null;
    for (let r = 0; r < reps; r++) {
      // The page's garbage from receiving the claims is collected first, so the peak is the job's.
      await page.evaluate(() => window.gc?.());
      await new Promise((r) => setTimeout(r, 500));
      const before = rssOf(pids);
      let peak = before;
      const timer = setInterval(() => {
        peak = Math.max(peak, rssOf(pids));
        if (process.env.GROUPS_DEBUG) ctx.log(`    rss ${pids.join(',')}: ${formatMB(rssOf(pids))}`);
      }, 100);
      const run = await ctx.timed(
        page.evaluate(() => window.groupsBench.run({ kind: 'suggest' })),
        Math.max(ctx.options.timeoutMs, 120_000),
        'suggest groups',
      );
      clearInterval(timer);
      if (run.timeout) {
        suggestMs.push(null);
        break;
      }
      suggestMs.push(run.value.ms);
      peakRss.push({ before, peak });
      groups = run.value.groups.map((indices) => ({ indices }));
      ctx.log(
        `  suggest groups for ${SPEED_SIZE.toLocaleString('en')} claims: ${formatMs(run.value.ms)}, renderer RSS ${formatMB(before)} → ${formatMB(peak)}`,
      );
    }
    // Find as the panel runs it: per rep a new worker (a new window), its first Find and a second one.
    const findFirst = [];
    const findSecond = [];
    const fingerprintMs = [];
    for (let r = 0; r < reps; r++) {
      const cpu0 = cpuOf(pids);
      const first = await page.evaluate((id) => window.groupsBench.find(id), truth.claims[7 + r * 1000].id);
      const cpu1 = cpuOf(pids);
      const second = await page.evaluate((id) => window.groupsBench.find(id), truth.claims[7919 + r * 1000].id);
      const cpu2 = cpuOf(pids);
      await page.evaluate(() => window.groupsBench.endFinder());
      if (!first.stale || second.stale) throw new Error('the Find worker did not keep its index between Finds');
      findFirst.push({ ms: first.ms, cpuMs: cpu1 - cpu0 });
      findSecond.push({ ms: second.ms, cpuMs: cpu2 - cpu1 });
      fingerprintMs.push(first.fingerprintMs);
      ctx.log(
        `  find at ${SPEED_SIZE.toLocaleString('en')}: first ${formatMs(first.ms)} (CPU ${formatMs(cpu1 - cpu0)}, fingerprint ${formatMs(first.fingerprintMs)}), second ${formatMs(second.ms)} (CPU ${formatMs(cpu2 - cpu1)})`,
      );
    }
    const rank = await page.evaluate(async (queries) => {
      const core = await import(window.groupsBench.coreUrl);
      const t0 = performance.now();
      const index = core.indexClaims(window.groupsBench.claims);
      const indexMs = performance.now() - t0;
      const times = [];
      const n = window.groupsBench.claims.length;
      for (let q = 0; q < queries; q++) {
        const at = (q * 7919) % n;
        const s = performance.now();
        core.rankSameClaims({ index: at }, index, 10);
        times.push(performance.now() - s);
      }
      return { indexMs, times };
    }, 200);
    const sorted = [...rank.times].sort((a, b) => a - b);
    return {
      claims: SPEED_SIZE,
      suggest: summarize(suggestMs),
      suggestMs,
      peakRss,
      bcubed: groups ? bcubed(groups, truth) : null,
      find: summarize(findFirst.map((f) => f.ms)),
      findCpu: summarize(findFirst.map((f) => f.cpuMs)),
      findAgain: summarize(findSecond.map((f) => f.ms)),
      findAgainCpu: summarize(findSecond.map((f) => f.cpuMs)),
      fingerprint: summarize(fingerprintMs),
      rank: {
        indexMs: rank.indexMs,
        median: sorted[sorted.length >> 1],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        queries: sorted.length,
      },
    };
  } finally {
    await dispose();
  }
}

const f3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');

function markdown(result) {
  const { quality: q, speed: s } = result;
  const lines = [
    `Generated corpus (bench/lib/claimgen.mjs): ${q.claims.toLocaleString('en')} claims in ${q.truthGroups.toLocaleString('en')} true groups — paraphrases of a claim, its negation, the same claim with another number, the same actors with another object, distractors.`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| Find the same claim: precision at 10 (of the candidates listed, the share that make the same claim) | ${f3(q.find.precision)} |`,
    `| Find the same claim: recall at 10 (of the same claims, up to 10, the share listed) | ${f3(q.find.recall)} |`,
    `| Find the same claim: first candidate right | ${f3(q.find.top1)} |`,
    `| Find the same claim, candidates scoring ≥ ${LIKELY} (marked likely the same): precision / recall | ${f3(q.find.likelyPrecision)} / ${f3(q.find.likelyRecall)} |`,
    `| Suggest groups: B-cubed precision / recall / F1 | ${f3(q.suggest.precision)} / ${f3(q.suggest.recall)} / ${f3(q.suggest.f1)} |`,
    '',
    `Wrong candidates listed over ${q.find.queries.toLocaleString('en')} queries: ${q.find.wrongBy.negation} negations, ${q.find.wrongBy.number} other numbers, ${q.find.wrongBy.partial} partial overlaps, ${q.find.wrongBy.other} other claims (of ${q.find.retrieved.toLocaleString('en')} listed). Proposed groups (${q.suggest.groups.toLocaleString('en')}) joining two true groups: ${q.suggest.confusions.negation} a claim and its negation, ${q.suggest.confusions.number} other numbers, ${q.suggest.confusions.partial} partial overlaps, ${q.suggest.confusions.unrelated} other claims.`,
    '',
  ];
  if (s) {
    const peak = s.peakRss.length ? Math.max(...s.peakRss.map((m) => m.peak)) : 0;
    const before = s.peakRss.length ? Math.min(...s.peakRss.map((m) => m.before)) : 0;
    lines.push(
      `At ${s.claims.toLocaleString('en')} claims in Chromium (${s.suggestMs.length} run(s)):`,
      '',
      '| figure | value | goal |',
      '|---|---:|---|',
      `| Suggest groups in the app's worker (posting the claims, preparing, pairs, grouping) | ${formatMs(s.suggest?.median)} | < ${GOALS.suggestSeconds} s: ${s.suggest?.median / 1000 < GOALS.suggestSeconds ? 'met' : 'not met'} |`,
      `| peak resident memory of the page's renderer process (the page holding the claims, and the worker; before the job ${formatMB(before)}) | ${formatMB(peak)} | < ${GOALS.suggestMemoryMB} MB: ${peak / 2 ** 20 < GOALS.suggestMemoryMB ? 'met' : 'not met'} |`,
      `| Suggest groups at ${s.claims.toLocaleString('en')}: B-cubed P / R / F1 | ${s.bcubed ? `${f3(s.bcubed.precision)} / ${f3(s.bcubed.recall)} / ${f3(s.bcubed.f1)}` : '—'} | |`,
      `| rank one claim against the prepared index (median / p95 of ${s.rank.queries}) | ${formatMs(s.rank.median)} / ${formatMs(s.rank.p95)} | < ${GOALS.rankMs} ms: ${s.rank.median < GOALS.rankMs ? 'met' : 'not met'} |`,
      `| prepare the index (once) | ${formatMs(s.rank.indexMs)} | |`,
      `| Find the same claim as the panel runs it, first Find (fingerprint ${formatMs(s.fingerprint?.median)}, answered stale, claims posted, prepared, ranked): wall / renderer CPU | ${formatMs(s.find?.median)} / ${formatMs(s.findCpu?.median)} | |`,
      `| Find the same claim again (the worker's index kept): wall / renderer CPU | ${formatMs(s.findAgain?.median)} / ${formatMs(s.findAgainCpu?.median)} | < ${GOALS.rankMs} ms: ${s.findAgain?.median < GOALS.rankMs ? 'met' : 'not met'} |`,
    );
  }
  return lines.join('\n');
}

export default {
  name: 'groups',
  describe: 'Find the same claim and Suggest groups: quality on a generated corpus (Node), speed at 100,000 claims (Chromium worker)',
  async run(ctx) {
    const q = await quality(ctx.log);
    ctx.log(`  find P@10 ${f3(q.find.precision)} R@10 ${f3(q.find.recall)}; suggest B-cubed F1 ${f3(q.suggest.f1)}`);
    return { quality: q, speed: await speed(ctx) };
  },
  markdown,
  figures(result) {
    const s = result.speed;
    return [
      {
        key: 'suggest100k',
        label: 'suggest groups, 100,000 claims',
        value: s.suggest?.median ?? null,
        timeout: !s.suggest?.median,
        unit: 'ms',
      },
      { key: 'rank100k', label: 'rank one claim at 100,000', value: s.rank.median, unit: 'ms' },
      { key: 'find100k', label: 'first Find at 100,000', value: s.find?.median ?? null, unit: 'ms' },
      { key: 'findAgain100k', label: 'later Find at 100,000', value: s.findAgain?.median ?? null, unit: 'ms' },
    ];
  },
};

// Standalone quality (no browser): node bench/suites/groups.mjs
if (process.argv[1] === HERE) {
  const q = await quality(console.error);
  console.log(markdown({ quality: q, speed: null }));
  console.log(`\n(${q.suggest.groups} groups in ${formatMs(q.suggest.ms)} in Node)`);
}

// The sync suite (issue #12): a team project replicating through a CouchDB-compatible server
// (pouchdb-server --in-memory on 127.0.0.1, as in the e2e tests), in two headless Chromium
// profiles of a web build that may reach it (CLAIMSCOPE_SYNC_ORIGIN):
// - commit → other screen: A adds an annotation with the keyboard; the time until B's Review
//   view shows it, over N changes (median and p95);
// - join: B joins a project of 1,000 documents × 20 annotations put on the server beforehand;
//   time until every document is in B's corpus list, B's JS heap after it, and the CPU time of
//   the browser's processes and of the server meanwhile;
// - idle CPU: both connected and idle for 60 s (from 5 s after both say Synced): the CPU time of
//   the pages' renderer processes (workers included) over wall time, and the renderer's task time.
// Every figure comes with the load average it was measured at.
//
//   npm run bench -- --suites sync [--reps N]      (N = changes / 20 for the latency; default 5 → 100)
//   SYNC_BENCH_BASE=<git ref> npm run bench -- --suites sync
//       also joins with that commit's web build (built from `git archive` in bench/.tmp), before
//       this one's, on the same server: before and after in one run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { headerWithSyncOrigin } from '../../renderer/csp.mjs';
import { seedProject } from '../../scripts/couch-seed.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/chromium.mjs';
import { buildRef } from '../lib/refBuild.mjs';

const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const OUT = path.join(ROOT, 'bench', '.tmp', 'sync-web');
const COUCH_PORT = Number(process.env.COUCH_BENCH_PORT ?? 5993);
const WEB_PORT = Number(process.env.SYNC_BENCH_WEB_PORT ?? 4499);
const COUCH = `http://127.0.0.1:${COUCH_PORT}`;
const ADMIN = 'Basic ' + Buffer.from('admin:bench-admin').toString('base64');
const USERS = { alice: 'alice-pw', bob: 'bob-pw' };
const JOIN_SHAPE = { documents: 1000, annotations: 20 };
const IDLE_SECONDS = 60;
const BASE_REF = process.env.SYNC_BENCH_BASE;
const load = () => Number(os.loadavg()[0].toFixed(1));

const couch = async (method, p, body) => {
  const res = await fetch(`${COUCH}${p}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: ADMIN },
    body: body && JSON.stringify(body),
  });
  return res.json();
};

async function startCouch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimscope-sync-bench-'));
  const bin = fileURLToPath(new URL('../../e2e/couch/pouchdb-server.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, '--in-memory', '--no-stdout-logs', '-p', String(COUCH_PORT), '-o', '127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
  });
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${COUCH}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await fetch(`${COUCH}/_config/admins/admin`, { method: 'PUT', body: JSON.stringify('bench-admin') });
  for (const [name, password] of Object.entries(USERS))
    await couch('PUT', `/_users/org.couchdb.user:${name}`, { name, password, roles: [], type: 'user' });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  return { stop, cpuSeconds: () => processCpuSeconds(child.pid) };
}

/** User + system CPU time of a process of this machine, in seconds (Linux /proc, 100 ticks a second). */
function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each of the browser's processes (Chromium's own accounting), by type and id. */
async function browserCpu(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return new Map(processInfo.map((p) => [`${p.type}:${p.id}`, p.cpuTime]));
}
const cpuSince = (before, after, type) =>
  [...after].filter(([k]) => k.startsWith(`${type}:`)).reduce((sum, [k, t]) => sum + t - (before.get(k) ?? 0), 0);

async function teamDatabase(name) {
  await couch('PUT', `/${name}`);
  await couch('PUT', `/${name}/_security`, { admins: { names: [], roles: [] }, members: { names: Object.keys(USERS), roles: [] } });
}

async function openApp(browser, baseUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}index.html`);
  await page.getByRole('textbox', { name: /^Article:/ }).waitFor({ timeout: 60_000 });
  return { page, context };
}

async function connect(page, database, user, button) {
  await page.getByRole('button', { name: 'Team', exact: true }).click();
  await page.getByRole('menu', { name: 'Team' }).getByRole('menuitem', { name: 'Team server', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Team server' });
  await dialog.getByLabel('Server address').fill(COUCH);
  await dialog.getByLabel('Database').fill(database);
  await dialog.getByLabel('User').fill(user);
  await dialog.getByLabel('Password', { exact: true }).fill(USERS[user]);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
}

const synced = (page, timeout = 120_000) =>
  page
    .getByTestId('sync-status')
    .filter({ hasText: /^Synced/ })
    .waitFor({ timeout });
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);

/** Time from A's keypress to B's Review view showing the new candidate, `count` times. */
async function commitToScreen(browser, browserCdp, baseUrl, database, count, log) {
  await teamDatabase(database);
  const a = await openApp(browser, baseUrl);
  const b = await openApp(browser, baseUrl);
  await connect(a.page, database, 'alice', 'Put this project on the server');
  await synced(a.page);
  await connect(b.page, database, 'bob', 'Join a team project');
  await synced(b.page);
  await b.page.getByRole('navigation', { name: 'View' }).getByRole('button', { name: 'Review' }).click();
  await b.page.getByText(/^0 candidates from 0 layers/).waitFor();
  // Distinct words between spaces (no hyphen or apostrophe that word snapping would widen), each
  // at its first such occurrence inside one text node: every press adds one new candidate.
  const article = a.page.getByRole('textbox', { name: /^Article:/ });
  const words = await article.evaluate((root) => {
    const seen = new Set();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      for (const m of n.data.matchAll(/(?<=^|\s)[A-Za-z]{6,}(?=[\s,.]|$)/g)) seen.add(m[0]);
    return [...seen];
  });
  const samples = [];
  const loadDuring = [load()];
  for (let i = 0; i < count && i < words.length; i++) {
    await article.evaluate((root, word) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const m = new RegExp(`(?<=^|\\s)${word}(?=[\\s,.]|$)`).exec(n.data);
        if (!m) continue;
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + word.length);
        root.focus();
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        return;
      }
    }, words[i]);
    const expected = new RegExp(`^${i + 1} candidates? from 1 layer`);
    const seen = b.page.getByText(expected).waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    await a.page.keyboard.press('1');
    await seen;
    samples.push(Date.now() - t0);
    if ((i + 1) % 20 === 0) log(`    ${i + 1}/${count}: median so far ${median(samples)} ms`);
  }
  loadDuring.push(load());
  // Idle: both connected, nothing happening: once both say Synced and 5 s have passed (the
  // last change's replication and checkpoints are not idle time). Both pages are measured over
  // the same minute: their renderer processes' CPU time, and the renderer's task time.
  await synced(a.page);
  await synced(b.page);
  await new Promise((r) => setTimeout(r, 5_000));
  const cdps = await Promise.all([a, b].map(async ({ page }) => page.context().newCDPSession(page)));
  for (const cdp of cdps) await cdp.send('Performance.enable');
  const task = (m) => m.metrics.find((x) => x.name === 'TaskDuration').value;
  const load0 = load();
  const cpu0 = await browserCpu(browserCdp);
  const tasks0 = await Promise.all(cdps.map((cdp) => cdp.send('Performance.getMetrics')));
  const wall0 = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const wall = (Date.now() - wall0) / 1000;
  const tasks1 = await Promise.all(cdps.map((cdp) => cdp.send('Performance.getMetrics')));
  const cpu1 = await browserCpu(browserCdp);
  const idle = {
    seconds: wall,
    load: [load0, load()],
    // Two pages, one renderer process each: their CPU time together, per page.
    rendererCpu: cpuSince(cpu0, cpu1, 'renderer') / 2 / wall,
    browserCpu: cpuSince(cpu0, cpu1, 'browser') / wall,
    taskTime: Math.max(...tasks0.map((m, i) => (task(tasks1[i]) - task(m)) / wall)),
  };
  await a.context.close();
  await b.context.close();
  return { samples, load: loadDuring, idle };
}

/** B joins the seeded database `database` with the web build at `baseUrl`. */
async function join(browser, browserCdp, couchCpu, baseUrl, database) {
  const b = await openApp(browser, baseUrl);
  const load0 = load();
  const cpu0 = await browserCpu(browserCdp);
  const server0 = couchCpu();
  const t0 = Date.now();
  await connect(b.page, database, 'bob', 'Join a team project');
  await synced(b.page, 600_000);
  await b.page.waitForFunction((n) => document.body.innerText.includes(`${n.toLocaleString('en')} documents`), JOIN_SHAPE.documents, {
    timeout: 600_000,
  });
  const ms = Date.now() - t0;
  const cpu1 = await browserCpu(browserCdp);
  const cpu = {
    renderer: cpuSince(cpu0, cpu1, 'renderer'),
    browser: cpuSince(cpu0, cpu1, 'browser'),
    server: couchCpu() - server0,
  };
  const cdp = await b.page.context().newCDPSession(b.page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await b.context.close();
  return { ms, heapBytes: usedSize, cpu, load: [load0, load()] };
}

const suite = {
  name: 'sync',
  describe: 'team project through pouchdb-server: commit → other screen, join 1,000 × 20, idle CPU',
  async run(ctx) {
    const count = Math.max(1, (ctx.options?.reps ?? 5) * 20);
    ctx.log('  building the web build with the bench server in its CSP…');
    const built = spawnSync('npm', ['run', 'build:web', '--', '--outDir', OUT, '--emptyOutDir'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CLAIMSCOPE_SYNC_ORIGIN: COUCH },
    });
    if (built.status !== 0) throw new Error(`web build failed: ${built.stderr}`);
    const baseOut = BASE_REF ? buildRef(BASE_REF, 'sync-base', ctx.log, { CLAIMSCOPE_SYNC_ORIGIN: COUCH }) : null;
    const server = await startCouch();
    const web = await startStaticServer({ root: OUT, port: WEB_PORT, csp: headerWithSyncOrigin(COUCH) });
    const baseWeb = baseOut && (await startStaticServer({ root: baseOut, port: 0, csp: headerWithSyncOrigin(COUCH) }));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const browserCdp = await browser.newBrowserCDPSession();
    try {
      let baseLive = null;
      if (baseWeb) {
        ctx.log(`  ${BASE_REF}'s build: commit → other screen, ${count} changes, then ${IDLE_SECONDS} s idle…`);
        baseLive = await commitToScreen(browser, browserCdp, baseWeb.url, 'bench-live-base', count, ctx.log);
      }
      ctx.log(`  commit → other screen, ${count} changes, then ${IDLE_SECONDS} s idle…`);
      const live = await commitToScreen(browser, browserCdp, `http://127.0.0.1:${WEB_PORT}/`, 'bench-live', count, ctx.log);
      await teamDatabase('bench-join');
      ctx.log(`  seeding ${JOIN_SHAPE.documents} documents × ${JOIN_SHAPE.annotations} annotations on the server…`);
      await seedProject((p, body) => couch('POST', p, body), 'bench-join', JOIN_SHAPE);
      let before = null;
      if (baseWeb) {
        ctx.log(`  join with ${BASE_REF}'s build…`);
        before = await join(browser, browserCdp, server.cpuSeconds, baseWeb.url, 'bench-join');
      }
      ctx.log('  join…');
      const joined = await join(browser, browserCdp, server.cpuSeconds, `http://127.0.0.1:${WEB_PORT}/`, 'bench-join');
      return {
        count: live.samples.length,
        medianMs: median(live.samples),
        p95Ms: quantile(live.samples, 0.95),
        liveLoad: live.load,
        idle: live.idle,
        join: joined,
        ...(before && {
          base: {
            ref: BASE_REF,
            join: before,
            medianMs: median(baseLive.samples),
            p95Ms: quantile(baseLive.samples, 0.95),
            liveLoad: baseLive.load,
            idle: baseLive.idle,
          },
        }),
      };
    } finally {
      await browser.close();
      web.close();
      baseWeb?.close();
      server.stop();
    }
  },
  markdown(r) {
    const pct = (x) => `${(x * 100).toFixed(2)} %`;
    const loads = (l) => `load ${l.join('→')}`;
    const joinRow = (label, j) =>
      `| ${label} | ${(j.ms / 1000).toFixed(1)} s | CPU: renderer ${j.cpu.renderer.toFixed(1)} s, browser ${j.cpu.browser.toFixed(1)} s, server ${j.cpu.server.toFixed(1)} s; ${loads(j.load)} |`;
    const b = r.base;
    const was = (text) => (b ? ` (${b.ref}'s build: ${text})` : '');
    return [
      `pouchdb-server --in-memory on loopback; two headless Chromium profiles.${b ? ` Before/after: ${b.ref}'s build first, then this one's, same server.` : ''}`,
      '',
      '| measure | value | detail (goal of issue #12) |',
      '|---|---:|---|',
      `| commit on A → shown in B's Review, median of ${r.count} | ${r.medianMs} ms | < 1 s; ${loads(r.liveLoad)}${was(`${b?.medianMs} ms, ${b && loads(b.liveLoad)}`)} |`,
      `| same, p95 | ${r.p95Ms} ms | ${was(`${b?.p95Ms} ms`)} |`,
      ...(b ? [joinRow(`join ${JOIN_SHAPE.documents.toLocaleString('en')} × ${JOIN_SHAPE.annotations}, ${b.ref}'s build`, b.join)] : []),
      joinRow(`join ${JOIN_SHAPE.documents.toLocaleString('en')} documents × ${JOIN_SHAPE.annotations} annotations (< 30 s)`, r.join),
      `| B's JS heap after joining | ${(r.join.heapBytes / 1024 / 1024).toFixed(1)} MB | ${was(`${b && (b.join.heapBytes / 1024 / 1024).toFixed(1)} MB`)} |`,
      `| CPU while idle and connected: renderer process CPU time ÷ wall, per page, ${r.idle.seconds.toFixed(0)} s | ${pct(r.idle.rendererCpu)} | < 1 %; browser process ${pct(r.idle.browserCpu)}; ${loads(r.idle.load)}${was(`${b && pct(b.idle.rendererCpu)}, ${b && loads(b.idle.load)}`)} |`,
      `| same, renderer task time ÷ wall (the busier page) | ${pct(r.idle.taskTime)} | ${was(b && pct(b.idle.taskTime))} |`,
    ].join('\n');
  },
  figures(r) {
    return [
      { key: 'commitToScreen', label: 'commit → other screen (median)', value: r.medianMs, unit: 'ms' },
      { key: 'commitToScreenP95', label: 'commit → other screen (p95)', value: r.p95Ms, unit: 'ms' },
      { key: 'join', label: 'join 1,000 × 20', value: r.join.ms, unit: 'ms' },
    ];
  },
};

export default suite;

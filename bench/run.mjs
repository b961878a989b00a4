#!/usr/bin/env node
// npm run bench — issue #7's performance harness. Builds Claimscope's web build, serves it with
// the peers' bundles and the bench pages on 127.0.0.1, drives Debian Chromium through
// playwright-core, runs each suite of bench/suites/, and writes bench/runs/latest.{md,json,png}
// (ignored by git; the committed figures are bench/results/baseline.json and the summaries there).
//
//   npm run bench -- [--reps N] [--only key,key] [--sizes S,M] [--suites editor]
//                    [--timeout SECONDS] [--save-baseline] [--no-build] [--report saved-run.json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compareFigures, formatChange, mergeBaseline } from './lib/baseline.mjs';
import { startStaticServer } from '../scripts/serve-static.mjs';
import { formatMB, formatMs } from './lib/stats.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/chromium.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const RESULTS = path.join(BENCH, 'results');
/** Where each run writes its report: ignored by git, so a run leaves the tree clean. */
const RUNS = path.join(BENCH, 'runs');
const TMP = path.join(BENCH, '.tmp');
const VIEWPORT = { width: 1280, height: 800 };
const WORSE_THRESHOLD = 0.2;

const log = (...args) => console.error(...args);

function parseArgs(argv) {
  const options = { reps: 5, only: null, sizes: null, suites: null, timeoutMs: 60_000, saveBaseline: false, build: true, report: null };
  const list = (v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--reps':
        options.reps = positiveInt(flag, value());
        break;
      case '--only':
        options.only = list(value());
        break;
      case '--sizes':
        options.sizes = list(value());
        break;
      case '--suites':
        options.suites = list(value());
        break;
      case '--timeout':
        options.timeoutMs = positiveInt(flag, value()) * 1000;
        break;
      case '--save-baseline':
        options.saveBaseline = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--report':
        options.report = value();
        break;
      case '--help':
      case '-h':
        console.log(
          'npm run bench -- [--reps N] [--only key,key] [--sizes S,M,M-overlap,L] [--suites editor] [--timeout SECONDS] [--save-baseline] [--no-build] [--report saved-run.json]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg} (try --help)`);
    }
  }
  return options;
}

function positiveInt(flag, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive whole number, got "${v}"`);
  return n;
}

/** Debian Chromium at /usr/bin/chromium, installed with apt when missing and running as root. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install it (Debian: sudo apt-get install -y chromium) and run the bench again.`,
    );
  }
  log(`bench: ${CHROMIUM} missing — installing Debian's chromium package`);
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

/**
 * npm run build:web, into bench/.tmp/web rather than dist/web so that a bench run never swaps
 * the build under an e2e run. Returns null on success or the reason Claimscope is unavailable.
 */
function buildClaimscope(outDir) {
  log(`bench: building the Claimscope web build (npm run build:web -- --outDir ${path.relative(ROOT, outDir)})…`);
  const r = spawnSync('npm', ['run', 'build:web', '--', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const logFile = path.join(TMP, 'build-web.log');
  writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  if (r.status !== 0) {
    log(`bench: web build failed (exit ${r.status}); see ${path.relative(ROOT, logFile)} — carrying on with the peers`);
    return 'not available (web build failed)';
  }
  return null;
}

async function loadSuites(names) {
  const dir = path.join(BENCH, 'suites');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort((a, b) => (a === 'editor.mjs' ? -1 : b === 'editor.mjs' ? 1 : a.localeCompare(b)));
  const suites = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    const suite = mod.default;
    if (!suite?.name || typeof suite.run !== 'function') throw new Error(`bench/suites/${f} must export default { name, run(ctx) }`);
    if (!names || names.includes(suite.name)) suites.push(suite);
  }
  if (names) {
    const missing = names.filter((n) => !suites.some((s) => s.name === n));
    if (missing.length) throw new Error(`no suite named ${missing.join(', ')} (have: ${files.join(', ')})`);
  }
  return suites;
}

/** The browser and what every suite needs from it; relaunches Chromium if a page wedges it. */
async function createContext({ baseUrl, options }) {
  const { chromium } = await import('playwright-core');
  let browser = null;
  const launch = async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    return browser;
  };
  await launch();
  const ctx = {
    baseUrl,
    options,
    log,
    root: ROOT,
    get browser() {
      return browser;
    },
    /** A fresh context and page; dispose() closes them (and relaunches Chromium if that hangs). */
    async freshPage() {
      const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      // Only the local server: the peers' bundles must not reach any other host.
      await context.route(
        (url) => !url.href.startsWith(baseUrl),
        (route) => route.abort(),
      );
      const page = await context.newPage();
      page.on('pageerror', (e) => log(`    page error: ${String(e.message).split('\n')[0]}`));
      return {
        page,
        context,
        dispose: async () => {
          const closed = await Promise.race([
            context.close().then(
              () => true,
              () => false,
            ),
            new Promise((r) => setTimeout(() => r(false), 15_000)),
          ]);
          if (!closed) {
            log('    (page did not close — restarting Chromium)');
            await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
            browser.process?.()?.kill('SIGKILL');
            await launch();
          }
        },
      };
    },
    /** Races a promise against the per-measurement limit: { value } or { timeout: true }. */
    async timed(promise, limitMs, what) {
      let timer;
      const result = await Promise.race([
        promise.then((value) => ({ value })),
        new Promise((r) => {
          timer = setTimeout(() => r({ timeout: true, what }), limitMs);
        }),
      ]);
      clearTimeout(timer);
      if (result.timeout) promise.catch(() => {}); // the page is disposed; its rejection is expected
      return result;
    },
    /** Used JS heap of the page after a full garbage collection (CDP). */
    async heapAfterGc(page) {
      const cdp = await page.context().newCDPSession(page);
      try {
        await cdp.send('HeapProfiler.enable');
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        return usedSize;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
  };
  return ctx;
}

function describeMachine(browserVersion) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    chromium: browserVersion,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function drawChart(ctx, run, file) {
  const editor = run.suites.editor;
  if (!editor) return false;
  const { page, dispose } = await ctx.freshPage();
  try {
    await page.setViewportSize({ width: 1232, height: 1100 });
    await page.goto(`${ctx.baseUrl}/bench/pages/chart.html`);
    const available = editor.renderers.filter((r) => r.available);
    const colors = {
      plain: '#546e7a',
      'css-highlights': '#90a4ae',
      'text-annotator-spans': '#ef6c00',
      'text-annotator-css': '#ffa726',
      'recogito-js': '#6a1b9a',
      'label-studio': '#c62828',
      claimscope: '#1565c0',
    };
    const dataset = (metric, r) => ({
      label: r.name,
      color: colors[r.key] ?? '#2e7d32',
      data: editor.sizes.map((s) => {
        const cell = editor.summary[r.key]?.[s]?.[metric];
        if (!cell) return null;
        return cell.median ?? editor.timeoutMs; // timed out: drawn at the limit
      }),
    });
    const m = run.machine;
    await page.evaluate((spec) => window.drawCharts(spec), {
      title: 'Claimscope editor bench — median per size (log scale; a bar at the limit means it timed out)',
      subtitle: `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB · Chromium ${m.chromium} · Node ${m.node} · ${m.date.slice(0, 10)} · ${run.options.reps} repetitions`,
      charts: [
        {
          title: 'Open until painted (ms)',
          unitLabel: 'ms',
          logarithmic: true,
          labels: editor.sizes,
          datasets: available.map((r) => dataset('open', r)),
        },
        {
          title: 'Add one annotation until painted (ms)',
          unitLabel: 'ms',
          logarithmic: true,
          labels: editor.sizes,
          datasets: available.filter((r) => r.adds).map((r) => dataset('add', r)),
        },
      ],
    });
    await page.locator('#charts').screenshot({ path: file });
    return true;
  } finally {
    await dispose();
  }
}

function machineMarkdown(m) {
  const load = m.loadAverageAfter ? `; load average ${m.loadAverage[0]} at start, ${m.loadAverageAfter[0]} at end (1 min)` : '';
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB RAM, ${m.os}; Chromium ${m.chromium} (headless, --disable-gpu); Node ${m.node}; ${m.date}${load}.`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(TMP, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  ensureChromium();
  const saved = options.report ? JSON.parse(readFileSync(path.resolve(options.report), 'utf8')) : null;
  const suites = await loadSuites(saved ? Object.keys(saved.suites) : options.suites);

  // Claimscope's web build: built fresh into bench/.tmp/web, or with --no-build whatever dist/web holds.
  const claimscope = { path: '/dist/web/index.html?bench=1', unavailable: null };
  const wantsClaimscope = !saved && (!options.only || options.only.includes('claimscope'));
  if (wantsClaimscope && options.build) {
    claimscope.unavailable = buildClaimscope(path.join(TMP, 'web'));
    claimscope.path = '/bench/.tmp/web/index.html?bench=1';
  }

  // The peers' pages run their own scripts, so the app's CSP is not sent here; the Claimscope
  // build under test carries it as its meta tag.
  const server = await startStaticServer({
    // A fixed port (BENCH_PORT) keeps the pages' origin, and so their stored data, from run to run.
    port: Number(process.env.BENCH_PORT ?? 0),
    root: ROOT,
    prefixes: [
      '/bench/pages/',
      '/bench/.tmp/web/',
      '/bench/.tmp/start-ref-web/',
      '/dist/web/',
      '/node_modules/@recogito/',
      '/node_modules/@heartexlabs/',
      '/node_modules/chart.js/',
    ],
    csp: null,
  });
  const ctx = await createContext({ baseUrl: server.url.replace(/\/$/, ''), options });
  ctx.claimscope = claimscope;
  ctx.appPath = claimscope.path; // the same, for suites that only need the URL
  const stop = async (signal) => {
    log(`bench: ${signal} — closing Chromium`);
    await Promise.race([ctx.browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    let run = saved;
    if (!run) {
      run = {
        args: process.argv.slice(2),
        options: { reps: options.reps, only: options.only, sizes: options.sizes, timeoutMs: options.timeoutMs },
        machine: describeMachine(ctx.browser.version()),
        suites: {},
      };
      log(`bench: ${machineMarkdown(run.machine)}`);
      for (const suite of suites) {
        log(`bench: suite ${suite.name} — ${suite.describe ?? ''}`);
        run.suites[suite.name] = await suite.run(ctx);
      }
      run.machine.loadAverageAfter = os.loadavg().map((l) => Math.round(l * 100) / 100);
      run.figures = suites.flatMap((s) =>
        (s.figures?.(run.suites[s.name]) ?? []).map((f) => ({ ...f, key: `${s.name}/${f.key}`, label: `${s.name}: ${f.label}` })),
      );
    }

    // Figures of this run vs the committed baseline.
    const baselineFile = path.join(RESULTS, 'baseline.json');
    const baseline = existsSync(baselineFile) ? JSON.parse(readFileSync(baselineFile, 'utf8')) : null;
    const isBaseline = options.saveBaseline || (saved && baseline && saved.machine?.date === baseline.machine?.date);
    const comparison = baseline && !isBaseline ? compareFigures(run.figures, baseline.figures ?? [], WORSE_THRESHOLD) : [];
    run.comparison =
      baseline && !isBaseline
        ? { baselineDate: baseline.machine?.date ?? null, worse: comparison.filter((c) => c.status === 'WORSE') }
        : null;

    const markdown = renderMarkdown(run, suites, { baseline, comparison, isBaseline });
    mkdirSync(RUNS, { recursive: true });
    writeFileSync(path.join(RUNS, 'latest.json'), JSON.stringify(run, null, 1) + '\n');
    writeFileSync(path.join(RUNS, 'latest.md'), markdown);
    const chartFile = path.join(RUNS, 'latest.png');
    const charted = await drawChart(ctx, run, chartFile).catch((e) => {
      log(`bench: chart not drawn: ${e.message}`);
      return false;
    });
    if (options.saveBaseline) {
      writeFileSync(baselineFile, JSON.stringify(mergeBaseline(baseline, run), null, 1) + '\n');
    }

    console.log(markdown);
    const written = [
      'runs/latest.md',
      'runs/latest.json',
      charted ? 'runs/latest.png' : null,
      options.saveBaseline ? 'results/baseline.json' : null,
    ];
    log(
      `bench: wrote ${written
        .filter(Boolean)
        .map((f) => `bench/${f}`)
        .join(', ')}`,
    );
  } finally {
    await ctx.browser.close().catch(() => {});
    await server.close();
  }
}

/** The Markdown report: machine, each suite's section, goals (inside the suites) and the baseline check. */
function renderMarkdown(run, suites, { baseline, comparison, isBaseline }) {
  const o = run.options;
  const args =
    run.args ??
    [`--reps ${o.reps}`, o.only ? `--only ${o.only.join(',')}` : '', o.sizes ? `--sizes ${o.sizes.join(',')}` : ''].filter(Boolean);
  const md = [];
  md.push(
    '# Claimscope benchmark — latest run',
    '',
    machineMarkdown(run.machine),
    '',
    `Run: \`npm run bench -- ${args.join(' ')}\`; ${o.reps} repetition(s), interleaved; per-measurement limit ${formatMs(o.timeoutMs)}.`,
    '',
  );
  for (const suite of suites) {
    md.push(`## ${suite.name}`, '', suite.markdown(run.suites[suite.name]), '');
  }
  md.push('## Against the baseline', '');
  if (isBaseline) md.push('This run is the baseline (bench/results/baseline.json).');
  else if (!baseline) md.push('No baseline yet (bench/results/baseline.json); save one with `--save-baseline`.');
  else {
    const worse = comparison.filter((c) => c.status === 'WORSE');
    md.push(
      `Baseline of ${baseline.machine?.date ?? 'unknown date'} (${baseline.machine?.cpu ?? '?'}, ${baseline.machine?.cores ?? '?'} cores). Figures more than ${WORSE_THRESHOLD * 100}% worse:`,
      '',
    );
    if (!worse.length) md.push('- none');
    for (const c of worse)
      md.push(`- WORSE ${formatChange(c.change)} — ${c.label}: ${fmtFigure(c.baseline, c.unit, o)} → ${fmtFigure(c.current, c.unit, o)}`);
  }
  md.push('');
  return md.join('\n');
}

function fmtFigure(v, unit, options) {
  if (v === null) return `> ${formatMs(options.timeoutMs)}`;
  if (unit === 'ms') return formatMs(v);
  if (unit === 'bytes') return formatMB(v);
  return String(v);
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});

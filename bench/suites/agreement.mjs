// The agreement suite (issue #6, item 8): the full agreement report — Cohen's κ for every pair,
// Fleiss' κ, nominal α, αU, span P/R/F1 exact and overlap, attribution F1, per label, per document
// and for the corpus — plus the disagreement list, for 5 annotators × 1,000 documents (≈ 6,000
// characters each) × 50 annotations. It runs the pure core in Node (the dashboard runs the same
// code in a Web Worker), one fresh process per repetition so peak memory is that run's own.
//
//   npm run bench -- --suites agreement            (inside the bench harness)
//   node bench/suites/agreement.mjs [--reps N]      (on its own, no browser needed)
//   AGREEMENT_REF=main npm run bench -- --suites agreement
//                                                   (also on the core of that git ref, interleaved:
//                                                    before/after figures from one run, and whether
//                                                    both produce bit-identical output)
//   AGREEMENT_WARM=5 …                               (each run also computes the report 5 times in
//                                                    its process: the least is the warm figure)
//
// Each repetition also runs the dashboard's path in a fresh process (AGREEMENT_MODE=dashboard in
// workload.ts): what the Agreement view waits for before it shows anything, and the structured
// clone of what its worker posts. AGREEMENT_APP=1 adds the figure in the app (agreement/inApp.mjs:
// the corpus in the app's database, the Agreement view opened with Alt+3 and timed until its
// figures are drawn, this tree's dist/web beside the ref's build); AGREEMENT_NODE=0 leaves out the
// runs in Node.
//
// Besides wall time, each run reports the CPU time of the process during the report (user +
// system), which a machine shared with other work inflates far less.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe as describeInApp, measureInApp } from '../agreement/inApp.mjs';

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(BENCH);
const OUT = path.join(BENCH, '.tmp', 'agreement');
const SHAPE = { annotators: 5, documents: 1000, annotations: 50 };

/**
 * Bundles bench/agreement/workload.ts and the core it imports into one Node module; with `ref`,
 * this workload over the core of that git ref (extracted with git archive).
 */
async function buildWorkload(log, ref) {
  const root = ref ? path.join(BENCH, '.tmp', 'agreement-ref') : ROOT;
  const out = ref ? path.join(root, 'out') : OUT;
  const file = path.join(out, 'agreement-workload.mjs');
  mkdirSync(out, { recursive: true });
  if (ref) {
    const tar = execFileSync('git', ['archive', ref, 'renderer/core', 'bench/agreement'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
    // This tree's workload (and so its measurement) over that ref's core.
    for (const name of readdirSync(path.join(BENCH, 'agreement')).filter((n) => n.endsWith('.ts')))
      copyFileSync(path.join(BENCH, 'agreement', name), path.join(root, 'bench', 'agreement', name));
  }
  log(`  building the agreement workload${ref ? ` of ${ref}` : ''} (Vite, Node target)…`);
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.join(root, 'bench', 'agreement', 'workload.ts'),
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'agreement-workload.mjs', format: 'es' } },
    },
  });
  if (!existsSync(file) || statSync(file).size === 0) throw new Error('the agreement workload was not built');
  return file;
}

const WARM = Math.max(1, Number(process.env.AGREEMENT_WARM) || 1);

function runOnce(file, seed, env = {}) {
  const r = spawnSync(process.execPath, [file, SHAPE.annotators, SHAPE.documents, SHAPE.annotations, seed, WARM].map(String), {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`agreement workload failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const cpu = (s) =>
  (s.reportCpuMs === undefined ? '' : ` (CPU ${sec(s.reportCpuMs)})`) +
  (s.warmCpuMs === undefined ? '' : `, warm ${sec(s.warmReportMs)} (CPU ${sec(s.warmCpuMs)})`);
const dashboardSummary = (samples) =>
  samples.length === 0
    ? undefined
    : {
        summaryOnly: samples[0].summaryOnly,
        dashboardMs: median(samples.map((s) => s.dashboardMs)),
        dashboardCpuMs: median(samples.map((s) => s.dashboardCpuMs)),
        ...(samples.every((s) => s.warmDashboardCpuMs !== undefined)
          ? {
              warmDashboardMs: median(samples.map((s) => s.warmDashboardMs)),
              warmDashboardCpuMs: median(samples.map((s) => s.warmDashboardCpuMs)),
            }
          : {}),
        cloneMs: median(samples.map((s) => s.cloneMs)),
        postedBytes: median(samples.map((s) => s.postedBytes)),
        documentMs: samples[0].documentMs === undefined ? undefined : median(samples.map((s) => s.documentMs)),
      };
const dashboardLine = (d) =>
  `${d.summaryOnly ? 'corpus figures and document summaries' : 'full report and disagreement list'} ${sec(d.dashboardMs)} (CPU ${sec(d.dashboardCpuMs)})` +
  (d.warmDashboardCpuMs === undefined ? '' : `, warm ${sec(d.warmDashboardMs)} (CPU ${sec(d.warmDashboardCpuMs)})`) +
  `; posted ${d.postedBytes < 1024 * 1024 ? `${(d.postedBytes / 1024).toFixed(0)} KB` : mb(d.postedBytes)}, cloned in ${d.cloneMs.toFixed(1)} ms` +
  (d.documentMs === undefined ? '' : `; one document's figures on demand ${d.documentMs.toFixed(1)} ms`);
const summary = (samples) => ({
  reportMs: median(samples.map((s) => s.reportMs)),
  reportCpuMs: samples.every((s) => s.reportCpuMs !== undefined) ? median(samples.map((s) => s.reportCpuMs)) : undefined,
  disagreementsMs: median(samples.map((s) => s.disagreementsMs)),
  ...(samples.every((s) => s.warmCpuMs !== undefined)
    ? { warmReportMs: median(samples.map((s) => s.warmReportMs)), warmCpuMs: median(samples.map((s) => s.warmCpuMs)) }
    : {}),
  totalMs: median(samples.map((s) => s.reportMs + s.disagreementsMs)),
  peakRssBytes: median(samples.map((s) => s.peakRssBytes)),
});
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const suite = {
  name: 'agreement',
  describe: 'full agreement report, 5 annotators × 1,000 documents × 50 annotations (Node, pure core)',
  async run(ctx) {
    const reps = Math.min(ctx.options?.reps ?? 3, 5);
    const ref = process.env.AGREEMENT_REF || null;
    if (process.env.AGREEMENT_NODE === '0') return { app: await measureInApp({ ref, reps, shape: SHAPE, seed: 7, log: ctx.log }), ref };
    const file = await buildWorkload(ctx.log);
    const refFile = ref ? await buildWorkload(ctx.log, ref) : null;
    const samples = [];
    const refSamples = [];
    const dashboard = [];
    const refDashboard = [];
    const DASHBOARD = { AGREEMENT_MODE: 'dashboard' };
    for (let i = 0; i < reps; i++) {
      if (refFile) {
        const r = runOnce(refFile, 7);
        ctx.log(`  rep ${i + 1}/${reps} (${ref}): report ${sec(r.reportMs)}${cpu(r)}, disagreements ${sec(r.disagreementsMs)}`);
        refSamples.push(r);
      }
      const s = runOnce(file, 7);
      ctx.log(
        `  rep ${i + 1}/${reps}: report ${sec(s.reportMs)}${cpu(s)}, disagreements ${sec(s.disagreementsMs)}, peak RSS ${mb(s.peakRssBytes)}`,
      );
      samples.push(s);
      if (refFile) {
        const r = runOnce(refFile, 7, DASHBOARD);
        ctx.log(`  rep ${i + 1}/${reps} (${ref}) dashboard: ${dashboardLine(r)}`);
        refDashboard.push(r);
      }
      const d = runOnce(file, 7, DASHBOARD);
      ctx.log(`  rep ${i + 1}/${reps} dashboard: ${dashboardLine(d)}`);
      dashboard.push(d);
    }
    let identical;
    if (refFile) {
      ctx.log('  fingerprints of both (report, disagreement list, CSV; bench corpus and a mixed random corpus)…');
      const mine = runOnce(file, 7, { AGREEMENT_FINGERPRINT: '1' }).fingerprints;
      const theirs = runOnce(refFile, 7, { AGREEMENT_FINGERPRINT: '1' }).fingerprints;
      identical = mine.bench === theirs.bench && mine.mixed === theirs.mixed;
      ctx.log(`  output bit-identical with ${ref}: ${identical ? 'yes' : `NO (${JSON.stringify({ mine, theirs })})`}`);
    }
    const app = process.env.AGREEMENT_APP ? await measureInApp({ ref, reps, shape: SHAPE, seed: 7, log: ctx.log }) : undefined;
    return {
      shape: SHAPE,
      app,
      samples,
      summary: summary(samples),
      dashboard: dashboardSummary(dashboard),
      ...(ref ? { ref, refSamples, refSummary: summary(refSamples), refDashboard: dashboardSummary(refDashboard), identical } : {}),
    };
  },
  markdown(result) {
    const app = !result.app
      ? []
      : result.app.unavailable
        ? [`In the app: ${result.app.unavailable}.`]
        : [
            'In the app (Alt+3 to the figures drawn, times after the key):',
            '',
            ...result.app.samples.map((x) => `- rep ${x.rep}, ${x.build}: ${describeInApp(x)}`),
            '',
          ];
    if (!result.samples) return app.join('\n');
    const s = result.samples[0];
    const m = result.summary;
    return [
      ...app,
      `Node ${s.node} on the pure core (the dashboard's Web Worker runs the same code). ${s.annotators} annotators × ${s.documents.toLocaleString('en')} documents (${s.characters.toLocaleString('en')} characters, ${s.tokens.toLocaleString('en')} tokens) × ${s.annotationsPerLayer} annotations = ${s.spans.toLocaleString('en')} spans; ${result.samples.length} run(s), medians; each run in a fresh process.`,
      '',
      '| measure | median |',
      '|---|---:|',
      `| agreement report (every figure, per label, per document, corpus) | ${sec(m.reportMs)} |`,
      ...(m.reportCpuMs === undefined ? [] : [`| CPU time of the report (user + system) | ${sec(m.reportCpuMs)} |`]),
      ...(m.warmCpuMs === undefined
        ? []
        : [`| warm: least of ${s.repeat} reports in one process, wall (CPU) | ${sec(m.warmReportMs)} (${sec(m.warmCpuMs)}) |`]),
      `| disagreement list (${s.disagreements.toLocaleString('en')} rows) | ${sec(m.disagreementsMs)} |`,
      `| total | ${sec(m.totalMs)} |`,
      `| peak memory of the process (RSS, includes generating the data) | ${mb(m.peakRssBytes)} |`,
      '',
      ...(result.dashboard
        ? [
            `What the Agreement view waits for (its worker's computation in a fresh process, medians): ${dashboardLine(result.dashboard)}.` +
              (result.refDashboard
                ? ` On \`${result.ref}\`: ${dashboardLine(result.refDashboard)}; this tree ÷ ${result.ref}: ${(result.dashboard.dashboardMs / result.refDashboard.dashboardMs).toFixed(2)} (wall), ${(result.dashboard.dashboardCpuMs / result.refDashboard.dashboardCpuMs).toFixed(2)} (CPU).`
                : ''),
            '',
          ]
        : []),
      ...(result.refSummary
        ? [
            '',
            `Interleaved in the same run, the same workload on the core of \`${result.ref}\`: report ${sec(result.refSummary.reportMs)}${result.refSummary.reportCpuMs === undefined ? '' : ` (CPU ${sec(result.refSummary.reportCpuMs)})`}${result.refSummary.warmCpuMs === undefined ? '' : `, warm ${sec(result.refSummary.warmReportMs)} (CPU ${sec(result.refSummary.warmCpuMs)})`}, disagreement list ${sec(result.refSummary.disagreementsMs)}; this tree ÷ ${result.ref}: ${(m.reportMs / result.refSummary.reportMs).toFixed(2)} (wall)${m.reportCpuMs !== undefined && result.refSummary.reportCpuMs !== undefined ? `, ${(m.reportCpuMs / result.refSummary.reportCpuMs).toFixed(2)} (CPU)` : ''}${m.warmCpuMs !== undefined && result.refSummary.warmCpuMs !== undefined ? `, ${(m.warmCpuMs / result.refSummary.warmCpuMs).toFixed(2)} (warm CPU)` : ''}. Output (report, disagreement list, CSV exports; the bench corpus and a mixed random corpus) bit-identical: ${result.identical ? 'yes' : '**no**'}.`,
          ]
        : []),
      '',
      `Figures of the generated corpus (sanity): mean Cohen's κ ${s.figures.meanCohen.toFixed(3)}, Fleiss' κ ${s.figures.fleiss.toFixed(3)}, α ${s.figures.alpha.toFixed(3)}, αU ${s.figures.alphaU.toFixed(3)}, span F1 exact ${s.figures.f1Exact.toFixed(3)}, overlap ${s.figures.f1Overlap.toFixed(3)}.`,
    ].join('\n');
  },
  figures(result) {
    if (!result.samples) return [];
    return [
      { key: 'report', label: 'agreement report 5×1000×50', value: result.summary.reportMs, unit: 'ms' },
      { key: 'disagreements', label: 'disagreement list 5×1000×50', value: result.summary.disagreementsMs, unit: 'ms' },
      ...(result.dashboard
        ? [{ key: 'dashboard', label: 'agreement view computed 5×1000×50', value: result.dashboard.dashboardMs, unit: 'ms' }]
        : []),
      { key: 'peakRss', label: 'agreement peak RSS', value: result.summary.peakRssBytes, unit: 'bytes' },
    ];
  },
};

export default suite;

// Standalone: node bench/suites/agreement.mjs [--reps N]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--reps');
  const reps = i > 0 ? Number(process.argv[i + 1]) : 1;
  const result = await suite.run({ options: { reps }, log: (...a) => console.error(...a) });
  console.log(suite.markdown(result));
}

// The agreement suite (issue #6, item 8): the full agreement report — Cohen's κ for every pair,
// Fleiss' κ, nominal α, αU, span P/R/F1 exact and overlap, attribution F1, per label, per document
// and for the corpus — plus the disagreement list, for 5 annotators × 1,000 documents (≈ 6,000
// characters each) × 50 annotations. It runs the pure core in Node (the dashboard runs the same
// code in a Web Worker), one fresh process per repetition so peak memory is that run's own.
//
//   npm run bench -- --suites agreement            (inside the bench harness)
//   node bench/suites/agreement.mjs [--reps N]      (on its own, no browser needed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(BENCH);
const OUT = path.join(BENCH, '.tmp', 'agreement');
const SHAPE = { annotators: 5, documents: 1000, annotations: 50 };

/** Bundles bench/agreement/workload.ts and the core it imports into one Node module. */
async function buildWorkload(log) {
  const file = path.join(OUT, 'agreement-workload.mjs');
  mkdirSync(OUT, { recursive: true });
  log('  building the agreement workload (Vite, Node target)…');
  const { build } = await import('vite');
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.join(BENCH, 'agreement', 'workload.ts'),
      outDir: OUT,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'agreement-workload.mjs', format: 'es' } },
    },
  });
  if (!existsSync(file) || statSync(file).size === 0) throw new Error('the agreement workload was not built');
  return file;
}

function runOnce(file, seed) {
  const r = spawnSync(process.execPath, [file, SHAPE.annotators, SHAPE.documents, SHAPE.annotations, seed].map(String), {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`agreement workload failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const suite = {
  name: 'agreement',
  describe: 'full agreement report, 5 annotators × 1,000 documents × 50 annotations (Node, pure core)',
  async run(ctx) {
    const reps = Math.min(ctx.options?.reps ?? 3, 5);
    const file = await buildWorkload(ctx.log);
    const samples = [];
    for (let i = 0; i < reps; i++) {
      const s = runOnce(file, 7);
      ctx.log(`  rep ${i + 1}/${reps}: report ${sec(s.reportMs)}, disagreements ${sec(s.disagreementsMs)}, peak RSS ${mb(s.peakRssBytes)}`);
      samples.push(s);
    }
    return {
      shape: SHAPE,
      samples,
      summary: {
        reportMs: median(samples.map((s) => s.reportMs)),
        disagreementsMs: median(samples.map((s) => s.disagreementsMs)),
        totalMs: median(samples.map((s) => s.reportMs + s.disagreementsMs)),
        peakRssBytes: median(samples.map((s) => s.peakRssBytes)),
      },
    };
  },
  markdown(result) {
    const s = result.samples[0];
    const m = result.summary;
    return [
      `Node ${s.node} on the pure core (the dashboard's Web Worker runs the same code). ${s.annotators} annotators × ${s.documents.toLocaleString('en')} documents (${s.characters.toLocaleString('en')} characters, ${s.tokens.toLocaleString('en')} tokens) × ${s.annotationsPerLayer} annotations = ${s.spans.toLocaleString('en')} spans; ${result.samples.length} run(s), medians; each run in a fresh process.`,
      '',
      '| measure | median |',
      '|---|---:|',
      `| agreement report (every figure, per label, per document, corpus) | ${sec(m.reportMs)} |`,
      `| disagreement list (${s.disagreements.toLocaleString('en')} rows) | ${sec(m.disagreementsMs)} |`,
      `| total | ${sec(m.totalMs)} |`,
      `| peak memory of the process (RSS, includes generating the data) | ${mb(m.peakRssBytes)} |`,
      '',
      `Figures of the generated corpus (sanity): mean Cohen's κ ${s.figures.meanCohen.toFixed(3)}, Fleiss' κ ${s.figures.fleiss.toFixed(3)}, α ${s.figures.alpha.toFixed(3)}, αU ${s.figures.alphaU.toFixed(3)}, span F1 exact ${s.figures.f1Exact.toFixed(3)}, overlap ${s.figures.f1Overlap.toFixed(3)}.`,
    ].join('\n');
  },
  figures(result) {
    return [
      { key: 'report', label: 'agreement report 5×1000×50', value: result.summary.reportMs, unit: 'ms' },
      { key: 'disagreements', label: 'disagreement list 5×1000×50', value: result.summary.disagreementsMs, unit: 'ms' },
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

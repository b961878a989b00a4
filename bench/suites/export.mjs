// The export suite of issues #5 and #7: exporting 10,000 documents with 200,000 annotations in
// every format. Runs in plain Node on the pure serializers (renderer/core/formats, the code the
// app's export worker and the CLI run), not in the browser: each measurement is a fresh child
// process, so its peak memory (max RSS) is the export's own, with the dataset already in memory.
//
//   npm run bench -- --suites export          with the other suites' harness
//   node bench/suites/export.mjs [--reps N] [--docs N] [--annotations N]   standalone
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateText, prng } from '../lib/docgen.mjs';
import { bundleForNode } from '../lib/bundle.mjs';
import { formatMB, summarize } from '../lib/stats.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const BUNDLE_DIR = path.join(ROOT, 'bench', '.tmp', 'export-core');
const BUNDLE = path.join(BUNDLE_DIR, 'export-core.mjs');

export const FORMATS = [
  'jsonl',
  'archive',
  'claims-csv',
  'brat',
  'conll-bio',
  'conll-bilou',
  'doccano',
  'labelstudio',
  'w3c',
  'spacy',
  'claimreview',
];
const DEFAULTS = { documents: 10_000, annotations: 200_000 };
const LABELS = ['Claim', 'Speaker', 'Source', 'Cue'];
const STAMP = '2026-11-29T08:00:00.000Z';

/** Bundles the core export code (TypeScript) into one ES module Node can import. */
function buildCore() {
  return bundleForNode(ROOT, path.join(ROOT, 'bench', 'suites', 'export-entry.ts'), BUNDLE);
}

/** A deterministic dataset: news-like texts, whole-word spans, relations, attributes and notes. */
export function generateDataset(core, documents, annotations) {
  const rand = prng(0x5eed0500);
  const project = { id: 'bench-project', name: 'Export bench', schema: core.DEFAULT_SCHEMA, createdAt: STAMP, updatedAt: STAMP };
  const docs = [];
  const anns = [];
  const rels = [];
  const perDoc = Math.ceil(annotations / documents);
  for (let d = 0; d < documents && anns.length < annotations; d++) {
    const text = generateText(2_000, rand).join('\n\n');
    const id = `doc-${d}`;
    docs.push({
      id,
      projectId: project.id,
      title: `Article ${d + 1}`,
      text,
      blocks: [],
      metadata: { source: 'GlobalPost', year: 2012 },
      textHash: '',
      createdAt: STAMP,
      updatedAt: STAMP,
    });
    const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const step = Math.max(1, Math.floor(words.length / perDoc));
    let lastClaim = null;
    for (let k = 0; k < perDoc && anns.length < annotations; k++) {
      const first = words[Math.min(words.length - 1, k * step)];
      const last = words[Math.min(words.length - 1, k * step + Math.max(0, Math.min(step - 2, 1 + Math.floor(rand() * 5))))];
      const label = LABELS[k % LABELS.length];
      const ranges = [{ start: first.start, end: last.end }];
      const a = {
        id: `a-${d}-${k}`,
        projectId: project.id,
        documentId: id,
        layer: k % 7 === 0 ? 'gold' : 'alice',
        label,
        ranges,
        quote: text.slice(first.start, last.end),
        attributes: label === 'Claim' ? { stance: 'asserts', verdict: rand() < 0.3 ? 'false' : 'unverified' } : {},
        note: k % 11 === 0 ? 'check the source' : '',
        origin: 'human',
        createdBy: 'alice',
        createdAt: STAMP,
        updatedBy: 'alice',
        updatedAt: STAMP,
      };
      anns.push(a);
      if (label === 'Claim') lastClaim = a;
      else if (label === 'Speaker' && lastClaim && lastClaim.layer === a.layer) {
        rels.push({
          id: `r-${d}-${k}`,
          projectId: project.id,
          documentId: id,
          layer: a.layer,
          from: lastClaim.id,
          to: a.id,
          type: 'said by',
          createdBy: 'alice',
          createdAt: STAMP,
          updatedBy: 'alice',
          updatedAt: STAMP,
        });
      }
    }
  }
  return { project, documents: docs, annotations: anns, relations: rels, entities: [] };
}

/** In the child: generate, then time one export and report its size and the process's peak RSS. */
async function child(format, documents, annotations) {
  const core = await import(pathToFileURL(BUNDLE).href);
  const dataset = generateDataset(core, documents, annotations);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const output =
    format === 'archive'
      ? {
          data: core.writeArchive({
            project: dataset.project,
            tables: { documents: dataset.documents, annotations: dataset.annotations, relations: dataset.relations, entities: [] },
            appVersion: 'bench',
            created: STAMP,
          }),
        }
      : core.writeExportNow(format, dataset);
  const seconds = (performance.now() - t0) / 1000;
  const bytes = typeof output.data === 'string' ? Buffer.byteLength(output.data) : output.data.length;
  process.stdout.write(
    JSON.stringify({
      seconds,
      bytes,
      baselineRss: baseline,
      peakRss: process.resourceUsage().maxRSS * 1024,
      documents: dataset.documents.length,
      annotations: dataset.annotations.length,
      relations: dataset.relations.length,
    }),
  );
}

function measure(format, documents, annotations, timeoutMs) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', HERE, '--child', format, String(documents), String(annotations)],
    { encoding: 'utf8', timeout: timeoutMs },
  );
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(r.stdout);
}

async function runSuite({
  reps = 3,
  documents = DEFAULTS.documents,
  annotations = DEFAULTS.annotations,
  timeoutMs = 300_000,
  log = console.error,
} = {}) {
  log(`export: bundling the core formats (${path.relative(ROOT, BUNDLE)})`);
  await buildCore();
  const samples = Object.fromEntries(FORMATS.map((f) => [f, []]));
  let shape = null;
  for (let rep = 0; rep < reps; rep++) {
    for (const format of FORMATS) {
      const m = measure(format, documents, annotations, timeoutMs);
      if (m.error) log(`export: ${format} failed: ${m.error}`);
      else shape ??= { documents: m.documents, annotations: m.annotations, relations: m.relations };
      samples[format].push(m);
      log(`export: rep ${rep + 1}/${reps} ${format}: ${m.error ? 'failed' : `${m.seconds.toFixed(2)} s, peak ${formatMB(m.peakRss)}`}`);
    }
  }
  const summary = {};
  for (const format of FORMATS) {
    const ok = samples[format].filter((s) => !s.error);
    summary[format] = {
      ms: summarize(ok.map((s) => s.seconds * 1000)),
      peakRss: ok.length ? Math.max(...ok.map((s) => s.peakRss)) : null,
      exportRss: ok.length ? Math.max(...ok.map((s) => s.peakRss - s.baselineRss)) : null,
      bytes: ok[0]?.bytes ?? null,
      errors: samples[format].filter((s) => s.error).map((s) => s.error),
    };
  }
  return {
    reps,
    shape,
    summary,
    node: process.version,
    where: 'Node.js, pure serializers (renderer/core/formats), one child process per measurement',
  };
}

function markdown(result) {
  const lines = [];
  const s = result.shape;
  lines.push(
    `${s ? `${s.documents.toLocaleString('en')} documents, ${s.annotations.toLocaleString('en')} annotations, ${s.relations.toLocaleString('en')} relations` : 'no measurement succeeded'}; ${result.where}, ${result.node}; ${result.reps} repetitions, median (min–max).`,
    '',
  );
  lines.push('| format | seconds | peak memory (RSS) | of which the export | output |', '|---|---|---|---|---|');
  for (const [format, r] of Object.entries(result.summary)) {
    const sec = r.ms
      ? `${(r.ms.median / 1000).toFixed(2)} (${(r.ms.min / 1000).toFixed(2)}–${(r.ms.max / 1000).toFixed(2)})`
      : `failed: ${r.errors[0] ?? ''}`;
    lines.push(
      `| ${format} | ${sec} | ${r.peakRss ? formatMB(r.peakRss) : '—'} | ${r.exportRss !== null ? formatMB(Math.max(0, r.exportRss)) : '—'} | ${r.bytes !== null ? formatMB(r.bytes) : '—'} |`,
    );
  }
  return lines.join('\n');
}

export default {
  name: 'export',
  describe: 'exporting 10,000 documents / 200,000 annotations in every format (Node, pure serializers)',
  async run(ctx) {
    return runSuite({ reps: Math.min(ctx.options.reps, 3), timeoutMs: Math.max(ctx.options.timeoutMs, 300_000), log: ctx.log });
  },
  markdown,
  figures(result) {
    return Object.entries(result.summary).flatMap(([format, r]) => [
      { key: `${format}/time`, label: `${format} export time`, value: r.ms ? r.ms.median : null, timeout: !r.ms, unit: 'ms' },
      { key: `${format}/peak`, label: `${format} peak RSS`, value: r.peakRss, timeout: r.peakRss === null, unit: 'bytes' },
    ]);
  },
};

if (process.argv[1] === HERE) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1], Number(args[2]), Number(args[3]));
  } else {
    const opt = (name, fallback) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : fallback;
    };
    const result = await runSuite({
      reps: opt('--reps', 1),
      documents: opt('--docs', DEFAULTS.documents),
      annotations: opt('--annotations', DEFAULTS.annotations),
    });
    console.log(markdown(result));
  }
}

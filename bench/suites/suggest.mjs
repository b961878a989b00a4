// The suggest suite of issue #14: the attribution engine (renderer/core/suggest) against the
// hand-made gold set (bench/gold/), its speed, and the annotator time it saves. Runs in plain
// Node on the same core code the app's worker and the CLI run.
//
//   npm run bench -- --suites suggest        with the other suites' harness
//   node bench/suites/suggest.mjs [--reps N] [--docs N]   standalone (prints the markdown)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleForNode } from '../lib/bundle.mjs';
import { formatMB, summarize } from '../lib/stats.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const BUNDLE_DIR = path.join(ROOT, 'bench', '.tmp', 'suggest-core');
const BUNDLE = path.join(BUNDLE_DIR, 'suggest-core.mjs');
const GOLD = path.join(ROOT, 'bench', 'gold', 'gold.jsonl');
const NOW = '2026-12-05T00:00:00.000Z';
const LABELS = ['Claim', 'Speaker', 'Cue', 'Source'];
/** Issue #14's goals: overlap F1 per label, attribution-level overlap F1, seconds. */
export const GOALS = { Speaker: 0.8, Source: 0.8, Claim: 0.7, attribution: 0.6, longSeconds: 2, corpusSeconds: 120 };

function buildCore() {
  return bundleForNode(ROOT, path.join(ROOT, 'bench', 'suites', 'suggest-entry.ts'), BUNDLE);
}

function goldDataset(core) {
  const parsed = core.parseJsonl('gold.jsonl', readFileSync(GOLD, 'utf8'));
  if (!parsed.ok) throw new Error(`bench/gold/gold.jsonl: ${parsed.error.message}`);
  return core.datasetFromImported(parsed.value, { projectName: 'Gold', now: NOW });
}

/** Span and attribution figures of the suggestions against the gold, by the agreement module. */
export function quality(core) {
  const gold = goldDataset(core);
  const suggested = core.suggestDataset(gold, (t) => core.suggest(t), { now: NOW, replace: true });
  const layer = (file, dataset, name) => {
    const r = core.layerFromDataset(file, dataset, { fallbackName: name, bundleLayer: name === 'gold' ? 'gold' : 'suggestions' });
    if (!r.ok) throw new Error(r.message);
    return r.layer;
  };
  const matched = core.matchLayersByText([layer('gold', gold, 'gold'), layer('suggestions', suggested, 'suggestions')]);
  const { summary } = core.agreementSummary(matched);
  return {
    documents: gold.documents.length,
    goldCounts: countByLabel(gold.annotations),
    suggestedCounts: countByLabel(suggested.annotations),
    spanF1: summary.spanF1,
    attributionF1: summary.attributionF1,
    replay: replay(gold, suggested),
  };
}

function countByLabel(annotations) {
  const out = {};
  for (const a of annotations) out[a.label] = (out[a.label] ?? 0) + 1;
  return out;
}

const overlaps = (a, b) => a.label === b.label && a.ranges[0].start < b.ranges[0].end && b.ranges[0].start < a.ranges[0].end;
const same = (a, b) => a.label === b.label && a.ranges[0].start === b.ranges[0].start && a.ranges[0].end === b.ranges[0].end;

/**
 * Annotator-time replay: the keys and selections a user needs to reach the gold, by hand and
 * with suggestions. By hand: each span is one selection and one label key; each link two keys
 * (L, then the pick). With suggestions, per label and document the user either steps to each
 * suggestion (J) and accepts (Enter) or rejects (Backspace) it — two keys each — or accepts them
 * all (Shift+Enter, one key) and then deletes the wrong ones (J, Delete: two keys each), whichever
 * is fewer; an accepted span with other bounds is fixed with one selection; a gold span nothing
 * overlaps is made by hand; a gold link comes with an accepted suggestion when the suggestion has
 * it between the matching spans, else it is made by hand.
 */
export function replay(gold, suggested) {
  const byDoc = (list) => {
    const m = new Map();
    for (const x of list) (m.get(x.documentId) ?? m.set(x.documentId, []).get(x.documentId)).push(x);
    return m;
  };
  const gAnn = byDoc(gold.annotations);
  const gRel = byDoc(gold.relations);
  const sAnn = byDoc(suggested.annotations);
  const sRel = byDoc(suggested.relations);
  const manual = { keys: 0, selections: 0 };
  const assisted = { keys: 0, selections: 0 };
  for (const doc of gold.documents) {
    const g = gAnn.get(doc.id) ?? [];
    const s = sAnn.get(doc.id) ?? [];
    const gr = gRel.get(doc.id) ?? [];
    const sr = new Set((sRel.get(doc.id) ?? []).map((r) => `${r.type}|${r.from}|${r.to}`));
    manual.selections += g.length;
    manual.keys += g.length + 2 * gr.length;
    // Pair gold spans with suggestions one-to-one: exact first, then overlapping.
    const pairOf = new Map();
    const used = new Set();
    for (const pass of [same, overlaps]) {
      for (const ga of g) {
        if (pairOf.has(ga.id)) continue;
        const sa = s.find((x) => !used.has(x.id) && pass(ga, x));
        if (sa) {
          pairOf.set(ga.id, sa);
          used.add(sa.id);
        }
      }
    }
    for (const label of new Set(s.map((x) => x.label))) {
      const mine = s.filter((x) => x.label === label);
      const wrong = mine.filter((x) => !used.has(x.id)).length;
      assisted.keys += Math.min(2 * mine.length, 1 + 2 * wrong);
    }
    for (const ga of g) {
      const sa = pairOf.get(ga.id);
      if (!sa) {
        assisted.selections++;
        assisted.keys++;
      } else if (!same(ga, sa)) assisted.selections++;
    }
    for (const r of gr) {
      const from = pairOf.get(r.from);
      const to = pairOf.get(r.to);
      if (!(from && to && sr.has(`${r.type}|${from.id}|${to.id}`))) assisted.keys += 2;
    }
  }
  const actions = (x) => x.keys + x.selections;
  return { manual, assisted, saving: 1 - actions(assisted) / actions(manual) };
}

/** Speed and memory, in a child process started with --expose-gc so heap figures are after a full collection. */
async function speedChild(reps, docs) {
  const core = await import(pathToFileURL(BUNDLE).href);
  const gold = goldDataset(core);
  const texts = gold.documents.map((d) => d.text);
  let long = '';
  for (let i = 0; long.length < 600_000; i++) long += texts[i % texts.length] + '\n\n';
  long = long.slice(0, 600_000);
  core.suggest(texts[0]); // loads the model
  const longMs = [];
  let longCounts = null;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const out = core.suggest(long);
    longMs.push(performance.now() - t0);
    longCounts = { spans: out.spans.length, links: out.links.length };
  }
  global.gc();
  const heap = [];
  const t0 = performance.now();
  let spans = 0;
  for (let i = 0; i < docs; i++) {
    spans += core.suggest(texts[i % texts.length]).spans.length;
    if ((i + 1) % Math.max(1, Math.floor(docs / 10)) === 0) {
      global.gc();
      heap.push(process.memoryUsage().heapUsed);
    }
  }
  const corpusMs = performance.now() - t0;
  const chars = Array.from({ length: docs }, (_, i) => texts[i % texts.length].length).reduce((a, b) => a + b, 0);
  process.stdout.write(JSON.stringify({ longChars: long.length, longMs, longCounts, docs, chars, corpusMs, spans, heap }));
}

async function runSuite({ reps = 3, docs = 10_000, log = console.error } = {}) {
  log(`suggest: bundling the engine (${path.relative(ROOT, BUNDLE)})`);
  await buildCore();
  const core = await import(pathToFileURL(BUNDLE).href);
  const q = quality(core);
  log('suggest: measuring speed (600k characters, then the corpus) in a child process');
  const child = spawnSync(process.execPath, ['--expose-gc', HERE, '--child', String(reps), String(docs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`suggest speed child failed: ${child.stderr}`);
  const speed = JSON.parse(child.stdout);
  return { quality: q, speed: { ...speed, long: summarize(speed.longMs) }, node: process.version };
}

const f3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');

function markdown(result) {
  const { quality: q, speed: s } = result;
  const lines = [];
  const gold = Object.values(q.goldCounts).reduce((a, b) => a + b, 0);
  lines.push(
    `Gold: ${q.documents} articles, ${gold} annotations (${LABELS.map((l) => `${q.goldCounts[l] ?? 0} ${l}`).join(', ')}); suggested: ${LABELS.map((l) => `${q.suggestedCounts[l] ?? 0} ${l}`).join(', ')}.`,
    '',
  );
  lines.push(
    '| label | P exact | R exact | F1 exact | P overlap | R overlap | F1 overlap | goal (F1 overlap) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const l of [...LABELS, '*']) {
    const x = q.spanF1[l];
    if (!x) continue;
    const goal = GOALS[l] !== undefined ? `≥ ${GOALS[l].toFixed(2)}: ${x.overlap.f1 >= GOALS[l] ? 'met' : 'not met'}` : '';
    lines.push(
      `| ${l === '*' ? 'all' : l} | ${f3(x.exact.precision)} | ${f3(x.exact.recall)} | ${f3(x.exact.f1)} | ${f3(x.overlap.precision)} | ${f3(x.overlap.recall)} | ${f3(x.overlap.f1)} | ${goal} |`,
    );
  }
  const a = q.attributionF1;
  lines.push(
    `| attribution (claim + speaker + sources) | ${f3(a.exact.precision)} | ${f3(a.exact.recall)} | ${f3(a.exact.f1)} | ${f3(a.overlap.precision)} | ${f3(a.overlap.recall)} | ${f3(a.overlap.f1)} | ≥ ${GOALS.attribution.toFixed(2)}: ${a.overlap.f1 >= GOALS.attribution ? 'met' : 'not met'} |`,
    '',
  );
  const r = q.replay;
  lines.push(
    `Annotator-time replay on the gold: by hand ${r.manual.keys} keys + ${r.manual.selections} selections = ${r.manual.keys + r.manual.selections} actions; with suggestions ${r.assisted.keys} keys + ${r.assisted.selections} selections = ${r.assisted.keys + r.assisted.selections} actions: **${Math.round(r.saving * 100)}% fewer**.`,
    '',
  );
  const heapMin = Math.min(...s.heap);
  const heapMax = Math.max(...s.heap);
  lines.push(
    `Speed (${result.node}): one ${s.longChars.toLocaleString('en')}-character article in **${(s.long.median / 1000).toFixed(2)} s** (median of ${s.longMs.length}; ${s.longCounts.spans} spans, ${s.longCounts.links} links; goal < ${GOALS.longSeconds} s: ${s.long.median / 1000 < GOALS.longSeconds ? 'met' : 'not met'}); ${s.docs.toLocaleString('en')} articles (${formatMB(s.chars)} of text) in **${(s.corpusMs / 1000).toFixed(1)} s** (goal < ${GOALS.corpusSeconds} s: ${s.corpusMs / 1000 < GOALS.corpusSeconds ? 'met' : 'not met'}); heap after GC every ${Math.floor(s.docs / 10).toLocaleString('en')} articles ${formatMB(heapMin)}–${formatMB(heapMax)} (first ${formatMB(s.heap[0])}, last ${formatMB(s.heap[s.heap.length - 1])}).`,
  );
  return lines.join('\n');
}

export default {
  name: 'suggest',
  describe: 'attribution suggestions: quality against the gold set, speed, annotator-time replay (Node)',
  async run(ctx) {
    return runSuite({ reps: Math.min(ctx.options.reps, 5), log: ctx.log });
  },
  markdown,
  // Times only: the baseline comparison reads a rise as worse, which quality figures are not.
  figures(result) {
    return [
      { key: 'long/time', label: 'suggest 600k characters', value: result.speed.long.median, unit: 'ms' },
      { key: 'corpus/time', label: `suggest ${result.speed.docs} articles`, value: result.speed.corpusMs, unit: 'ms' },
    ];
  },
};

if (process.argv[1] === HERE) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') await speedChild(Number(args[1]), Number(args[2]));
  else {
    const opt = (name, fallback) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : fallback;
    };
    if (args.includes('--quality')) {
      await buildCore();
      const q = quality(await import(pathToFileURL(BUNDLE).href));
      console.log(
        markdown({
          quality: q,
          speed: { heap: [0], longMs: [0], long: { median: 0 }, longCounts: {}, docs: 0, chars: 0, corpusMs: 0, longChars: 0 },
          node: process.version,
        }).split('\n\nSpeed')[0],
      );
    } else console.log(markdown(await runSuite({ reps: opt('--reps', 3), docs: opt('--docs', 10_000) })));
  }
}

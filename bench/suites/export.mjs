// The export suite of issues #5, #7 and #16: exporting a generated corpus in every format. Runs in
// plain Node on the format code the app's export worker and the CLI run (renderer/core/formats),
// not in the browser: each measurement is a fresh child process, so its peak memory (max RSS) is
// the export's own.
//
// - whole (10,000 documents / 200,000 annotations): the dataset generated in memory first, then
//   written whole (`writeExportNow`, `writeArchive`), as exports were before they streamed.
// - streamed (100,000 documents / 2,000,000 annotations, issue #16): the corpus is generated a
//   page of 200 documents at a time as the export asks for it (standing in for the database's
//   pages), written by `streamExport` / `streamVerifiedArchive` (the archive checked as it is
//   written) into a file on disk, 1 MiB chunks; nothing but a page is ever held. Then the
//   archive is read back from disk in 1 MiB chunks through the restore check
//   (`ArchiveStreamCheck`), the streamed part of restoring it.
//
//   npm run bench -- --suites export          with the other suites' harness
//   EXPORT_MODES=streamed npm run bench -- --suites export    only the 100k / 2M corpus
//   EXPORT_FORMATS=archive,restore-check,loss:conll-bio ...   only those (loss:<format>: its loss report, counted over the pages)
//   EXPORT_REF=main ...                       each format also on main's core, just before this tree's, and whether both
//                                             wrote the same bytes (every output's SHA-256 is taken after the clock stops)
//   node bench/suites/export.mjs [--reps N] [--docs N] [--annotations N] [--mode whole|streamed]   standalone
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateText, prng } from '../lib/docgen.mjs';
import { bundleForNode } from '../lib/bundle.mjs';
import { formatMB, summarize } from '../lib/stats.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const BUNDLE_DIR = path.join(ROOT, 'bench', '.tmp', 'export-core');
const BUNDLE = path.join(BUNDLE_DIR, 'export-core.mjs');
/** Where EXPORT_REF's core is unpacked and bundled. */
const REF_DIR = path.join(ROOT, 'bench', '.tmp', 'export-ref');
const REF_BUNDLE = path.join(ROOT, 'bench', '.tmp', 'export-ref-core', 'export-core.mjs');

/** The export formats that write claim groups only: the generated corpus has none, so they are not measured. */
const GROUPS_ONLY = new Set(['groups-csv', 'claimreview-groups']);
const DEFAULTS = { documents: 10_000, annotations: 200_000 };
const STREAMED = { documents: 100_000, annotations: 2_000_000 };
const PAGE = 200;
/** Documents per page of the archive's tables, as the app reads them (`ARCHIVE_PAGE_DOCUMENTS` in renderer/src/db/archive.ts). */
const ARCHIVE_PAGE = 50;
const OUT_DIR = path.join(ROOT, 'bench', '.tmp', 'export-out');
const LABELS = ['Claim', 'Speaker', 'Source', 'Cue'];
const STAMP = '2026-11-29T08:00:00.000Z';

/** Bundles the core export code (TypeScript) into one ES module Node can import. */
function buildCore() {
  return bundleForNode(ROOT, path.join(ROOT, 'bench', 'suites', 'export-entry.ts'), BUNDLE);
}

/** Bundles `ref`'s core export code (its renderer/core under this tree's bench entry), for measuring it beside this tree's. */
async function buildRefCore(ref) {
  rmSync(REF_DIR, { recursive: true, force: true });
  mkdirSync(path.join(REF_DIR, 'bench', 'suites'), { recursive: true });
  const tar = execFileSync('git', ['archive', ref, 'renderer/core'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', REF_DIR], { input: tar });
  copyFileSync(path.join(ROOT, 'bench', 'suites', 'export-entry.ts'), path.join(REF_DIR, 'bench', 'suites', 'export-entry.ts'));
  await bundleForNode(REF_DIR, path.join(REF_DIR, 'bench', 'suites', 'export-entry.ts'), REF_BUNDLE);
}

const pad = (n, width) => String(n).padStart(width, '0');

/**
 * Document `d` of the generated corpus with its annotations and relations (ids zero-padded, so
 * the archive's order by id is the order they are made in). `rand` is the corpus's generator.
 */
function generateDocument(project, d, perDoc, rand, pooled = null) {
  const text = pooled ? pooled.text : generateText(2_000, rand).join('\n\n');
  const id = `doc-${pad(d, 7)}`;
  const doc = {
    id,
    projectId: project.id,
    title: `Article ${d + 1}`,
    text,
    blocks: [],
    metadata: { source: 'GlobalPost', year: 2012 },
    textHash: pooled ? pooled.hash : '0'.repeat(64),
    createdAt: STAMP,
    updatedAt: STAMP,
  };
  const anns = [];
  const rels = [];
  const words = pooled ? pooled.words : [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const step = Math.max(1, Math.floor(words.length / perDoc));
  let lastClaim = null;
  for (let k = 0; k < perDoc; k++) {
    const first = words[Math.min(words.length - 1, k * step)];
    const last = words[Math.min(words.length - 1, k * step + Math.max(0, Math.min(step - 2, 1 + Math.floor(rand() * 5))))];
    const label = LABELS[k % LABELS.length];
    const ranges = [{ start: first.start, end: last.end }];
    const a = {
      id: `a-${pad(d, 7)}-${pad(k, 3)}`,
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
        id: `r-${pad(d, 7)}-${pad(k, 3)}`,
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
  return { doc, anns, rels };
}

const projectOf = (core) => ({
  id: 'bench-project',
  name: 'Export bench',
  schema: core.DEFAULT_SCHEMA,
  createdAt: STAMP,
  updatedAt: STAMP,
});

/** A deterministic dataset: news-like texts, whole-word spans, relations, attributes and notes. */
export function generateDataset(core, documents, annotations) {
  const rand = prng(0x5eed0500);
  const project = projectOf(core);
  const docs = [];
  const anns = [];
  const rels = [];
  const perDoc = Math.ceil(annotations / documents);
  for (let d = 0; d < documents && anns.length < annotations; d++) {
    const g = generateDocument(project, d, Math.min(perDoc, annotations - anns.length), rand);
    docs.push(g.doc);
    anns.push(...g.anns);
    rels.push(...g.rels);
  }
  return { project, documents: docs, annotations: anns, relations: rels, entities: [] };
}

/** Texts the streamed corpus cycles through, made before the clock starts (generating prose is slower than exporting it). */
const POOL = 1000;
let pool = null;
function textPool() {
  if (pool) return pool;
  const rand = prng(0x5eed0501);
  pool = [];
  for (let i = 0; i < POOL; i++) {
    const text = generateText(2_000, rand).join('\n\n');
    pool.push({
      text,
      hash: createHash('sha256').update(text).digest('hex'),
      words: [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
    });
  }
  return pool;
}

/** The streamed corpus a page of documents at a time, made as it is asked for (each call starts over). */
function* generatedPages(project, documents, perDoc, pageSize = PAGE) {
  const rand = prng(0x5eed0500);
  const texts = textPool();
  for (let d = 0; d < documents; d += pageSize) {
    const page = { project, documents: [], annotations: [], relations: [], entities: [] };
    for (let i = d; i < Math.min(documents, d + pageSize); i++) {
      const g = generateDocument(project, i, perDoc, rand, texts[i % POOL]);
      page.documents.push(g.doc);
      for (const a of g.anns) page.annotations.push(a);
      for (const r of g.rels) page.relations.push(r);
    }
    yield page;
  }
}

/** The corpus as an archive source: each table's rows in archive order, a page at a time (relations counted in a first pass). */
function generatedArchive(project, documents, perDoc) {
  let relations = 0;
  for (const page of generatedPages(project, documents, perDoc)) relations += page.relations.length;
  const table = (name, rows, pick) => ({
    table: name,
    rows,
    *pages() {
      for (const page of generatedPages(project, documents, perDoc, ARCHIVE_PAGE)) yield pick(page);
    },
  });
  return {
    project,
    appVersion: 'bench',
    created: STAMP,
    tables: [
      table('documents', documents, (p) => p.documents),
      table('annotations', documents * perDoc, (p) => p.annotations),
      table('relations', relations, (p) => p.relations),
      { table: 'entities', rows: 0, pages: () => [] },
    ],
  };
}

/** A sink writing to a file, waiting when the stream's buffer is full (the disk sets the pace). */
function fileSink(file) {
  const out = createWriteStream(file);
  return {
    write: (chunk) => (out.write(chunk) ? undefined : new Promise((resolve) => out.once('drain', resolve))),
    close: () => new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve()))),
  };
}

/** In the child: stream one format of the 100k / 2M corpus to disk (or check the archive on disk) and report. */
async function streamedChild(format, documents, annotations, bundle = BUNDLE) {
  const core = await import(pathToFileURL(bundle).href);
  const project = projectOf(core);
  const perDoc = Math.ceil(annotations / documents);
  mkdirSync(OUT_DIR, { recursive: true });
  textPool();
  const file = path.join(
    OUT_DIR,
    format === 'restore-check' || format === 'archive' ? 'archive.claimscope.zip' : `out-${format.replace(':', '-')}`,
  );
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (format === 'restore-check') {
    const check = new core.ArchiveStreamCheck('archive.claimscope.zip');
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
      check.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    check.push(new Uint8Array(0), true);
    const r = check.result();
    if (!r.ok) throw new Error(`${r.error.file}: ${r.error.message}`);
  } else {
    const sink = fileSink(file);
    const source = { head: { project, entities: [] }, documents, pages: () => generatedPages(project, documents, perDoc) };
    if (format === 'archive') await core.streamVerifiedArchive(generatedArchive(project, documents, perDoc), sink);
    else if (format.startsWith('loss:')) {
      // The loss report the export dialog shows, counted over the pages without writing.
      const notes = await core.countLoss(format.slice('loss:'.length), source, {});
      sink.write(new TextEncoder().encode(notes.join('\n')));
    } else await core.streamExport(format, source, {}, sink);
    await sink.close();
  }
  const times = elapsed(t0, cpu0);
  const bytes = statSync(file).size;
  // The output's fingerprint, read back after the clock stopped: equal runs of two trees wrote the same bytes.
  const sha256 = format === 'restore-check' ? null : await fileHash(file);
  if (format !== 'archive' && format !== 'restore-check') rmSync(file);
  report(times, baseline, { bytes, sha256, documents, annotations: documents * perDoc, relations: null });
}

/** The SHA-256 of a file, read 1 MiB at a time. */
async function fileHash(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk);
  return hash.digest('hex');
}

/** The wall and CPU time since `t0` and `cpu0`. */
function elapsed(t0, cpu0) {
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** The child's answer: the time taken (wall and CPU, see `elapsed`), the peak RSS, the load average, and what was written. */
function report({ seconds, cpuSeconds }, baseline, shape) {
  const load = os.loadavg()[0];
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds, load, baselineRss: baseline, peakRss: process.resourceUsage().maxRSS * 1024, ...shape }),
  );
}

/** In the child: generate, then time one export and report its size and the process's peak RSS. */
async function child(format, documents, annotations, bundle = BUNDLE) {
  const core = await import(pathToFileURL(bundle).href);
  const dataset = generateDataset(core, documents, annotations);
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
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
  report(elapsed(t0, cpu0), baseline, {
    bytes: typeof output.data === 'string' ? Buffer.byteLength(output.data) : output.data.length,
    sha256: createHash('sha256').update(output.data).digest('hex'),
    documents: dataset.documents.length,
    annotations: dataset.annotations.length,
    relations: dataset.relations.length,
  });
}

function measure(format, documents, annotations, timeoutMs, mode = 'whole', bundle = BUNDLE) {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      HERE,
      mode === 'streamed' ? '--streamed-child' : '--child',
      format,
      String(documents),
      String(annotations),
      bundle,
    ],
    { encoding: 'utf8', timeout: timeoutMs },
  );
  if (r.status !== 0) {
    const lines = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n');
    return { error: (lines.find((l) => /Error\b/.test(l)) ?? lines.slice(-3).join(' ')).trim() };
  }
  return JSON.parse(r.stdout);
}

/** One mode's measurements: every format (and, streamed, the restore check after the archive). */
function runMode(mode, { formatIds, reps, documents, annotations, timeoutMs, log, ref = null }) {
  const all = mode === 'streamed' ? [...formatIds, 'restore-check'] : formatIds;
  // EXPORT_FORMATS=jsonl,archive,restore-check measures only those (restore-check reads the archive the archive run wrote);
  // loss:<format> (streamed) counts that format's loss report over the pages without writing.
  const only = process.env.EXPORT_FORMATS?.split(',');
  const formats = only
    ? [...all.filter((f) => only.includes(f)), ...(mode === 'streamed' ? only.filter((f) => f.startsWith('loss:')) : [])]
    : all;
  // With EXPORT_REF, each format is measured on that ref's core first, then on this tree's (interleaved).
  const runs = formats.flatMap((format) => [
    ...(ref ? [{ key: `${format} (${ref})`, format, bundle: REF_BUNDLE }] : []),
    { key: format, format, bundle: BUNDLE, ref: ref && `${format} (${ref})` },
  ]);
  const samples = Object.fromEntries(runs.map((r) => [r.key, []]));
  let shape = null;
  for (let rep = 0; rep < reps; rep++) {
    for (const run of runs) {
      const m = measure(run.format, documents, annotations, timeoutMs, mode, run.bundle);
      if (m.error) log(`export: ${run.key} failed: ${m.error}`);
      else shape ??= { documents: m.documents, annotations: m.annotations, relations: m.relations };
      samples[run.key].push(m);
      const theirs = run.ref ? samples[run.ref][rep] : null;
      const same = theirs?.sha256 && m.sha256 ? `, same bytes as ${ref}: ${theirs.sha256 === m.sha256 ? 'yes' : 'NO'}` : '';
      log(
        `export (${mode}): rep ${rep + 1}/${reps} ${run.key}: ${
          m.error
            ? 'failed'
            : `${m.seconds.toFixed(2)} s${m.cpuSeconds !== null ? ` (CPU ${m.cpuSeconds.toFixed(2)} s)` : ''}, peak ${formatMB(m.peakRss)}, load ${m.load.toFixed(1)}${same}`
        }`,
      );
    }
  }
  const summary = {};
  for (const run of runs) {
    const ok = samples[run.key].filter((s) => !s.error);
    const theirs = run.ref ? samples[run.ref].filter((s) => !s.error) : [];
    summary[run.key] = {
      sameAsRef: theirs.length && ok.length ? theirs.every((t) => ok.every((s) => s.sha256 === t.sha256)) : null,
      ms: summarize(ok.map((s) => s.seconds * 1000)),
      cpuMs: ok.some((s) => s.cpuSeconds !== null) ? summarize(ok.map((s) => (s.cpuSeconds ?? 0) * 1000)) : null,
      load: ok.length ? ok.map((s) => s.load) : [],
      peakRss: ok.length ? Math.max(...ok.map((s) => s.peakRss)) : null,
      exportRss: ok.length ? Math.max(...ok.map((s) => s.peakRss - s.baselineRss)) : null,
      bytes: ok[0]?.bytes ?? null,
      errors: samples[run.key].filter((s) => s.error).map((s) => s.error),
    };
  }
  return {
    reps,
    shape,
    summary,
    where:
      mode === 'streamed'
        ? 'Node.js, streamed (pages of 200 generated documents → streamExport / streamVerifiedArchive → a file on disk; restore-check reads the archive back from disk through ArchiveStreamCheck)'
        : 'Node.js, whole (the dataset in memory, written at once), one child process per measurement',
  };
}

async function runSuite({
  reps = 3,
  documents = DEFAULTS.documents,
  annotations = DEFAULTS.annotations,
  timeoutMs = 300_000,
  modes = (process.env.EXPORT_MODES ?? 'whole,streamed').split(','),
  streamed = STREAMED,
  log = console.error,
} = {}) {
  log(`export: bundling the core formats (${path.relative(ROOT, BUNDLE)})`);
  await buildCore();
  const core = await import(pathToFileURL(BUNDLE).href);
  const formatIds = core.EXPORT_FORMATS.map((f) => f.id).filter((id) => !GROUPS_ONLY.has(id));
  const ref = process.env.EXPORT_REF || null;
  if (ref) {
    log(`export: bundling ${ref}'s core formats (${path.relative(ROOT, REF_BUNDLE)})`);
    await buildRefCore(ref);
  }
  const result = { node: process.version, date: new Date().toISOString().slice(0, 10), ref };
  if (modes.includes('whole')) Object.assign(result, runMode('whole', { formatIds, reps, documents, annotations, timeoutMs, log, ref }));
  if (modes.includes('streamed')) {
    result.streamed = runMode('streamed', { formatIds, reps: 1, ...streamed, timeoutMs: Math.max(timeoutMs, 900_000), log, ref });
  }
  return result;
}

function table(part, ref) {
  const lines = [
    `| format | seconds | CPU seconds | load average | peak memory (RSS) | of which the export | output |${ref ? ` same bytes as ${ref} |` : ''}`,
    `|---|---|---|---|---|---|---|${ref ? '---|' : ''}`,
  ];
  for (const [format, r] of Object.entries(part.summary)) {
    const sec = r.ms
      ? `${(r.ms.median / 1000).toFixed(2)} (${(r.ms.min / 1000).toFixed(2)}–${(r.ms.max / 1000).toFixed(2)})`
      : `failed: ${r.errors[0] ?? ''}`;
    lines.push(
      `| ${format} | ${sec} | ${r.cpuMs ? (r.cpuMs.median / 1000).toFixed(2) : '—'} | ${r.load?.length ? r.load.map((l) => l.toFixed(1)).join(', ') : '—'} | ${r.peakRss ? formatMB(r.peakRss) : '—'} | ${r.exportRss !== null ? formatMB(Math.max(0, r.exportRss)) : '—'} | ${r.bytes !== null ? formatMB(r.bytes) : '—'} |${ref ? ` ${r.sameAsRef === null ? '—' : r.sameAsRef ? 'yes' : '**no**'} |` : ''}`,
    );
  }
  return lines;
}

const shapeText = (s) =>
  s
    ? `${s.documents.toLocaleString('en')} documents, ${s.annotations.toLocaleString('en')} annotations${s.relations !== null ? `, ${s.relations.toLocaleString('en')} relations` : ''}`
    : 'no measurement succeeded';

function markdown(result) {
  const lines = [];
  if (result.summary && Object.keys(result.summary).length > 0) {
    lines.push(
      `${shapeText(result.shape)}; ${result.where}, ${result.node}; ${result.reps} repetitions, median (min–max).`,
      '',
      ...table(result, result.ref),
    );
  }
  if (result.streamed) {
    const s = result.streamed;
    lines.push('', `Streamed, ${shapeText(s.shape)}; ${s.where}, ${result.node}; one run.`, '', ...table(s, result.ref));
  }
  return lines.join('\n');
}

export default {
  name: 'export',
  describe:
    'exporting 10,000 documents / 200,000 annotations whole and 100,000 / 2,000,000 streamed, in every format, and the restore check',
  async run(ctx) {
    return runSuite({ reps: Math.min(ctx.options.reps, 3), timeoutMs: Math.max(ctx.options.timeoutMs, 300_000), log: ctx.log });
  },
  markdown,
  figures(result) {
    const of = (summary, prefix) =>
      Object.entries(summary ?? {}).flatMap(([format, r]) => [
        {
          key: `${prefix}${format}/time`,
          label: `${prefix}${format} export time`,
          value: r.ms ? r.ms.median : null,
          timeout: !r.ms,
          unit: 'ms',
        },
        {
          key: `${prefix}${format}/peak`,
          label: `${prefix}${format} peak RSS`,
          value: r.peakRss,
          timeout: r.peakRss === null,
          unit: 'bytes',
        },
      ]);
    return [...of(result.summary, ''), ...of(result.streamed?.summary, 'streamed/')];
  },
};

if (process.argv[1] === HERE) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1], Number(args[2]), Number(args[3]), args[4]);
  } else if (args[0] === '--streamed-child') {
    await streamedChild(args[1], Number(args[2]), Number(args[3]), args[4]);
  } else {
    const opt = (name, fallback) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : fallback;
    };
    const mode = args.indexOf('--mode');
    const result = await runSuite({
      ...(mode >= 0 && { modes: [args[mode + 1]] }),
      streamed: { documents: opt('--docs', STREAMED.documents), annotations: opt('--annotations', STREAMED.annotations) },
      timeoutMs: opt('--timeout', 300) * 1000,
      reps: opt('--reps', 1),
      documents: opt('--docs', DEFAULTS.documents),
      annotations: opt('--annotations', DEFAULTS.annotations),
    });
    console.log(markdown(result));
  }
}

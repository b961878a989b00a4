#!/usr/bin/env node
// `npm run reliability`: the data-safety suite of issue #11, in five parts —
//   (a) SIGKILL of Chromium at random moments while annotating (reliability/crash.mjs)
//   (b) every importer fuzzed (reliability/fuzz-importers.test.ts)
//   (c) XSS payloads through imports, labels, notes and metadata (reliability/xss.mjs)
//   (d) the Electron security checklist mapped to its tests (reliability/electron-checklist.ts)
//   (e) every database version's fixture reopened by the current code (reliability/db-versions.test.ts)
// It prints the figures and exits non-zero if anything was lost, threw, hung, half-wrote or ran.
// Options: --quick (the subset `npm test` runs: 3 kills, 200 cases per importer, every payload),
// --kills N, --cases N, --seed N, --fuzz-workers N (processes sharing the importer fuzz; default
// the number of cores), --from N (fuzz only the cases numbered N to cases - 1, so a long run can be
// done in parts), --importers a,b (fuzz only these importers, by id: jsonl, doccano, labelstudio,
// w3c, spacy, conll, pdf, txt, csv, brat, archive, html, md), --no-build (use dist/web as it is), --port N (default E2E_PORT or 4406; 0
// takes any free port).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer } from '../scripts/serve-static.mjs';
import { arg } from './common.mjs';

const quick = process.argv.includes('--quick');
const kills = Number(arg('kills', quick ? '3' : '100'));
const cases = Number(arg('cases', quick ? '200' : '10000'));
const from = Number(arg('from', '0'));
const onlyImporters = arg('importers', '');
const seed = Number(arg('seed', String(quick ? 20261205 : Math.floor(Math.random() * 2 ** 31))));
const port = Number(arg('port', process.env.E2E_PORT ?? '4406'));
const fuzzWorkers = Math.max(1, Number(arg('fuzz-workers', String(availableParallelism()))));
const out = await mkdtemp(join(tmpdir(), 'claimscope-reliability-'));
const started = Date.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const loadAtStart = load();

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, RELIABILITY_OUT: out, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const figures = async (part) => {
  try {
    return JSON.parse(await readFile(join(out, `${part}.json`), 'utf8'));
  } catch {
    return null;
  }
};

console.log(
  `Reliability suite (${quick ? 'quick subset' : 'full run'}): seed ${seed}, ${kills} kills, fuzz cases ${from} to ${cases - 1} per importer (${onlyImporters || 'every importer'})`,
);
const exitCodes = {};

if (!process.argv.includes('--no-build') || !existsSync('dist/web/index.html')) {
  exitCodes.build = await run('npm', ['run', '--silent', 'build:web']);
  if (exitCodes.build !== 0) process.exit(exitCodes.build);
}

// (b), (d), (e): Node, under Vitest. The fuzz is shared by `fuzzWorkers` processes, each running
// every fuzzWorkers-th case of the same seeded sequence; the first also runs (d) and (e).
console.log(`\n(b) importer fuzz (${fuzzWorkers} processes), (d) Electron checklist, (e) database versions`);
const shards = await Promise.all(
  Array.from({ length: fuzzWorkers }, (_, k) =>
    run('npx', ['vitest', 'run', '--config', 'reliability/vitest.config.ts', ...(k === 0 ? [] : ['reliability/fuzz-importers.test.ts'])], {
      RELIABILITY_CASES: String(cases),
      RELIABILITY_FROM: String(from),
      RELIABILITY_IMPORTERS: onlyImporters,
      RELIABILITY_SEED: String(seed),
      RELIABILITY_SHARD: `${k}/${fuzzWorkers}`,
      RELIABILITY_DB_SAMPLE_EVERY: quick ? '10' : '50',
      RELIABILITY_HUGE_BYTES: String(quick ? 64 << 10 : 1 << 20),
      RELIABILITY_BOMB_BYTES: String(quick ? 16 << 20 : 256 << 20),
    }),
  ),
);
exitCodes.node = shards.find((c) => c !== 0) ?? 0;

// (a) and (c): the web build in Chromium.
const server = await startStaticServer({ root: 'dist/web', port });
const url = server.url;
try {
  console.log('\n(a) SIGKILL during annotation');
  exitCodes.crash = await run('node', ['reliability/crash.mjs', '--url', url, '--kills', String(kills), '--seed', String(seed)]);
  console.log('\n(c) XSS payloads, with the Content-Security-Policy as shipped and without it');
  exitCodes.xss = await run('node', ['reliability/xss.mjs', '--url', url]);
  await rename(join(out, 'xss.json'), join(out, 'xss-csp.json')).catch(() => {});
  exitCodes.xssNoCsp = await run('node', ['reliability/xss.mjs', '--url', url, '--bypass-csp']);
} finally {
  await server.close();
}

// The figures.
// Each fuzz process's tallies, added up per importer.
const fuzz = [];
for (const file of (await readdir(out)).filter((f) => /^fuzz-\d+\.json$/.test(f)).sort()) {
  for (const t of (await figures(file.slice(0, -5))) ?? []) {
    const sum = fuzz.find((x) => x.importer === t.importer);
    if (!sum) fuzz.push({ ...t, problems: [...t.problems] });
    else {
      for (const key of ['cases', 'parsed', 'refused', 'throws', 'hangs', 'unnamedErrors', 'dbChecked', 'halfWritten']) sum[key] += t[key];
      for (const key of ['slowestMs', 'slowestCpuMs']) sum[key] = Math.max(sum[key], t[key]);
      sum.problems.push(...t.problems);
    }
  }
}
const crash = await figures('crash');
const xssCsp = await figures('xss-csp');
const xssOpen = await figures('xss');
const checklist = (await figures('electron-checklist')) ?? [];
const versions = (await figures('db-versions')) ?? [];
const sum = (key) => fuzz.reduce((n, t) => n + t[key], 0);

console.log('\n=== Reliability figures ===');
console.log(`seed ${seed}; load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${load()}`);
console.log(
  `(a) kills: ${crash?.kills ?? '—'} (${crash?.duringAnnotation ?? '—'} while annotating), acknowledged annotations: ${crash?.acknowledged ?? '—'}, lost: ${crash?.lost ?? '—'}, app failed to reopen: ${crash?.unopenable ?? '—'}`,
);
console.log(
  `(b) importers: ${fuzz.length}, cases: ${sum('cases')}, throws: ${sum('throws')}, hangs: ${sum('hangs')}, errors without file: ${sum('unnamedErrors')}, imports checked in the database: ${sum('dbChecked')}, half-written: ${sum('halfWritten')}`,
);
for (const t of fuzz)
  console.log(
    `    ${t.importer.padEnd(12)} ${t.cases} cases (${t.parsed} parsed, ${t.refused} refused with a message, ${t.dbChecked} imported and checked), slowest ${Math.round(t.slowestCpuMs)} ms of CPU time (${Math.round(t.slowestMs)} ms by the clock)${t.problems.length ? `; ${t.problems[0]}` : ''}`,
  );
for (const [name, x] of [
  ['CSP on', xssCsp],
  ['CSP off', xssOpen],
]) {
  console.log(
    `(c) ${name}: payloads: ${x?.payloads ?? '—'} (${x?.payloadsSent ?? '—'} placements in ${x?.vehicles ?? '—'} files, labels, notes, metadata), executed: ${x?.executed ?? '—'}, stopped by the policy: ${x?.blockedByCsp ?? '—'}, detector works: ${x?.detectorWorks ?? '—'}`,
  );
}
console.log(`(d) Electron checklist: ${checklist.filter((c) => c.tests.length).length}/${checklist.length} items covered`);
for (const c of checklist)
  console.log(`    ${c.item}: ${c.tests.length ? c.tests.map((t) => `${t.file} "${t.name}"`).join('; ') : `OPEN — ${c.open}`}`);
console.log(`(e) database versions: ${versions.map((v) => `v${v.version} ${v.intact}/${v.rows} rows intact`).join(', ') || '—'}`);

const lost = crash?.lost ?? 1;
const throws = sum('throws') + sum('hangs') + sum('unnamedErrors') + sum('halfWritten');
const executed = (xssCsp?.executed ?? 1) + (xssOpen?.executed ?? 1);
const failedParts = Object.entries(exitCodes)
  .filter(([, c]) => c !== 0)
  .map(([p]) => p);
console.log(
  `\nkills ${crash?.kills ?? 0}, lost ${lost}, cases ${sum('cases')}, throws ${throws}, payloads executed ${executed} (${Math.round((Date.now() - started) / 1000)} s)`,
);
await rm(out, { recursive: true, force: true });
if (lost > 0 || throws > 0 || executed > 0 || failedParts.length) {
  console.log(`FAILED${failedParts.length ? `: ${failedParts.join(', ')}` : ''}`);
  process.exit(1);
}
console.log('All reliability checks passed.');

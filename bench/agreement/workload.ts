/**
 * The agreement bench's workload, run in its own Node process (bench/suites/agreement.mjs builds
 * it with Vite and spawns it): generates ANNOTATORS layers over DOCUMENTS news-like documents of
 * about 6,000 characters with ANNOTATIONS spans per layer, then times the full agreement report
 * (every figure of the dashboard) and the disagreement list on the pure core, and reports peak
 * memory. Prints one JSON line.
 *
 *     node agreement-workload.mjs [annotators] [documents] [annotations] [seed] [repeat]
 *
 * With `repeat` > 1 the report is computed that many times over the same corpus in this process
 * and the least wall and CPU time of the repeats is reported too (warm: compiled code, a grown
 * heap). With AGREEMENT_FINGERPRINT=1 the output also carries fingerprint.ts's hashes.
 *
 * With AGREEMENT_MODE=dashboard it times instead what the dashboard's worker computes before the
 * dashboard can show anything, in a fresh process: on a core with `AgreementComputation`, the
 * corpus figures and a summary of each document (a document's figures are computed when chosen,
 * also timed); on a core without it, the full report and the disagreement list, which its worker
 * computed before replying. It also times a structured clone of what the worker posts (the copy
 * postMessage makes) and gives its serialised size.
 */
import { serialize } from 'node:v8';
import { listDisagreements } from '../../renderer/core/metrics/disagreements.ts';
import * as core from '../../renderer/core/metrics/report.ts';
import { agreementReport, type AgreementInput } from '../../renderer/core/metrics/report.ts';
import { agreementDocuments } from './corpus.ts';
import { fingerprint, mixedCorpus } from './fingerprint.ts';

const [annotators = 5, documents = 1000, annotations = 50, seed = 7, repeat = 1] = process.argv.slice(2).map(Number);

const t0 = performance.now();
const docs = [...agreementDocuments(annotators, documents, annotations, seed)];
const spans = docs.reduce((n, d) => n + Object.values(d.layers).reduce((k, l) => k + l.annotations.length, 0), 0);
const generateMs = performance.now() - t0;
const input = { documents: docs };

if (process.env.AGREEMENT_MODE === 'dashboard') {
  // The dashboard's path: the computation first, in a cold process.
  const Computation = (
    core as { AgreementComputation?: new (input: AgreementInput) => { summary: unknown; document(id: string): unknown } }
  ).AgreementComputation;
  const dashboard = () => {
    if (Computation) {
      const c = new Computation(input);
      return { posted: c.summary, computation: c };
    }
    return { posted: { report: agreementReport(input), disagreements: listDisagreements(input) }, computation: null };
  };
  const times: { ms: number; cpuMs: number }[] = [];
  let last: ReturnType<typeof dashboard> | null = null;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    last = dashboard();
    const cpu = process.cpuUsage(c);
    times.push({ ms: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  const tc = performance.now();
  structuredClone(last!.posted);
  const cloneMs = performance.now() - tc;
  const postedBytes = serialize(last!.posted).length;
  // A document's figures on demand: every 50th document.
  let documentMs: number | undefined;
  if (last!.computation) {
    const td = performance.now();
    let n = 0;
    for (let d = 0; d < docs.length; d += 50, n++) last!.computation.document(docs[d]!.id);
    documentMs = (performance.now() - td) / n;
  }
  console.log(
    JSON.stringify({
      mode: 'dashboard',
      summaryOnly: Boolean(Computation),
      dashboardMs: times[0]!.ms,
      dashboardCpuMs: times[0]!.cpuMs,
      ...(repeat > 1
        ? {
            repeat,
            warmDashboardMs: Math.min(...times.slice(1).map((x) => x.ms)),
            warmDashboardCpuMs: Math.min(...times.slice(1).map((x) => x.cpuMs)),
          }
        : {}),
      cloneMs,
      postedBytes,
      documentMs,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      node: process.version,
    }),
  );
  process.exit(0);
}
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const report = agreementReport(input);
const reportMs = performance.now() - t1;
const reportCpu = process.cpuUsage(cpu1);
const t2 = performance.now();
const disagreements = listDisagreements(input);
const disagreementsMs = performance.now() - t2;
const usage = process.resourceUsage();
let warmReportMs = reportMs;
let warmCpuMs = (reportCpu.user + reportCpu.system) / 1000;
for (let r = 1; r < repeat; r++) {
  const t = performance.now();
  const c = process.cpuUsage();
  agreementReport(input);
  const cpu = process.cpuUsage(c);
  warmReportMs = Math.min(warmReportMs, performance.now() - t);
  warmCpuMs = Math.min(warmCpuMs, (cpu.user + cpu.system) / 1000);
}
const fingerprints =
  process.env.AGREEMENT_FINGERPRINT === '1' ? { bench: fingerprint(input), mixed: fingerprint(mixedCorpus(seed)) } : undefined;
const all = report.corpus.labels['*']!;
console.log(
  JSON.stringify({
    annotators,
    documents,
    annotationsPerLayer: annotations,
    spans,
    characters: docs.reduce((n, d) => n + d.text.length, 0),
    tokens: report.corpus.tokens,
    generateMs,
    reportMs,
    reportCpuMs: (reportCpu.user + reportCpu.system) / 1000,
    disagreementsMs,
    ...(repeat > 1 ? { repeat, warmReportMs, warmCpuMs } : {}),
    ...(fingerprints ? { fingerprints } : {}),
    disagreements: disagreements.length,
    peakRssBytes: usage.maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    figures: {
      meanCohen: all.meanCohen,
      fleiss: all.fleiss.kappa,
      alpha: all.alphaNominal.alpha,
      alphaU: all.alphaUnitizing.alpha,
      f1Exact: all.spanF1.exact.f1,
      f1Overlap: all.spanF1.overlap.f1,
    },
    node: process.version,
  }),
);

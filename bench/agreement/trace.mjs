// A Chrome trace of the Agreement view in the app (AGREEMENT_TRACE=file.json in inApp.mjs), and
// where its CPU went: per thread (the page, the agreement worker, the browser process where
// IndexedDB's backend runs), the thread time of its tasks, and from V8's sampling profiler the
// functions with the most samples. Build with `npm run build:web -- --minify false` for readable names.
import { writeFileSync } from 'node:fs';

const CATEGORIES = [
  'toplevel',
  'v8',
  'v8.execute',
  'blink',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-v8.cpu_profiler',
  'IndexedDB',
];

/** Starts tracing every process of the browser; the returned function stops it and gives the events. */
export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    return events;
  };
}

/** Where the time went, from a trace's events, as lines of text; the events are saved to `file`. */
export function summariseTrace(events, file) {
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const threadOf = (e) => names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
  // Thread time of top-level tasks.
  const taskMs = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !['ThreadControllerImpl::RunTask', 'RunTask'].includes(e.name) || e.tdur === undefined) continue;
    const t = `${e.pid}:${threadOf(e)}`;
    taskMs.set(t, (taskMs.get(t) ?? 0) + e.tdur / 1000);
  }
  const lines = ['thread time of top-level tasks (ms):'];
  for (const [t, ms] of [...taskMs].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`  ${ms.toFixed(0).padStart(7)}  ${t}`);
  // The sampling profiler: one profile per thread, its nodes and samples in chunks.
  const profiles = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' && e.name !== 'Profile') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { thread: threadOf(e), pid: e.pid, nodes: new Map(), samples: [], deltas: [] }));
    const d = e.args?.data ?? {};
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    p.samples.push(...(d.cpuProfile?.samples ?? []));
    p.deltas.push(...(d.timeDeltas ?? []));
  }
  for (const p of profiles.values()) {
    const self = new Map();
    const inclusive = new Map();
    const frameOf = (n) => {
      const url = (n.callFrame.url ?? '').split('/').pop();
      return `${n.callFrame.functionName || '(anonymous)'}${url ? ` ${url}:${n.callFrame.lineNumber ?? ''}` : ''}`;
    };
    let total = 0;
    p.samples.forEach((id, i) => {
      const ms = (p.deltas[i + 1] ?? 0) / 1000;
      const node = p.nodes.get(id);
      if (!node || ms <= 0) return;
      const name = frameOf(node);
      if (name.startsWith('(idle)')) return;
      total += ms;
      self.set(name, (self.get(name) ?? 0) + ms);
      const seen = new Set();
      for (let n = node; n; n = n.parent === undefined ? undefined : p.nodes.get(n.parent)) {
        const f = frameOf(n);
        if (seen.has(f)) continue;
        seen.add(f);
        inclusive.set(f, (inclusive.get(f) ?? 0) + ms);
      }
    });
    if (total < 20) continue;
    lines.push(`profile of ${p.pid}:${p.thread}: ${total.toFixed(0)} ms sampled (idle left out)`);
    lines.push('  self:');
    for (const [f, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`    ${ms.toFixed(0).padStart(6)}  ${f}`);
    lines.push('  inclusive:');
    for (const [f, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) lines.push(`    ${ms.toFixed(0).padStart(6)}  ${f}`);
  }
  return lines;
}

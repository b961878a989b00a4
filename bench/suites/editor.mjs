// The editor suite of issue #7 (item 1): the same generated documents opened in Claimscope's
// full app, in each peer and in two floors; open, add one annotation, heap after open, and
// scrolling through L. Runs interleaved (every renderer once per repetition, in turn).
import { SIZES, generateDocument, overlapShare } from '../lib/docgen.mjs';
import { formatMB, formatMs, formatSummary, summarize } from '../lib/stats.mjs';
import { scrollAndMeasure } from '../lib/scroll.mjs';

export const RENDERERS = [
  { key: 'plain', name: 'plain text, no highlights (floor)', kind: 'floor', path: '/bench/pages/plain.html', adds: false },
  { key: 'css-highlights', name: 'CSS Custom Highlight API, no library (floor)', kind: 'floor', path: '/bench/pages/css-highlights.html' },
  {
    key: 'text-annotator-spans',
    name: '@recogito/text-annotator 4.1.1 (SPANS)',
    kind: 'peer',
    path: '/bench/pages/text-annotator.html?renderer=SPANS',
  },
  {
    key: 'text-annotator-css',
    name: '@recogito/text-annotator 4.1.1 (CSS_HIGHLIGHTS)',
    kind: 'peer',
    path: '/bench/pages/text-annotator.html?renderer=CSS_HIGHLIGHTS',
  },
  { key: 'recogito-js', name: '@recogito/recogito-js 1.8.4', kind: 'peer', path: '/bench/pages/recogito-js.html' },
  { key: 'label-studio', name: 'Label Studio frontend 1.4.0', kind: 'peer', path: '/bench/pages/label-studio.html' },
  { key: 'claimscope', name: 'Claimscope (full app)', kind: 'app', path: '/dist/web/index.html?bench=1', hook: true },
];

const METRICS = [
  { key: 'open', title: 'Open until painted', unit: 'ms' },
  { key: 'openCpu', title: 'Open: CPU time of the page’s main thread (what the machine’s load does not add)', unit: 'ms' },
  { key: 'add', title: 'Add one annotation until painted', unit: 'ms' },
  { key: 'heap', title: 'JS heap after open (after GC)', unit: 'bytes' },
];
const SCROLL_METRICS = [
  { key: 'scrollLongestTask', title: 'longest long task', unit: 'ms' },
  { key: 'scrollLongTasks', title: 'long tasks', unit: 'count' },
  { key: 'scrollDroppedFrames', title: 'dropped frames', unit: 'count' },
  { key: 'scrollFrames', title: 'frames', unit: 'count' },
];
export const SCROLL_SIZE = 'L';

// In-page helpers, evaluated in the bench page before each timed call.
const RAF2 =
  'const frame = () => new Promise((r) => requestAnimationFrame(r)); const raf2 = async () => { await frame(); await frame(); };';

/**
 * Installs window.benchAdapter on Claimscope's web build from its window.claimscopeBench hook.
 * Resolves to null when installed, or to the reason it is not available.
 */
async function installClaimscopeAdapter(page) {
  return page.evaluate(async () => {
    const deadline = performance.now() + 15_000;
    while (!window.claimscopeBench) {
      if (performance.now() > deadline) return 'not available (hook missing)';
      await new Promise((r) => setTimeout(r, 50));
    }
    const hook = window.claimscopeBench;
    await hook.ready();
    let id = null;
    const strip = ({ label, start, end }) => ({ label, start, end });
    window.benchAdapter = {
      async prepare(doc) {
        id = await hook.seedDocument({ title: doc.title, text: doc.text, annotations: doc.annotations.map(strip) });
      },
      open: () => hook.openDocument(id),
      add: (a) => hook.addAnnotation(strip(a)),
      scrollContainer: () => hook.scrollContainer(),
    };
    return null;
  });
}

/** One fresh page: open the document, read the heap, add one annotation, and for L scroll. */
async function sample(ctx, renderer, sizeKey, doc) {
  const result = { renderer: renderer.key, size: sizeKey, open: null, openCpu: null, heap: null, add: null, timeouts: [], error: null };
  const { page, context, dispose } = await ctx.freshPage();
  const limit = ctx.options.timeoutMs;
  const url = renderer.hook ? (ctx.claimscope?.path ?? renderer.path) : renderer.path;
  try {
    if (renderer.hook && ctx.claimscope?.unavailable) {
      result.unavailable = ctx.claimscope.unavailable;
      return result;
    }
    const response = await page.goto(ctx.baseUrl + url, { waitUntil: 'load', timeout: 30_000 });
    if (!response || !response.ok()) {
      result.unavailable = `not available (${url.split('?')[0]} answered ${response?.status() ?? 'nothing'}; not built?)`;
      return result;
    }
    if (renderer.hook) {
      const reason = await installClaimscopeAdapter(page);
      if (reason) {
        result.unavailable = reason;
        return result;
      }
    } else {
      await page.waitForFunction(() => window.benchAdapter, null, { timeout: 30_000 });
    }
    await page.evaluate(
      ({ doc }) => {
        window.__benchDoc = doc;
      },
      { doc },
    );
    await ctx.timed(
      page.evaluate(() => window.benchAdapter.prepare?.(window.__benchDoc)),
      limit,
      'prepare',
    );

    // The main thread's CPU time (thread ticks) beside the wall time: on a shared machine the
    // wall time also counts the time spent waiting for a core.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? null;
    const cpuBefore = await threadTime();
    const open = await ctx.timed(
      page.evaluate(`(async () => { ${RAF2}
        const t0 = performance.now();
        await window.benchAdapter.open(window.__benchDoc);
        await raf2();
        return performance.now() - t0; })()`),
      limit,
      'open',
    );
    if (open.timeout) {
      result.timeouts.push('open');
      return result;
    }
    result.open = open.value;
    const cpuAfter = await threadTime();
    if (cpuBefore !== null && cpuAfter !== null) result.openCpu = (cpuAfter - cpuBefore) * 1000;

    await page.evaluate(() => {
      delete window.__benchDoc;
    });
    result.heap = await ctx.heapAfterGc(page);

    if (renderer.adds !== false) {
      await page.evaluate((a) => window.benchAdapter.beforeAdd?.(a), doc.add);
      const add = await ctx.timed(
        page.evaluate(`(async (a) => { ${RAF2}
          const t0 = performance.now();
          await window.benchAdapter.add(a);
          await raf2();
          return performance.now() - t0; })(${JSON.stringify(doc.add)})`),
        limit,
        'add',
      );
      if (add.timeout) result.timeouts.push('add');
      else result.add = add.value;
    }

    if (sizeKey === SCROLL_SIZE && !result.timeouts.length) {
      const measured = await ctx.timed(
        page.evaluate(scrollAndMeasure, { target: 'adapter', steps: 400, settleFrames: 3 }),
        limit,
        'scroll',
      );
      if (measured.timeout) result.timeouts.push('scroll');
      else {
        const m = measured.value;
        Object.assign(result, {
          scrollLongestTask: m.longestTask,
          scrollLongTasks: m.longTasks,
          scrollDroppedFrames: m.droppedFrames,
          scrollFrames: m.frames,
          scrollSteps: m.steps,
          scrollHeight: m.scrollHeight,
        });
      }
    }
    return result;
  } catch (error) {
    result.error = String(error?.message ?? error).split('\n')[0];
    return result;
  } finally {
    await dispose();
  }
}

export default {
  name: 'editor',
  describe: 'Open, add one annotation, heap after open and scroll through L — Claimscope vs peers and floors',

  async run(ctx) {
    const { options, log } = ctx;
    const unknown = [
      ...(options.only ?? [])
        .filter((k) => !RENDERERS.some((r) => r.key === k))
        .map((k) => `renderer "${k}" (known: ${RENDERERS.map((r) => r.key).join(', ')})`),
      ...(options.sizes ?? []).filter((k) => !(k in SIZES)).map((k) => `size "${k}" (known: ${Object.keys(SIZES).join(', ')})`),
    ];
    if (unknown.length) throw new Error(`editor suite: unknown ${unknown.join('; ')}`);
    const renderers = RENDERERS.filter((r) => !options.only || options.only.includes(r.key));
    const sizes = Object.keys(SIZES).filter((s) => !options.sizes || options.sizes.includes(s));
    const docs = Object.fromEntries(sizes.map((s) => [s, generateDocument(s)]));
    const unavailable = new Map(); // renderer key -> reason
    const skipAfterTimeout = new Set(); // `${renderer}/${size}` whose open timed out once
    const samples = [];

    for (const size of sizes) {
      const doc = docs[size];
      log(`editor: ${size} — ${doc.text.length.toLocaleString('en')} chars, ${doc.annotations.length.toLocaleString('en')} annotations`);
      for (let rep = 1; rep <= options.reps; rep++) {
        for (const r of renderers) {
          if (unavailable.has(r.key)) continue;
          const cell = `${r.key}/${size}`;
          if (skipAfterTimeout.has(cell)) {
            samples.push({ renderer: r.key, size, rep, open: null, heap: null, add: null, timeouts: ['open'], skipped: true });
            continue;
          }
          const started = Date.now();
          const s = await sample(ctx, r, size, doc);
          s.rep = rep;
          if (s.unavailable) {
            unavailable.set(r.key, s.unavailable);
            log(`  ${r.key}: ${s.unavailable} — carrying on without it`);
            continue;
          }
          if (s.timeouts.includes('open')) skipAfterTimeout.add(cell);
          samples.push(s);
          log(
            `  ${size} #${rep} ${r.key.padEnd(22)} ${describeSample(s, options.timeoutMs)}  [${((Date.now() - started) / 1000).toFixed(1)} s]`,
          );
        }
      }
    }

    const summary = {};
    for (const r of renderers) {
      if (unavailable.has(r.key)) continue;
      summary[r.key] = {};
      for (const size of sizes) {
        const mine = samples.filter((s) => s.renderer === r.key && s.size === size);
        const cell = {};
        for (const m of [...METRICS, ...SCROLL_METRICS]) {
          const timeoutKey = m.key.startsWith('scroll') ? 'scroll' : m.key;
          const timeouts = mine.filter((s) => s.timeouts?.includes(timeoutKey)).length;
          const values = mine.map((s) => s[m.key] ?? null);
          if (values.every((v) => v === null) && !timeouts) continue;
          cell[m.key] = summarize(values, timeouts);
        }
        const errors = mine.filter((s) => s.error).map((s) => s.error);
        if (errors.length) cell.errors = [...new Set(errors)];
        summary[r.key][size] = cell;
      }
    }

    const documents = Object.fromEntries(
      sizes.map((s) => [
        s,
        {
          chars: docs[s].text.length,
          paragraphs: docs[s].paragraphs.length,
          annotations: docs[s].annotations.length,
          overlapping: Math.round(overlapShare(docs[s].annotations) * 1000) / 10,
        },
      ]),
    );
    const result = {
      renderers: renderers.map((r) => ({
        key: r.key,
        name: r.name,
        kind: r.kind,
        adds: r.adds !== false,
        available: !unavailable.has(r.key),
        reason: unavailable.get(r.key) ?? null,
      })),
      sizes,
      documents,
      timeoutMs: options.timeoutMs,
      samples,
      summary,
    };
    result.goals = goals(result);
    return result;
  },

  /** Flat list of comparable figures (lower is better) for the baseline check. */
  figures(result) {
    const out = [];
    for (const [renderer, bySize] of Object.entries(result.summary)) {
      for (const [size, cell] of Object.entries(bySize)) {
        for (const m of [...METRICS, ...SCROLL_METRICS]) {
          if (m.key === 'scrollFrames') continue;
          const s = cell[m.key];
          if (!s) continue;
          out.push({
            key: `${renderer}/${size}/${m.key}`,
            label: `${renderer} ${size} ${m.key}`,
            value: s.median,
            timeout: s.median === null,
            unit: m.unit,
          });
        }
      }
    }
    return out;
  },

  markdown(result) {
    const lines = [];
    const limit = result.timeoutMs;
    const names = Object.fromEntries(result.renderers.map((r) => [r.key, r.name]));
    const docLine = result.sizes
      .map((s) => {
        const d = result.documents[s];
        return `${s}: ${d.chars.toLocaleString('en')} chars, ${d.annotations.toLocaleString('en')} annotations${d.overlapping ? ` (${d.overlapping}% involved in an overlap)` : ''}`;
      })
      .join('; ');
    lines.push(`Documents — ${docLine}.`, '');
    for (const m of METRICS) {
      lines.push(`### ${m.title}`, '');
      lines.push(`| renderer | ${result.sizes.join(' | ')} |`, `|---|${result.sizes.map(() => '---:').join('|')}|`);
      for (const r of result.renderers) {
        if (!r.available) {
          lines.push(`| ${r.name} | ${result.sizes.map(() => r.reason).join(' | ')} |`);
          continue;
        }
        const cells = result.sizes.map((s) => {
          const cell = result.summary[r.key]?.[s];
          const fmt = m.unit === 'bytes' ? formatMB : formatMs;
          const text = formatSummary(cell?.[m.key], fmt, limit);
          if (text !== '—') return text;
          if (cell?.errors) return `error: ${cell.errors[0].slice(0, 80)}`;
          if (cell?.open?.median === null) return `— (open > ${formatMs(limit)})`;
          if (m.key === 'add' && !r.adds) return 'n/a (no highlights)';
          return text;
        });
        lines.push(`| ${names[r.key]} | ${cells.join(' | ')} |`);
      }
      lines.push('');
    }
    if (result.sizes.includes(SCROLL_SIZE)) {
      lines.push(`### Scrolling through ${SCROLL_SIZE} (one viewport per frame, top to bottom)`, '');
      lines.push(`| renderer | ${SCROLL_METRICS.map((m) => m.title).join(' | ')} |`, `|---|${SCROLL_METRICS.map(() => '---:').join('|')}|`);
      for (const r of result.renderers) {
        if (!r.available) {
          lines.push(`| ${r.name} | ${SCROLL_METRICS.map(() => r.reason).join(' | ')} |`);
          continue;
        }
        const cell = result.summary[r.key]?.[SCROLL_SIZE] ?? {};
        const cells = SCROLL_METRICS.map((m) => {
          if (cell.open?.median === null) return `— (open > ${formatMs(limit)})`;
          const fmt =
            m.key === 'scrollLongestTask'
              ? (v, l) => (v === 0 ? 'none' : formatMs(v, l))
              : m.unit === 'ms'
                ? formatMs
                : (v) => (v === null ? `> ${formatMs(limit)}` : String(Math.round(v)));
          return formatSummary(cell[m.key], fmt, limit);
        });
        lines.push(`| ${names[r.key]} | ${cells.join(' | ')} |`);
      }
      lines.push('');
    }
    lines.push(
      'Median of the repetitions, (min–max) where more than one; each repetition opens a fresh page.',
      `A measurement that ran past ${formatMs(limit)} is stopped and shown as "> ${formatMs(limit)}"; after a timed-out open the remaining repetitions of that cell are not re-run.`,
      '',
    );
    lines.push('### Goals (issue #7, item 2; issue #16)', '');
    for (const g of result.goals) lines.push(`- ${g.status} — ${g.text}`);
    lines.push('');
    return lines.join('\n');
  },
};

function describeSample(s, limit) {
  if (s.error) return `error: ${s.error}`;
  const parts = [];
  parts.push(`open ${s.timeouts.includes('open') ? `> ${formatMs(limit)}` : formatMs(s.open)}`);
  if (s.openCpu !== null && s.openCpu !== undefined) parts.push(`open CPU ${formatMs(s.openCpu)}`);
  if (s.heap !== null) parts.push(`heap ${formatMB(s.heap)}`);
  if (s.add !== null || s.timeouts.includes('add'))
    parts.push(`add ${s.timeouts.includes('add') ? `> ${formatMs(limit)}` : formatMs(s.add)}`);
  if (s.scrollFrames !== undefined)
    parts.push(
      `scroll: longest task ${formatMs(s.scrollLongestTask)}, ${s.scrollLongTasks} long tasks, ${s.scrollDroppedFrames}/${s.scrollFrames} frames dropped`,
    );
  if (s.timeouts.includes('scroll')) parts.push(`scroll > ${formatMs(limit)}`);
  return parts.join(', ');
}

const ratio = (a, b) => (a !== null && b ? `${(a / b).toFixed(2)}×` : '—');

/** The PASS/FAIL checks of issue #7, item 2 (and #16's open goals), from the medians. */
export function goals(result) {
  const cs = result.summary.claimscope;
  const peers = result.renderers.filter((r) => r.kind === 'peer' && r.available).map((r) => r.key);
  const median = (renderer, size, metric) => result.summary[renderer]?.[size]?.[metric]?.median ?? null;
  const fastestPeer = (size, metric) => {
    let best = null;
    for (const p of peers) {
      const v = median(p, size, metric);
      if (v !== null && (best === null || v < best.value)) best = { key: p, value: v };
    }
    return best;
  };
  const out = [];
  const check = (text, ok, detail) => out.push({ text: `${text}: ${detail}`, status: ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL' });
  const have = (size) => result.sizes.includes(size);
  if (!cs) {
    const reason = result.renderers.find((r) => r.key === 'claimscope')?.reason ?? 'not measured in this run';
    for (const g of [
      'open M ≤ ⅓ of the fastest peer',
      'open L ≤ 3× the plain-text floor',
      'add at L ≤ the fastest peer',
      'scroll L with no long task > 50 ms',
      'heap after open L < 20 MB',
    ]) {
      check(g, null, `Claimscope ${reason}`);
    }
    return out;
  }
  if (have('M')) {
    const p = fastestPeer('M', 'open');
    const c = median('claimscope', 'M', 'open');
    check(
      'open M ≤ ⅓ of the fastest peer',
      p && c !== null ? c <= p.value / 3 : false,
      `Claimscope ${formatMs(c, result.timeoutMs)} vs ${p ? `${p.key} ${formatMs(p.value)} (limit ${formatMs(p.value / 3)})` : 'no peer figure'}`,
    );
  } else check('open M ≤ ⅓ of the fastest peer', null, 'size M not run');
  if (have('M')) {
    const p = fastestPeer('M', 'open');
    const c = median('claimscope', 'M', 'open');
    const pc = p && median(p.key, 'M', 'openCpu');
    const cc = median('claimscope', 'M', 'openCpu');
    check(
      'open M ≤ ¼ of the fastest peer (issue #16)',
      p && c !== null ? c <= p.value / 4 : false,
      `${ratio(c, p?.value)} (Claimscope ${formatMs(c, result.timeoutMs)} vs ${p ? `${p.key} ${formatMs(p.value)}` : 'no peer figure'}); main-thread CPU ${ratio(cc, pc)} (${formatMs(cc)} vs ${formatMs(pc)})`,
    );
  }
  if (have('L')) {
    const floor = median('plain', 'L', 'open');
    const c = median('claimscope', 'L', 'open');
    const fc = median('plain', 'L', 'openCpu');
    const cc = median('claimscope', 'L', 'openCpu');
    check(
      'open L ≤ 2× the plain-text floor (issue #16)',
      floor !== null && c !== null ? c <= 2 * floor : floor === null ? null : false,
      `${ratio(c, floor)} (Claimscope ${formatMs(c, result.timeoutMs)} vs floor ${formatMs(floor)}); main-thread CPU ${ratio(cc, fc)} (${formatMs(cc)} vs ${formatMs(fc)})`,
    );
  }
  if (have('L')) {
    const floor = median('plain', 'L', 'open');
    const c = median('claimscope', 'L', 'open');
    check(
      'open L ≤ 3× the plain-text floor',
      floor !== null && c !== null ? c <= 3 * floor : floor === null ? null : false,
      `Claimscope ${formatMs(c, result.timeoutMs)} vs floor ${formatMs(floor)} (limit ${floor === null ? '—' : formatMs(3 * floor)})`,
    );
    const p = fastestPeer('L', 'add');
    const a = median('claimscope', 'L', 'add');
    check(
      'add at L ≤ the fastest peer',
      p && a !== null ? a <= p.value : p ? false : null,
      `Claimscope ${formatMs(a, result.timeoutMs)} vs ${p ? `${p.key} ${formatMs(p.value)}` : 'no peer figure'}`,
    );
    const lt = result.summary.claimscope.L?.scrollLongestTask ?? null;
    check(
      'scroll L with no long task > 50 ms',
      lt ? lt.max !== null && lt.max <= 50 : false,
      lt ? `longest long task ${formatMs(lt.max)} (worst repetition), median ${formatMs(lt.median)}` : 'not measured',
    );
    const h = median('claimscope', 'L', 'heap');
    check('heap after open L < 20 MB', h !== null ? h < 20 * 1048576 : false, `${formatMB(h)}`);
  } else {
    for (const g of [
      'open L ≤ 3× the plain-text floor',
      'add at L ≤ the fastest peer',
      'scroll L with no long task > 50 ms',
      'heap after open L < 20 MB',
    ])
      check(g, null, 'size L not run');
  }
  return out;
}

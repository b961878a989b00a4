// Comparison of a run's figures with the committed baseline: any figure more than `threshold`
// worse (all bench figures are lower-is-better) is flagged WORSE with the percentage.

/**
 * Differences this small are measurement noise, not regressions, whatever the percentage: timed
 * figures end on an animation frame, so anything under one frame (16.7 ms) is quantisation.
 */
const NOISE = { ms: 1000 / 60, bytes: 256 * 1024, count: 1 };

/**
 * @param {{key,label,value,timeout,unit}[]} current  figures of this run
 * @param {{key,label,value,timeout,unit}[]} baseline figures of the baseline run
 * @returns {{key,label,unit,baseline,current,change,status}[]} status: 'WORSE' | 'better' | 'same' | 'new'
 */
export function compareFigures(current, baseline, threshold = 0.2) {
  const base = new Map(baseline.map((f) => [f.key, f]));
  return current.map((f) => {
    const b = base.get(f.key);
    if (!b) return { ...pick(f), baseline: null, current: f.value, change: null, status: 'new' };
    if (f.timeout && b.timeout) return { ...pick(f), baseline: null, current: null, change: 0, status: 'same' };
    if (f.timeout) return { ...pick(f), baseline: b.value, current: null, change: Infinity, status: 'WORSE' };
    if (b.timeout) return { ...pick(f), baseline: null, current: f.value, change: -Infinity, status: 'better' };
    const diff = f.value - b.value;
    const change = b.value === 0 ? (diff === 0 ? 0 : Infinity) : diff / b.value;
    const noise = Math.abs(diff) <= (NOISE[f.unit] ?? 0);
    const status = noise ? 'same' : change > threshold ? 'WORSE' : change < -threshold ? 'better' : 'same';
    return { ...pick(f), baseline: b.value, current: f.value, change, status };
  });
}

function pick(f) {
  return { key: f.key, label: f.label, unit: f.unit };
}

export function formatChange(change) {
  if (change === null) return 'new';
  if (change === Infinity) return '+∞%';
  if (change === -Infinity) return '−∞%';
  return `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(0)}%`;
}

/**
 * The new baseline: this run, plus the suites of the old baseline that this run did not run
 * (so `--suites editor --save-baseline` keeps the corpus suite's baseline figures).
 */
export function mergeBaseline(old, run) {
  if (!old) return run;
  const ran = new Set(Object.keys(run.suites));
  const keptSuites = Object.fromEntries(Object.entries(old.suites ?? {}).filter(([name]) => !ran.has(name)));
  const keptFigures = (old.figures ?? []).filter((f) => !ran.has(f.key.split('/')[0]));
  const keptMachines = Object.fromEntries(Object.keys(keptSuites).map((name) => [name, old.machines?.[name] ?? old.machine]));
  const machines = { ...keptMachines, ...Object.fromEntries([...ran].map((name) => [name, run.machine])) };
  return { ...run, suites: { ...keptSuites, ...run.suites }, figures: [...keptFigures, ...run.figures], machines };
}

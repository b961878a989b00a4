// Summaries of repeated measurements. A timed-out repetition counts as slower than any
// measured one, so a median over a majority of timeouts is itself reported as a timeout.

/** @param {(number|null)[]} values  null = not measured; @param {number} timeouts */
export function summarize(values, timeouts = 0) {
  const measured = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const all = [...measured, ...Array(timeouts).fill(Infinity)];
  if (all.length === 0) return null;
  const median = medianOf(all);
  return {
    median: Number.isFinite(median) ? round(median) : null,
    min: Number.isFinite(all[0]) ? round(all[0]) : null,
    max: Number.isFinite(all.at(-1)) ? round(all.at(-1)) : null,
    n: measured.length,
    timeouts,
  };
}

function medianOf(sorted) {
  const mid = sorted.length >> 1;
  if (sorted.length % 2) return sorted[mid];
  const a = sorted[mid - 1];
  const b = sorted[mid];
  return Number.isFinite(a) && Number.isFinite(b) ? (a + b) / 2 : Infinity;
}

function round(v) {
  return Math.round(v * 10) / 10;
}

/** "74 ms", "1.2 s", "> 60 s" */
export function formatMs(ms, limitMs) {
  if (ms === null || ms === undefined) return limitMs ? `> ${formatMs(limitMs)}` : '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}

export function formatMB(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** "median (min–max)" with a formatter; a summary of null shows "—". */
export function formatSummary(summary, fmt, limit) {
  if (!summary) return '—';
  const median = fmt(summary.median, limit);
  const min = fmt(summary.min, limit);
  const max = fmt(summary.max, limit);
  if (summary.n + summary.timeouts <= 1 || min === max) return median;
  return `${median} (${min}–${max})`;
}

/** The lines of a Markdown table: the header's cells, the rule under them, then a line per row of cells. */
export function markdownTable(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)];
}

/**
 * The dashboard's charts, drawn with Chart.js and chartjs-chart-matrix. Both are loaded with a
 * dynamic import() the first time a chart is drawn, so the annotate view never loads them.
 */
import type { Chart as ChartType } from 'chart.js';
import type { ConfusionMatrix } from '../../../core/metrics/labels.ts';

let loading: Promise<typeof import('chart.js').Chart> | null = null;

/** Chart.js with the pieces the dashboard uses registered (loaded once). */
export function loadChart(): Promise<typeof import('chart.js').Chart> {
  loading ??= Promise.all([import('chart.js'), import('chartjs-chart-matrix')]).then(([c, m]) => {
    c.Chart.register(
      c.BarController,
      c.BarElement,
      c.CategoryScale,
      c.LinearScale,
      c.Tooltip,
      c.Legend,
      c.Title,
      m.MatrixController,
      m.MatrixElement,
    );
    return c.Chart;
  });
  return loading;
}

/** A confusion-matrix heatmap: rows are layer A's values, columns layer B's; darker = more tokens. */
export async function drawHeatmap(canvas: HTMLCanvasElement, m: ConfusionMatrix, a: string, b: string): Promise<ChartType> {
  const Chart = await loadChart();
  const max = Math.max(1, ...m.matrix.flat());
  const n = m.labels.length;
  const data = m.matrix.flatMap((row, i) => row.map((v, j) => ({ x: m.labels[j]!, y: m.labels[i]!, v })));
  return new Chart(canvas, {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: `${a} (rows) × ${b} (columns), tokens`,
          data,
          backgroundColor: (ctx: { raw?: unknown }) => {
            const v = (ctx.raw as { v?: number } | undefined)?.v ?? 0;
            const t = Math.sqrt(v / max);
            return `rgba(21, 101, 192, ${0.06 + 0.9 * t})`;
          },
          borderColor: 'rgba(0,0,0,0.15)',
          borderWidth: 1,
          width: ({ chart }: { chart: ChartType }) => (chart.chartArea?.width ?? 0) / n - 2,
          height: ({ chart }: { chart: ChartType }) => (chart.chartArea?.height ?? 0) / n - 2,
        },
      ],
    } as never,
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        title: { display: true, text: `Label confusion: ${a} (rows) vs ${b} (columns), tokens` },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item: { raw: unknown }) => {
              const r = item.raw as { x: string; y: string; v: number };
              return `${a}: ${r.y} · ${b}: ${r.x} — ${r.v} tokens`;
            },
          },
        },
      },
      scales: {
        x: { type: 'category', labels: m.labels, offset: true, grid: { display: false }, title: { display: true, text: b } },
        y: {
          type: 'category',
          labels: m.labels,
          offset: true,
          reverse: false,
          grid: { display: false },
          title: { display: true, text: a },
        },
      },
    } as never,
  });
}

export interface PairBar {
  pair: string;
  kappa: number;
  exact: number;
  overlap: number;
}

/** Pairwise agreement: Cohen's κ and span F1 (exact, overlap) per pair of layers. */
export async function drawPairChart(canvas: HTMLCanvasElement, bars: readonly PairBar[], label: string): Promise<ChartType> {
  const Chart = await loadChart();
  const clean = (v: number) => (Number.isFinite(v) ? v : null);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bars.map((b) => b.pair),
      datasets: [
        { label: "Cohen's κ", data: bars.map((b) => clean(b.kappa)), backgroundColor: '#1565c0' },
        { label: 'Span F1, exact', data: bars.map((b) => clean(b.exact)), backgroundColor: '#ef6c00' },
        { label: 'Span F1, overlap', data: bars.map((b) => clean(b.overlap)), backgroundColor: '#2e7d32' },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: `Pairwise agreement — ${label === '*' ? 'all labels' : label}` } },
      scales: { y: { min: Math.min(0, ...bars.map((b) => (Number.isFinite(b.kappa) ? b.kappa : 0))), max: 1 } },
    },
  });
}

/**
 * The agreement dashboard: every figure of core/metrics/report.ts for the corpus or one document,
 * per label and over all labels, computed in a Web Worker with progress and Cancel (a document's
 * figures, and the CSV exports, are asked of the worker when they are wanted). A label
 * confusion heatmap and a pairwise chart (Chart.js, loaded on first draw), CSV exports of the
 * figures and of the disagreements, and each metric's definition in a help dialog.
 * Loaded lazily (React.lazy) so the annotate view does not pay for it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Chart } from 'chart.js';
import type { AgreementFigures, DocumentAgreement } from '../../../core/metrics/report.ts';
import {
  alphaNote,
  alphaUNote,
  attributionNote,
  cohenNote,
  documentAttributeNotes,
  fleissNote,
  groupingNote,
  spanNote,
  type FigureNote,
} from '../../../core/metrics/explain.ts';
import { plural } from '../../../core/model/plural.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AgreementCsv, AgreementOutput, AgreementProgress } from './agreementJob.ts';
import { AgreementCancelled, openAgreement, type RunningAgreement } from './agreementClient.ts';
import { drawHeatmap, drawPairChart } from './charts.ts';
import { MetricsHelp } from './MetricsHelp.tsx';

interface Props {
  dbName: string;
  projectId: string;
  projectName: string;
  platform: Platform;
  onNotice(text: string): void;
}

/** A figure for the table: three decimals; undefined (NaN) as "—". */
export function fmt(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '—';
}

const STARTING: AgreementProgress = { phase: 'reading', done: 0, total: 0 };

/** Reading and computing go document by document: their progress shows as a count. */
const counted = (p: AgreementProgress) => p.phase !== 'disagreements' && p.total > 0;

const PHASES: Record<AgreementProgress['phase'], string> = {
  reading: 'Reading documents',
  computing: 'Computing the figures',
  disagreements: 'Listing disagreements',
};

export default function AgreementDashboard({ dbName, projectId, projectName, platform, onNotice }: Props) {
  const [output, setOutput] = useState<AgreementOutput | null>(null);
  const [progress, setProgress] = useState<AgreementProgress | null>(STARTING);
  const [error, setError] = useState('');
  const [scope, setScope] = useState('corpus');
  const [label, setLabel] = useState('*');
  const [pairIndex, setPairIndex] = useState(0);
  const [help, setHelp] = useState<string | null>(null);
  const [documentFigures, setDocumentFigures] = useState<DocumentAgreement | null>(null);
  const running = useRef<RunningAgreement<unknown> | null>(null);
  const service = useMemo(() => openAgreement({ dbName, projectId }), [dbName, projectId]);
  useEffect(() => () => service.close(), [service]);

  /** Starts a computation; its state changes come from the worker's replies, never synchronously. */
  const launch = useCallback(() => {
    running.current?.cancel();
    const job = service.compute(setProgress);
    running.current = job;
    job.result.then(
      (out) => {
        if (running.current !== job) return;
        running.current = null;
        setDocumentFigures(null);
        setOutput(out);
        setProgress(null);
      },
      (err: Error) => {
        if (running.current === job) running.current = null;
        setProgress(null);
        if (!(err instanceof AgreementCancelled)) setError(`The figures could not be computed: ${err.message}`);
        else onNotice('Agreement computation cancelled.');
      },
    );
  }, [service, onNotice]);

  const run = () => {
    setError('');
    setProgress(STARTING);
    launch();
  };

  useEffect(() => {
    launch();
    return () => running.current?.cancel();
  }, [launch]);

  // A document's figures come from the worker when the document is chosen.
  useEffect(() => {
    if (!output || scope === 'corpus') return;
    let current = true;
    service.document(scope).result.then(
      (d) => current && setDocumentFigures(d ?? null),
      (err: Error) => current && !(err instanceof AgreementCancelled) && setError(`The figures could not be computed: ${err.message}`),
    );
    return () => {
      current = false;
    };
  }, [service, output, scope]);

  const report = output?.report;
  const figures: AgreementFigures | undefined = report
    ? scope === 'corpus'
      ? report.corpus
      : documentFigures?.id === scope
        ? documentFigures
        : undefined
    : undefined;
  const labelKeys = useMemo(() => (report ? ['*', ...report.labels] : ['*']), [report]);
  const lf = figures?.labels[label];
  const pairs = figures?.confusion ?? [];
  const pair = pairs[Math.min(pairIndex, pairs.length - 1)];
  const layerCount = figures?.layers.length ?? 0;
  const documentAttributes = report ? Object.entries(report.corpus.documentAttributes) : [];

  const heatRef = useRef<HTMLCanvasElement>(null);
  const barRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let charts: Chart[] = [];
    let cancelled = false;
    void (async () => {
      const drawn: Chart[] = [];
      if (pair && heatRef.current) drawn.push(await drawHeatmap(heatRef.current, pair, pair.a, pair.b));
      if (lf && barRef.current) {
        const bars = lf.cohen.map((k, i) => ({
          pair: `${k.a} – ${k.b}`,
          kappa: k.kappa,
          exact: lf.spanF1.exact.pairs[i]?.f1 ?? NaN,
          overlap: lf.spanF1.overlap.pairs[i]?.f1 ?? NaN,
        }));
        drawn.push(await drawPairChart(barRef.current, bars, label));
      }
      if (cancelled) drawn.forEach((c) => c.destroy());
      else charts = drawn;
    })();
    return () => {
      cancelled = true;
      charts.forEach((c) => c.destroy());
    };
  }, [pair, lf, label]);

  /** Has the worker make a CSV (with progress and Cancel), then saves it. */
  const exportCsv = async (make: (onProgress: (p: AgreementProgress) => void) => RunningAgreement<AgreementCsv>, file: string) => {
    const job = make(setProgress);
    running.current = job;
    setProgress(STARTING);
    try {
      const made = await job.result;
      const r = await platform.saveFile(`${stem(projectName)}-${file}.csv`, made.csv, [{ name: 'CSV', extensions: ['csv'] }]);
      return r.saved ? { rows: made.rows, where: r.where } : null;
    } catch (err) {
      if (!(err instanceof AgreementCancelled)) setError(`The CSV could not be made: ${(err as Error).message}`);
      return null;
    } finally {
      if (running.current === job) {
        running.current = null;
        setProgress(null);
      }
    }
  };
  const exportFigures = async () => {
    if (!report) return;
    const saved = await exportCsv(service.figuresCsv, 'agreement');
    onNotice(saved ? `Saved the agreement figures${saved.where ? ` to ${saved.where}` : ''}.` : 'Export cancelled.');
  };
  const exportDisagreements = async () => {
    if (!output) return;
    const saved = await exportCsv(service.disagreementsCsv, 'disagreements');
    onNotice(saved ? `Saved ${saved.rows} disagreements${saved.where ? ` to ${saved.where}` : ''}.` : 'Export cancelled.');
  };

  const helpButton = (section: string) => (
    <button type="button" className="link help-link" onClick={() => setHelp(section)} aria-label={`Definition of ${section}`}>
      ?
    </button>
  );

  return (
    <main className="agreement-dashboard" data-own-keys>
      <div className="dashboard-toolbar" role="toolbar" aria-label="Agreement tools">
        <h1>Agreement</h1>
        <label>
          Scope{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value)} aria-label="Scope">
            <option value="corpus">Whole corpus</option>
            {report?.documents.map((d) => (
              <option key={d.id} value={d.id}>
                {output?.titles[d.id] ?? d.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label{' '}
          <select value={label} onChange={(e) => setLabel(e.target.value)} aria-label="Label">
            {labelKeys.map((l) => (
              <option key={l} value={l}>
                {l === '*' ? 'All labels' : l}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={run} disabled={progress !== null}>
          Recompute
        </button>
        <button type="button" onClick={() => void exportFigures()} disabled={!report || progress !== null}>
          Export figures (CSV)
        </button>
        <button type="button" onClick={() => void exportDisagreements()} disabled={!output || progress !== null}>
          Export disagreements (CSV)
        </button>
        <button type="button" onClick={() => setHelp('')}>
          Metric definitions
        </button>
      </div>

      {progress && (
        <div className="dashboard-progress" role="status" aria-live="polite">
          <span>
            {PHASES[progress.phase]}
            {counted(progress) ? ` (${progress.done} of ${progress.total})` : '…'}
          </span>
          <progress
            aria-label="Agreement progress"
            max={counted(progress) ? progress.total : undefined}
            value={counted(progress) ? progress.done : undefined}
          />
          <button type="button" onClick={() => running.current?.cancel()}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}

      {report && !figures && !progress && !error && (
        <p className="hint" role="status">
          Computing the document’s figures…
        </p>
      )}
      {report && figures && lf && (
        <>
          <p className="hint">
            {plural(report.layers.length, 'layer')} ({report.layers.join(', ')}) ·{' '}
            {scope === 'corpus'
              ? `${plural(report.corpus.documents, 'document')}, ${report.corpus.completeDocuments} annotated by every layer`
              : `${plural(figures.layers.length, 'layer')} on this document`}{' '}
            · {plural(figures.tokens, 'token')}
          </p>
          {report.layers.length < 2 && <p className="empty">Agreement needs at least two layers. Add teammates’ annotations first.</p>}
          <table className="figures" aria-label="Agreement figures">
            <ColumnHeads names={['Metric', 'Value', 'Precision', 'Recall', 'Based on', 'Why this value']} />
            <tbody>
              <FigureRow
                name="Cohen’s κ (mean of pairs)"
                help={helpButton("Cohen's κ")}
                value={lf.meanCohen}
                note={cohenNote(lf, layerCount)}
              />
              <FigureRow name="Fleiss’ κ" help={helpButton("Fleiss' κ")} value={lf.fleiss.kappa} note={fleissNote(lf, layerCount)} />
              <FigureRow
                name="Krippendorff’s α (nominal)"
                help={helpButton("Krippendorff's α, nominal")}
                value={lf.alphaNominal.alpha}
                note={alphaNote(lf, layerCount)}
              />
              <FigureRow
                name="Krippendorff’s αU (unitizing)"
                help={helpButton("Krippendorff's αU")}
                value={lf.alphaUnitizing.alpha}
                note={alphaUNote(lf, layerCount, scope === 'corpus' ? report.corpus.completeDocuments : undefined)}
              />
              {(['exact', 'overlap'] as const).map((mode) => (
                <FigureRow
                  key={mode}
                  name={`Span F1, ${mode}`}
                  help={helpButton('Span precision')}
                  value={lf.spanF1[mode].f1}
                  precision={lf.spanF1[mode].precision}
                  recall={lf.spanF1[mode].recall}
                  note={spanNote(lf.spanF1[mode], mode, label, layerCount)}
                />
              ))}
              {(['exact', 'overlap'] as const).map((mode) => (
                <FigureRow
                  key={`attr-${mode}`}
                  name={`Attribution F1, ${mode}`}
                  help={helpButton('Attribution F1')}
                  value={figures.attribution[mode].f1}
                  precision={figures.attribution[mode].precision}
                  recall={figures.attribution[mode].recall}
                  note={attributionNote(figures.attribution[mode], figures.attributionClaims, layerCount)}
                />
              ))}
            </tbody>
          </table>

          {scope === 'corpus' && documentAttributes.length > 0 && (
            <>
              <h2>Document attributes (a document is a unit) {helpButton('Document attributes')}</h2>
              <table className="figures" aria-label="Document attribute agreement">
                <ColumnHeads names={['Attribute', 'Metric', 'Value', 'Based on', 'Why this value']} />
                <tbody>
                  {documentAttributes.flatMap(([name, f]) => {
                    const notes = documentAttributeNotes(f, layerCount);
                    const rows: [string, number, FigureNote][] = [
                      ['Krippendorff’s α (nominal)', f.alpha.alpha, notes.alpha],
                      ['Fleiss’ κ', f.fleiss.kappa, notes.fleiss],
                      ['Cohen’s κ (mean of pairs)', f.meanCohen, notes.cohen],
                    ];
                    return rows.map(([metric, v, note]) => (
                      <tr key={`${name}-${metric}`}>
                        <th scope="row">{name}</th>
                        <td>{metric}</td>
                        <td>{fmt(v)}</td>
                        <td>{note.n}</td>
                        <td>{note.why ?? ''}</td>
                      </tr>
                    ));
                  })}
                </tbody>
              </table>
            </>
          )}

          {scope === 'corpus' && report.corpus.grouping.length > 0 && (
            <>
              <h2>Claim grouping {helpButton('Claim grouping')}</h2>
              <p className="hint">
                How far two layers’ claim groups agree. The units are the claims either layer put in a group, matched across layers by
                document and span (a claim only one layer grouped is alone in the other). Pairwise counts the pairs of claims put in one
                group; B-cubed scores each claim by how much its group in one layer overlaps its group in the other. The first layer is the
                reference for precision and recall.
              </p>
              <table className="figures" aria-label="Claim grouping agreement">
                <ColumnHeads names={['Layers', 'Metric', 'F1', 'Precision', 'Recall', 'Based on', 'Why this value']} />
                <tbody>
                  {report.corpus.grouping.flatMap((g) =>
                    (['pairwise', 'bcubed'] as const).map((which) => {
                      const note = groupingNote(g, which);
                      return (
                        <tr key={`${g.a}-${g.b}-${which}`}>
                          <th scope="row">
                            {g.a} – {g.b}
                          </th>
                          <td>{which === 'pairwise' ? 'Pairwise' : 'B-cubed'}</td>
                          <td>{fmt(g[which].f1)}</td>
                          <td>{fmt(g[which].precision)}</td>
                          <td>{fmt(g[which].recall)}</td>
                          <td>{note.n}</td>
                          <td className="figure-why">{note.why ?? ''}</td>
                        </tr>
                      );
                    }),
                  )}
                </tbody>
              </table>
            </>
          )}

          <h2>Per label</h2>
          <table className="figures" aria-label="Agreement per label">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Cohen’s κ</th>
                <th scope="col">Fleiss’ κ</th>
                <th scope="col">α nominal</th>
                <th scope="col">αU</th>
                <th scope="col">F1 exact</th>
                <th scope="col">F1 overlap</th>
              </tr>
            </thead>
            <tbody>
              {labelKeys.map((l) => {
                const f = figures.labels[l];
                if (!f) return null;
                return (
                  <tr key={l} aria-selected={l === label}>
                    <th scope="row">{l === '*' ? 'All labels' : l}</th>
                    <td>{fmt(f.meanCohen)}</td>
                    <td>{fmt(f.fleiss.kappa)}</td>
                    <td>{fmt(f.alphaNominal.alpha)}</td>
                    <td>{fmt(f.alphaUnitizing.alpha)}</td>
                    <td>{fmt(f.spanF1.exact.f1)}</td>
                    <td>{fmt(f.spanF1.overlap.f1)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <h2>Pairs of layers — {label === '*' ? 'all labels' : label}</h2>
          <table className="figures" aria-label="Pairwise agreement">
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Cohen’s κ</th>
                <th scope="col">F1 exact</th>
                <th scope="col">F1 overlap</th>
                <th scope="col">Attribution F1 (overlap)</th>
              </tr>
            </thead>
            <tbody>
              {lf.cohen.map((k, i) => (
                <tr key={`${k.a}-${k.b}`}>
                  <th scope="row">
                    {k.a} – {k.b}
                  </th>
                  <td>{fmt(k.kappa)}</td>
                  <td>{fmt(lf.spanF1.exact.pairs[i]?.f1)}</td>
                  <td>{fmt(lf.spanF1.overlap.pairs[i]?.f1)}</td>
                  <td>{fmt(figures.attribution.overlap.pairs[i]?.f1)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="charts">
            <figure>
              <div className="chart-box">
                <canvas ref={barRef} role="img" aria-label={`Pairwise agreement chart for ${label === '*' ? 'all labels' : label}`} />
              </div>
            </figure>
            <figure>
              {pairs.length > 1 && (
                <label>
                  Pair{' '}
                  <select
                    value={pairIndex}
                    onChange={(e) => setPairIndex(Number(e.target.value))}
                    aria-label="Pair for the confusion matrix"
                  >
                    {pairs.map((p, i) => (
                      <option key={i} value={i}>
                        {p.a} – {p.b}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <div className="chart-box">
                <canvas
                  ref={heatRef}
                  role="img"
                  aria-label={pair ? `Label confusion heatmap, ${pair.a} against ${pair.b}` : 'Label confusion heatmap'}
                />
              </div>
              {pair && (
                <table className="figures compact" aria-label={`Label confusion, ${pair.a} (rows) against ${pair.b} (columns)`}>
                  <thead>
                    <tr>
                      <th scope="col">
                        {pair.a} \ {pair.b}
                      </th>
                      {pair.labels.map((l) => (
                        <th key={l} scope="col">
                          {l}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {pair.matrix.map((row, i) => (
                      <tr key={i}>
                        <th scope="row">{pair.labels[i]}</th>
                        {row.map((v, j) => (
                          <td key={j}>{v}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </figure>
          </div>

          {Object.keys(figures.attributes).length > 0 && (
            <>
              <h2>Attributes (Krippendorff’s α, nominal)</h2>
              <table className="figures" aria-label="Attribute agreement">
                <tbody>
                  {Object.entries(figures.attributes).flatMap(([l, attrs]) =>
                    Object.entries(attrs).map(([name, r]) => (
                      <tr key={`${l}-${name}`}>
                        <th scope="row">
                          {l} · {name}
                        </th>
                        <td>{fmt(r.alpha)}</td>
                        <td>{plural(r.pairableValues, 'value')} (one per layer and group of overlapping spans)</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </>
          )}

          {scope === 'corpus' && report.documents.length > 1 && (
            <>
              <h2>Documents, least agreement first</h2>
              <table className="figures" aria-label="Agreement per document">
                <thead>
                  <tr>
                    <th scope="col">Document</th>
                    <th scope="col">Layers</th>
                    <th scope="col">F1 overlap</th>
                    <th scope="col">αU</th>
                  </tr>
                </thead>
                <tbody>
                  {[...report.documents]
                    .sort((a, b) => a.spanF1Overlap - b.spanF1Overlap)
                    .slice(0, 200)
                    .map((d) => (
                      <tr key={d.id}>
                        <th scope="row">
                          <button type="button" className="link" onClick={() => setScope(d.id)}>
                            {output?.titles[d.id] ?? d.id}
                          </button>
                        </th>
                        <td>{d.layers.length}</td>
                        <td>{fmt(d.spanF1Overlap)}</td>
                        <td>{fmt(d.alphaUnitizing)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
      {help !== null && <MetricsHelp section={help || undefined} onClose={() => setHelp(null)} />}
    </main>
  );
}

function ColumnHeads({ names }: { names: readonly string[] }) {
  return (
    <thead>
      <tr>
        {names.map((n) => (
          <th key={n} scope="col">
            {n}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One figure of the main table: value, precision and recall where they apply, what it rests on, why it is 0 or undefined. */
function FigureRow(props: { name: string; help: ReactNode; value: number; precision?: number; recall?: number; note: FigureNote }) {
  return (
    <tr>
      <th scope="row">
        {props.name} {props.help}
      </th>
      <td>{fmt(props.value)}</td>
      <td>{props.precision === undefined ? '' : fmt(props.precision)}</td>
      <td>{props.recall === undefined ? '' : fmt(props.recall)}</td>
      <td>{props.note.n}</td>
      <td className="figure-why">{props.note.why ?? ''}</td>
    </tr>
  );
}

function stem(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'project'
  );
}

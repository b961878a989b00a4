/**
 * The import dialog: pick files or a folder (or receive dropped ones) → preview (formats,
 * document counts, duplicates, CSV/JSON options, target layer) → import with a progress bar and
 * Cancel → a result per file. Parsing and writing run in the import worker.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CsvImportOptions } from '../../../core/formats/csv.ts';
import { FORMAT_NAMES } from '../../../core/formats/registry.ts';
import { pluralCount as plural } from '../../../core/model/plural.ts';
import type { ImportFile } from '../../../core/formats/import-files.ts';
import { describeError } from '../../../core/formats/types.ts';
import { GOLD_LAYER, SUGGESTIONS_LAYER } from '../../../core/model/types.ts';
import type { Platform } from '../../platform/platform.ts';
import { ImportSession } from './importClient.ts';
import type { FileOutcome, FileSummary, FromWorker, ReadOptions } from './protocol.ts';
import { DialogActions } from '../../components/DialogActions.tsx';
import './import.css';

/** How the dialog was opened: the button, a menu command, files dropped onto the window, or a drop refused before reading. */
export type ImportRequest =
  | { kind: 'dialog' }
  | { kind: 'files' }
  | { kind: 'folder' }
  | { kind: 'dropped'; files: ImportFile[] }
  | { kind: 'refused'; message: string };

interface Props {
  request: ImportRequest | null;
  platform: Platform;
  dbName: string;
  projectId: string;
  projectName: string;
  annotator: string;
  onClose(): void;
  /** Called after documents were written (also after Cancel), to refresh the document list. */
  onImported(): void;
}

type Phase =
  | { kind: 'pick' }
  | { kind: 'reading'; file: string; index: number; total: number }
  | { kind: 'preview' }
  | { kind: 'importing'; done: number; total: number; imported: number; file: string; rate: number; cancelling: boolean }
  | {
      kind: 'done';
      files: FileOutcome[];
      imported: number;
      duplicates: number;
      annotations: number;
      cancelled: boolean;
      /** The text index pass that follows (search waits for it if asked first). */
      indexing?: { done: number; total: number };
    }
  | { kind: 'error'; message: string };

const nf = new Intl.NumberFormat('en');
const freshOptions = (): ReadOptions => ({ csv: {}, textField: 'text', layer: SUGGESTIONS_LAYER });

export function ImportDialog({ request, platform, dbName, projectId, projectName, annotator, onClose, onImported }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const session = useRef<ImportSession | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [files, setFiles] = useState<ImportFile[]>([]);
  const [summaries, setSummaries] = useState<FileSummary[]>([]);
  const [options, setOptions] = useState<ReadOptions>(freshOptions);
  const [textField, setTextField] = useState('text');
  const open = request !== null;
  const busy = phase.kind === 'reading' || phase.kind === 'importing';

  const onMessage = useCallback(
    (m: FromWorker) => {
      if (m.type === 'reading') setPhase({ kind: 'reading', file: m.file, index: m.index, total: m.total });
      else if (m.type === 'read') {
        setSummaries(m.files);
        setPhase({ kind: 'preview' });
      } else if (m.type === 'progress') {
        setPhase((p) => ({
          kind: 'importing',
          done: m.done,
          total: m.total,
          imported: m.imported,
          file: m.file,
          rate: m.rate,
          cancelling: p.kind === 'importing' && p.cancelling,
        }));
      } else if (m.type === 'done') {
        setPhase({
          kind: 'done',
          files: m.files,
          imported: m.imported,
          duplicates: m.duplicates,
          annotations: m.annotations,
          cancelled: m.cancelled,
        });
        onImported();
      } else if (m.type === 'indexing') {
        setPhase((p) => (p.kind === 'done' ? { ...p, indexing: { done: m.done, total: m.total } } : p));
      } else {
        setPhase({ kind: 'error', message: m.message });
      }
    },
    [onImported],
  );

  const read = useCallback(
    (list: ImportFile[], opts: ReadOptions) => {
      if (list.length === 0) return;
      session.current ??= new ImportSession(dbName, projectId, onMessage);
      setPhase({ kind: 'reading', file: list[0]!.name, index: 0, total: list.length });
      void session.current.read(list, opts);
    },
    [dbName, projectId, onMessage],
  );

  const choose = useCallback(
    async (kind: 'files' | 'folder') => {
      try {
        const picked = kind === 'folder' ? await platform.openFolder() : await platform.openFiles([], true);
        if (picked.length === 0) return;
        setFiles(picked);
        read(picked, options);
      } catch (err) {
        setPhase({ kind: 'error', message: `The files could not be opened: ${(err as Error).message}` });
      }
    },
    [platform, read, options],
  );

  // A new request starts the dialog afresh (during render, so its first paint is already fresh).
  const [shownRequest, setShownRequest] = useState<ImportRequest | null>(null);
  if (request !== shownRequest) {
    setShownRequest(request);
    if (request) {
      setOptions(freshOptions());
      setTextField('text');
      setSummaries([]);
      setPhase(request.kind === 'refused' ? { kind: 'error', message: request.message } : { kind: 'pick' });
      if (request.kind === 'dropped') setFiles(request.files);
    }
  }

  // Open/close the modal and start what the request asks for. `read` and `choose` are read
  // through a ref, so only a new request (not their changing identities) runs this again.
  const start = useRef({ read, choose });
  useLayoutEffect(() => {
    start.current = { read, choose };
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      dialog.showModal();
      if (request.kind === 'dropped') start.current.read(request.files, freshOptions());
      else if (request.kind === 'files' || request.kind === 'folder') void start.current.choose(request.kind);
    } else if (!request && dialog.open) {
      dialog.close();
    }
  }, [request]);

  const close = useCallback(() => {
    if (phase.kind === 'importing') return;
    session.current?.dispose();
    session.current = null;
    onClose();
  }, [phase.kind, onClose]);

  const cancelImport = useCallback(() => {
    session.current?.cancel();
    setPhase((p) => (p.kind === 'importing' ? { ...p, cancelling: true } : p));
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (phase.kind === 'importing') cancelImport();
      else close();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, [phase.kind, close, cancelImport]);

  useEffect(() => () => session.current?.dispose(), []);

  const reread = (next: ReadOptions) => {
    setOptions(next);
    read(files, next);
  };
  const setCsv = (file: string, csv: CsvImportOptions) => reread({ ...options, csv: { ...options.csv, [file]: csv } });

  const startImport = () => {
    const total = summaries.reduce((n, s) => n + s.documents, 0);
    setPhase({
      kind: 'importing',
      done: 0,
      total,
      imported: 0,
      file: summaries.find((s) => s.documents > 0)?.file ?? '',
      rate: 0,
      cancelling: false,
    });
    session.current?.start(annotator, options.layer);
  };

  const totals = summaries.reduce(
    (t, s) => ({
      documents: t.documents + s.documents,
      duplicates: t.duplicates + s.duplicates,
      annotations: t.annotations + s.annotations,
      failed: t.failed + (s.status === 'failed' ? 1 : 0),
    }),
    { documents: 0, duplicates: 0, annotations: 0, failed: 0 },
  );
  const fresh = totals.documents - totals.duplicates;
  const showLayer = summaries.some((s) => s.usesLayer && s.annotations > 0);
  const showTextField = summaries.some((s) => s.usesTextField);

  return (
    <dialog ref={ref} className="import-dialog" aria-labelledby="import-title" aria-busy={busy}>
      {open && (
        <div className="import-body">
          <h2 id="import-title">Import into “{projectName}”</h2>

          {phase.kind === 'pick' && (
            <>
              <p>Choose files or a whole folder, or drop them onto the window.</p>
              <div className="import-pick">
                <button type="button" className="primary" onClick={() => void choose('files')}>
                  Choose files…
                </button>
                <button type="button" onClick={() => void choose('folder')}>
                  Choose folder…
                </button>
              </div>
              <p className="import-hint">
                Plain text, Markdown, HTML pages, PDF, CSV/TSV, JSON/JSONL (Claimscope, doccano, Label Studio, spaCy, W3C Web Annotation),
                brat (.txt + .ann), CoNLL/BIO and zip archives of these.
              </p>
            </>
          )}

          {phase.kind === 'reading' && (
            <div className="import-progress" role="status">
              <p>
                Reading {phase.file} ({nf.format(phase.index + 1)} of {nf.format(phase.total)})…
              </p>
              <progress aria-label="Reading files" />
            </div>
          )}

          {phase.kind === 'preview' && (
            <>
              <p className="import-totals" data-testid="import-totals">
                {plural(totals.documents, 'document')} in {plural(summaries.length, 'file')}
                {totals.annotations > 0 && `, ${plural(totals.annotations, 'annotation')}`}
                {totals.duplicates > 0 && ` · ${plural(totals.duplicates, 'duplicate')} will be skipped`}
                {totals.failed > 0 && ` · ${plural(totals.failed, 'file')} cannot be imported`}
              </p>
              <div className="import-table-wrap">
                <table className="import-files" aria-label="Files to import">
                  <thead>
                    <tr>
                      <th scope="col">File</th>
                      <th scope="col">Format</th>
                      <th scope="col">Documents</th>
                      <th scope="col">Annotations</th>
                      <th scope="col">Duplicates</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summaries.map((s) => (
                      <tr key={s.file} data-status={s.status}>
                        <th scope="row">{s.file}</th>
                        <td>{FORMAT_NAMES[s.format]}</td>
                        {s.status === 'failed' ? (
                          <td colSpan={3} className="import-error">
                            {describeError(s.error!)}
                          </td>
                        ) : (
                          <>
                            <td>{nf.format(s.documents)}</td>
                            <td>{nf.format(s.annotations)}</td>
                            <td>{nf.format(s.duplicates)}</td>
                          </>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {summaries
                .filter((s) => s.csv)
                .map((s) => (
                  <CsvOptions key={s.file} summary={s} onChange={(csv) => setCsv(s.file, csv)} />
                ))}
              {(showTextField || showLayer) && (
                <div className="import-options">
                  {showTextField && (
                    <label className="field">
                      JSON text field
                      <input
                        value={textField}
                        onChange={(e) => setTextField(e.target.value)}
                        onBlur={() =>
                          textField.trim() && textField !== options.textField && reread({ ...options, textField: textField.trim() })
                        }
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' && textField.trim()) reread({ ...options, textField: textField.trim() });
                        }}
                      />
                    </label>
                  )}
                  {showLayer && (
                    <label className="field">
                      Annotations without a layer go to
                      <select value={options.layer} onChange={(e) => reread({ ...options, layer: e.target.value })}>
                        <option value={SUGGESTIONS_LAYER}>Suggestions (pre-annotations to review)</option>
                        <option value={GOLD_LAYER}>Gold</option>
                        <option value={annotator}>My layer ({annotator})</option>
                      </select>
                    </label>
                  )}
                </div>
              )}
              <p className="import-hint">
                Predictions arrive as suggestions, never as confirmed annotations. An import cannot be undone with Ctrl+Z; remove imported
                documents with the document list's Delete.
              </p>
              <DialogActions onCancel={close} cancelLabel="Close">
                <button type="button" onClick={() => setPhase({ kind: 'pick' })}>
                  Choose other files
                </button>
                <button type="button" className="primary" disabled={fresh <= 0} onClick={startImport}>
                  Import {plural(Math.max(fresh, 0), 'document')}
                </button>
              </DialogActions>
            </>
          )}

          {phase.kind === 'importing' && (
            <div className="import-progress">
              <progress max={Math.max(phase.total, 1)} value={phase.done} aria-label="Import progress" />
              <p role="status" data-testid="import-progress">
                {nf.format(phase.done)} of {nf.format(phase.total)} documents · {nf.format(Math.round(phase.rate))} docs/s
                {phase.file && ` · ${phase.file}`}
              </p>
              <DialogActions
                onCancel={cancelImport}
                cancelLabel={phase.cancelling ? 'Cancelling after this batch…' : 'Cancel import'}
                cancelDisabled={phase.cancelling}
              />
            </div>
          )}

          {phase.kind === 'done' && (
            <>
              <p role="status" className="import-totals" data-testid="import-result">
                {phase.cancelled
                  ? `Import cancelled: ${plural(phase.imported, 'document')} were imported before cancelling; none is half-imported.`
                  : `Imported ${plural(phase.imported, 'document')} and ${plural(phase.annotations, 'annotation')}${phase.duplicates ? `; skipped ${plural(phase.duplicates, 'duplicate')}` : ''}.`}
              </p>
              {phase.indexing && (
                <p className="import-indexing" role="status">
                  {phase.indexing.done < phase.indexing.total
                    ? `Indexing for search: ${nf.format(phase.indexing.done)} of ${nf.format(phase.indexing.total)} documents (they are listed already; a search waits for this).`
                    : `Indexed ${plural(phase.indexing.total, 'document')} for search.`}
                </p>
              )}
              <ul className="import-results" aria-label="Import results">
                {phase.files.map((f) => (
                  <li
                    key={f.file}
                    data-status={
                      f.status === 'failed'
                        ? 'failed'
                        : f.tally && f.tally.imported === 0 && f.tally.duplicates > 0
                          ? 'duplicate'
                          : 'imported'
                    }
                  >
                    <strong>{f.file}</strong> — {outcomeText(f, phase.cancelled)}
                    {f.warnings.length > 0 && (
                      <details>
                        <summary>{plural(f.warnings.length, 'warning')}</summary>
                        <ul>
                          {f.warnings.map((w, i) => (
                            <li key={i}>{describeError(w)}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </li>
                ))}
              </ul>
              <DialogActions>
                <button type="button" className="primary" onClick={close} autoFocus>
                  Close
                </button>
              </DialogActions>
            </>
          )}

          {phase.kind === 'error' && (
            <>
              <p role="alert" className="import-error">
                {phase.message}
              </p>
              <DialogActions onCancel={close} cancelLabel="Close" />
            </>
          )}
        </div>
      )}
    </dialog>
  );
}

function outcomeText(f: FileOutcome, cancelled: boolean): string {
  if (f.status === 'failed') return `failed: ${describeError(f.error!)}`;
  if (f.format === 'brat-conf') return 'labels and relation types added to the schema';
  const t = f.tally;
  if (!t) return cancelled ? 'not imported (cancelled before this file)' : 'no documents';
  const parts: string[] = [];
  if (t.imported > 0) parts.push(`imported ${plural(t.imported, 'document')}, ${plural(t.annotations, 'annotation')}`);
  if (t.duplicates > 0) parts.push(`skipped ${plural(t.duplicates, 'duplicate')}`);
  if (t.leftOut > 0) parts.push(`left out ${plural(t.leftOut, 'annotation or relation', 'annotations or relations')} outside the text`);
  if (cancelled && t.imported + t.duplicates < f.documents)
    parts.push(`${plural(f.documents - t.imported - t.duplicates, 'document')} not imported (cancelled)`);
  return parts.join('; ') || 'nothing imported';
}

function CsvOptions({ summary, onChange }: { summary: FileSummary; onChange(options: CsvImportOptions): void }) {
  const { preview, options } = summary.csv!;
  const meta = new Set(options.metadataColumns ?? []);
  const update = (patch: Partial<CsvImportOptions>) => {
    const next: CsvImportOptions = { ...options, ...patch };
    if (next.titleColumn === undefined) delete next.titleColumn;
    next.metadataColumns = (next.metadataColumns ?? []).filter((c) => c !== next.textColumn && c !== next.titleColumn);
    onChange(next);
  };
  const id = `csv-${summary.file.replace(/\W+/g, '-')}`;
  return (
    <fieldset className="import-csv" aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>
        {summary.file}: {plural(preview.rowCount, 'row')},{' '}
        {preview.delimiter === '\t' ? 'tab' : preview.delimiter === ';' ? 'semicolon' : 'comma'}-separated
      </legend>
      <div className="import-csv-fields">
        <label className="field">
          Text column
          <select value={options.textColumn} onChange={(e) => update({ textColumn: e.target.value })}>
            {preview.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Title column
          <select value={options.titleColumn ?? ''} onChange={(e) => update({ titleColumn: e.target.value || undefined })}>
            <option value="">(first sentence of the text)</option>
            {preview.columns
              .filter((c) => c !== options.textColumn)
              .map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
          </select>
        </label>
        {preview.columns.length > 1 && (
          <fieldset className="import-csv-meta">
            <legend>Metadata columns</legend>
            {preview.columns
              .filter((c) => c !== options.textColumn && c !== options.titleColumn)
              .map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={meta.has(c)}
                    onChange={(e) => update({ metadataColumns: e.target.checked ? [...meta, c] : [...meta].filter((m) => m !== c) })}
                  />
                  {c}
                </label>
              ))}
          </fieldset>
        )}
      </div>
      <div className="import-table-wrap">
        <table className="import-csv-preview" aria-label={`First rows of ${summary.file}`}>
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c} scope="col" className={c === options.textColumn ? 'is-text' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, 3).map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell.length > 80 ? `${cell.slice(0, 79)}…` : cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

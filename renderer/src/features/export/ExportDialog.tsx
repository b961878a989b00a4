/**
 * The export dialog: format, which documents, which layers and labels, a loss report naming what
 * the chosen format leaves out (with counts) before anything is written, then the writing in a
 * worker with progress and Cancel, and the save dialog (desktop) or a download (web). It also
 * restores a project archive. Exporting only reads the database.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { EXPORT_FORMATS, exportFormat, type ExportFormatId, type ExportProgress } from '../../../core/formats/exports.ts';
import { DOCUMENT_STATUSES } from '../../../core/model/types.ts';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import type { Platform } from '../../platform/platform.ts';
import { useCorpusSelection } from '../../app/liveReads.ts';
import { ExportCancelled, startExport, startLossReport, type RunningExport } from './exportClient.ts';
import {
  fileFor,
  loadExportSource,
  lossJobFor,
  otherTablesNote,
  prepareExportJob,
  type ExportRequest,
  type ExportScope,
  type ExportSource,
} from './exportJob.ts';
import { restoreArchiveFile } from './restore.ts';
import { AutoBackupList } from './AutoBackupList.tsx';
import { backupMark, markBackedUp } from './backupReminder.ts';
import { DialogActions } from '../../components/DialogActions.tsx';
import './export.css';
import './backup.css';
import { toggled } from '../../../core/model/sets.ts';

interface Props {
  open: boolean;
  platform: Platform;
  onClose(): void;
  /** A sentence for the app's notice line once something was exported or restored. */
  onDone(message: string): void;
}

type ScopeKind = ExportScope['kind'];

export function ExportDialog({ open, platform, onClose, onDone }: Props) {
  const workspace = useWorkspace();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const { project, doc } = workspace.getState();
  const [source, setSource] = useState<ExportSource | null>(null);
  const [loadError, setLoadError] = useState('');
  const [format, setFormat] = useState<ExportFormatId>('jsonl');
  const [scopeKind, setScopeKind] = useState<ScopeKind>('project');
  const [status, setStatus] = useState('done');
  const [layer, setLayer] = useState<string>('');
  const [unchecked, setUnchecked] = useState<Set<string>>(() => new Set());
  const [running, setRunning] = useState<RunningExport | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState('');
  const [showBackups, setShowBackups] = useState(false);
  const [restoring, setRestoring] = useState<AbortController | null>(null);
  const selection = useCorpusSelection(workspace);
  const selected = useMemo(() => [...selection], [selection]);

  // Open and close the modal dialog with the prop; read the project afresh each time it opens.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      setSource(null);
      setLoadError('');
      setError('');
      setShowBackups(false);
      if (project) {
        loadExportSource(workspace.db, project.id).then(setSource, (err: Error) => setLoadError(err.message));
      }
    } else if (!open && dialog.open) dialog.close();
  }, [open, project, workspace]);

  const request: ExportRequest | null = useMemo(() => {
    if (!source) return null;
    let scope: ExportScope = { kind: 'project' };
    if (scopeKind === 'document' && doc) scope = { kind: 'document', documentId: doc.id };
    else if (scopeKind === 'documents') scope = { kind: 'documents', documentIds: selected };
    else if (scopeKind === 'status') scope = { kind: 'status', status };
    const labels = unchecked.size === 0 ? null : source.labels.filter((l) => !unchecked.has(l));
    return { format, scope, layer: layer === '' ? null : layer, labels };
  }, [source, format, scopeKind, status, layer, unchecked, doc, selected]);

  // The loss report is counted in a worker (for CoNLL it runs the export); a newer choice cancels it.
  // Each report is kept with the request it counted, so a newer choice shows "counting" at once.
  const [report, setReport] = useState<{ request: ExportRequest | null; notes: string[] | null; error: string }>({
    request: null,
    notes: null,
    error: '',
  });
  useEffect(() => {
    if (!request || !source) return undefined;
    const other = otherTablesNote(request, source);
    if (!project) return undefined;
    const counting = startLossReport(lossJobFor(workspace.db, project.id, request, source));
    counting.result.then(
      (found) => setReport({ request, notes: other ? [...found, other] : found, error: '' }),
      (err: Error) => {
        if (!(err instanceof ExportCancelled)) setReport({ request, notes: null, error: err.message });
      },
    );
    return () => counting.cancel();
  }, [request, source, project, workspace]);
  const notes = report.request === request ? report.notes : null;
  const notesError = report.request === request ? report.error : '';
  const selectable = exportFormat(format).selectable;
  const noLabels = selectable && source !== null && source.labels.length > 0 && unchecked.size === source.labels.length;

  const close = () => {
    running?.cancel();
    onClose();
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (running) running.cancel();
      else if (restoring) restoring.abort();
      else onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, [running, restoring, onClose]);

  // The file is chosen first and written as the export goes; Cancel or a failure drops it, so
  // nothing is claimed as saved that is not whole.
  const doExport = async () => {
    if (!project || !request || !source || running) return;
    setError('');
    const { name, filters } = fileFor(request, project.name);
    let target;
    let mark;
    try {
      // The save picker first, while the click still counts as the user's gesture (File System Access asks for one).
      target = await platform.saveStream(name, filters);
      if (!target) {
        setError('Not saved: the save dialog was cancelled.');
        return;
      }
      mark = await backupMark(workspace.db);
    } catch (err) {
      await target?.abort().catch(() => undefined);
      setError(`Export failed: ${(err as Error).message}`);
      return;
    }
    setProgress({ done: 0, total: 1, phase: 'Reading the project…' });
    const run = startExport(prepareExportJob(workspace.db, project.id, request, source), target, setProgress);
    setRunning(run);
    try {
      await run.result;
      setRunning(null);
      setProgress(null);
      const saved = await target.close();
      // The reminder's bookkeeping: on a full storage it may fail, and the archive is saved all the same.
      if (request.format === 'archive') await markBackedUp(workspace.db, mark).catch(() => undefined);
      onDone(`Exported ${exportFormat(request.format).name}${saved.where ? ` to ${saved.where}` : ''}.`);
      onClose();
    } catch (err) {
      await target.abort().catch(() => undefined);
      setRunning(null);
      setProgress(null);
      setError(err instanceof ExportCancelled ? err.message : `Export failed: ${(err as Error).message}`);
    }
  };

  const doRestore = async () => {
    if (restoring) return;
    setError('');
    const controller = new AbortController();
    setRestoring(controller);
    try {
      const message = await restoreArchiveFile(workspace, platform, { signal: controller.signal, onProgress: setProgress });
      if (message) {
        onDone(message);
        onClose();
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setRestoring(null);
      setProgress(null);
    }
  };

  const statuses = source ? Object.keys(source.statuses) : [];
  const statusCount = source?.statuses[status]?.length ?? 0;
  const busy = running !== null || progress !== null || restoring !== null;

  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        // The app's shortcuts may have consumed Escape before the dialog's own cancel: close here.
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        if (running) running.cancel();
        else onClose();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void doExport();
          }}
        >
          <h2 id={`${id}-title`}>Export</h2>
          {loadError && (
            <p className="export-error" role="alert">
              The project could not be read: {loadError}
            </p>
          )}
          <div className="export-field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormatId)} disabled={busy}>
              {EXPORT_FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
            <p className="export-hint">{exportFormat(format).description}</p>
          </div>

          <div className="export-columns">
            <fieldset disabled={!selectable || busy}>
              <legend>Documents</legend>
              <ScopeChoice kind="project" current={scopeKind} onPick={setScopeKind}>
                Whole project{source && <span className="export-count"> ({source.documents})</span>}
              </ScopeChoice>
              <ScopeChoice kind="document" current={scopeKind} onPick={setScopeKind} disabled={!doc}>
                The open document
              </ScopeChoice>
              <ScopeChoice kind="documents" current={scopeKind} onPick={setScopeKind} disabled={selected.length === 0}>
                Selected documents <span className="export-count">({selected.length})</span>
              </ScopeChoice>
              {statuses.length > 0 && (
                <div className="export-status">
                  <ScopeChoice kind="status" current={scopeKind} onPick={setScopeKind}>
                    With status
                  </ScopeChoice>
                  <select
                    aria-label="Document status"
                    value={status}
                    onChange={(e) => {
                      setStatus(e.target.value);
                      setScopeKind('status');
                    }}
                  >
                    {DOCUMENT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                  {scopeKind === 'status' && <span className="export-count">({statusCount})</span>}
                </div>
              )}
            </fieldset>

            <fieldset disabled={!selectable || busy}>
              <legend>Layers</legend>
              <label htmlFor={`${id}-layer`} className="visually-hidden">
                Layer
              </label>
              <select id={`${id}-layer`} value={layer} onChange={(e) => setLayer(e.target.value)}>
                <option value="">All layers</option>
                {(source?.layers ?? []).map((l) => (
                  <option key={l} value={l}>
                    {l === 'gold' ? 'Gold' : l === 'suggestions' ? 'Suggestions' : `Annotator: ${l}`}
                  </option>
                ))}
              </select>
            </fieldset>

            <fieldset disabled={!selectable || busy} className="export-labels">
              <legend>Labels</legend>
              {(source?.labels ?? []).map((l) => (
                <label key={l}>
                  <input
                    type="checkbox"
                    checked={!unchecked.has(l)}
                    onChange={(e) => setUnchecked((prev) => toggled(prev, !e.target.checked, [l]))}
                  />{' '}
                  {l}
                </label>
              ))}
            </fieldset>
          </div>
          {!selectable && (
            <p className="export-hint">The project archive always holds the whole project: every document, layer and label.</p>
          )}

          <section className="export-loss" aria-labelledby={`${id}-loss`} aria-live="polite">
            <h3 id={`${id}-loss`}>What {exportFormat(format).name} leaves out</h3>
            {notesError ? (
              <p className="export-error">The loss report could not be counted: {notesError}</p>
            ) : notes === null ? (
              <p className="export-hint">Counting what this format leaves out…</p>
            ) : notes.length === 0 ? (
              <p className="export-lossless">Nothing: the archive restores to an identical project.</p>
            ) : (
              <ul data-testid="loss-report">
                {notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </section>

          {progress && (
            <div className="export-progress">
              <progress
                aria-label={restoring ? 'Restore progress' : 'Export progress'}
                max={Math.max(progress.total, 1)}
                value={progress.done}
              />
              <span role="status">
                {progress.phase} {progress.total > 1 ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : ''}
              </span>
            </div>
          )}
          {error && (
            <p className="export-error" role="alert">
              {error}
            </p>
          )}

          {showBackups && platform.autoBackups && (
            <section className="auto-backups" aria-label="Restore from automatic backup">
              <AutoBackupList
                store={platform.autoBackups}
                workspace={workspace}
                disabled={busy}
                onRestored={(message) => {
                  onDone(message);
                  onClose();
                }}
                onError={setError}
              />
            </section>
          )}

          <DialogActions>
            <button type="button" className="export-restore" onClick={() => void doRestore()} disabled={busy}>
              Restore an archive…
            </button>
            {platform.autoBackups && (
              <button type="button" onClick={() => setShowBackups((v) => !v)} aria-expanded={showBackups} disabled={busy}>
                Restore from automatic backup…
              </button>
            )}
            {restoring ? (
              <button type="button" onClick={() => restoring.abort()}>
                Cancel restore
              </button>
            ) : busy ? (
              <button type="button" onClick={() => running?.cancel()} disabled={!running}>
                Cancel export
              </button>
            ) : (
              <button type="button" onClick={close}>
                Close
              </button>
            )}
            <button type="submit" className="primary" disabled={busy || !source || noLabels}>
              Export {exportFormat(format).suffix.slice(exportFormat(format).suffix.lastIndexOf('.'))}
            </button>
          </DialogActions>
        </form>
      )}
    </dialog>
  );
}

/** One of the "Documents" radio buttons. */
function ScopeChoice({
  kind,
  current,
  onPick,
  disabled,
  children,
}: {
  kind: ScopeKind;
  current: ScopeKind;
  onPick(kind: ScopeKind): void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <label>
      <input type="radio" name="scope" checked={current === kind} disabled={disabled} onChange={() => onPick(kind)} /> {children}
    </label>
  );
}

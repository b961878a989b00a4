import { useRef, useState } from 'react';
import type { Project } from '../../../core/model/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useProjects } from '../../app/liveReads.ts';
import { deleteDocuments, moveDocuments, setStatuses } from '../../db/corpus.ts';
import { STATUSES, type DocumentStatusValue } from '../../db/status.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { pluralCount } from '../../../core/model/plural.ts';
import { suggestDocuments } from '../../suggest/suggestActions.ts';
import { openSuggestEngine } from '../../suggest/suggestClient.ts';
import { Options } from '../../components/Options.tsx';

interface Props {
  workspace: Workspace;
  project: Project;
  selected: ReadonlySet<string>;
  annotator: string;
  onDone(): void;
}

/** Actions on the selected documents: suggest, set status, move to another project, delete. */
export function BulkActions({ workspace, project, selected, annotator, onDone }: Props) {
  const db = workspace.db;
  const others = (useProjects(db) ?? []).filter((p) => p.id !== project.id);
  const [confirming, setConfirming] = useState(false);
  const n = selected.size;
  const ids = () => [...selected];

  const setStatus = async (status: DocumentStatusValue) => {
    const done = await workspace.writeCorpus(`Mark ${pluralCount(n, 'document')} ${status}`, () =>
      setStatuses(db, ids(), annotator, status),
    );
    if (done !== undefined) onDone();
  };
  const move = async (targetId: string) => {
    const target = others.find((p) => p.id === targetId);
    if (!target) return;
    const done = await workspace.writeCorpus(`Move ${pluralCount(n, 'document')} to ${target.name}`, () =>
      moveDocuments(db, ids(), target.id),
    );
    if (done !== undefined) onDone();
  };
  // Suggest for every selected document, with progress; Cancel stops after the current document.
  const [suggesting, setSuggesting] = useState<{ done: number; total: number } | null>(null);
  const stop = useRef<AbortController | null>(null);
  const suggest = async () => {
    const list = ids();
    const controller = new AbortController();
    stop.current = controller;
    setSuggesting({ done: 0, total: list.length });
    const engine = openSuggestEngine();
    try {
      await suggestDocuments(workspace, list, engine.compute, (done) => setSuggesting({ done, total: list.length }), controller.signal);
    } finally {
      engine.close();
      stop.current = null;
      setSuggesting(null);
    }
  };
  const closeConfirm = () => setConfirming(false);
  const remove = async () => {
    const done = await workspace.writeCorpus(`Delete ${pluralCount(n, 'document')}`, () => deleteDocuments(db, ids()));
    closeConfirm();
    if (done !== undefined) onDone();
  };

  return (
    <div className="bulk-actions" role="group" aria-label="Selected documents">
      <span className="bulk-count">{n.toLocaleString('en')} selected</span>
      {suggesting ? (
        <span className="bulk-progress" role="status">
          <progress aria-label="Suggesting" value={suggesting.done} max={suggesting.total} />
          Suggested {suggesting.done.toLocaleString('en')} of {pluralCount(suggesting.total, 'document')}
          <button type="button" onClick={() => stop.current?.abort()}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          onClick={() => void suggest()}
          aria-label="Suggest for the selected documents"
          title="Propose claims, speakers, cues and sources for the selected documents (the suggestions layer)"
        >
          Suggest
        </button>
      )}
      <select
        aria-label="Set status of selected documents"
        value=""
        onChange={(e) => {
          if (e.target.value) void setStatus(e.target.value as DocumentStatusValue);
        }}
      >
        <option value="">Set status…</option>
        <Options of={STATUSES} />
      </select>
      <select
        aria-label="Move selected documents to project"
        value=""
        disabled={others.length === 0}
        onChange={(e) => {
          if (e.target.value) void move(e.target.value);
        }}
      >
        <option value="">Move to…</option>
        <Options of={others} />
      </select>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete…
      </button>
      <button type="button" className="link" onClick={onDone}>
        Clear selection
      </button>
      <ModalDialog className="form-dialog" title="Delete documents" open={confirming} onClose={closeConfirm} onSubmit={() => void remove()}>
        <p>
          Delete <strong>{pluralCount(n, 'document')}</strong> from {project.name}, with their annotations, relations and statuses? This
          cannot be undone.
        </p>
        <DialogActions onCancel={closeConfirm} cancelAutoFocus>
          <button type="submit" className="danger">
            Delete {pluralCount(n, 'document')}
          </button>
        </DialogActions>
      </ModalDialog>
    </div>
  );
}

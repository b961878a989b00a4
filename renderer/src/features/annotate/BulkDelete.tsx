/**
 * "Delete all of a label" in the open document: asks first (a modal dialog that says how many
 * annotations and links go), then deletes them as ONE undo step.
 */
import { useId, useMemo, useState, useSyncExternalStore } from 'react';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import { plural } from '../../../core/model/plural.ts';
import { isEditableLayer } from '../../../core/review/layerView.ts';
import { Options } from '../../components/Options.tsx';

export function BulkDelete() {
  const workspace = useWorkspace();
  // Only the annotation list matters here: re-render when it changes, not on every save status.
  const annotations = useSyncExternalStore(workspace.subscribe, () => workspace.getState().annotations);
  const [open, setOpen] = useState(false);
  const annotator = useSyncExternalStore(workspace.subscribe, () => workspace.getState().annotator);
  // Only my own layer (and suggestions): a teammate's annotations are read-only here.
  const present = useMemo(
    () => [...new Set(annotations.filter((a) => isEditableLayer(a.layer, annotator)).map((a) => a.label))],
    [annotations, annotator],
  );
  if (present.length === 0) return null;
  return (
    <>
      <button type="button" className="bulk-delete-open" onClick={() => setOpen(true)}>
        Delete all of a label…
      </button>
      {open && <BulkDeleteDialog labels={present} onClose={() => setOpen(false)} />}
    </>
  );
}

function BulkDeleteDialog({ labels, onClose }: { labels: string[]; onClose(): void }) {
  const workspace = useWorkspace();
  const state = useSyncExternalStore(workspace.subscribe, workspace.getState);
  const [label, setLabel] = useState(labels[0]!);
  const id = useId();
  const ids = state.annotations.filter((a) => a.label === label && isEditableLayer(a.layer, state.annotator)).map((a) => a.id);
  const idSet = new Set<string>(ids);
  const links = state.relations.filter((r) => idSet.has(r.from) || idSet.has(r.to)).length;
  const what = `Delete ${plural(ids.length, `${label} annotation`)}`;
  return (
    <ModalDialog title="Delete all annotations of a label" open onClose={onClose} className="confirm-dialog" describedBy={`${id}-d`}>
      <label>
        Label{' '}
        <select value={label} onChange={(e) => setLabel(e.target.value)}>
          <Options of={labels} />
        </select>
      </label>
      <p id={`${id}-d`}>
        This deletes {plural(ids.length, `${label} annotation`)}
        {links > 0 ? ` and ${plural(links, 'link')}` : ''} from “{state.doc?.title}”. One undo (Ctrl+Z) brings them all back.
      </p>
      <DialogActions onCancel={onClose}>
        <button
          type="button"
          className="danger"
          disabled={ids.length === 0}
          onClick={() => {
            onClose();
            void workspace.deleteAnnotationsBulk(ids, what);
          }}
        >
          {what}
        </button>
      </DialogActions>
    </ModalDialog>
  );
}

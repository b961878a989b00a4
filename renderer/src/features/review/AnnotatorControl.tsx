/**
 * "Annotating as: <name>" in the top bar. Until a name is set it shows a highlighted invitation;
 * it never opens by itself, so the first start goes straight to the article, ready to annotate.
 */
import { useState } from 'react';
import type { Workspace } from '../../app/workspace.ts';
import { useWorkspaceSelector } from '../../app/liveReads.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { GOLD_LAYER, SUGGESTIONS_LAYER } from '../../../core/model/types.ts';

interface Props {
  workspace: Workspace;
  annotator: string;
  onNotice(text: string): void;
}

export function AnnotatorControl({ workspace, annotator, onNotice }: Props) {
  const chosen = useWorkspaceSelector(workspace, (s) => s.annotatorChosen);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState('');
  const unset = !chosen;

  const start = () => {
    setDraft(unset ? '' : annotator);
    setProblem('');
    setOpen(true);
  };
  const close = () => setOpen(false);
  const save = async () => {
    const name = draft.trim();
    if (!name) return setProblem('Enter a name, e.g. your first name or initials.');
    if (name === GOLD_LAYER || name === SUGGESTIONS_LAYER)
      return setProblem(`"${name}" is reserved for the ${name} layer; choose another name.`);
    const before = annotator;
    if (!(await workspace.setAnnotator(name))) return setProblem('Your name was not saved: the status line says why.');
    close();
    onNotice(
      name === before
        ? `You annotate as ${name}.`
        : `You now annotate as ${name}. Annotations you made before stay in the layer “${before}”.`,
    );
  };

  return (
    <>
      <button
        type="button"
        className={`annotator-control${unset ? ' unset' : ''}`}
        onClick={start}
        aria-label={
          unset
            ? `Annotating as ${annotator}. Set your name so teammates can tell your annotations apart`
            : `Annotating as ${annotator}. Change your name`
        }
        title="Your name is the layer your annotations go to"
      >
        Annotating as: <strong>{annotator}</strong>
        {unset && <span className="invite"> — set your name</span>}
      </button>
      <ModalDialog className="form-dialog" title="Your annotator name" open={open} onClose={close} onSubmit={() => void save()}>
        <p>
          Your annotations go to a layer with your name. Teammates see it when you share your annotations, and the agreement figures compare
          layers by name.
        </p>
        <label className="field">
          Name
          <input autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby="annotator-name-note" />
        </label>
        <p id="annotator-name-note" className="hint">
          Changing your name does not rename annotations you already made: they stay in the layer “{annotator}”.
        </p>
        <DialogActions error={problem} onCancel={close}>
          <button type="submit" className="primary">
            Save name
          </button>
        </DialogActions>
      </ModalDialog>
    </>
  );
}

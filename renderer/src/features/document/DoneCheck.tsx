/**
 * "Mark document done": runs the done checks on the annotator's layer. With no problems the
 * document is marked done at once; otherwise a dialog lists them, each with "Go to" (selects the
 * annotation and scrolls it into view), and the annotator fixes them or marks it done anyway
 * (the overridden problems are stored with the status).
 */
import { useState } from 'react';
import { checkDocument, type DocumentProblem } from '../../../core/model/validation.ts';
import type { Workspace } from '../../app/workspace.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { setStatus } from '../../db/status.ts';
import { plural } from '../../../core/model/plural.ts';

interface Props {
  workspace: Workspace;
  /** Called after "Go to", so the side panel can show the annotation list. */
  onJump?(annotationId: string): void;
  onNotice(message: string): void;
}

const KIND_NAMES: Record<DocumentProblem['kind'], string> = {
  'claim-without-speaker': 'No speaker',
  'required-attribute-missing': 'Missing',
  'relation-breaks-constraint': 'Link',
  'invalid-attribute': 'Invalid',
  'unknown-label': 'Label',
  'dangling-relation': 'Link',
};

export function DoneCheck({ workspace, onJump, onNotice }: Props) {
  const [problems, setProblems] = useState<DocumentProblem[] | null>(null);

  const markDone = async (overridden: DocumentProblem[]) => {
    const { doc, annotator } = workspace.getState();
    if (!doc) return;
    const saved = await workspace.writeProject('Mark document done', async () => {
      await setStatus(
        workspace.db,
        doc,
        annotator,
        'done',
        overridden.map((p) => p.message),
      );
      return true;
    });
    if (saved) {
      onNotice(
        overridden.length > 0
          ? `Marked “${doc.title}” done with ${plural(overridden.length, 'problem')} overridden.`
          : `Marked “${doc.title}” done.`,
      );
    }
  };

  const run = () => {
    const { project, annotations, relations, annotator } = workspace.getState();
    if (!project) return;
    const mine = annotations.filter((a) => a.layer === annotator);
    const found = checkDocument(
      project.schema,
      mine,
      relations.filter((r) => r.layer === annotator),
    );
    if (found.length === 0) void markDone([]);
    else setProblems(found);
  };

  const jump = (p: DocumentProblem) => {
    setProblems(null);
    workspace.select(p.annotationId, true);
    onJump?.(p.annotationId);
  };

  return (
    <>
      <button type="button" className="primary" onClick={run}>
        Mark document done
      </button>
      <ModalDialog
        title="Before marking this document done"
        open={problems !== null}
        onClose={() => setProblems(null)}
        className="done-dialog"
        initialFocus=".done-problems button"
      >
        {problems && (
          <>
            <p>The checks found {plural(problems.length, 'problem')}. Fix them, or mark the document done anyway.</p>
            <ul className="done-problems" aria-label="Problems">
              {problems.map((p, i) => (
                <li key={`${p.annotationId}-${p.relationId ?? ''}-${i}`} className={`done-problem done-${p.kind}`}>
                  <span className="done-kind">{KIND_NAMES[p.kind]}</span>
                  <span className="done-message">{p.message}</span>
                  <button type="button" onClick={() => jump(p)} aria-label={`Go to: ${p.message}`}>
                    Go to
                  </button>
                </li>
              ))}
            </ul>
            <DialogActions onCancel={() => setProblems(null)} cancelLabel="Keep working">
              <button
                type="button"
                className="danger"
                onClick={() => {
                  const overridden = problems;
                  setProblems(null);
                  void markDone(overridden);
                }}
              >
                Mark done anyway
              </button>
            </DialogActions>
          </>
        )}
      </ModalDialog>
    </>
  );
}

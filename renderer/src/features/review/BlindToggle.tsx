/** The blind-mode switch above the annotations panel, with what it hides and "Mark done". */
import type { DocumentRecord } from '../../../core/model/types.ts';
import type { Workspace } from '../../app/workspace.ts';
import { setStatus } from '../../db/status.ts';
import type { BlindMode } from './useBlindMode.ts';
import { plural } from '../../../core/model/plural.ts';

interface Props {
  workspace: Workspace;
  doc: DocumentRecord;
  mode: BlindMode;
  onNotice(text: string): void;
}

export function BlindToggle({ workspace, doc, mode, onNotice }: Props) {
  const { ctx, hidden } = mode;
  const markDone = async () => {
    const saved = await workspace.commit('Mark document done', () => setStatus(workspace.db, doc, ctx.annotator, 'done').then(() => true));
    if (saved) onNotice(`Marked “${doc.title}” done for ${ctx.annotator}; other layers are shown now.`);
  };
  return (
    <div className="blind-mode" aria-label="Blind mode" role="group">
      <label>
        <input type="checkbox" checked={ctx.blind} onChange={(e) => mode.setBlind(e.target.checked)} /> Blind: hide other layers until I
        mark a document done
      </label>
      {ctx.blind && !ctx.done && (
        <p className="hint">
          {hidden.annotations > 0
            ? `${plural(hidden.annotations, 'annotation')} from ${plural(hidden.layers, 'other layer')} hidden. `
            : 'Only your layer is shown. '}
          <button type="button" className="link" onClick={() => void markDone()}>
            Mark this document done
          </button>
        </p>
      )}
      {ctx.blind && ctx.done && <p className="hint">You marked this document done: every layer is shown.</p>}
    </div>
  );
}

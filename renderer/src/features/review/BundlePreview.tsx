/**
 * The preview of teammates' bundles before anything is written, as Import previews files: per
 * file, whose layer it is, whether it adds a new layer or replaces one added before, the
 * documents it matches here and those it does not (by text), the annotation and link counts and
 * any notes; refusals and unreadable files stand out and are not added.
 */
import type { InputFile } from '../../platform/platform.ts';
import type { AddBundleResult } from '../../db/review.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { plural } from '../../../core/model/plural.ts';

export interface PreviewedBundle {
  file: InputFile;
  result: AddBundleResult;
}

interface Props {
  previews: readonly PreviewedBundle[];
  onCancel(): void;
  onAdd(chosen: readonly PreviewedBundle[]): void;
}

export function BundlePreview({ previews, onCancel, onAdd }: Props) {
  const addable = previews.filter((p) => p.result.ok);
  const refused = previews.length - addable.length;
  return (
    <ModalDialog
      title="Add teammates’ annotations"
      open
      onClose={onCancel}
      className="bundle-preview"
      describedBy="bundle-preview-summary"
      initialFocus=".dialog-actions .primary, .dialog-actions button"
    >
      <p id="bundle-preview-summary">
        {plural(previews.length, 'bundle')} chosen: {addable.length} can be added{refused ? `, ${refused} will not be` : ''}. Nothing is
        written until you add them.
      </p>
      <ul className="bundle-list" aria-label="Bundles to add">
        {previews.map(({ file, result }) => {
          const plan = result.plan;
          return (
            <li key={file.name} className={result.ok ? 'bundle-ok' : 'bundle-refused'} aria-label={file.name}>
              <h3 className="bundle-file">{file.name}</h3>
              {!result.ok || !plan || plan.action === 'refuse' ? (
                <p role="alert" className="bundle-refusal">
                  <strong>Will not be added{plan ? ` (${plan.layer})` : ''}:</strong> {result.message}
                </p>
              ) : (
                <dl className="bundle-facts">
                  <dt>Annotator</dt>
                  <dd>{plan.info.annotator}</dd>
                  <dt>Layer</dt>
                  <dd>
                    {plan.action === 'replace'
                      ? `Replaces the layer “${plan.layer}” added before, with this newer bundle (written ${plan.info.created})`
                      : `Adds a new layer “${plan.layer}” (written ${plan.info.created})`}
                  </dd>
                  <dt>Annotations</dt>
                  <dd>
                    {plural(plan.annotations.length, 'annotation')}, {plural(plan.relations.length, 'link')}
                  </dd>
                  <dt>Documents matched</dt>
                  <dd>
                    {plan.matched.length}
                    {plan.matched.length > 0 && `: ${plan.matched.map((d) => `“${d.title}”`).join(', ')}`}
                  </dd>
                  <dt>Not matched</dt>
                  <dd className={plan.unmatched.length ? 'bundle-warning' : ''}>
                    {plan.unmatched.length === 0
                      ? 'none'
                      : `${plan.unmatched.length}, left out (no document here has the same text): ${plan.unmatched.map((d) => `“${d.title}” (${plural(d.annotations, 'annotation')})`).join(', ')}`}
                  </dd>
                  {plan.notes.length > 0 && (
                    <>
                      <dt>Notes</dt>
                      <dd className="bundle-warning">{plan.notes.join(' ')}</dd>
                    </>
                  )}
                </dl>
              )}
            </li>
          );
        })}
      </ul>
      <DialogActions onCancel={onCancel}>
        <button type="button" className="primary" disabled={addable.length === 0} onClick={() => onAdd(addable)}>
          {addable.length === 1 ? 'Add 1 layer' : `Add ${addable.length} layers`}
        </button>
      </DialogActions>
    </ModalDialog>
  );
}

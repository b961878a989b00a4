/**
 * The row of buttons at the foot of every dialog, with the error of the last attempt above it:
 * the way back first ("Cancel" unless named otherwise), then the dialog's own actions, the
 * default one last. Used inside ModalDialog and the import and export dialogs alike.
 */
import type { ReactNode } from 'react';
import './dialog.css';

interface Props {
  /** What went wrong with the last attempt, announced to screen readers. */
  error?: string | null;
  /** The way back; without it the row holds only `children`. */
  onCancel?(): void;
  cancelLabel?: string;
  cancelDisabled?: boolean;
  cancelAutoFocus?: boolean;
  children?: ReactNode;
}

export function DialogActions({ error, onCancel, cancelLabel = 'Cancel', cancelDisabled, cancelAutoFocus, children }: Props) {
  return (
    <>
      {error && (
        <p className="dialog-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={cancelDisabled} autoFocus={cancelAutoFocus}>
            {cancelLabel}
          </button>
        )}
        {children}
      </div>
    </>
  );
}

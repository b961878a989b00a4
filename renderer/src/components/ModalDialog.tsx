/**
 * The app's one modal dialog: a `<dialog>` opened with showModal(), so the browser keeps focus
 * inside it; Escape and the × button close it (through `onClose`), and focus goes back to the
 * control that opened it. With `onSubmit` its content is a form: Enter in a field or a submit
 * button submits it.
 */
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import './dialog.css';

interface Props {
  title: string;
  open: boolean;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** Where focus goes on opening (a CSS selector inside the dialog); the first field otherwise. */
  initialFocus?: string;
  /** Makes the content a form submitted by Enter or a submit button. */
  onSubmit?(): void;
  /** The id of the element that describes the dialog (what a confirmation will do). */
  describedBy?: string;
}

export function ModalDialog({ title, open, onClose, children, className, initialFocus, onSubmit, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return undefined;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const target =
      (initialFocus && dialog.querySelector<HTMLElement>(initialFocus)) ||
      dialog.querySelector<HTMLElement>('input, select, textarea, button:not([data-close])');
    target?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      opener?.focus?.({ preventScroll: true });
    };
  }, [open, initialFocus]);
  const titleId = `modal-${title.replace(/\W+/g, '-').toLowerCase()}`;
  if (!open) return null;
  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} aria-labelledby={titleId} aria-describedby={describedBy}>
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" data-close className="modal-close" aria-label="Close" title={`Close ${title}`} onClick={onClose}>
          ×
        </button>
      </div>
      {onSubmit ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {children}
        </form>
      ) : (
        children
      )}
    </dialog>
  );
}

/**
 * A modal `<dialog>` opened with showModal(): the browser keeps focus inside it, Escape closes
 * it (through `onClose`), and focus goes back to the control that opened it.
 */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  open: boolean;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** Where focus goes on opening (a CSS selector inside the dialog); the first field otherwise. */
  initialFocus?: string;
}

export function ModalDialog({ title, open, onClose, children, className, initialFocus }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
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
      opener?.focus?.();
    };
  }, [open, initialFocus]);
  const titleId = `modal-${title.replace(/\W+/g, '-').toLowerCase()}`;
  if (!open) return null;
  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} aria-labelledby={titleId}>
      <header className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" data-close className="modal-close" aria-label={`Close ${title}`} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

/**
 * The shortcut sheet ("?"): a modal dialog listing every shortcut, generated from the same table
 * the key handler uses (`SHORTCUTS`), plus the project's label keys.
 */
import { useEffect, useRef } from 'react';
import type { LabelDef } from '../../../core/model/types.ts';
import { SHORTCUTS, type Shortcut } from './shortcuts.ts';

interface Props {
  labels: readonly LabelDef[];
  onClose(): void;
}

const GROUPS: Shortcut['group'][] = ['Annotate', 'Link', 'Move', 'Find', 'History', 'App'];

export function ShortcutSheet({ labels, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const returnTo = document.activeElement as HTMLElement | null;
    return () => returnTo?.focus?.({ preventScroll: true });
  }, []);
  const keyed = labels.filter((l) => l.hotkey);
  return (
    <dialog
      ref={ref}
      className="shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-own-keys=""
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header>
        <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </header>
      <div className="shortcut-columns">
        {GROUPS.map((group) => (
          <section key={group} aria-label={group}>
            <h3>{group}</h3>
            <dl>
              {group === 'Annotate' &&
                keyed.map((l) => (
                  <div key={`label-${l.name}`} className="shortcut-row">
                    <dt>
                      <kbd>{l.hotkey}</kbd>
                    </dt>
                    <dd>Tag the selected text as {l.name}</dd>
                  </div>
                ))}
              {SHORTCUTS.filter((s) => s.group === group && s.id !== 'label').map((s) => (
                <div key={s.id} className="shortcut-row" data-shortcut={s.id}>
                  <dt>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="shortcut-note">
        Edge moves: Alt+Shift moves the end, Alt+Ctrl the start; arrows step a word, comma and full stop a
        character. Shift+arrows still extend the text selection.
      </p>
    </dialog>
  );
}

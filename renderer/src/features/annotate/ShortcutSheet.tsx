/**
 * The shortcut sheet ("?", or the desktop menu's Help → Keyboard Shortcuts): a modal dialog
 * listing every action that has keys, generated from the registry the key handler dispatches
 * through (`ACTIONS`), plus the project's label keys.
 */
import type { LabelDef } from '../../../core/model/types.ts';
import { ModalDialog } from '../../components/ModalDialog.tsx';
import { ACTION_LIST, type Action } from '../../app/actions.ts';

interface Props {
  labels: readonly LabelDef[];
  onClose(): void;
}

const GROUPS: Action['group'][] = ['Annotate', 'Link', 'Move', 'Find', 'Review', 'Claims', 'History', 'App'];

export function ShortcutSheet({ labels, onClose }: Props) {
  const keyed = labels.filter((l) => l.hotkey);
  return (
    <ModalDialog title="Keyboard shortcuts" open onClose={onClose} className="shortcut-sheet">
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
              {ACTION_LIST.filter((s) => s.group === group && s.id !== 'label' && s.keys.length > 0).map((s) => (
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
        Edge moves: Alt+Shift moves the end, Alt+Ctrl the start; arrows step a word, comma and full stop a character. Shift+arrows still
        extend the text selection.
      </p>
    </ModalDialog>
  );
}

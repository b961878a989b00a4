import type { LabelDef } from '../../../core/model/types.ts';

interface Props {
  labels: readonly LabelDef[];
  snapToWords: boolean;
  onApply(label: string): void;
  onToggleSnap(on: boolean): void;
  /** Proposes annotations for the open document (the `suggestions` layer); absent without one. */
  onSuggest?: () => void;
  suggesting?: boolean;
}

/** The label buttons above the article; each also works with its hotkey. */
export function LabelToolbar({ labels, snapToWords, onApply, onToggleSnap, onSuggest, suggesting = false }: Props) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Labels">
      {labels.map((label) => (
        <button
          key={label.name}
          type="button"
          className="label-button"
          style={{ ['--label-color' as string]: label.color }}
          aria-keyshortcuts={label.hotkey}
          title={label.hotkey ? `${label.name} (press ${label.hotkey})` : label.name}
          // Keep the text selection in the article when the button is pressed with the mouse.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onApply(label.name)}
        >
          <span className="swatch" aria-hidden="true" />
          {label.name}
          {label.hotkey && (
            <kbd aria-hidden="true" className="hotkey">
              {label.hotkey}
            </kbd>
          )}
        </button>
      ))}
      {onSuggest && (
        <button
          type="button"
          className="suggest-button"
          onClick={onSuggest}
          disabled={suggesting}
          title="Propose claims, speakers, cues and sources for this document (drawn dashed, in the suggestions layer)"
        >
          {suggesting ? 'Suggesting…' : 'Suggest'}
        </button>
      )}
      <label className="snap-toggle">
        <input type="checkbox" checked={snapToWords} onChange={(e) => onToggleSnap(e.target.checked)} />
        Snap to whole words
      </label>
    </div>
  );
}

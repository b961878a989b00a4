import type { SaveState } from '../app/workspace.ts';

/** Says whether the last change is safely stored. "Saved" appears only after the commit. */
export function SaveStatus({ save }: { save: SaveState }) {
  let text = 'All changes saved';
  let kind = 'saved';
  if (save.kind === 'saving') {
    text = 'Saving…';
    kind = 'saving';
  } else if (save.kind === 'saved') {
    text = `Saved: ${save.what}`;
  } else if (save.kind === 'error') {
    text = save.message;
    kind = 'error';
  }
  return (
    <p className={`save-status ${kind}`} role={save.kind === 'error' ? 'alert' : 'status'} data-testid="save-status">
      {text}
    </p>
  );
}

/** Keyboard helpers shared by the app's global shortcuts. */

/** True for form fields and other editable elements, where keys must type, not trigger shortcuts. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.article')) return false; // the article is protected: keys there are shortcuts
  const tag = target.tagName;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

export function isUndoKey(e: KeyboardEvent): boolean {
  return mod(e) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z' && !isEditableTarget(e.target);
}

export function isRedoKey(e: KeyboardEvent): boolean {
  if (!mod(e) || e.altKey || isEditableTarget(e.target)) return false;
  const key = e.key.toLowerCase();
  return (e.shiftKey && key === 'z') || (!e.shiftKey && key === 'y');
}

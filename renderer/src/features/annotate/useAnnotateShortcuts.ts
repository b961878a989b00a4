/**
 * The annotate view's global key handler: matches each key against the action registry
 * (`app/actions.ts`) and performs the action it finds. Open dialogs and elements marked
 * `data-own-keys` (the link picker, the find field) handle their own keys; in form fields only
 * `inFields` actions fire.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { isEditableTarget } from '../../app/keys.ts';
import { linkKeysOf, matchShortcut, type ActionContext } from '../../app/actions.ts';

export function useAnnotateShortcuts(ctx: ActionContext): void {
  const latest = useRef(ctx);
  useLayoutEffect(() => {
    latest.current = ctx;
  });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target;
      // Dialogs and elements marked data-own-keys (the link picker, the find field, the review)
      // handle their own keys: only actions marked `everywhere` (the view switch) reach past them.
      const ownKeys = target instanceof Element && target.closest('[data-own-keys], dialog[open]') !== null;
      // An open combobox (the entity field) closes itself on Escape.
      if (e.key === 'Escape' && target instanceof Element && target.getAttribute('aria-expanded') === 'true') return;
      const state = latest.current.workspace.getState();
      const labelKeys = new Set(state.labels.flatMap((l) => (l.hotkey ? [l.hotkey.toLowerCase()] : [])));
      const relationKeys = linkKeysOf(state.project?.schema);
      const hit = matchShortcut(e, { labelKeys, relationKeys }, 'global', isEditableTarget(target));
      if (hit?.scope !== 'global' || (ownKeys && !hit.everywhere)) return;
      if (hit.perform(latest.current, e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}

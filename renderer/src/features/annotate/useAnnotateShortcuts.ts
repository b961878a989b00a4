/**
 * The annotate view's global key handler: matches each key against the shortcut table
 * (`shortcuts.ts`) and runs its action. Open dialogs and elements marked `data-own-keys` (the
 * link picker, the find field) handle their own keys; in form fields only `inFields` shortcuts fire.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { isEditableTarget } from '../../app/keys.ts';
import type { Workspace, WorkspaceState } from '../../app/workspace.ts';
import { addSelectionToSelected, type AnnotateUi } from './annotateUi.tsx';
import type { FindApi } from './FindBar.tsx';
import { matchShortcut } from './shortcuts.ts';
import { acceptAllOfLabel, acceptSuggestion, isOpenSuggestion, rejectSuggestion } from '../suggest/suggestActions.ts';

interface Options {
  workspace: Workspace;
  ui: AnnotateUi;
  find: RefObject<FindApi | null>;
  applyLabel(label: string): void;
  onExport(): void;
  onHelp(): void;
}

const EDGE_MOVES: Record<string, ['start' | 'end', 'word' | 'char', 1 | -1]> = {
  'end-word-right': ['end', 'word', 1],
  'end-word-left': ['end', 'word', -1],
  'start-word-left': ['start', 'word', -1],
  'start-word-right': ['start', 'word', 1],
  'end-char-right': ['end', 'char', 1],
  'end-char-left': ['end', 'char', -1],
  'start-char-left': ['start', 'char', -1],
  'start-char-right': ['start', 'char', 1],
};

export function useAnnotateShortcuts(options: Options): void {
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target;
      // Dialogs and elements marked data-own-keys (the link picker, the find field) handle their own keys.
      if (target instanceof Element && target.closest('[data-own-keys], dialog[open]')) return;
      // An open combobox (the entity field) closes itself on Escape.
      if (e.key === 'Escape' && target instanceof Element && target.getAttribute('aria-expanded') === 'true') return;
      const { workspace } = latest.current;
      const state = workspace.getState();
      const labelKeys = new Set(state.labels.flatMap((l) => (l.hotkey ? [l.hotkey.toLowerCase()] : [])));
      const hit = matchShortcut(e, { labelKeys }, 'global', isEditableTarget(target));
      if (!hit) return;
      if (run(hit.id, e, state, latest.current)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}

/** Runs a shortcut's action; true when the key was used. */
function run(id: string, e: KeyboardEvent, state: WorkspaceState, o: Options): boolean {
  const { workspace, ui } = o;
  const selected = state.selectedId;
  const needSelection = () => {
    ui.notice('Select an annotation first: click it, or press J/K to go through them.');
    return true;
  };
  if (id in EDGE_MOVES) {
    if (!selected) return needSelection();
    const [edge, step, direction] = EDGE_MOVES[id]!;
    void workspace.moveEdge(selected, edge, step, direction).then((moved) => {
      if (!moved) ui.notice(`The ${edge} of this annotation cannot move further that way.`);
    });
    return true;
  }
  switch (id) {
    case 'label': {
      const label = state.labels.find((l) => l.hotkey?.toLowerCase() === e.key.toLowerCase());
      if (!label) return false;
      o.applyLabel(label.name);
      return true;
    }
    case 'add-range':
      void addSelectionToSelected(workspace, ui);
      return true;
    case 'details': {
      if (!selected) return needSelection();
      const details = document.querySelector('.annotation-details');
      const field = details?.querySelector<HTMLElement>(
        '[data-details-fields] input, [data-details-fields] select, .note-field textarea',
      );
      field?.focus();
      return true;
    }
    case 'delete': {
      if (!selected) return false;
      const a = state.annotations.find((x) => x.id === selected);
      if (a && isOpenSuggestion(a)) void rejectSuggestion(workspace, selected);
      else void workspace.deleteAnnotation(selected);
      return true;
    }
    case 'accept-suggestion':
    case 'accept-all-suggestions': {
      // Enter on a button or link presses it; only a selected suggestion is accepted.
      if (e.target instanceof Element && e.target.closest('button, a, select, summary, [role="button"], [role="tab"]')) return false;
      const a = selected ? state.annotations.find((x) => x.id === selected) : undefined;
      if (!a || !isOpenSuggestion(a)) return false;
      if (id === 'accept-suggestion') void acceptSuggestion(workspace, a.id);
      else void acceptAllOfLabel(workspace, a.label);
      return true;
    }
    case 'escape': {
      if (state.linking) workspace.stopLinking();
      if (e.target instanceof Element && e.target.closest('.side')) ui.view.current?.focus();
      else workspace.select(null);
      return true;
    }
    case 'link':
      if (!selected) return needSelection();
      workspace.startLinking(selected);
      return true;
    case 'next':
    case 'previous':
      workspace.cycle(id === 'next' ? 1 : -1);
      return true;
    case 'find':
      o.find.current?.focus();
      return true;
    case 'find-next':
    case 'find-previous':
      o.find.current?.step(id === 'find-next' ? 1 : -1);
      return true;
    case 'undo':
      void workspace.undo();
      return true;
    case 'redo':
      void workspace.redo();
      return true;
    case 'export':
      o.onExport();
      return true;
    case 'help':
      o.onHelp();
      return true;
    default:
      return false;
  }
}

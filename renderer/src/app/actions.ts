/**
 * The app's actions, in ONE registry: each entry carries its id, its keys as the shortcut sheet
 * shows them, a description, the key test (`match`) and what it does (`perform`). The global key
 * handler (`useAnnotateShortcuts`), the shortcut sheet ("?"), the label toolbar and the desktop
 * menu all dispatch through these ids, so none of them can drift apart: a menu command id
 * (`MenuCommand` in electron/api.ts) must be the id of a global action, or `runAction` does not
 * type-check.
 *
 * Entries with a `scope` other than `global` belong to one component (the link picker, the find
 * field): it matches them with `matchShortcut(…, scope)` and handles every id of its scope
 * through a `ScopedHandlers<scope>` record, which the type system also checks for completeness.
 *
 * Edge moves: Alt+Shift moves the END edge, Alt+Ctrl the START edge; ←/→ step by a word and
 * ,/. (the keys under < and >) by a character. Plain Shift+arrows and Ctrl+Shift+arrows stay the
 * browser's own text-selection keys. Tab stays focus navigation; J/K cycle through annotations.
 */
import type { RefObject } from 'react';
import type { Schema } from '../../core/model/types.ts';
import { MENU_COMMANDS } from '../../../electron/api.ts';
import { snapToWords } from '../../core/model/words.ts';
import { acceptAllOfLabel, acceptSuggestion, isOpenSuggestion, rejectSuggestion } from '../suggest/suggestActions.ts';
import type { Workspace } from './workspace.ts';
import { isRedoKey, isUndoKey } from './keys.ts';
import { addSelectionToSelected, linkNearest, type AnnotateUi } from '../features/annotate/annotateUi.tsx';
import type { FindApi } from '../features/annotate/FindBar.tsx';
import type { AppMode } from '../features/review/ModeSwitch.tsx';
import { relationKeys } from '../features/annotate/linkTargets.ts';

export type ShortcutScope = 'global' | 'picker' | 'find' | 'review' | 'claims' | 'corpus' | 'mouse';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target?: EventTarget | null;
}

export interface ShortcutContext {
  /** Keys that apply a label (from the project's schema), lower-cased. */
  labelKeys: ReadonlySet<string>;
  /** Relation-type keys (S, C, R …), lower-cased. */
  relationKeys?: ReadonlySet<string>;
}

/** The dialogs an action can open; App owns them. */
export type Surface = 'export' | 'shortcuts' | 'import-files' | 'import-folder';

/** What an action works with: the store, the annotate view's parts, and the app's dialogs. */
export interface ActionContext {
  workspace: Workspace;
  ui: AnnotateUi;
  find: RefObject<FindApi | null>;
  open(surface: Surface): void;
  /** Switches the view (Annotate, Review, Agreement, Claims). */
  showView(mode: AppMode): void;
}

interface ActionBase {
  group: 'Annotate' | 'Link' | 'Move' | 'Find' | 'Review' | 'Claims' | 'History' | 'App';
  /** The keys as shown in the sheet (empty: reached through the menu or a button only). */
  keys: string[];
  description: string;
  /** Also fires while typing in a form field. */
  inFields?: boolean;
  /** Also fires inside dialogs and elements that handle their own keys (the view switch). */
  everywhere?: boolean;
  /** A word or two for a view's key hint line ("accept"). */
  short?: string;
  match(e: KeyLike, ctx: ShortcutContext): boolean;
}

/** An action the app performs wherever it is triggered (a key, the menu, a button). */
export interface GlobalAction extends ActionBase {
  scope: 'global';
  /** Does it; true when the key was used (the handler then prevents the browser's default). */
  perform(ctx: ActionContext, e: KeyLike | null): boolean;
}

/** A key that belongs to one component (it handles the id through `ScopedHandlers`). */
export interface ScopedAction extends ActionBase {
  scope: Exclude<ShortcutScope, 'global'>;
}

export type Action = GlobalAction | ScopedAction;

const none = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;
const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const plain = (e: KeyLike, key: string) => none(e) && !e.shiftKey && e.key.toLowerCase() === key;
const never = () => false;

/** S, C, R …: a relation type's key, which links to its nearest target (from the view, or in the link picker). */
const RELATION_KEY = {
  group: 'Link',
  keys: ['S', 'C', 'R'],
  match: (e, ctx) => none(e) && !e.shiftKey && (ctx.relationKeys?.has(e.key.toLowerCase()) ?? false),
} satisfies Pick<ActionBase, 'group' | 'keys' | 'match'>;

/** A perform function that always uses its key. */
const does =
  (fn: (ctx: ActionContext, e: KeyLike | null) => unknown): GlobalAction['perform'] =>
  (ctx, e) => {
    fn(ctx, e);
    return true;
  };
const opens = (surface: Surface) => does(({ open }) => open(surface));
const ALT_DIGIT: Record<AppMode, string> = { annotate: '1', review: '2', agreement: '3', claims: '4' };
/** Alt+1 … Alt+4: one of the app's views, from anywhere. */
const view = (mode: AppMode, title: string): GlobalAction => ({
  group: 'App',
  keys: [`Alt+${ALT_DIGIT[mode]}`],
  description: `Show the ${title} view`,
  scope: 'global',
  inFields: true,
  everywhere: true,
  match: (e) => e.altKey && !mod(e) && e.key === ALT_DIGIT[mode],
  perform: does(({ showView }) => showView(mode)),
});
/** A key of the claims view's table (`ScopedHandlers<'claims'>`); `short` for its hint line, if any. */
const claimsKey = (keys: string[], short: string, description: string, match: (e: KeyLike) => boolean): ScopedAction => ({
  group: 'Claims',
  keys,
  ...(short && { short }),
  description: `In Claims: ${description}`,
  scope: 'claims',
  match,
});
/** A review key: a plain letter, handled by the review view (`ScopedHandlers<'review'>`). */
const reviewKey = (key: string, short: string, description: string): ScopedAction => ({
  group: 'Review',
  keys: [key],
  short,
  description: `In Review: ${description}`,
  scope: 'review',
  match: (e) => plain(e, key.toLowerCase()),
});

const needSelection = (ui: AnnotateUi, what = 'an annotation') => {
  ui.notice(`Select ${what} first: click it, or press J/K to go through them.`);
  return true;
};

/** A perform function that acts on the selected annotation; without one it asks for one. */
const withSelected =
  (fn: (ctx: ActionContext, id: string, e: KeyLike | null) => unknown, what?: string): GlobalAction['perform'] =>
  (ctx, e) => {
    const id = ctx.workspace.getState().selectedId;
    if (!id) return needSelection(ctx.ui, what);
    fn(ctx, id, e);
    return true;
  };

/** The selected annotation when it is an open suggestion; Enter on a button or link presses it instead. */
function selectedSuggestion({ workspace }: ActionContext, e: KeyLike | null) {
  if (e?.target instanceof Element && e.target.closest('button, a, select, summary, [role="button"], [role="tab"]')) return undefined;
  const state = workspace.getState();
  const a = state.selectedId ? state.annotations.find((x) => x.id === state.selectedId) : undefined;
  return a && isOpenSuggestion(a) ? a : undefined;
}

/** Tags the article's selected text with `label`; with no text selected, relabels the selected annotation. */
export function applyLabel({ workspace, ui }: Pick<ActionContext, 'workspace' | 'ui'>, label: string): void {
  const state = workspace.getState();
  const doc = state.doc;
  if (!doc) return;
  let span = ui.readSelection();
  if (span && state.snapToWords) span = snapToWords(doc.text, span);
  if (!span) {
    if (state.selectedId) void workspace.relabel(state.selectedId, label);
    else ui.notice(`Select some text in the article first, then choose ${label}.`);
    return;
  }
  ui.notice('');
  document.getSelection()?.collapseToEnd();
  void workspace.addAnnotation(label, span);
}

/** An edge move of the selected annotation (Alt+Shift / Alt+Ctrl with arrows, comma, full stop). */
function edgeMove(
  edge: 'start' | 'end',
  step: 'word' | 'char',
  direction: 1 | -1,
  shown: string,
  keys: string[],
  codes: string[],
  description: string,
): GlobalAction {
  return {
    group: 'Move',
    keys: [shown],
    description,
    scope: 'global',
    match: (e) =>
      e.altKey &&
      (edge === 'end' ? e.shiftKey && !mod(e) : mod(e) && !e.shiftKey) &&
      (keys.includes(e.key) || (e.code !== undefined && codes.includes(e.code))),
    perform: withSelected(({ workspace, ui }, selected) =>
      workspace.moveEdge(selected, edge, step, direction).then((moved) => {
        if (!moved) ui.notice(`The ${edge} of this annotation cannot move further that way.`);
      }),
    ),
  };
}

export const ACTIONS = {
  // Annotate
  label: {
    group: 'Annotate',
    keys: ['a label’s key (1, 2, 3 …)'],
    description: 'Tag the selected text with that label; with no text selected, relabel the selected annotation',
    scope: 'global',
    match: (e, ctx) => none(e) && ctx.labelKeys.has(e.key.toLowerCase()),
    perform: (ctx, e) => {
      const label = ctx.workspace.getState().labels.find((l) => l.hotkey?.toLowerCase() === e?.key.toLowerCase());
      if (!label) return false;
      applyLabel(ctx, label.name);
      return true;
    },
  },
  'add-range': {
    group: 'Annotate',
    keys: ['+'],
    description: 'Add the selected text to the selected annotation (a discontinuous span)',
    scope: 'global',
    match: (e) => none(e) && (e.key === '+' || e.code === 'NumpadAdd'),
    perform: does(({ workspace, ui }) => addSelectionToSelected(workspace, ui)),
  },
  details: {
    group: 'Annotate',
    keys: ['E'],
    description: 'Edit the selected annotation’s attributes and note (Escape returns to the article)',
    scope: 'global',
    match: (e) => plain(e, 'e'),
    perform: withSelected(() =>
      document
        .querySelector('.annotation-details')
        ?.querySelector<HTMLElement>('[data-details-fields] input, [data-details-fields] select, .note-field textarea')
        ?.focus(),
    ),
  },
  delete: {
    group: 'Annotate',
    keys: ['Delete', 'Backspace'],
    description: 'Delete the selected annotation and its links; a selected suggestion (drawn dashed) is rejected and not proposed again',
    scope: 'global',
    match: (e) => none(e) && (e.key === 'Delete' || e.key === 'Backspace'),
    perform: ({ workspace }) => {
      const state = workspace.getState();
      const selected = state.selectedId;
      if (!selected) return false;
      const a = state.annotations.find((x) => x.id === selected);
      if (a && isOpenSuggestion(a)) void rejectSuggestion(workspace, selected);
      else void workspace.deleteAnnotation(selected);
      return true;
    },
  },
  'accept-suggestion': {
    group: 'Annotate',
    keys: ['Enter'],
    description: 'Accept the selected suggestion into your layer, with the speaker, cue and sources it links to',
    scope: 'global',
    match: (e) => none(e) && !e.shiftKey && e.key === 'Enter',
    perform: (ctx, e) => {
      const a = selectedSuggestion(ctx, e);
      if (!a) return false;
      void acceptSuggestion(ctx.workspace, a.id);
      return true;
    },
  },
  'accept-all-suggestions': {
    group: 'Annotate',
    keys: ['Shift+Enter'],
    description: 'Accept every suggestion with the selected suggestion’s label in this document',
    scope: 'global',
    match: (e) => none(e) && e.shiftKey && e.key === 'Enter',
    perform: (ctx, e) => {
      const a = selectedSuggestion(ctx, e);
      if (!a) return false;
      void acceptAllOfLabel(ctx.workspace, a.label);
      return true;
    },
  },
  escape: {
    group: 'Annotate',
    keys: ['Escape'],
    description: 'Deselect the annotation; in the side panel, go back to the article',
    scope: 'global',
    inFields: true,
    match: (e) => none(e) && e.key === 'Escape',
    perform: does(({ workspace, ui }, e) => {
      if (workspace.getState().linking) workspace.stopLinking();
      if (e?.target instanceof Element && e.target.closest('.side')) ui.view.current?.focus();
      else workspace.select(null);
    }),
  },
  // Link
  link: {
    group: 'Link',
    keys: ['L'],
    description: 'Link the selected annotation: opens the list of targets the schema allows',
    scope: 'global',
    match: (e) => plain(e, 'l'),
    perform: withSelected(({ workspace }, selected) => workspace.startLinking(selected)),
  },
  'link-nearest': {
    ...RELATION_KEY,
    description:
      'With a claim selected: link it to the nearest target of a relation type, by its first letter (S = said by → nearest Speaker, C = cue, R = reported by → nearest Source)',
    scope: 'global',
    perform: withSelected(({ workspace, ui }, _id, e) => linkNearest(workspace, ui, e?.key.toLowerCase() ?? ''), 'a claim'),
  },
  'picker-move': {
    group: 'Link',
    keys: ['↑', '↓', 'Home', 'End'],
    description: 'In the link list: choose a target',
    scope: 'picker',
    match: (e) => none(e) && ['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key),
  },
  'picker-choose': {
    group: 'Link',
    keys: ['Enter'],
    description: 'In the link list: link to the chosen target',
    scope: 'picker',
    match: (e) => none(e) && e.key === 'Enter',
  },
  'picker-nearest': {
    ...RELATION_KEY,
    description:
      'In the link list: link to the nearest target of a relation type, by its first letter (S = said by → Speaker, C = cue, R = reported by → Source)',
    scope: 'picker',
  },
  'picker-cancel': {
    group: 'Link',
    keys: ['Escape'],
    description: 'In the link list: cancel',
    scope: 'picker',
    match: (e) => e.key === 'Escape',
  },
  'alt-click': {
    group: 'Link',
    keys: ['Alt+click'],
    description: 'With an annotation selected, Alt+click another highlight to link to it',
    scope: 'mouse',
    match: never,
  },
  // Move
  next: {
    group: 'Move',
    keys: ['J'],
    description: 'Select the next annotation in reading order',
    scope: 'global',
    match: (e) => plain(e, 'j'),
    perform: does(({ workspace }) => workspace.cycle(1)),
  },
  previous: {
    group: 'Move',
    keys: ['K'],
    description: 'Select the previous annotation in reading order',
    scope: 'global',
    match: (e) => plain(e, 'k'),
    perform: does(({ workspace }) => workspace.cycle(-1)),
  },
  'end-word-right': edgeMove('end', 'word', 1, 'Alt+Shift+→', ['ArrowRight'], [], 'Move the end of the selected annotation one word right'),
  'end-word-left': edgeMove('end', 'word', -1, 'Alt+Shift+←', ['ArrowLeft'], [], 'Move the end one word left'),
  'start-word-left': edgeMove(
    'start',
    'word',
    -1,
    'Alt+Ctrl+←',
    ['ArrowLeft'],
    [],
    'Move the start of the selected annotation one word left',
  ),
  'start-word-right': edgeMove('start', 'word', 1, 'Alt+Ctrl+→', ['ArrowRight'], [], 'Move the start one word right'),
  'end-char-right': edgeMove('end', 'char', 1, 'Alt+Shift+.', ['.', '>'], ['Period'], 'Move the end one character right'),
  'end-char-left': edgeMove('end', 'char', -1, 'Alt+Shift+,', [',', '<'], ['Comma'], 'Move the end one character left'),
  'start-char-left': edgeMove('start', 'char', -1, 'Alt+Ctrl+,', [',', '<'], ['Comma'], 'Move the start one character left'),
  'start-char-right': edgeMove('start', 'char', 1, 'Alt+Ctrl+.', ['.', '>'], ['Period'], 'Move the start one character right'),
  // Find
  find: {
    group: 'Find',
    keys: ['Ctrl+F'],
    description: 'Find text in the article',
    scope: 'global',
    inFields: true,
    match: (e) => mod(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f',
    perform: does(({ find }) => find.current?.focus()),
  },
  'find-next': {
    group: 'Find',
    keys: ['F3'],
    description: 'Select the next match in the article',
    scope: 'global',
    inFields: true,
    match: (e) => e.key === 'F3' && !e.shiftKey && !mod(e) && !e.altKey,
    perform: does(({ find }) => find.current?.step(1)),
  },
  'find-previous': {
    group: 'Find',
    keys: ['Shift+F3'],
    description: 'Select the previous match',
    scope: 'global',
    inFields: true,
    match: (e) => e.key === 'F3' && e.shiftKey && !mod(e) && !e.altKey,
    perform: does(({ find }) => find.current?.step(-1)),
  },
  'find-enter': {
    group: 'Find',
    keys: ['Enter', 'Shift+Enter'],
    description: 'In the find field: select the next (previous) match and go to the article, ready for a label key',
    scope: 'find',
    match: (e) => none(e) && e.key === 'Enter',
  },
  'find-close': {
    group: 'Find',
    keys: ['Escape'],
    description: 'In the find field: back to the article',
    scope: 'find',
    match: (e) => none(e) && e.key === 'Escape',
  },
  'corpus-ends': {
    group: 'App',
    keys: ['Home', 'End'],
    description: 'In the document list: its first (last) document, however long the list',
    scope: 'corpus',
    match: (e) => none(e) && !e.shiftKey && (e.key === 'Home' || e.key === 'End'),
  },
  // Review (the review view's own keys)
  'review-next': reviewKey('J', 'next', 'the next candidate'),
  'review-previous': reviewKey('K', 'previous', 'the previous candidate'),
  'review-next-variant': reviewKey('L', 'next variant', 'the next variant of the candidate'),
  'review-previous-variant': reviewKey('H', 'previous variant', 'the previous variant'),
  'review-accept': reviewKey('A', 'accept', 'accept the variant into gold'),
  'review-reject': reviewKey('R', 'reject', 'reject the variant'),
  'review-nothing-right': reviewKey('N', 'nothing right', 'nothing here is right (this candidate is not asked again)'),
  'review-reopen': reviewKey('U', 'reopen', 'reopen the candidate'),
  'review-comment': reviewKey('C', 'comment', 'comment on the variant'),
  // Claims (the claims view's own keys, in its table)
  'claims-next': claimsKey(['↓', 'J'], '', 'the next claim', (e) => none(e) && !e.shiftKey && (e.key === 'ArrowDown' || e.key === 'j')),
  'claims-previous': claimsKey(
    ['↑', 'K'],
    '',
    'the previous claim',
    (e) => none(e) && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'k'),
  ),
  'claims-tick': claimsKey(
    ['Space'],
    'tick',
    'tick or untick the claim (to group several)',
    (e) => none(e) && !e.shiftKey && e.key === ' ',
  ),
  'claims-tick-down': claimsKey(['Shift+↓'], '', 'tick the claim and the next one', (e) => none(e) && e.shiftKey && e.key === 'ArrowDown'),
  'claims-tick-up': claimsKey(['Shift+↑'], '', 'tick the claim and the previous one', (e) => none(e) && e.shiftKey && e.key === 'ArrowUp'),
  'claims-group': claimsKey(['G'], 'group', 'group the ticked claims (or the chosen one) as the same claim', (e) => plain(e, 'g')),
  'claims-ungroup': claimsKey(['U'], 'ungroup', 'take the ticked claims (or the chosen one) out of their group', (e) => plain(e, 'u')),
  'claims-open': claimsKey(['Enter'], 'open', 'open the claim in its document', (e) => none(e) && !e.shiftKey && e.key === 'Enter'),
  'claims-find-same': claimsKey(['F'], 'find the same', 'find the same claim across the corpus', (e) => plain(e, 'f')),
  'claims-suggest-groups': claimsKey(
    ['Shift+G'],
    'suggest groups',
    'suggest groups of the same claim among the claims shown',
    (e) => none(e) && e.shiftKey && e.key.toLowerCase() === 'g',
  ),
  // History
  undo: {
    group: 'History',
    keys: ['Ctrl+Z'],
    description: 'Undo the last change (kept across reloads and documents)',
    scope: 'global',
    inFields: false,
    match: (e) => isUndoKey(e as KeyboardEvent),
    perform: does(({ workspace }) => workspace.undo()),
  },
  redo: {
    group: 'History',
    keys: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    description: 'Redo the last undone change',
    scope: 'global',
    inFields: false,
    match: (e) => isRedoKey(e as KeyboardEvent),
    perform: does(({ workspace }) => workspace.redo()),
  },
  // App
  'open-files': {
    group: 'App',
    keys: [],
    description: 'Import documents from files (the Import button, or the desktop menu’s File → Open Files…)',
    scope: 'global',
    match: never,
    perform: opens('import-files'),
  },
  'open-folder': {
    group: 'App',
    keys: [],
    description: 'Import every document in a folder (File → Open Folder…)',
    scope: 'global',
    match: never,
    perform: opens('import-folder'),
  },
  export: {
    group: 'App',
    keys: ['Ctrl+Shift+E'],
    description: 'Export: choose the format, documents, layer and labels',
    scope: 'global',
    inFields: true,
    match: (e) => mod(e) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'e',
    perform: opens('export'),
  },
  'toggle-word-snap': {
    group: 'App',
    keys: [],
    description: 'Turn snapping selections to whole words on or off (View → Toggle Word Snapping)',
    scope: 'global',
    match: never,
    perform: ({ workspace, ui }) => {
      const on = !workspace.getState().snapToWords;
      workspace.setSnapToWords(on);
      ui.notice(on ? 'Selections snap to whole words.' : 'Selections keep exact characters (word snapping off).');
      return true;
    },
  },
  'view-annotate': view('annotate', 'Annotate'),
  'view-review': view('review', 'Review'),
  'view-agreement': view('agreement', 'Agreement'),
  'view-claims': view('claims', 'Claims'),
  'show-shortcuts': {
    group: 'App',
    keys: ['?'],
    description: 'Show this list of shortcuts (also Help → Keyboard Shortcuts)',
    scope: 'global',
    match: (e) => !mod(e) && !e.altKey && e.key === '?',
    perform: opens('shortcuts'),
  },
} satisfies Record<string, Action>;

export type ActionId = keyof typeof ACTIONS;
type ActionsOfScope<S extends ShortcutScope> = {
  [K in ActionId]: (typeof ACTIONS)[K] extends { scope: S } ? K : never;
}[ActionId];
export type GlobalActionId = ActionsOfScope<'global'>;

/** One handler per action id of `scope`: a component that owns a scope must handle all of them. */
export type ScopedHandlers<S extends KeyScope> = Record<ActionsOfScope<S>, (e: KeyLike) => void>;
type KeyScope = Exclude<ShortcutScope, 'global' | 'mouse'>;

/** The desktop menu's commands are action ids: a command with no global action fails `tsc` here. */
export const MENU_ACTIONS: readonly GlobalActionId[] = MENU_COMMANDS;

/** Every action with its id, in the registry's order (the sheet's order). */
export const ACTION_LIST: readonly (Action & { id: ActionId })[] = (Object.keys(ACTIONS) as ActionId[]).map((id) => ({
  id,
  ...(ACTIONS[id] as Action),
}));

/** The key hint line of a scope's view: "J next · K previous · …". */
export function keyHint(scope: ShortcutScope): string {
  return ACTION_LIST.filter((a) => a.scope === scope && a.short)
    .map((a) => `${a.keys.join('/')} ${a.short}`)
    .join(' · ');
}

/** Runs a global action by id (from a key, the desktop menu or a button); true when it acted. */
export function runAction(id: GlobalActionId, ctx: ActionContext, e: KeyLike | null = null): boolean {
  return (ACTIONS[id] as GlobalAction).perform(ctx, e);
}

/** The first action of `scope` the key event matches, or undefined. */
export function matchShortcut(
  e: KeyLike,
  ctx: ShortcutContext,
  scope: ShortcutScope = 'global',
  inField = false,
): (Action & { id: ActionId }) | undefined {
  return ACTION_LIST.find((s) => s.scope === scope && (!inField || s.inFields) && s.match(e, ctx));
}

/**
 * The relation-type keys that `link-nearest` answers to: every key any label's relation types
 * get (S, C, R in the default schema), so a key pressed on the wrong annotation still says why.
 */
export function linkKeysOf(schema: Schema | undefined): Set<string> {
  const keys = new Set<string>();
  if (!schema) return keys;
  const starts = new Set(schema.relationTypes.flatMap((t) => (t.from.length === 0 ? schema.labels.map((l) => l.name) : t.from)));
  for (const label of starts) {
    const types = schema.relationTypes.filter((t) => t.from.length === 0 || t.from.includes(label)).map((t) => t.name);
    for (const key of relationKeys(types).values()) keys.add(key);
  }
  return keys;
}

/** A component's own keys: runs the handler of the `scope` action the key matches; true when one did. */
export function handleScopedKey<S extends KeyScope>(e: KeyLike, ctx: ShortcutContext, scope: S, handlers: ScopedHandlers<S>): boolean {
  const hit = matchShortcut(e, ctx, scope);
  if (!hit) return false;
  handlers[hit.id as ActionsOfScope<S>](e);
  return true;
}

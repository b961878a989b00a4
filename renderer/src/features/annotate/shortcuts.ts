/**
 * Every keyboard shortcut of the annotate view, in ONE table: the global key handler
 * (`useShortcuts`) matches keys against it and the shortcut sheet ("?") is generated from it, so
 * the two cannot drift apart. Entries with a `scope` other than `global` are handled by the
 * component named (the link picker, the find field) through `matchShortcut(…, scope)`.
 *
 * Edge moves: Alt+Shift moves the END edge, Alt+Ctrl the START edge; ←/→ step by a word and
 * ,/. (the keys under < and >) by a character. Plain Shift+arrows and Ctrl+Shift+arrows stay the
 * browser's own text-selection keys. Tab stays focus navigation; J/K cycle through annotations.
 */
import { isRedoKey, isUndoKey } from '../../app/keys.ts';

export type ShortcutScope = 'global' | 'picker' | 'find' | 'mouse';

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
  /** Relation-type keys in the link picker, lower-cased. */
  relationKeys?: ReadonlySet<string>;
}

export interface Shortcut {
  id: string;
  group: 'Annotate' | 'Link' | 'Move' | 'Find' | 'History' | 'App';
  /** The keys as shown in the sheet. */
  keys: string[];
  description: string;
  scope: ShortcutScope;
  /** Also fires while typing in a form field. */
  inFields?: boolean;
  match(e: KeyLike, ctx: ShortcutContext): boolean;
}

const none = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;
const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const plain = (e: KeyLike, key: string) => none(e) && !e.shiftKey && e.key.toLowerCase() === key;
const edge = (which: 'end' | 'start', keys: string[], codes: string[]) => (e: KeyLike) =>
  e.altKey &&
  (which === 'end' ? e.shiftKey && !mod(e) : mod(e) && !e.shiftKey) &&
  (keys.includes(e.key) || (e.code !== undefined && codes.includes(e.code)));

export const SHORTCUTS: readonly Shortcut[] = [
  // Annotate
  {
    id: 'label',
    group: 'Annotate',
    keys: ['a label’s key (1, 2, 3 …)'],
    description: 'Tag the selected text with that label; with no text selected, relabel the selected annotation',
    scope: 'global',
    match: (e, ctx) => none(e) && ctx.labelKeys.has(e.key.toLowerCase()),
  },
  {
    id: 'add-range',
    group: 'Annotate',
    keys: ['+'],
    description: 'Add the selected text to the selected annotation (a discontinuous span)',
    scope: 'global',
    match: (e) => none(e) && (e.key === '+' || e.code === 'NumpadAdd'),
  },
  {
    id: 'details',
    group: 'Annotate',
    keys: ['E'],
    description: 'Edit the selected annotation’s attributes and note (Escape returns to the article)',
    scope: 'global',
    match: (e) => plain(e, 'e'),
  },
  {
    id: 'delete',
    group: 'Annotate',
    keys: ['Delete', 'Backspace'],
    description: 'Delete the selected annotation and its links; a selected suggestion (drawn dashed) is rejected and not proposed again',
    scope: 'global',
    match: (e) => none(e) && (e.key === 'Delete' || e.key === 'Backspace'),
  },
  {
    id: 'accept-suggestion',
    group: 'Annotate',
    keys: ['Enter'],
    description: 'Accept the selected suggestion into your layer, with the speaker, cue and sources it links to',
    scope: 'global',
    match: (e) => none(e) && !e.shiftKey && e.key === 'Enter',
  },
  {
    id: 'accept-all-suggestions',
    group: 'Annotate',
    keys: ['Shift+Enter'],
    description: 'Accept every suggestion with the selected suggestion’s label in this document',
    scope: 'global',
    match: (e) => none(e) && e.shiftKey && e.key === 'Enter',
  },
  {
    id: 'escape',
    group: 'Annotate',
    keys: ['Escape'],
    description: 'Deselect the annotation; in the side panel, go back to the article',
    scope: 'global',
    inFields: true,
    match: (e) => none(e) && e.key === 'Escape',
  },
  // Link
  {
    id: 'link',
    group: 'Link',
    keys: ['L'],
    description: 'Link the selected annotation: opens the list of targets the schema allows',
    scope: 'global',
    match: (e) => plain(e, 'l'),
  },
  {
    id: 'picker-move',
    group: 'Link',
    keys: ['↑', '↓', 'Home', 'End'],
    description: 'In the link list: choose a target',
    scope: 'picker',
    match: (e) => none(e) && ['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key),
  },
  {
    id: 'picker-choose',
    group: 'Link',
    keys: ['Enter'],
    description: 'In the link list: link to the chosen target',
    scope: 'picker',
    match: (e) => none(e) && e.key === 'Enter',
  },
  {
    id: 'picker-nearest',
    group: 'Link',
    keys: ['S', 'C', 'R'],
    description:
      'In the link list: link to the nearest target of a relation type, by its first letter (S = said by → Speaker, C = cue, R = reported by → Source)',
    scope: 'picker',
    match: (e, ctx) => none(e) && !e.shiftKey && (ctx.relationKeys?.has(e.key.toLowerCase()) ?? false),
  },
  {
    id: 'picker-cancel',
    group: 'Link',
    keys: ['Escape'],
    description: 'In the link list: cancel',
    scope: 'picker',
    match: (e) => e.key === 'Escape',
  },
  {
    id: 'alt-click',
    group: 'Link',
    keys: ['Alt+click'],
    description: 'With an annotation selected, Alt+click another highlight to link to it',
    scope: 'mouse',
    match: () => false,
  },
  // Move
  {
    id: 'next',
    group: 'Move',
    keys: ['J'],
    description: 'Select the next annotation in reading order',
    scope: 'global',
    match: (e) => plain(e, 'j'),
  },
  {
    id: 'previous',
    group: 'Move',
    keys: ['K'],
    description: 'Select the previous annotation in reading order',
    scope: 'global',
    match: (e) => plain(e, 'k'),
  },
  {
    id: 'end-word-right',
    group: 'Move',
    keys: ['Alt+Shift+→'],
    description: 'Move the end of the selected annotation one word right',
    scope: 'global',
    match: edge('end', ['ArrowRight'], []),
  },
  {
    id: 'end-word-left',
    group: 'Move',
    keys: ['Alt+Shift+←'],
    description: 'Move the end one word left',
    scope: 'global',
    match: edge('end', ['ArrowLeft'], []),
  },
  {
    id: 'start-word-left',
    group: 'Move',
    keys: ['Alt+Ctrl+←'],
    description: 'Move the start of the selected annotation one word left',
    scope: 'global',
    match: edge('start', ['ArrowLeft'], []),
  },
  {
    id: 'start-word-right',
    group: 'Move',
    keys: ['Alt+Ctrl+→'],
    description: 'Move the start one word right',
    scope: 'global',
    match: edge('start', ['ArrowRight'], []),
  },
  {
    id: 'end-char-right',
    group: 'Move',
    keys: ['Alt+Shift+.'],
    description: 'Move the end one character right',
    scope: 'global',
    match: edge('end', ['.', '>'], ['Period']),
  },
  {
    id: 'end-char-left',
    group: 'Move',
    keys: ['Alt+Shift+,'],
    description: 'Move the end one character left',
    scope: 'global',
    match: edge('end', [',', '<'], ['Comma']),
  },
  {
    id: 'start-char-left',
    group: 'Move',
    keys: ['Alt+Ctrl+,'],
    description: 'Move the start one character left',
    scope: 'global',
    match: edge('start', [',', '<'], ['Comma']),
  },
  {
    id: 'start-char-right',
    group: 'Move',
    keys: ['Alt+Ctrl+.'],
    description: 'Move the start one character right',
    scope: 'global',
    match: edge('start', ['.', '>'], ['Period']),
  },
  // Find
  {
    id: 'find',
    group: 'Find',
    keys: ['Ctrl+F'],
    description: 'Find text in the article',
    scope: 'global',
    inFields: true,
    match: (e) => mod(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f',
  },
  {
    id: 'find-next',
    group: 'Find',
    keys: ['F3'],
    description: 'Select the next match in the article',
    scope: 'global',
    inFields: true,
    match: (e) => e.key === 'F3' && !e.shiftKey && !mod(e) && !e.altKey,
  },
  {
    id: 'find-previous',
    group: 'Find',
    keys: ['Shift+F3'],
    description: 'Select the previous match',
    scope: 'global',
    inFields: true,
    match: (e) => e.key === 'F3' && e.shiftKey && !mod(e) && !e.altKey,
  },
  {
    id: 'find-enter',
    group: 'Find',
    keys: ['Enter', 'Shift+Enter'],
    description: 'In the find field: select the next (previous) match and go to the article, ready for a label key',
    scope: 'find',
    match: (e) => none(e) && e.key === 'Enter',
  },
  {
    id: 'find-close',
    group: 'Find',
    keys: ['Escape'],
    description: 'In the find field: back to the article',
    scope: 'find',
    match: (e) => none(e) && e.key === 'Escape',
  },
  // History
  {
    id: 'undo',
    group: 'History',
    keys: ['Ctrl+Z'],
    description: 'Undo the last change (kept across reloads and documents)',
    scope: 'global',
    inFields: false,
    match: (e) => isUndoKey(e as KeyboardEvent),
  },
  {
    id: 'redo',
    group: 'History',
    keys: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    description: 'Redo the last undone change',
    scope: 'global',
    inFields: false,
    match: (e) => isRedoKey(e as KeyboardEvent),
  },
  // App
  {
    id: 'export',
    group: 'App',
    keys: ['Ctrl+Shift+E'],
    description: 'Export the project as Claimscope JSONL',
    scope: 'global',
    inFields: true,
    match: (e) => mod(e) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'e',
  },
  {
    id: 'help',
    group: 'App',
    keys: ['?'],
    description: 'Show this list of shortcuts',
    scope: 'global',
    match: (e) => !mod(e) && !e.altKey && e.key === '?',
  },
];

/** The first shortcut of `scope` the key event matches, or undefined. */
export function matchShortcut(
  e: KeyLike,
  ctx: ShortcutContext,
  scope: ShortcutScope = 'global',
  inField = false,
): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.scope === scope && (!inField || s.inFields) && s.match(e, ctx));
}

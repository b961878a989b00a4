// The desktop menu → action registry path, in Node: every item of the real menu template sends a
// command id, and that id performs the right action in the renderer's registry.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../electron/api.ts';
import { buildMenuTemplate } from '../../../electron/menu.ts';
import { ACTIONS, runAction, type ActionContext } from './actions.ts';
import type { Workspace } from './workspace.ts';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

/** Clicks every menu item that sends a command; returns [label, command] pairs. */
function clickAll(isMac: boolean): [string, MenuCommand][] {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ appName: 'Claimscope', isMac, isPackaged: true, send: (c) => sent.push(c) });
  const pairs: [string, MenuCommand][] = [];
  for (const item of flatten(template)) {
    if (!item.click) continue;
    (item.click as (...args: unknown[]) => void)({}, undefined, {});
    pairs.push([String(item.label), sent.at(-1)!]);
  }
  return pairs;
}

/** A context that records what the action did. */
function recorder() {
  const did: string[] = [];
  let snap = true;
  const workspace = {
    undo: async () => void did.push('undo'),
    redo: async () => void did.push('redo'),
    getState: () => ({ snapToWords: snap }),
    setSnapToWords: (on: boolean) => {
      snap = on;
      did.push(`snap ${on}`);
    },
  } as unknown as Workspace;
  const ctx: ActionContext = {
    workspace,
    ui: { view: { current: null }, readSelection: () => null, notice: () => {} },
    find: { current: null },
    open: (surface) => did.push(`open ${surface}`),
    showView: (mode) => did.push(`view ${mode}`),
  };
  return { ctx, did };
}

describe('desktop menu commands', () => {
  it.each([false, true])('each one is a global action that does what its item says (mac: %s)', (isMac) => {
    const expected: Record<string, [MenuCommand, string]> = {
      'Open Files…': ['open-files', 'open import-files'],
      'Open Folder…': ['open-folder', 'open import-folder'],
      'Export…': ['export', 'open export'],
      Undo: ['undo', 'undo'],
      Redo: ['redo', 'redo'],
      'Toggle Word Snapping': ['toggle-word-snap', 'snap false'],
      'Keyboard Shortcuts': ['show-shortcuts', 'open shortcuts'],
    };
    const pairs = clickAll(isMac);
    expect(pairs.map(([label]) => label).sort()).toEqual(Object.keys(expected).sort());
    for (const [label, command] of pairs) {
      expect(command, label).toBe(expected[label]![0]);
      expect(ACTIONS[command].scope, command).toBe('global');
      const { ctx, did } = recorder();
      expect(runAction(command, ctx), command).toBe(true);
      expect(did, label).toEqual([expected[label]![1]]);
    }
  });
});

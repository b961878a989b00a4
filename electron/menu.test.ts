import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from './api.ts';
import { buildMenuTemplate, type MenuOptions } from './menu.ts';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const variants: [string, Omit<MenuOptions, 'send'>][] = [
  ['Linux/Windows, development', { appName: 'Claimscope', isMac: false, isPackaged: false }],
  ['Linux/Windows, packaged', { appName: 'Claimscope', isMac: false, isPackaged: true }],
  ['macOS, packaged', { appName: 'Claimscope', isMac: true, isPackaged: true }],
];

function build(options: Omit<MenuOptions, 'send'>) {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ ...options, send: (command) => sent.push(command) });
  const items = flatten(template);
  const byLabel = (label: string) => {
    const item = items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item "${label}"`);
    return item;
  };
  const click = (label: string) => (byLabel(label).click as (...args: unknown[]) => void)({}, undefined, {});
  return { template, items, byLabel, click, sent };
}

describe.each(variants)('buildMenuTemplate (%s)', (_name, options) => {
  it('labels every item except separators', () => {
    for (const item of build(options).items) {
      if (item.type === 'separator') continue;
      expect(item.label, JSON.stringify(item)).toMatch(/\S/);
    }
  });

  it('uses each accelerator once', () => {
    const accelerators = build(options).items.flatMap((item) => (item.accelerator ? [String(item.accelerator)] : []));
    expect(accelerators.length).toBeGreaterThan(4);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('sends the app commands to the renderer instead of using Electron roles', () => {
    const menu = build(options);
    const expected: [string, MenuCommand, string | undefined][] = [
      ['Open Files…', 'open-files', 'CmdOrCtrl+O'],
      ['Open Folder…', 'open-folder', 'CmdOrCtrl+Shift+O'],
      ['Export…', 'export', 'CmdOrCtrl+E'],
      ['Undo', 'undo', 'CmdOrCtrl+Z'],
      ['Redo', 'redo', 'CmdOrCtrl+Shift+Z'],
      ['Toggle Word Snapping', 'toggle-word-snap', undefined],
      ['Keyboard Shortcuts', 'show-shortcuts', '?'],
    ];
    for (const [label, command, accelerator] of expected) {
      const item = menu.byLabel(label);
      expect(item.role, label).toBeUndefined();
      expect(item.accelerator, label).toBe(accelerator);
      menu.click(label);
      expect(menu.sent.at(-1)).toBe(command);
    }
  });

  it('shows "?" for the shortcuts sheet without stealing the key from text fields', () => {
    expect(build(options).byLabel('Keyboard Shortcuts').registerAccelerator).toBe(false);
  });

  it('keeps clipboard and zoom as native roles', () => {
    const roles = build(options).items.flatMap((item) => (item.role ? [item.role] : []));
    expect(roles).toEqual(expect.arrayContaining(['copy', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'quit']));
  });

  it('offers developer tools only when not packaged', () => {
    const roles = build(options).items.map((item) => item.role);
    expect(roles.includes('toggleDevTools')).toBe(!options.isPackaged);
  });

  it('has File, Edit, View and Help menus in that order', () => {
    const top = build(options).template.map((item) => item.label);
    const order = ['File', 'Edit', 'View', 'Help'].map((label) => top.indexOf(label));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('platform differences', () => {
  it('puts Quit in the File menu on Linux/Windows and in the app menu on macOS', () => {
    const other = build({ appName: 'Claimscope', isMac: false, isPackaged: true });
    const file = other.template.find((item) => item.label === 'File');
    expect(flatten([file as MenuItemConstructorOptions]).some((item) => item.role === 'quit')).toBe(true);

    const mac = build({ appName: 'Claimscope', isMac: true, isPackaged: true });
    expect(mac.template[0]?.label).toBe('Claimscope');
    const macFile = mac.template.find((item) => item.label === 'File');
    expect(flatten([macFile as MenuItemConstructorOptions]).some((item) => item.role === 'quit')).toBe(false);
  });

  it('passes the clicked window along with the command', () => {
    const send = vi.fn();
    const template = buildMenuTemplate({ appName: 'Claimscope', isMac: false, isPackaged: true, send });
    const exportItem = flatten(template).find((item) => item.label === 'Export…');
    const win = { id: 7 };
    (exportItem?.click as (...args: unknown[]) => void)({}, win, {});
    expect(send).toHaveBeenCalledWith('export', win);
  });
});

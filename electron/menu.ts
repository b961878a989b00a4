// The application menu. Commands that belong to the app (open, export, undo/redo of the
// annotation log, word snapping, shortcuts) are sent to the renderer as MenuCommands instead of
// using Electron roles: the article text is protected, and undo is the app's own operation log.
import type { BaseWindow, MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './api.ts';

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  isPackaged: boolean;
  /** Delivers a command to the renderer of `win` (the focused window when the item was clicked). */
  send(command: MenuCommand, win: BaseWindow | undefined): void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, cmd: MenuCommand, accelerator?: string, extra: Partial<MenuItemConstructorOptions> = {}) =>
    ({
      label,
      ...(accelerator && { accelerator }),
      ...extra,
      click: (_item, win) => options.send(cmd, win),
    }) satisfies MenuItemConstructorOptions;
  const menu = (label: string, submenu: MenuItemConstructorOptions[]): MenuItemConstructorOptions => ({ label, submenu });
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions[] = options.isMac
    ? [
        menu(options.appName, [
          { role: 'about', label: `About ${options.appName}` },
          separator,
          { role: 'services', label: 'Services' },
          separator,
          { role: 'hide', label: `Hide ${options.appName}` },
          { role: 'hideOthers', label: 'Hide Others' },
          { role: 'unhide', label: 'Show All' },
          separator,
          { role: 'quit', label: `Quit ${options.appName}` },
        ]),
      ]
    : [];

  const file = menu('File', [
    command('Open Files…', 'open-files', 'CmdOrCtrl+O'),
    command('Open Folder…', 'open-folder', 'CmdOrCtrl+Shift+O'),
    separator,
    command('Export…', 'export', 'CmdOrCtrl+E'),
    ...(options.isMac ? [] : [separator, { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' } satisfies MenuItemConstructorOptions]),
  ]);

  const edit = menu('Edit', [
    command('Undo', 'undo', 'CmdOrCtrl+Z'),
    command('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
    separator,
    // Cut and Paste act only on editable fields (notes, search); the article itself is read-only.
    { role: 'cut', label: 'Cut' },
    { role: 'copy', label: 'Copy' },
    { role: 'paste', label: 'Paste' },
    { role: 'selectAll', label: 'Select All' },
  ]);

  const view = menu('View', [
    command('Toggle Word Snapping', 'toggle-word-snap'),
    separator,
    { role: 'reload', label: 'Reload' },
    ...(options.isPackaged ? [] : [{ role: 'toggleDevTools', label: 'Toggle Developer Tools' } satisfies MenuItemConstructorOptions]),
    separator,
    { role: 'resetZoom', label: 'Actual Size' },
    { role: 'zoomIn', label: 'Zoom In' },
    { role: 'zoomOut', label: 'Zoom Out' },
    separator,
    { role: 'togglefullscreen', label: 'Toggle Full Screen' },
  ]);

  const windowMenu = menu(
    'Window',
    options.isMac
      ? [
          { role: 'minimize', label: 'Minimize' },
          { role: 'zoom', label: 'Zoom' },
          separator,
          { role: 'front', label: 'Bring All to Front' },
        ]
      : [
          { role: 'minimize', label: 'Minimize' },
          { role: 'close', label: 'Close' },
        ],
  );

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: 'Help',
    submenu: [
      // '?' is shown as the hint but not registered, so typing '?' in a note still types it;
      // the renderer handles the key itself outside text fields.
      command('Keyboard Shortcuts', 'show-shortcuts', '?', { registerAccelerator: false }),
    ],
  };

  return [...appMenu, file, edit, view, windowMenu, help];
}

// The contract between the desktop shell and the renderer. Types only, plus the channel names
// both sides agree on (plain string constants, no imports), so the renderer can import it
// without pulling anything from Electron or Node.

export interface FileFilter { name: string; extensions: string[] }
export interface PickedFile { name: string; path: string; data: Uint8Array }
export type MenuCommand = 'open-files' | 'open-folder' | 'export' | 'undo' | 'redo' | 'show-shortcuts' | 'toggle-word-snap';

export interface DesktopApi {
  readonly kind: 'desktop';
  saveFile(req: { suggestedName: string; data: string | Uint8Array; filters: FileFilter[] }): Promise<{ saved: boolean; path?: string }>;
  openFiles(req: { filters: FileFilter[]; multiple: boolean }): Promise<PickedFile[]>; // [] when cancelled
  openFolder(): Promise<PickedFile[]>; // every file below the chosen folder (name = path relative to it); [] when cancelled
  writeBackup(req: { name: string; data: string }): Promise<{ path: string }>; // atomic write under userData/backups, keep the newest 20 per name
  onMenuCommand(listener: (command: MenuCommand) => void): () => void; // returns unsubscribe
}

/** Renderer → main request channels (each one `ipcRenderer.invoke` ↔ `ipcMain.handle`). */
export const INVOKE_CHANNELS = {
  saveFile: 'claimscope:save-file',
  openFiles: 'claimscope:open-files',
  openFolder: 'claimscope:open-folder',
  writeBackup: 'claimscope:write-backup',
} as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];

/** Main → renderer event channel carrying one `MenuCommand`. */
export const MENU_COMMAND_CHANNEL = 'claimscope:menu-command';

/** Every menu command, for validating what crosses the bridge. */
export const MENU_COMMANDS: readonly MenuCommand[] = [
  'open-files', 'open-folder', 'export', 'undo', 'redo', 'show-shortcuts', 'toggle-word-snap',
];

declare global {
  interface Window { desktop?: DesktopApi }
}

// The contract between the desktop shell and the renderer. Types only, plus the channel names
// both sides agree on (plain string constants, no imports), so the renderer can import it
// without pulling anything from Electron or Node.

export interface FileFilter {
  name: string;
  extensions: string[];
}
export interface PickedFile {
  name: string;
  path: string;
  data: Uint8Array;
}
export type AutoBackupReason = 'daily' | 'upgrade';
/** One automatic backup: a project archive under the app's data folder. */
export interface AutoBackupInfo {
  /** Its file name, which `readAutoBackup` takes back. */
  id: string;
  projectId: string;
  projectName: string;
  /** Hash of the project's rows when it was made, so an unchanged project is not backed up again. */
  contentHash: string;
  reason: AutoBackupReason;
  /** ISO time. */
  createdAt: string;
  bytes: number;
}
/** What the renderer hands over to be kept as an automatic backup. */
export interface AutoBackupRequest extends Pick<AutoBackupInfo, 'projectId' | 'projectName' | 'reason' | 'contentHash'> {
  data: Uint8Array;
}
export type MenuCommand = 'open-files' | 'open-folder' | 'export' | 'undo' | 'redo' | 'show-shortcuts' | 'toggle-word-snap';

export interface DesktopApi {
  readonly kind: 'desktop';
  saveFile(req: { suggestedName: string; data: string | Uint8Array; filters: FileFilter[] }): Promise<{ saved: boolean; path?: string }>;
  /** Save dialog, then a temporary file beside the chosen one for a streamed write; null when cancelled. */
  saveStreamOpen(req: { suggestedName: string; filters: FileFilter[] }): Promise<{ id: string; path: string } | null>;
  /** Appends a chunk (at most SAVE_STREAM_CHUNK_BYTES) to an open streamed save. */
  saveStreamWrite(req: { id: string; data: Uint8Array }): Promise<void>;
  /** Flushes the temporary file to disk and renames it over the chosen one. */
  saveStreamClose(req: { id: string }): Promise<{ path: string }>;
  /** Removes the temporary file; the chosen file is left as it was. */
  saveStreamAbort(req: { id: string }): Promise<void>;
  openFiles(req: { filters: FileFilter[]; multiple: boolean }): Promise<PickedFile[]>; // [] when cancelled
  openFolder(): Promise<PickedFile[]>; // every file below the chosen folder (name = path relative to it); [] when cancelled
  /** Writes a project archive under userData/backups atomically and keeps that project's newest 14. */
  writeAutoBackup(req: AutoBackupRequest): Promise<AutoBackupInfo>;
  listAutoBackups(): Promise<AutoBackupInfo[]>; // newest first
  readAutoBackup(req: { id: string }): Promise<Uint8Array>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void; // returns unsubscribe
  /** A team project's password: remembered ones encrypted by the system (safeStorage), others until the app quits. */
  getTeamPassword(req: { projectId: string }): Promise<string | null>;
  /** `remembered` is false when the system offers no encryption: then it is kept until the app quits. */
  setTeamPassword(req: { projectId: string; password: string; remember: boolean }): Promise<{ remembered: boolean }>;
  deleteTeamPassword(req: { projectId: string }): Promise<void>;
  /**
   * Saves a team server's origin, which the app's Content-Security-Policy then admits in
   * `connect-src`; `reload` says the page in the window was served before it was saved.
   */
  allowTeamServer(req: { origin: string }): Promise<{ origin: string; reload: boolean }>;
  forgetTeamServer(req: { origin: string }): Promise<void>;
}

/** The DesktopApi methods that are a request to the main process. */
export type InvokeMethod = Exclude<keyof DesktopApi, 'kind' | 'onMenuCommand'>;

/**
 * Renderer → main request channels (each one `ipcRenderer.invoke` ↔ `ipcMain.handle`), one per
 * InvokeMethod: the preload makes its bridge from this list.
 */
export const INVOKE_CHANNELS = {
  saveFile: 'claimscope:save-file',
  saveStreamOpen: 'claimscope:save-stream-open',
  saveStreamWrite: 'claimscope:save-stream-write',
  saveStreamClose: 'claimscope:save-stream-close',
  saveStreamAbort: 'claimscope:save-stream-abort',
  openFiles: 'claimscope:open-files',
  openFolder: 'claimscope:open-folder',
  writeAutoBackup: 'claimscope:write-auto-backup',
  listAutoBackups: 'claimscope:list-auto-backups',
  readAutoBackup: 'claimscope:read-auto-backup',
  getTeamPassword: 'claimscope:get-team-password',
  setTeamPassword: 'claimscope:set-team-password',
  deleteTeamPassword: 'claimscope:delete-team-password',
  allowTeamServer: 'claimscope:allow-team-server',
  forgetTeamServer: 'claimscope:forget-team-server',
} as const satisfies Record<InvokeMethod, `claimscope:${string}`>;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];

/** The largest chunk one `saveStreamWrite` carries. */
export const SAVE_STREAM_CHUNK_BYTES = 8 * 1024 * 1024;

/** Main → renderer event channel carrying one `MenuCommand`. */
export const MENU_COMMAND_CHANNEL = 'claimscope:menu-command';

/** Every menu command, for validating what crosses the bridge. */
export const MENU_COMMANDS: readonly MenuCommand[] = [
  'open-files',
  'open-folder',
  'export',
  'undo',
  'redo',
  'show-shortcuts',
  'toggle-word-snap',
];

declare global {
  interface Window {
    desktop?: DesktopApi;
  }
}

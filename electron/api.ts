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
/** What the renderer says of an automatic backup it is about to write (its bytes follow in chunks). */
export type AutoBackupStart = Pick<AutoBackupInfo, 'projectId' | 'projectName' | 'reason' | 'contentHash'>;
export type MenuCommand = 'open-files' | 'open-folder' | 'export' | 'undo' | 'redo' | 'show-shortcuts' | 'toggle-word-snap';

export interface DesktopApi {
  readonly kind: 'desktop';
  /** Save dialog, then a temporary file beside the chosen one for a streamed write; null when cancelled. */
  saveStreamOpen(req: { suggestedName: string; filters: FileFilter[] }): Promise<{ id: string; path: string } | null>;
  /** Appends a chunk (at most SAVE_STREAM_CHUNK_BYTES) to an open streamed save (an export or an automatic backup). */
  saveStreamWrite(req: { id: string; data: Uint8Array }): Promise<void>;
  /** Flushes the temporary file to disk, reads it back to check it holds what was sent, and renames it over the chosen one. */
  saveStreamClose(req: { id: string }): Promise<{ path: string }>;
  /** Removes the temporary file; the chosen file is left as it was. */
  saveStreamAbort(req: { id: string }): Promise<void>;
  openFiles(req: { filters: FileFilter[]; multiple: boolean }): Promise<PickedFile[]>; // [] when cancelled
  /** Open dialog for one project archive to restore, opened to be read a chunk at a time; null when cancelled. */
  archiveOpen(req: { filters: FileFilter[] }): Promise<{ id: string; name: string; size: number } | null>;
  /** Up to `length` (at most ARCHIVE_READ_CHUNK_BYTES) bytes of an open archive from `from`; fewer at its end. */
  archiveRead(req: { id: string; from: number; length: number }): Promise<Uint8Array>;
  /** Closes an open archive (also done when the window closes). */
  archiveClose(req: { id: string }): Promise<void>;
  openFolder(): Promise<PickedFile[]>; // every file below the chosen folder (name = path relative to it); [] when cancelled
  /**
   * Starts an automatic backup under userData/backups: a streamed save (its chunks go through
   * saveStreamWrite, saveStreamAbort drops it) into a temporary file there; returns its save id.
   */
  autoBackupStart(req: AutoBackupStart): Promise<{ id: string }>;
  /** Reads the backup back, checks it, renames it into the rotation and keeps that project's newest 14. */
  autoBackupFinish(req: { id: string }): Promise<AutoBackupInfo>;
  listAutoBackups(): Promise<AutoBackupInfo[]>; // newest first
  /** Opens one listed backup to be read a chunk at a time (archiveRead, archiveClose), as archiveOpen does a chosen file. */
  autoBackupOpen(req: { id: string }): Promise<{ id: string; name: string; size: number }>;
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
  saveStreamOpen: 'claimscope:save-stream-open',
  saveStreamWrite: 'claimscope:save-stream-write',
  saveStreamClose: 'claimscope:save-stream-close',
  saveStreamAbort: 'claimscope:save-stream-abort',
  openFiles: 'claimscope:open-files',
  archiveOpen: 'claimscope:archive-open',
  archiveRead: 'claimscope:archive-read',
  archiveClose: 'claimscope:archive-close',
  openFolder: 'claimscope:open-folder',
  autoBackupStart: 'claimscope:auto-backup-start',
  autoBackupFinish: 'claimscope:auto-backup-finish',
  listAutoBackups: 'claimscope:list-auto-backups',
  autoBackupOpen: 'claimscope:auto-backup-open',
  getTeamPassword: 'claimscope:get-team-password',
  setTeamPassword: 'claimscope:set-team-password',
  deleteTeamPassword: 'claimscope:delete-team-password',
  allowTeamServer: 'claimscope:allow-team-server',
  forgetTeamServer: 'claimscope:forget-team-server',
} as const satisfies Record<InvokeMethod, `claimscope:${string}`>;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];

/** The largest chunk one `saveStreamWrite` carries. */
export const SAVE_STREAM_CHUNK_BYTES = 8 * 1024 * 1024;
/** The largest chunk one `archiveRead` returns. */
export const ARCHIVE_READ_CHUNK_BYTES = 8 * 1024 * 1024;

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

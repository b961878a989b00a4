import type { AutoBackupInfo, AutoBackupReason, AutoBackupStart, FileFilter, MenuCommand } from '../../../electron/api.ts';
import type { SecretStore } from '../sync/credentials.ts';

export type { AutoBackupInfo, AutoBackupReason, AutoBackupStart, FileFilter, MenuCommand };

/** An automatic backup being written a chunk at a time; `close` puts it in the rotation and says what is listed. */
export interface AutoBackupTarget extends Omit<SaveTarget, 'close'> {
  close(): Promise<AutoBackupInfo>;
}

/**
 * Automatic backups kept by the machine (the desktop app's data folder), written and read a chunk
 * at a time, never whole, so a project of any size is backed up and restored.
 */
export interface AutoBackupStore {
  /** A new backup to write; nothing of it is listed until `close` resolves, and `abort` drops it. */
  start(req: AutoBackupStart): Promise<AutoBackupTarget>;
  /** Newest first. */
  list(): Promise<AutoBackupInfo[]>;
  /** One listed backup, to be read a slice at a time (and closed) as a restore reads it. */
  open(id: string): Promise<ByteSource>;
}

/** What the machine keeps for team servers (issue #12). */
export interface TeamServerHost {
  /** Team project passwords: desktop, encrypted by the system (safeStorage); web, the session or this browser. */
  readonly secrets: SecretStore;
  /**
   * Lets the app's Content-Security-Policy admit a team server's origin. The desktop saves it and
   * serves the next page with it (`reload`: this page does not admit it yet); the web build's
   * policy is fixed when it is built (CLAIMSCOPE_SYNC_ORIGIN), so there it changes nothing.
   */
  allowServer(origin: string): Promise<{ reload: boolean }>;
  forgetServer(origin: string): Promise<void>;
}

export interface InputFile {
  name: string;
  data: Uint8Array;
}

/** A file read a slice at a time, never whole (a project archive being restored). */
export interface ByteSource {
  name: string;
  size: number;
  /** The bytes at [from, to), fewer only past the end of the file. */
  read(from: number, to: number): Promise<Uint8Array>;
  /** Lets the file go (the desktop closes it); call once reading is over. */
  close(): Promise<void>;
}

/** A Blob (a file the browser picked, bytes held) as a source read a slice at a time. */
export function blobSource(name: string, blob: Blob): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (from, to) => new Uint8Array(await blob.slice(from, to).arrayBuffer()),
    close: async () => {},
  };
}

/**
 * A file being written a chunk at a time (a streamed export). Nothing of it counts as saved
 * until `close` resolves; `abort` drops what was written (the desktop removes its temporary
 * file, the web discards the parts it held).
 */
export interface SaveTarget {
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file and says where it went. */
  close(): Promise<{ where?: string }>;
  abort(): Promise<void>;
}

/**
 * What the app needs from the machine it runs on. The desktop build implements it over the
 * preload bridge (`window.desktop`); the web build with file inputs and downloads. Nothing else
 * in the renderer knows which one it runs on.
 */
export interface Platform {
  readonly kind: 'desktop' | 'web';
  saveFile(suggestedName: string, data: string | Uint8Array, filters: FileFilter[]): Promise<{ saved: boolean; where?: string }>;
  /** Asks where to save a file that will be written in chunks; null when the user cancels. */
  saveStream(suggestedName: string, filters: FileFilter[]): Promise<SaveTarget | null>;
  openFiles(filters: FileFilter[], multiple: boolean): Promise<InputFile[]>;
  /**
   * Asks for one project archive to restore, read a slice at a time as it is restored (never
   * whole, whatever its size); null when the user cancels. The caller closes it.
   */
  openArchive(filters: FileFilter[]): Promise<ByteSource | null>;
  openFolder(): Promise<InputFile[]>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** The desktop keeps automatic backups; the web has none (it reminds the user to download one). */
  readonly autoBackups: AutoBackupStore | null;
  readonly teamServer: TeamServerHost;
}

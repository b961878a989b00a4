// Files on disk for the desktop shell: native open/save dialogs, reading what the user picked,
// atomic writes and rotated backups. Electron's dialog is passed in; everything else is Node, so
// the disk behaviour is tested against a temp dir without Electron.
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileFilter, PickedFile } from './api.ts';

export const MAX_PICKED_FILES = 20_000;
export const MAX_PICKED_BYTES = 200 * 1024 * 1024;
export const BACKUPS_KEPT = 20;

export interface ReadLimits { maxFiles: number; maxBytes: number }
export const DEFAULT_READ_LIMITS: ReadLimits = { maxFiles: MAX_PICKED_FILES, maxBytes: MAX_PICKED_BYTES };

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
}

/** Thrown when a pick is too big to load; the message is written for the user. */
export class PickTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PickTooLargeError';
  }
}

function checkLimits(what: string, count: number, bytes: number, limits: ReadLimits): void {
  if (count > limits.maxFiles) {
    throw new PickTooLargeError(
      `${what} holds more than ${limits.maxFiles.toLocaleString('en-US')} files; choose a smaller folder or fewer files.`,
    );
  }
  if (bytes > limits.maxBytes) {
    throw new PickTooLargeError(
      `${what} is larger than ${formatMegabytes(limits.maxBytes)} in total (${formatMegabytes(bytes)}); choose a smaller folder or fewer files.`,
    );
  }
}

function asPlainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Reads the files the user picked; `name` is the file's base name. */
export async function readPickedFiles(filePaths: readonly string[], limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PickedFile[]> {
  let total = 0;
  for (const filePath of filePaths) total += (await stat(filePath)).size;
  checkLimits(filePaths.length === 1 ? 'The chosen file' : 'The chosen files', filePaths.length, total, limits);
  const files: PickedFile[] = [];
  for (const filePath of filePaths) {
    files.push({ name: path.basename(filePath), path: filePath, data: asPlainBytes(await readFile(filePath)) });
  }
  return files;
}

const isHidden = (name: string) => name.startsWith('.');

/**
 * Every regular file below `folder`, depth first in name order, skipping hidden files and
 * hidden folders (names starting with '.') and not following symbolic links. `name` is the
 * path relative to `folder` with '/' separators. Sizes are checked before anything is read,
 * so an oversized folder fails fast with a clear message.
 */
export async function readFolder(folder: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PickedFile[]> {
  const found: { relative: string; absolute: string }[] = [];
  let total = 0;
  const what = `The folder "${path.basename(folder) || folder}"`;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const absolute = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(absolute, relative);
      } else if (entry.isFile()) {
        total += (await stat(absolute)).size;
        found.push({ relative, absolute });
        checkLimits(what, found.length, total, limits);
      }
    }
  };
  await walk(folder, '');
  const files: PickedFile[] = [];
  for (const { relative, absolute } of found) {
    files.push({ name: relative, path: absolute, data: asPlainBytes(await readFile(absolute)) });
  }
  return files;
}

/**
 * Writes `data` so that `filePath` holds either the old content or the complete new content,
 * never a torn file: temp file in the same directory, fsync, rename over the target, then a
 * best-effort fsync of the directory so the rename itself is durable.
 */
export async function atomicWriteFile(filePath: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(filePath);
  const temp = path.join(dir, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filePath);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  try {
    const dirHandle = await open(dir, constants.O_RDONLY);
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}

/** A backup name: a plain file name, no folders, not hidden. */
export const BACKUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stampOf(date: Date): string {
  // 2025-11-29T07:58:00.123Z → 20251129T075800123Z: sortable and valid in every file system.
  return date.toISOString().replace(/[-:.]/g, '');
}

interface BackupEntry { file: string; stamp: string; seq: number }

function compareBackups(a: BackupEntry, b: BackupEntry): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.seq - b.seq;
}

/** The backups of `name` in `backupsDir`, oldest first. */
export async function listBackups(backupsDir: string, name: string): Promise<string[]> {
  return (await backupEntries(backupsDir, name)).map((entry) => path.join(backupsDir, entry.file));
}

async function backupEntries(backupsDir: string, name: string): Promise<BackupEntry[]> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const pattern = new RegExp(`^${escapeRegExp(stem)}\\.(\\d{8}T\\d{9}Z)(?:-(\\d+))?${escapeRegExp(ext)}$`);
  let files: string[];
  try {
    files = await readdir(backupsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: BackupEntry[] = [];
  for (const file of files) {
    const match = pattern.exec(file);
    if (match?.[1]) entries.push({ file, stamp: match[1], seq: match[2] ? Number(match[2]) : 0 });
  }
  return entries.sort(compareBackups);
}

/**
 * Writes a backup of `name` as `<stem>.<UTC timestamp>[-n]<ext>` in `backupsDir` (atomically),
 * then deletes the oldest backups of that name beyond `keep`. Returns the new file's path.
 */
export async function writeBackup(
  backupsDir: string,
  name: string,
  data: string,
  options: { keep?: number; now?: Date } = {},
): Promise<{ path: string }> {
  if (!BACKUP_NAME_PATTERN.test(name)) {
    throw new Error(`"${name}" is not a valid backup name: use letters, digits, spaces, '.', '_' or '-' (at most 100 characters, not starting with '.').`);
  }
  const keep = options.keep ?? BACKUPS_KEPT;
  await mkdir(backupsDir, { recursive: true });
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const stamp = stampOf(options.now ?? new Date());
  const existing = await backupEntries(backupsDir, name);
  const sameStamp = existing.filter((entry) => entry.stamp === stamp);
  const seq = sameStamp.length === 0 ? 0 : Math.max(...sameStamp.map((entry) => entry.seq)) + 1;
  const file = `${stem}.${stamp}${seq === 0 ? '' : `-${seq}`}${ext}`;
  const target = path.join(backupsDir, file);
  await atomicWriteFile(target, data);
  const all = [...existing, { file, stamp, seq }].sort(compareBackups);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    await unlink(path.join(backupsDir, old.file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return { path: target };
}

type DialogDeps = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/** Save dialog, then an atomic write of `data` to the chosen path. */
export async function saveWithDialog(
  dialog: DialogDeps,
  win: BrowserWindow,
  req: { suggestedName: string; data: string | Uint8Array; filters: FileFilter[]; defaultDir: string },
): Promise<{ saved: boolean; path?: string }> {
  const result = await dialog.showSaveDialog(win, {
    defaultPath: path.join(req.defaultDir, req.suggestedName),
    filters: req.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (result.canceled || !result.filePath) return { saved: false };
  await atomicWriteFile(result.filePath, req.data);
  return { saved: true, path: result.filePath };
}

/** Open dialog for one or several files, then reads them; [] when cancelled. */
export async function openFilesWithDialog(
  dialog: DialogDeps,
  win: BrowserWindow,
  req: { filters: FileFilter[]; multiple: boolean },
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<PickedFile[]> {
  const properties: OpenDialogOptions['properties'] = req.multiple ? ['openFile', 'multiSelections'] : ['openFile'];
  const result = await dialog.showOpenDialog(win, { filters: req.filters, properties });
  if (result.canceled || result.filePaths.length === 0) return [];
  return readPickedFiles(result.filePaths, limits);
}

/** Open dialog for a folder, then reads every file below it; [] when cancelled. */
export async function openFolderWithDialog(dialog: DialogDeps, win: BrowserWindow, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PickedFile[]> {
  const result = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
  const folder = result.filePaths[0];
  if (result.canceled || !folder) return [];
  return readFolder(folder, limits);
}

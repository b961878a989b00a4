// Files on disk for the desktop shell: native open/save dialogs, reading what the user picked
// and atomic writes. Electron's dialog is passed in; everything else is Node, so
// the disk behaviour is tested against a temp dir without Electron.
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { FileTooLargeError, MAX_PICK_TOTAL_BYTES, pickSizeProblem } from '../renderer/core/formats/limits.ts';
import { SAVE_STREAM_CHUNK_BYTES, type FileFilter, type PickedFile } from './api.ts';

export { FileTooLargeError };

export const MAX_PICKED_FILES = 20_000;

/**
 * How many files one pick may hold. Sizes follow the app-wide policy of
 * renderer/core/formats/limits.ts (the same for the web picker and drag and drop).
 */
export interface ReadLimits {
  maxFiles: number;
}
export const DEFAULT_READ_LIMITS: ReadLimits = { maxFiles: MAX_PICKED_FILES };

function checkCount(what: string, count: number, limits: ReadLimits): void {
  if (count > limits.maxFiles) {
    throw new FileTooLargeError(
      `${what} holds more than ${limits.maxFiles.toLocaleString('en-US')} files; choose a smaller folder or fewer files.`,
    );
  }
}

function checkSizes(files: readonly { name: string; size: number }[]): void {
  const problem = pickSizeProblem(files);
  if (problem) throw new FileTooLargeError(problem);
}

function asPlainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Reads the files the user picked; `name` is the file's base name. */
export async function readPickedFiles(filePaths: readonly string[], limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PickedFile[]> {
  checkCount('The choice', filePaths.length, limits);
  const sized = [];
  for (const filePath of filePaths) sized.push({ name: path.basename(filePath), size: (await stat(filePath)).size });
  checkSizes(sized);
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
  const found: { relative: string; absolute: string; name: string; size: number }[] = [];
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
        const file = { relative, absolute, name: relative, size: (await stat(absolute)).size };
        found.push(file);
        total += file.size;
        checkCount(what, found.length, limits);
        // Each file as it is found, the whole folder once the total is over the limit.
        checkSizes(total > MAX_PICK_TOTAL_BYTES ? found : [file]);
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
  const temp = tempPathFor(filePath);
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
  await syncDirectory(dir);
}

/** A best-effort fsync of a directory, so a rename into it is durable. */
async function syncDirectory(dir: string): Promise<void> {
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

type DialogDeps = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

/** Save dialog, then a streamed save to the chosen path; null when cancelled. */
export async function openSaveStreamWithDialog(
  dialog: DialogDeps,
  win: BrowserWindow,
  streams: SaveStreams,
  owner: number,
  req: { suggestedName: string; filters: FileFilter[]; defaultDir: string },
): Promise<{ id: string; path: string } | null> {
  const result = await dialog.showSaveDialog(win, {
    defaultPath: path.join(req.defaultDir, req.suggestedName),
    filters: req.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (result.canceled || !result.filePath) return null;
  return { id: await streams.start(owner, result.filePath), path: result.filePath };
}

/** Open dialog for one project archive, opened to be read a chunk at a time (never whole); null when cancelled. */
export async function openReadStreamWithDialog(
  dialog: DialogDeps,
  win: BrowserWindow,
  streams: ReadStreams,
  owner: number,
  req: { filters: FileFilter[] },
): Promise<{ id: string; name: string; size: number } | null> {
  const result = await dialog.showOpenDialog(win, { filters: req.filters, properties: ['openFile'] });
  const file = result.filePaths[0];
  if (result.canceled || !file) return null;
  return streams.open(owner, file);
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
export async function openFolderWithDialog(
  dialog: DialogDeps,
  win: BrowserWindow,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<PickedFile[]> {
  const result = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
  const folder = result.filePaths[0];
  if (result.canceled || !folder) return [];
  return readFolder(folder, limits);
}

/**
 * Open files by id, each owned by the window (web contents) that opened it: only that window can
 * use or close it, and closing the window closes them all.
 */
class WindowFiles<T extends { owner: number }> {
  private readonly byId = new Map<string, T>();

  constructor(private readonly notOpen: string) {}

  add(entry: T): string {
    const id = randomBytes(12).toString('hex');
    this.byId.set(id, entry);
    return id;
  }

  /** The window's entry, or the error `notOpen`. */
  get(owner: number, id: string): T {
    const entry = this.byId.get(id);
    if (!entry || entry.owner !== owner) throw new Error(this.notOpen);
    return entry;
  }

  /** Removes and returns the window's entry; undefined for an id that is not open (or not this window's). */
  take(owner: number, id: string): T | undefined {
    const entry = this.byId.get(id);
    if (!entry || entry.owner !== owner) return undefined;
    this.byId.delete(id);
    return entry;
  }

  idsOf(owner: number): string[] {
    return [...this.byId].filter(([, entry]) => entry.owner === owner).map(([id]) => id);
  }

  /** Whether any open entry (of any window) passes `test`. */
  some(test: (entry: T) => boolean): boolean {
    return [...this.byId.values()].some(test);
  }
}

/** Bytes read back at a time when a finished save is checked. */
const READ_BACK_BYTES = 1 << 20;

/** The SHA-256 of a file's bytes, read back from disk `READ_BACK_BYTES` at a time. */
async function digestOfFile(handle: FileHandle): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(READ_BACK_BYTES);
  let at = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
  return { digest: hash.digest('hex'), bytes: at };
}

interface OpenSave {
  owner: number;
  target: string;
  temp: string;
  handle: FileHandle;
  /** The bytes received so far: their count and running SHA-256, which the file read back must match. */
  bytes: number;
  hash: Hash;
}

/**
 * Streamed saves: a temporary file beside the chosen one is written a chunk at a time (each at
 * most `maxChunk` bytes, with no limit on their number), then flushed, read back and compared
 * with what was received (the same SHA-256), and renamed over it: the chosen file holds the old
 * content or the whole new one, never part of it. An aborted or abandoned save removes its
 * temporary file. Each save belongs to the window (web contents) that opened it, and only that
 * window can write, close or abort it.
 */
export class SaveStreams {
  private readonly open = new WindowFiles<OpenSave>('That save is not open (it was finished, cancelled or belongs to another window).');

  constructor(readonly maxChunk = SAVE_STREAM_CHUNK_BYTES) {}

  /** Starts a save to `target`; returns its id. */
  async start(owner: number, target: string): Promise<string> {
    const temp = tempPathFor(target);
    // Read and write: the file is read back through the same handle before it is renamed.
    const handle = await open(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644);
    return this.open.add({ owner, target, temp, handle, bytes: 0, hash: createHash('sha256') });
  }

  async write(owner: number, id: string, data: Uint8Array): Promise<void> {
    const save = this.open.get(owner, id);
    try {
      if (data.byteLength > this.maxChunk) throw new Error(`A chunk is at most ${this.maxChunk} bytes.`);
      let done = 0;
      while (done < data.byteLength) {
        const { bytesWritten } = await save.handle.write(data, done, data.byteLength - done, save.bytes + done);
        done += bytesWritten;
      }
      save.hash.update(data);
      save.bytes += data.byteLength;
    } catch (error) {
      await this.abort(owner, id);
      throw error;
    }
  }

  /**
   * Flushes the file, reads it back and checks it holds exactly the bytes received, then closes
   * and renames it into place; returns its path and size. A file that reads back otherwise is
   * removed, and the target is left as it was.
   */
  async finish(owner: number, id: string): Promise<{ path: string; bytes: number }> {
    const save = this.open.get(owner, id);
    this.open.take(owner, id);
    try {
      try {
        await save.handle.sync();
        const back = await digestOfFile(save.handle);
        const sent = save.hash.digest('hex');
        if (back.bytes !== save.bytes || back.digest !== sent) {
          throw new Error(
            `${path.basename(save.target)} was read back after writing and differs from what was written (${back.bytes} bytes on disk, ${save.bytes} written); it was not saved.`,
          );
        }
      } finally {
        await save.handle.close();
      }
      await rename(save.temp, save.target);
    } catch (error) {
      await unlink(save.temp).catch(() => undefined);
      throw error;
    }
    await syncDirectory(path.dirname(save.target));
    return { path: save.target, bytes: save.bytes };
  }

  /** Drops a save: its temporary file is removed. An id that is not open is ignored. */
  async abort(owner: number, id: string): Promise<void> {
    const save = this.open.take(owner, id);
    if (!save) return;
    await save.handle.close().catch(() => undefined);
    await unlink(save.temp).catch(() => undefined);
  }

  /** Drops every save of a window (it closed or crashed). */
  async abortAll(owner: number): Promise<void> {
    for (const id of this.open.idsOf(owner)) await this.abort(owner, id);
  }

  /** Whether `temp` is the temporary file of a save still open (of any window). */
  isWriting(temp: string): boolean {
    return this.open.some((save) => save.temp === temp);
  }
}

/** Where a save to `target` is written until it is finished: a hidden file beside it. */
function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether `name` is a temporary file that a save to a file of that folder makes (see tempPathFor). */
export function isSaveTempName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

/**
 * Files opened to be read a chunk at a time (a project archive being restored, which may be larger
 * than anything one IPC message carries): each read returns at most `maxChunk` bytes from where the
 * reader asks, so a reader may go back (a zip's directory is at its end). Each belongs to the window
 * that opened it; a window has at most `maxOpen` at once, and closing it closes them all.
 */
export class ReadStreams {
  private readonly files = new WindowFiles<{ owner: number; handle: FileHandle; size: number }>(
    'That file is not open (it was closed or belongs to another window).',
  );

  constructor(
    readonly maxChunk: number,
    readonly maxOpen = 4,
  ) {}

  /** Opens `file` for reading; returns its id, base name and size. */
  async open(owner: number, file: string): Promise<{ id: string; name: string; size: number }> {
    const mine = this.files.idsOf(owner).length;
    if (mine >= this.maxOpen) throw new Error(`This window already has ${mine} files open for reading; close one first.`);
    const handle = await open(file, constants.O_RDONLY);
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new Error(`${path.basename(file)} is not a file.`);
      const id = this.files.add({ owner, handle, size: info.size });
      return { id, name: path.basename(file), size: info.size };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** Up to `length` bytes (at most `maxChunk`) from `from`; fewer at the end of the file. */
  async read(owner: number, id: string, from: number, length: number): Promise<Uint8Array> {
    const stream = this.files.get(owner, id);
    if (length > this.maxChunk) throw new Error(`A read is at most ${this.maxChunk} bytes.`);
    const want = Math.max(0, Math.min(length, stream.size - from));
    const buffer = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await stream.handle.read(buffer, got, want - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return asPlainBytes(buffer.subarray(0, got));
  }

  /** Closes a file; an id that is not open (or not this window's) is ignored. */
  async close(owner: number, id: string): Promise<void> {
    const stream = this.files.take(owner, id);
    if (!stream) return;
    await stream.handle.close().catch(() => undefined);
  }

  /** Closes every file of a window (it closed or crashed). */
  async closeAll(owner: number): Promise<void> {
    for (const id of this.files.idsOf(owner)) await this.close(owner, id);
  }
}

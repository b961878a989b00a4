// Automatic local backups on the desktop: project archives that the renderer makes with the
// streamed archive export, written here a chunk at a time under <userData>/backups and renamed
// into the rotation once whole and checked, the newest 14 kept per project, listed and opened to be
// read a chunk at a time for "Restore from automatic backup…". Pure Node, tested against a temp dir.
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AutoBackupInfo, AutoBackupReason, AutoBackupStart } from './api.ts';
import { atomicWriteFile, isSaveTempName, type SaveStreams } from './files.ts';

export const AUTO_BACKUPS_KEPT = 14;
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SUFFIX = '.claimscope.zip';
// <projectId>.<UTC stamp>[-n].<reason>.claimscope.zip, and a .json beside it with the names.
const FILE_PATTERN = /^([A-Za-z0-9_-]{1,64})\.(\d{8}T\d{9}Z)(?:-(\d+))?\.(daily|upgrade)\.claimscope\.zip$/;
export const BACKUP_ID_PATTERN = FILE_PATTERN;
const SIDECAR_PATTERN = /^([A-Za-z0-9_-]{1,64})\.(\d{8}T\d{9}Z)(?:-(\d+))?\.(daily|upgrade)\.json$/;

interface Sidecar {
  projectName: string;
  contentHash: string;
}

function stampOf(date: Date): string {
  // 2025-11-29T07:58:00.123Z → 20251129T075800123Z: sortable and valid in every file system.
  return date.toISOString().replace(/[-:.]/g, '');
}

function dateOfStamp(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

const sidecarOf = (file: string) => `${file.slice(0, -SUFFIX.length)}.json`;

interface Entry {
  file: string;
  projectId: string;
  stamp: string;
  seq: number;
  reason: AutoBackupReason;
}

async function entries(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: Entry[] = [];
  for (const file of names) {
    const m = FILE_PATTERN.exec(file);
    if (m) out.push({ file, projectId: m[1]!, stamp: m[2]!, seq: m[3] ? Number(m[3]) : 0, reason: m[4] as AutoBackupReason });
  }
  // Newest first.
  return out.sort((a, b) => (a.stamp !== b.stamp ? (a.stamp < b.stamp ? 1 : -1) : b.seq - a.seq));
}

async function describe(dir: string, entry: Entry): Promise<AutoBackupInfo> {
  const info = await stat(path.join(dir, entry.file));
  let sidecar: Partial<Sidecar> = {};
  try {
    sidecar = JSON.parse(await readFile(path.join(dir, sidecarOf(entry.file)), 'utf8')) as Partial<Sidecar>;
  } catch {
    // A backup whose names file is missing or damaged is still listed and restorable.
  }
  return {
    id: entry.file,
    projectId: entry.projectId,
    projectName: typeof sidecar.projectName === 'string' ? sidecar.projectName : '',
    contentHash: typeof sidecar.contentHash === 'string' ? sidecar.contentHash : '',
    reason: entry.reason,
    createdAt: dateOfStamp(entry.stamp),
    bytes: info.size,
  };
}

/** Every automatic backup in `dir`, newest first. */
export async function listAutoBackups(dir: string): Promise<AutoBackupInfo[]> {
  const found = await entries(dir);
  return Promise.all(found.map((e) => describe(dir, e)));
}

/** A finished backup's names file, then its oldest backups beyond `keep` removed; returns what it lists. */
async function rotate(dir: string, projectId: string, file: string, keep: number): Promise<AutoBackupInfo> {
  const mine = (await entries(dir)).filter((e) => e.projectId === projectId);
  for (const old of mine.slice(keep)) {
    for (const name of [old.file, sidecarOf(old.file)]) {
      await unlink(path.join(dir, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }
  const entry = mine.find((e) => e.file === file);
  if (!entry) throw new Error(`The automatic backup ${file} was removed as soon as it was written.`);
  return describe(dir, entry);
}

/**
 * Automatic backups written as they are made, a chunk at a time, never whole: each goes to a
 * hidden temporary file in the backups folder (a streamed save, `SaveStreams`), which is read back
 * and checked against what was sent, then renamed into the rotation; the project's oldest beyond
 * `keep` are then removed. Until the rename nothing of it is listed, so an app that dies part-way
 * leaves no backup in the rotation, only a temporary file, which the next backup removes.
 */
export class AutoBackupWriter {
  /** Each open backup's save id → its file name in the rotation and what its names file holds. */
  private readonly pending = new Map<string, { owner: number; file: string; projectId: string; sidecar: Sidecar }>();

  constructor(
    private readonly dir: () => string,
    private readonly streams: SaveStreams,
    private readonly options: { keep?: number; now?: () => Date } = {},
  ) {}

  /** Opens a backup for `owner` (a window) to write; returns the save id its chunks go to. */
  async start(owner: number, req: AutoBackupStart): Promise<string> {
    if (!PROJECT_ID_PATTERN.test(req.projectId)) throw new Error(`"${req.projectId}" is not a project id.`);
    const dir = this.dir();
    await mkdir(dir, { recursive: true });
    await this.removeLeftovers(dir);
    const stamp = stampOf(this.options.now?.() ?? new Date());
    const taken = (await entries(dir)).filter((e) => e.projectId === req.projectId && e.stamp === stamp).map((e) => e.seq);
    for (const p of this.pending.values()) {
      const m = FILE_PATTERN.exec(p.file);
      if (m && m[1] === req.projectId && m[2] === stamp) taken.push(m[3] ? Number(m[3]) : 0);
    }
    const seq = taken.length === 0 ? 0 : Math.max(...taken) + 1;
    const file = `${req.projectId}.${stamp}${seq === 0 ? '' : `-${seq}`}.${req.reason}${SUFFIX}`;
    const id = await this.streams.start(owner, path.join(dir, file));
    this.pending.set(id, {
      owner,
      file,
      projectId: req.projectId,
      sidecar: { projectName: req.projectName, contentHash: req.contentHash },
    });
    return id;
  }

  /**
   * Finishes a backup whose chunks were all written: its names file first, then the archive (read
   * back, checked and renamed into the rotation), so a listed archive always has its names.
   */
  async finish(owner: number, id: string): Promise<AutoBackupInfo> {
    const backup = this.pending.get(id);
    if (!backup || backup.owner !== owner)
      throw new Error('That automatic backup is not open (it was finished, cancelled or belongs to another window).');
    const dir = this.dir();
    try {
      await atomicWriteFile(path.join(dir, sidecarOf(backup.file)), JSON.stringify(backup.sidecar));
      await this.streams.finish(owner, id);
    } catch (error) {
      await this.streams.abort(owner, id);
      await unlink(path.join(dir, sidecarOf(backup.file))).catch(() => undefined);
      throw error;
    } finally {
      this.pending.delete(id);
    }
    return rotate(dir, backup.projectId, backup.file, this.options.keep ?? AUTO_BACKUPS_KEPT);
  }

  /**
   * Removes what a backup the app did not finish left (it died part-way): temporary files no open
   * save is writing, and names files without their archive.
   */
  private async removeLeftovers(dir: string): Promise<void> {
    const names = await readdir(dir);
    const archives = new Set(names.filter((n) => FILE_PATTERN.test(n)));
    const writing = new Set([...this.pending.values()].map((p) => sidecarOf(p.file)));
    for (const name of names) {
      const full = path.join(dir, name);
      const stale = isSaveTempName(name)
        ? !this.streams.isWriting(full)
        : SIDECAR_PATTERN.test(name) && !archives.has(`${name.slice(0, -'.json'.length)}${SUFFIX}`) && !writing.has(name);
      if (stale) await unlink(full).catch(() => undefined);
    }
  }
}

/** The path of one listed backup, to be opened for reading; `id` is a file name from the list, never a path. */
export function autoBackupPath(dir: string, id: string): string {
  if (!FILE_PATTERN.test(id)) throw new Error(`"${id}" is not an automatic backup.`);
  return path.join(dir, id);
}

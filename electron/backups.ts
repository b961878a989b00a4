// Automatic local backups on the desktop: project archives that the renderer makes with the
// archive export, written here atomically under <userData>/backups, the newest 14 kept per
// project, listed and read back for "Restore from automatic backup…". Pure Node, tested against
// a temp dir.
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AutoBackupInfo, AutoBackupReason, AutoBackupRequest } from './api.ts';
import { atomicWriteFile } from './files.ts';

export const AUTO_BACKUPS_KEPT = 14;
export const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SUFFIX = '.claimscope.zip';
// <projectId>.<UTC stamp>[-n].<reason>.claimscope.zip, and a .json beside it with the names.
const FILE_PATTERN = /^([A-Za-z0-9_-]{1,64})\.(\d{8}T\d{9}Z)(?:-(\d+))?\.(daily|upgrade)\.claimscope\.zip$/;
export const BACKUP_ID_PATTERN = FILE_PATTERN;

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

/**
 * Writes one project's archive atomically (names file first, then the archive, so a listed
 * archive always has its names), then removes that project's oldest backups beyond `keep`.
 */
export async function writeAutoBackup(
  dir: string,
  req: AutoBackupRequest,
  options: { keep?: number; now?: Date } = {},
): Promise<AutoBackupInfo> {
  if (!PROJECT_ID_PATTERN.test(req.projectId)) throw new Error(`"${req.projectId}" is not a project id.`);
  const keep = options.keep ?? AUTO_BACKUPS_KEPT;
  await mkdir(dir, { recursive: true });
  const stamp = stampOf(options.now ?? new Date());
  const existing = await entries(dir);
  const sameStamp = existing.filter((e) => e.projectId === req.projectId && e.stamp === stamp);
  const seq = sameStamp.length === 0 ? 0 : Math.max(...sameStamp.map((e) => e.seq)) + 1;
  const file = `${req.projectId}.${stamp}${seq === 0 ? '' : `-${seq}`}.${req.reason}${SUFFIX}`;
  const sidecar: Sidecar = { projectName: req.projectName, contentHash: req.contentHash };
  await atomicWriteFile(path.join(dir, sidecarOf(file)), JSON.stringify(sidecar));
  await atomicWriteFile(path.join(dir, file), req.data);
  const mine = (await entries(dir)).filter((e) => e.projectId === req.projectId);
  for (const old of mine.slice(keep)) {
    for (const name of [old.file, sidecarOf(old.file)]) {
      await unlink(path.join(dir, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }
  const entry = mine.find((e) => e.file === file)!;
  return describe(dir, entry);
}

/** The bytes of one listed backup; `id` is a file name from the list, never a path. */
export async function readAutoBackup(dir: string, id: string): Promise<Uint8Array> {
  if (!FILE_PATTERN.test(id)) throw new Error(`"${id}" is not an automatic backup.`);
  const bytes = await readFile(path.join(dir, id));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

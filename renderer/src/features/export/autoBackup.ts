/**
 * Automatic local backups on the desktop: each project's archive, made with the archive export
 * (in its worker), written by the shell under the app's data folder, which keeps 14 per project.
 * A project is backed up when its newest backup is a day old and its rows changed since, and
 * every project is backed up before the database is upgraded to a new version.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ArchiveInput } from '../../../core/formats/archive.ts';
import { AppDb, DB_NAME, onDiskVersion, openDbAtVersion, STORE_VERSIONS } from '../../db/db.ts';
import type { AutoBackupInfo, AutoBackupReason, AutoBackupStore } from '../../platform/platform.ts';
import { readProjectTables } from '../../db/archive.ts';
import { listProjects } from '../../db/corpus.ts';
import { startArchiveBytes } from './exportClient.ts';
import { version as APP_VERSION } from '../../../../package.json';

export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often the app looks whether a daily backup is due. */
export const BACKUP_CHECK_MS = 60 * 60 * 1000;

/**
 * A hash of the project's rows (not of the archive, whose manifest carries the time it was
 * made), so an unchanged project is not backed up again. Yields to the page between tables.
 */
export async function contentHashOf(input: Pick<ArchiveInput, 'project' | 'tables'>): Promise<string> {
  const hash = sha256.create();
  hash.update(utf8ToBytes(JSON.stringify(input.project)));
  for (const name of Object.keys(input.tables).sort()) {
    hash.update(utf8ToBytes(`\n${name}\n`));
    const rows = input.tables[name]!;
    for (let i = 0; i < rows.length; i++) {
      hash.update(utf8ToBytes(JSON.stringify(rows[i])));
      if (i % 5000 === 4999) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return bytesToHex(hash.digest());
}

/**
 * Backs one project up unless `unlessHash` equals its content hash (then returns null).
 * The database may be an older version's (before an upgrade): only its tables are read.
 */
export async function backupProject(
  store: AutoBackupStore,
  db: AppDb,
  projectId: string,
  reason: AutoBackupReason,
  options: { now?: Date; unlessHash?: string } = {},
): Promise<AutoBackupInfo | null> {
  const { project, tables } = await readProjectTables(db, projectId);
  const input: ArchiveInput = { project, tables, appVersion: APP_VERSION, created: (options.now ?? new Date()).toISOString() };
  const contentHash = await contentHashOf(input);
  if (options.unlessHash === contentHash) return null;
  const data = await startArchiveBytes({ kind: 'archive-bytes', input }).result;
  return store.write({ projectId, projectName: project.name, reason, contentHash, data });
}

/**
 * The daily backups that are due: every project whose newest automatic backup is missing or at
 * least a day old, and whose rows changed since that backup. Returns what was written.
 */
export async function runDailyBackups(db: AppDb, store: AutoBackupStore, now = new Date()): Promise<AutoBackupInfo[]> {
  const existing = await store.list();
  const written: AutoBackupInfo[] = [];
  for (const project of await listProjects(db)) {
    const newest = existing.find((b) => b.projectId === project.id);
    if (newest && now.getTime() - Date.parse(newest.createdAt) < BACKUP_EVERY_MS) continue;
    const info = await backupProject(store, db, project.id, 'daily', { now, ...(newest && { unlessHash: newest.contentHash }) });
    if (info) written.push(info);
  }
  return written;
}

/**
 * Before `new AppDb(name).open()` upgrades an existing database to this release's version, backs
 * every project up from the database as it is (opened at its own version, so nothing changes).
 * Returns what was written; [] when there is no database yet or it is already current. A failure
 * rejects, and the caller does not upgrade.
 */
export async function backupBeforeUpgrade(store: AutoBackupStore, name = DB_NAME, now = new Date()): Promise<AutoBackupInfo[]> {
  const latest = STORE_VERSIONS[STORE_VERSIONS.length - 1]!.version;
  const onDisk = await onDiskVersion(name);
  if (onDisk === null || onDisk >= latest) return [];
  const old = openDbAtVersion(name, onDisk) as AppDb;
  await old.open();
  try {
    const written: AutoBackupInfo[] = [];
    for (const id of (await old.table('projects').toCollection().primaryKeys()) as string[]) {
      const info = await backupProject(store, old, id, 'upgrade', { now });
      if (info) written.push(info);
    }
    return written;
  } finally {
    old.close();
  }
}

/** Runs the daily check now and every hour while the app is open; returns a stop function. */
export function scheduleDailyBackups(db: AppDb, store: AutoBackupStore, onError: (message: string) => void): () => void {
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    runDailyBackups(db, store)
      .catch((err: Error) => onError(`The automatic backup failed: ${err.message}`))
      .finally(() => {
        running = false;
      });
  };
  check();
  const timer = setInterval(check, BACKUP_CHECK_MS);
  return () => clearInterval(timer);
}

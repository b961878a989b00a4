/**
 * Automatic local backups on the desktop: each project's archive, made by the streamed archive
 * export (in its worker, a page of the project at a time, checked by Restore's rules as it is
 * written) and handed to the shell a chunk at a time as it is made, never whole: the shell writes
 * it to a temporary file under the app's data folder, reads it back, renames it into the rotation
 * and keeps 14 per project. A project is backed up when its newest backup is a day old and its
 * rows changed since, and every project is backed up before the database is upgraded to a new
 * version. Whether a project changed is first asked of its change mark (db/changeMarks.ts, kept by
 * every transaction that writes the project): an unchanged project is neither read nor hashed.
 */
import { DB_NAME, onDiskVersion, openDbAtVersion, STORE_VERSIONS, type AppDb } from '../../db/db.ts';
import type { AutoBackupInfo, AutoBackupReason, AutoBackupStore } from '../../platform/platform.ts';
import { listProjects } from '../../db/corpus.ts';
import { changeMark } from '../../db/changeMarks.ts';
import { getSetting, setSetting } from '../../db/settings.ts';
import { PROJECT_CHANGED_WHILE_ARCHIVED } from '../../../core/formats/archive-stream.ts';
import { startArchiveHash, startExport } from './exportClient.ts';
import { archiveJob } from './exportJob.ts';

export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often the app looks whether a daily backup is due. */
export const BACKUP_CHECK_MS = 60 * 60 * 1000;
/**
 * A backup stopped because the project changed while it was read (the researcher annotating as
 * the app starts) is made again after a pause, this many times, before the failure is shown.
 */
export const CHANGED_RETRIES = 3;
export const CHANGED_RETRY_MS = 20_000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const changedMeanwhile = (err: unknown) => err instanceof Error && err.message.includes(PROJECT_CHANGED_WHILE_ARCHIVED);

/**
 * Backs one project up unless `unlessHash` equals the hash of its rows (then `info` is null), and
 * gives the hash of the rows it read (`contentHash`). The
 * database may be an older version's (before an upgrade, `dbVersion`): it is read at that version.
 * A failure drops what the shell had received, so nothing half-written is listed.
 */
export async function backupProject(
  store: AutoBackupStore,
  db: Pick<AppDb, 'name'>,
  project: { id: string; name: string },
  reason: AutoBackupReason,
  options: { now?: Date; unlessHash?: string; dbVersion?: number } = {},
): Promise<{ info: AutoBackupInfo | null; contentHash: string }> {
  const { dbVersion } = options;
  const contentHash = await startArchiveHash({
    kind: 'archive-hash',
    dbName: db.name,
    projectId: project.id,
    ...(dbVersion !== undefined && { dbVersion }),
  }).result;
  if (options.unlessHash === contentHash) return { info: null, contentHash };
  const target = await store.start({ projectId: project.id, projectName: project.name, reason, contentHash });
  try {
    await startExport(archiveJob(db, project.id, options.now, dbVersion), target, () => undefined).result;
  } catch (err) {
    await target.abort().catch(() => undefined);
    throw err;
  }
  return { info: await target.close(), contentHash };
}

/** Per project, its change mark when its rows were last read, and their hash then (settings). */
const CHECKED_KEY = 'autoBackupChecked';
type Checked = Record<string, { mark: string; contentHash: string }>;

/**
 * The daily backups that are due: every project whose newest automatic backup is missing or at
 * least a day old, and whose rows changed since that backup. A project whose change mark is the
 * one seen when its rows last hashed as its newest backup's is skipped without reading them; any
 * other is hashed (the mark read first, so a change made meanwhile is seen next time) and backed
 * up if the hash differs. A backup stopped by a change made while it was read is made again after
 * a pause (`retry.times` times) before the failure is reported. Returns what was written.
 */
export async function runDailyBackups(
  db: AppDb,
  store: AutoBackupStore,
  now = new Date(),
  retry: { times: number; wait: (ms: number) => Promise<void> } = { times: CHANGED_RETRIES, wait: pause },
): Promise<AutoBackupInfo[]> {
  const existing = await store.list();
  const written: AutoBackupInfo[] = [];
  for (const project of await listProjects(db)) {
    const newest = existing.find((b) => b.projectId === project.id);
    if (newest && now.getTime() - Date.parse(newest.createdAt) < BACKUP_EVERY_MS) continue;
    for (let attempt = 0; ; attempt++) {
      try {
        const info = await backupIfChanged(db, store, project, newest, now);
        if (info) written.push(info);
        break;
      } catch (err) {
        if (attempt >= retry.times || !changedMeanwhile(err)) throw err;
        await retry.wait(CHANGED_RETRY_MS);
      }
    }
  }
  return written;
}

/** One project's daily backup, unless its change mark and hash say it is its newest backup's rows. */
async function backupIfChanged(
  db: AppDb,
  store: AutoBackupStore,
  project: { id: string; name: string },
  newest: AutoBackupInfo | undefined,
  now: Date,
): Promise<AutoBackupInfo | null> {
  const mark = await changeMark(db, project.id);
  const seen = (await getSetting<Checked>(db, CHECKED_KEY, {}))[project.id];
  if (newest && seen?.mark === mark && seen.contentHash === newest.contentHash) return null;
  const { info, contentHash } = await backupProject(store, db, project, 'daily', {
    now,
    ...(newest && { unlessHash: newest.contentHash }),
  });
  await db.transaction('rw', db.settings, async () => {
    const all = await getSetting<Checked>(db, CHECKED_KEY, {});
    await setSetting(db, CHECKED_KEY, { ...all, [project.id]: { mark, contentHash } });
  });
  return info;
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
  const old = openDbAtVersion(name, onDisk);
  await old.open();
  let projects: { id: string; name: string }[];
  try {
    projects = (await old.table('projects').toArray()).map((p: { id: string; name: string }) => ({ id: p.id, name: p.name }));
  } finally {
    old.close();
  }
  // Each read and written by the export worker, with its own connection at the old version.
  const written: AutoBackupInfo[] = [];
  for (const project of projects) {
    const { info } = await backupProject(store, { name }, project, 'upgrade', { now, dbVersion: onDisk });
    if (info) written.push(info);
  }
  return written;
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

/**
 * What no saved project archive holds yet, for the web version's backup reminder: the time of the
 * first change since the last archive was saved. Every write through the Workspace's queue
 * (annotations, links, attributes, notes, statuses, labels and schema, comments, review
 * decisions, document details, entities, restores) and every import notes itself here; this
 * installation's own settings do not, as no archive holds them. The undo log is read as well, so
 * an edit is counted even when its note was not written (a tab closed right after it).
 */
import type { AppDb } from './db.ts';
import { getSetting, setSetting } from './settings.ts';

const PENDING_KEY = 'backupPendingSince';
const COVERED_KEY = 'backupCoveredSeq';

/** Per open database: this tab has made sure a pending time is stored; and its latest change. */
const recorded = new WeakSet<AppDb>();
const lastNoted = new WeakMap<AppDb, string>();

/** Notes a committed change (the first one after a backup is stored; later ones cost nothing). */
export async function noteChange(db: AppDb, at = new Date().toISOString()): Promise<void> {
  lastNoted.set(db, at);
  if (recorded.has(db)) return;
  recorded.add(db);
  await db.transaction('rw', db.settings, async () => {
    if ((await getSetting<string | null>(db, PENDING_KEY, null)) === null) await setSetting(db, PENDING_KEY, at);
  });
}

/** Where a backup starts: taken before the archive is read, given to `recordBackup` once it is saved. */
export interface BackupMark {
  seq: number;
  at: string;
}

export async function backupMark(db: AppDb, at = new Date().toISOString()): Promise<BackupMark> {
  const last = await db.operations.orderBy(':id').last();
  return { seq: last?.seq ?? 0, at };
}

/**
 * Records that an archive read from `mark` on was saved: what changed before it is in a backup.
 * A change this tab made while the archive was being written stays pending.
 */
export async function recordBackup(db: AppDb, mark?: BackupMark): Promise<void> {
  const from = mark ?? (await backupMark(db));
  const latest = lastNoted.get(db);
  const pending = latest && latest > from.at ? latest : null;
  if (!pending) recorded.delete(db);
  await db.transaction('rw', db.settings, async () => {
    await setSetting(db, COVERED_KEY, from.seq);
    await setSetting(db, PENDING_KEY, pending);
  });
}

/** When the oldest change that no saved archive holds was made, or null when every change is in one. */
export async function firstUnbackedChange(db: AppDb): Promise<string | null> {
  const pending = await getSetting<string | null>(db, PENDING_KEY, null);
  const covered = await getSetting<number>(db, COVERED_KEY, 0);
  const step = await db.operations.where(':id').above(covered).first();
  const times = [pending, step?.at ?? null].filter((t): t is string => t !== null);
  return times.length ? times.reduce((a, b) => (a < b ? a : b)) : null;
}

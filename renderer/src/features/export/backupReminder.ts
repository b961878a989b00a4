/**
 * The web version keeps no backups of its own: after a day of changes that are in no saved
 * project archive, the app reminds the user to download one. What counts as a change, and what
 * a saved archive covers, is kept by `db/unbackedChanges.ts`.
 */
import type { AppDb } from '../../db/db.ts';
import { getSetting, setSetting } from '../../db/settings.ts';
import { firstUnbackedChange, recordBackup, type BackupMark } from '../../db/unbackedChanges.ts';

export { backupMark } from '../../db/unbackedChanges.ts';

export const REMIND_AFTER_MS = 24 * 60 * 60 * 1000;
const SNOOZE_KEY = 'backupReminderSnoozedUntil';

/** When the oldest change that no saved backup holds was made, if that is a day ago or more (and not snoozed). */
export async function backupReminderDue(db: AppDb, now = Date.now()): Promise<{ since: string } | null> {
  const snoozedUntil = await getSetting<string | null>(db, SNOOZE_KEY, null);
  if (snoozedUntil && Date.parse(snoozedUntil) > now) return null;
  const since = await firstUnbackedChange(db);
  if (!since || now - Date.parse(since) < REMIND_AFTER_MS) return null;
  return { since };
}

/** Records that a project archive read from `mark` on was saved; the reminder starts again with the next change. */
export async function markBackedUp(db: AppDb, mark?: BackupMark): Promise<void> {
  await recordBackup(db, mark);
  await setSetting(db, SNOOZE_KEY, null);
}

/** "Not now": ask again in a day. */
export async function snoozeReminder(db: AppDb, now = Date.now()): Promise<void> {
  await setSetting(db, SNOOZE_KEY, new Date(now + REMIND_AFTER_MS).toISOString());
}

/**
 * The web version keeps no backups of its own: after a day of changes that are in no
 * downloaded project archive, the app reminds the user to download one. "Changes" are the undo
 * log's steps (every edit of annotations, links, attributes, notes and schema); the last step
 * covered by a download is kept as an app setting.
 */
import type { AppDb } from '../../db/db.ts';
import { getSetting, setSetting } from '../../db/settings.ts';

export const REMIND_AFTER_MS = 24 * 60 * 60 * 1000;
const COVERED_KEY = 'backupCoveredSeq';
const SNOOZE_KEY = 'backupReminderSnoozedUntil';

/** When the oldest change that no downloaded backup holds was made, if that is a day ago or more (and not snoozed). */
export async function backupReminderDue(db: AppDb, now = Date.now()): Promise<{ since: string } | null> {
  const snoozedUntil = await getSetting<string | null>(db, SNOOZE_KEY, null);
  if (snoozedUntil && Date.parse(snoozedUntil) > now) return null;
  const covered = await getSetting<number>(db, COVERED_KEY, 0);
  const first = await db.operations.where(':id').above(covered).first();
  if (!first || now - Date.parse(first.at) < REMIND_AFTER_MS) return null;
  return { since: first.at };
}

/** Records that a project archive was saved: every change so far is in a backup. */
export async function markBackedUp(db: AppDb): Promise<void> {
  const last = await db.operations.orderBy(':id').last();
  await setSetting(db, COVERED_KEY, last?.seq ?? 0);
  await setSetting(db, SNOOZE_KEY, null);
}

/** "Not now": ask again in a day. */
export async function snoozeReminder(db: AppDb, now = Date.now()): Promise<void> {
  await setSetting(db, SNOOZE_KEY, new Date(now + REMIND_AFTER_MS).toISOString());
}

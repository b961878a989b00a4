/**
 * Automatic backups while the app is open. Desktop: the daily backups run in the background, and
 * a failure shows here with its reason. Web: after a day of changes that no downloaded backup
 * holds, a reminder offers to download the project archive now (or to ask again tomorrow).
 */
import { useCallback, useEffect, useState } from 'react';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';
import type { Platform } from '../../platform/platform.ts';
import { startExport } from './exportClient.ts';
import { archiveJob, fileFor } from './exportJob.ts';
import { scheduleDailyBackups } from './autoBackup.ts';
import { backupMark, backupReminderDue, markBackedUp, snoozeReminder } from './backupReminder.ts';
import './backup.css';

/** How often the web version looks whether the reminder is due. */
const REMINDER_CHECK_MS = 10 * 60 * 1000;

export function BackupBanner({
  platform,
  projectId,
  projectName,
  onNotice,
}: {
  platform: Platform;
  projectId: string;
  projectName: string;
  onNotice(message: string): void;
}) {
  const workspace = useWorkspace();
  const [failure, setFailure] = useState('');
  const [due, setDue] = useState<{ since: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const store = platform.autoBackups;
  const db = workspace.db;

  useEffect(() => (store ? scheduleDailyBackups(db, store, setFailure) : undefined), [db, store]);

  const check = useCallback(() => {
    backupReminderDue(db).then(setDue, () => setDue(null));
  }, [db]);
  useEffect(() => {
    if (store) return undefined;
    check();
    const timer = setInterval(check, REMINDER_CHECK_MS);
    return () => clearInterval(timer);
  }, [store, check]);

  const download = async () => {
    setSaving(true);
    try {
      const { name, filters } = fileFor({ format: 'archive', scope: { kind: 'project' }, layer: null, labels: null }, projectName);
      // The save picker first, while the click still counts as the user's gesture (File System Access asks for one).
      const target = await platform.saveStream(name, filters);
      if (target) {
        let mark;
        try {
          mark = await backupMark(db);
          await startExport(archiveJob(db, projectId), target, () => undefined).result;
        } catch (err) {
          await target.abort().catch(() => undefined);
          throw err;
        }
        const saved = await target.close();
        await markBackedUp(db, mark).catch(() => undefined); // bookkeeping only: the archive is saved
        setDue(null);
        onNotice(`Backup saved${saved.where ? ` to ${saved.where}` : ''}.`);
      }
    } catch (err) {
      onNotice(`The backup could not be made: ${(err as Error).message}`);
    } finally {
      setSaving(false);
    }
  };

  if (failure) {
    return (
      <div className="backup-banner" role="alert">
        <p>{failure}</p>
        <button type="button" onClick={() => setFailure('')}>
          Dismiss
        </button>
      </div>
    );
  }
  if (!due) return null;
  const since = new Date(due.since).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="backup-banner" aria-label="Backup reminder">
      <p>
        Your changes since {since} are only in this browser. Download a backup of “{projectName}” so they cannot be lost with the browser's
        data.
      </p>
      <button type="button" className="primary" onClick={() => void download()} disabled={saving}>
        {saving ? 'Saving the backup…' : 'Download backup'}
      </button>
      <button
        type="button"
        onClick={() => {
          setDue(null);
          void snoozeReminder(db);
        }}
        disabled={saving}
      >
        Not now
      </button>
    </section>
  );
}

/**
 * "Restore from automatic backup…" in the export dialog (desktop): the automatic backups, newest
 * first, each restored through the same path as a chosen archive file.
 */
import { useEffect, useState } from 'react';
import type { Workspace } from '../../app/workspace.ts';
import type { AutoBackupInfo, AutoBackupStore } from '../../platform/platform.ts';
import { restoreArchiveData } from './restore.ts';

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function AutoBackupList({
  store,
  workspace,
  disabled,
  onRestored,
  onError,
}: {
  store: AutoBackupStore;
  workspace: Workspace;
  disabled: boolean;
  onRestored(message: string): void;
  onError(message: string): void;
}) {
  const [backups, setBackups] = useState<AutoBackupInfo[] | null>(null);
  const [restoring, setRestoring] = useState('');
  useEffect(() => {
    store.list().then(setBackups, (err: Error) => {
      setBackups([]);
      onError(`The automatic backups could not be listed: ${err.message}`);
    });
  }, [store, onError]);

  const restore = async (backup: AutoBackupInfo) => {
    setRestoring(backup.id);
    try {
      // Read a slice at a time from the shell, as a chosen archive is: never whole, whatever its size.
      const source = await store.open(backup.id);
      try {
        onRestored(await restoreArchiveData(workspace, { ...source, name: `the automatic backup of ${when(backup.createdAt)}` }));
      } finally {
        await source.close().catch(() => undefined);
      }
    } catch (err) {
      onError((err as Error).message);
    } finally {
      setRestoring('');
    }
  };

  if (backups === null) return <p className="export-hint">Listing the automatic backups…</p>;
  if (backups.length === 0) return <p className="export-hint">No automatic backups yet: the first is made within a day of use.</p>;
  return (
    <ul aria-label="Automatic backups">
      {backups.map((b) => (
        <li key={b.id}>
          <span>
            {b.projectName || 'A project'} — {when(b.createdAt)} ({b.reason === 'upgrade' ? 'before a database upgrade' : 'daily'},{' '}
            {size(b.bytes)})
          </span>
          <button
            type="button"
            onClick={() => void restore(b)}
            disabled={disabled || restoring !== ''}
            aria-label={`Restore ${b.projectName || 'the project'} from ${when(b.createdAt)}`}
          >
            {restoring === b.id ? 'Restoring…' : 'Restore'}
          </button>
        </li>
      ))}
    </ul>
  );
}

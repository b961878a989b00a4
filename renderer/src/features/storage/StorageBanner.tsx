/**
 * The storage banner under the top bar: things about the database the researcher must act on
 * (storage full, an upgrade in another window, annotations gone while Claimscope was closed, data
 * the browser may evict), each with what to do, and a one-line storage status otherwise.
 */
import { useSyncExternalStore } from 'react';
import type { StorageStatusStore } from './storageStatus.ts';
import './storage.css';

export function StorageBanner({ status }: { status: StorageStatusStore }) {
  const s = useSyncExternalStore(status.subscribe, status.getState);
  const restoreHint = 'restore a backup with Export → Restore an archive…';
  return (
    <div className="storage-banners">
      {s.versionChanged && (
        <p className="storage-banner error" role="alert">
          Claimscope was updated in another tab or window, so this one has stopped saving. Reload this page to go on; changes not shown as
          Saved must be made again.{' '}
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </p>
      )}
      {s.full && (
        <p className="storage-banner error" role="alert">
          {s.full}{' '}
          <button type="button" onClick={() => status.set({ full: null })}>
            Dismiss
          </button>
        </p>
      )}
      {s.drops.map((d) => (
        <p key={d.projectId} className="storage-banner error" role="alert">
          “{d.name}” had {d.before.toLocaleString()} annotations when Claimscope last ran and has {d.now.toLocaleString()} now. If you did
          not delete them, {restoreHint}.{' '}
          <button type="button" onClick={() => status.set({ drops: status.getState().drops.filter((x) => x !== d) })}>
            Dismiss
          </button>
        </p>
      ))}
      {s.persisted === false && (
        <p className="storage-status warning" role="status" data-testid="storage-persistence">
          The browser may evict this data when space runs low: download a backup now and then (Export → Project archive).
        </p>
      )}
      {s.persisted === true && (
        <p className="storage-status" role="status" data-testid="storage-persistence">
          Storage is persistent
        </p>
      )}
    </div>
  );
}

/**
 * What the storage banner shows: the browser's answer to `navigator.storage.persist()`, another
 * window upgrading the database, projects that lost many annotations while Claimscope was closed,
 * and the latest change refused because the storage is full. Filled by `main.tsx` at start.
 */
import type { CountDrop } from '../../db/storage.ts';

export interface StorageStatus {
  /** null until the browser has answered (or where it cannot be asked). */
  persisted: boolean | null;
  versionChanged: boolean;
  drops: CountDrop[];
  /** The message of the latest change not saved for lack of space, until dismissed. */
  full: string | null;
}

type Listener = () => void;

export class StorageStatusStore {
  private state: StorageStatus = { persisted: null, versionChanged: false, drops: [], full: null };
  private listeners = new Set<Listener>();

  getState = (): StorageStatus => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(patch: Partial<StorageStatus>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

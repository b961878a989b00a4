/**
 * The local replica of releases before the `indexeddb` adapter: PouchDB's `idb` adapter kept it
 * as `claimscope-sync-<project>`. On the first start of this release it is copied into the
 * current replica once, then removed (idbReplica.test.ts).
 */
import PouchDB from 'pouchdb-browser';
import type { AppDb } from '../db/db.ts';
import type { CouchDoc } from './mapping.ts';
import { describe } from './status.ts';

const idbName = (projectId: string) => `claimscope-sync-${projectId}`;

/**
 * Copies the project's `idb` replica, if there is one, into `local` (its revisions, conflicts and
 * documents not yet pushed), then removes it. The Dexie checkpoint counted the old replica's
 * sequence, so it goes back to the start first: the new replica's feed is applied whole
 * (records with a change waiting keep it), and a restart in the middle copies again.
 *
 * When it cannot be copied, Dexie and its outbox are the source of truth: the changes the old
 * replica held but the server may not are pumped again from the records (their outbox rows lose
 * their `pumped` mark), and the old replica is removed (copied later, its revisions would
 * conflict with those).
 */
export async function adoptIdbReplica(db: AppDb, projectId: string, local: PouchDB.Database<CouchDoc>): Promise<void> {
  const existing = (await indexedDB.databases?.()) ?? [];
  const oldName = `_pouch_${idbName(projectId)}`;
  if (!existing.some((d) => d.name === oldName)) return;
  await db.syncCheckpoints.put({ projectId, seq: 0 });
  const old = new PouchDB<CouchDoc>(idbName(projectId), { adapter: 'idb' });
  try {
    await PouchDB.replicate(old, local);
    await old.destroy();
  } catch (err) {
    console.warn('The previous local replica could not be copied: its changes are sent again from this computer’s records', describe(err));
    await old.close().catch(() => undefined);
    await db.syncOutbox
      .where('projectId')
      .equals(projectId)
      .modify((row) => void delete row.pumped);
    await deleteIndexedDb(oldName);
  }
}

/** Deletes an IndexedDB database by name; resolves once it is gone or the deletion waits for an open connection. */
function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

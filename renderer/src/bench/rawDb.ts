/**
 * The benches' floor: a bare IndexedDB database with one `documents` object store, written with
 * plain puts and none of the app's indexes, summaries or search terms.
 */

/** Opens (creating it on first use) the bare database `name`. */
export function openRawDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('documents', { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Puts `rows` (each with an `id`) into the `documents` store in one transaction. */
export function rawPut(db: IDBDatabase, rows: readonly object[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('documents', 'readwrite');
    const store = tx.objectStore('documents');
    for (const r of rows) store.put(r);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Deletes the bare database `name` (resolves when deleted, or when another tab blocks it). */
export function deleteRawDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}

/** An object store of a bare database: its name and its indexes (name → key path). */
export interface RawStore {
  name: string;
  indexes: Record<string, string | string[]>;
}

/** Opens (creating it) the bare database `name` with these stores, keyed by `id`. */
export function openRawStores(name: string, stores: readonly RawStore[]): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      for (const s of stores) {
        const store = req.result.createObjectStore(s.name, { keyPath: 'id' });
        for (const [index, keyPath] of Object.entries(s.indexes)) store.createIndex(index, keyPath);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Puts each store's rows in one relaxed transaction; `before` runs first in it (e.g. index counts,
 * whose requests are then in the same transaction).
 */
export function rawPutMany(db: IDBDatabase, rows: Record<string, readonly object[]>, before?: (tx: IDBTransaction) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(Object.keys(rows), 'readwrite', { durability: 'relaxed' });
    before?.(tx);
    for (const [store, list] of Object.entries(rows)) {
      const s = tx.objectStore(store);
      for (const r of list) s.put(r);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

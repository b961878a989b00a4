/**
 * Test helper: a database as an older release of Claimscope left it, built from the same
 * version history (`STORE_VERSIONS`) that `AppDb` declares, so migration tests cannot drift from
 * the real schema. Open it, fill it, close it, then reopen the name with `new AppDb(name)`.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { AppDb, STORE_VERSIONS } from './db.ts';

export function openDbAtVersion(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const v of STORE_VERSIONS) {
    if (v.version > version) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}

/** Test helper: a maker of fresh databases named `prefix-…`, each closed and deleted after the test. */
export function freshDatabases(prefix: string): () => AppDb {
  const dbs: AppDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return () => {
    const db = new AppDb(`${prefix}-${Math.random()}`);
    dbs.push(db);
    return db;
  };
}

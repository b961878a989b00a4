/**
 * Test helper: a database as an older release of Claimscope left it, built from the same
 * version history (`STORE_VERSIONS`) that `AppDb` declares, so migration tests cannot drift from
 * the real schema. Open it, fill it, close it, then reopen the name with `new AppDb(name)`.
 */
import Dexie from 'dexie';
import { STORE_VERSIONS } from './db.ts';

export function openDbAtVersion(name: string, version: number): Dexie {
  const db = new Dexie(name);
  for (const v of STORE_VERSIONS) {
    if (v.version > version) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}

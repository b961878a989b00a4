/**
 * Test helpers for the sync engine: the team server is a second local PouchDB, so the replication
 * between it and the replica is PouchDB's own. A test file routes the engine to it with
 *
 *   vi.mock('./remote.ts', async (original) => ({
 *     ...(await original<typeof import('./remote.ts')>()),
 *     remoteDatabase: (await import('./testing.ts')).testRemote,
 *   }));
 */
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import type { CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';

PouchDB.plugin(IndexeddbAdapter);

/** The test servers, by database name. */
export const testServers = new Map<string, PouchDB.Database<CouchDoc>>();

/** A new test server for this connection's database. */
export function newTestServer(connection: Pick<SyncConnectionRecord, 'database'>): PouchDB.Database<CouchDoc> {
  const server = new PouchDB<CouchDoc>(connection.database, { adapter: 'indexeddb' });
  testServers.set(connection.database, server);
  return server;
}

/** Stands in for `remoteDatabase`: the connection's test server. */
export const testRemote = (connection: Pick<SyncConnectionRecord, 'database'>) => testServers.get(connection.database)!;

/** Polls `read` until `ok` holds (10 s at most), then returns what it read. */
export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await read())}`);
}

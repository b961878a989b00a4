/**
 * For tests of the sync engine: the team server as a second local PouchDB (the replication between
 * them is PouchDB's own). A test file mocks `./remote.ts` with {@link withLocalServers} and puts
 * each connection's server in {@link servers} under its database name.
 */
import type PouchDB from 'pouchdb-browser';
import type { CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';
import type * as Remote from './remote.ts';

export const servers = new Map<string, PouchDB.Database<CouchDoc>>();

/** `remote.ts` with each connection's database taken from {@link servers}. */
export function withLocalServers(remote: typeof Remote): typeof Remote {
  return {
    ...remote,
    remoteDatabase: ((connection: Pick<SyncConnectionRecord, 'database'>) =>
      servers.get(connection.database)!) as typeof Remote.remoteDatabase,
  };
}

/** Reads until `ok` holds (polling every 25 ms, `tries` times: 10 s by default); throws naming `what` and the last value. */
export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await read())}`);
}

/**
 * The sync outbox: every write to a replicated table of a connected project is queued in the
 * SAME IndexedDB transaction that commits it, so nothing the app calls "Saved" can miss the
 * server. It is a Dexie DBCore middleware rather than code in each write path: whatever writes
 * (the Workspace queue, imports, restores, bulk actions, undo), the middleware widens a
 * read-write transaction that touches a replicated table to include `syncOutbox` and
 * `syncConnections`, and after each mutation adds one outbox row per record it touched.
 *
 * Changes that came FROM the server are written in transactions that include `syncCheckpoints`
 * (they record how far the replica's change feed has been applied); the middleware records
 * nothing for those, so incoming changes never echo back out.
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { SYNCED_TABLES, type RecordKey, type SyncedTable } from './mapping.ts';
import { beforeImage, writtenRows, type Row } from '../db/beforeImage.ts';

/** One pending change: the record's table and key; the pump reads the record when it sends. */
export interface OutboxRecord {
  seq?: number;
  projectId: string;
  table: SyncedTable;
  key: RecordKey;
  /** 1 when the record was deleted. */
  deleted: 0 | 1;
  /**
   * 1 once the pump has written it into the local replica; the row stays until the server has
   * it, so the number of changes waiting survives a restart (engine.ts).
   */
  pumped?: 1;
}

/** The team project a local project is connected to (never the password: see credentials.ts). */
export interface SyncConnectionRecord {
  projectId: string;
  /** The server's URL without credentials, e.g. `https://couch.lab.example:6984`. */
  url: string;
  database: string;
  user: string;
  connectedAt: string;
}

/** How far the local replica's change feed has been applied to Dexie. */
export interface SyncCheckpointRecord {
  projectId: string;
  seq: string | number;
  /**
   * The documents in conflict as of `seq` (ids), so the status lists them after a restart,
   * whose change feed starts at `seq`. Absent in checkpoints written before it was kept.
   */
  conflicts?: string[];
}

export const OUTBOX = 'syncOutbox';
export const CONNECTIONS = 'syncConnections';
export const CHECKPOINTS = 'syncCheckpoints';
/** This installation's sync bookkeeping: never in archives, exports or bundles. */
export const SYNC_TABLES = [OUTBOX, CONNECTIONS, CHECKPOINTS] as const;

const synced = new Set<string>(SYNCED_TABLES);
/** Dexie's key range "every key" (DBCoreRangeType.Any, a const enum that cannot be imported). */
const ANY = { type: 3 } as unknown as DBCoreKeyRange;

/** The Dexie middleware that fills the outbox; `AppDb` installs it. */
export const outboxMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'syncOutbox',
  create(down) {
    /** Transactions that record their writes, with the connected projects read once per transaction. */
    const recording = new WeakMap<DBCoreTransaction, { connected?: Promise<Set<string>> }>();

    const connectedProjects = (trans: DBCoreTransaction): Promise<Set<string>> => {
      const entry = recording.get(trans)!;
      entry.connected ??= down
        .table(CONNECTIONS)
        .query({ trans, values: true, query: { index: down.table(CONNECTIONS).schema.primaryKey, range: ANY } })
        .then((res) => new Set(res.result.map((r: SyncConnectionRecord) => r.projectId)));
      return entry.connected;
    };

    const wrap = (name: string, table: DBCoreTable): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest) {
        if (!recording.has(req.trans)) return table.mutate(req);
        const connected = await connectedProjects(req.trans);
        if (connected.size === 0) return table.mutate(req);
        const pk = table.schema.primaryKey;
        const rows: OutboxRecord[] = [];
        const record = (row: Row, deleted: 0 | 1) => {
          const value = row as { projectId?: string; id?: string } | undefined;
          if (!value) return;
          const projectId = name === 'projects' ? value.id : value.projectId;
          if (!projectId || !connected.has(projectId)) return;
          rows.push({ projectId, table: name as SyncedTable, key: pk.extractKey!(value) as RecordKey, deleted });
        };
        if (req.type === 'delete' || req.type === 'deleteRange') {
          // The project a deleted record belonged to is in the rows before it goes.
          const { rows: before } = await beforeImage(req);
          const res = await table.mutate(req);
          for (const v of before) record(v, 1);
          if (rows.length) await down.table(OUTBOX).mutate({ type: 'add', trans: req.trans, values: rows });
          return res;
        }
        const res = await table.mutate(req);
        (await writtenRows(req)).forEach((v, i) => !res.failures[i] && record(v, 0));
        if (rows.length) await down.table(OUTBOX).mutate({ type: 'add', trans: req.trans, values: rows });
        return res;
      },
    });

    return {
      ...down,
      transaction(stores, mode, options) {
        const writesSynced = mode === 'readwrite' && stores.some((s) => synced.has(s));
        const incoming = stores.includes(CHECKPOINTS);
        const scope = writesSynced && !incoming ? [...new Set([...stores, OUTBOX, CONNECTIONS])] : stores;
        const trans = down.transaction(scope, mode, options);
        if (writesSynced && !incoming) recording.set(trans, {});
        return trans;
      },
      table(name) {
        const table = down.table(name);
        return synced.has(name) ? wrap(name, table) : table;
      },
    };
  },
};

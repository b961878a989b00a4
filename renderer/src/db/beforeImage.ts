/**
 * The rows a write replaces (its before-image) and the rows it leaves (its after-image), read at
 * most once per write request for every middleware that needs them: the sync outbox (the project
 * of a deleted record), annotation packs (the documents of changed annotations) and project
 * counts (the project a document or summary was in). Each of them asks here instead of reading
 * the table itself, so a write that all of them follow costs one read, not three.
 *
 * It is a Dexie DBCore middleware that `AppDb` installs outside the others, so every request from
 * Dexie's tables passes it first: it registers a lazy reader for the request, which the first
 * middleware that asks starts (before passing the request down) and the others share. Nothing is
 * read for a write no middleware asks about.
 *
 * Where no before-image can exist it is not read: a summary put in the transaction that added its
 * document, before anything else in that transaction touched either row. The document's add
 * succeeded, so no document had that key; a summary exists only beside its document (every write
 * that deletes a document deletes its summary in the same transaction, and `ensureCorpusIndex`
 * deletes any it finds alone), and a new document's key is a fresh random id. That is the import's
 * case (documents added, then their summaries put), which otherwise read a summary per document.
 * Summaries put for documents that were there before (the backfill, possibly in two tabs at once;
 * incoming team changes, which put documents) are read as any other write.
 */
import Dexie, {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type IndexableType,
  type Middleware,
} from 'dexie';

/** A row as the middlewares read it (absent where the key had none). */
export type Row = Record<string, unknown> | undefined;

/** The keys a write touches and, at each, the row there before it (a range delete's keys are those it found). */
export interface BeforeImage {
  keys: readonly (IndexableType | undefined)[];
  rows: readonly Row[];
}

interface Entry {
  before: () => Promise<BeforeImage>;
  written: () => Promise<readonly Row[]>;
}

const DOCUMENTS = 'documents';
const SUMMARIES = 'documentSummaries';

const entries = new WeakMap<DBCoreMutateRequest, Entry>();

function entryOf(req: DBCoreMutateRequest): Entry {
  const entry = entries.get(req);
  if (!entry)
    throw new Error(
      `A ${req.type} request did not pass the before-image step: beforeImageMiddleware must be outside every middleware that asks it.`,
    );
  return entry;
}

/**
 * The write's before-image, read once however many middlewares ask. Ask before passing the
 * request down (after it, the first asker would read what the write left). An add reads nothing:
 * it fails where a row is, so the rows it writes had none.
 */
export function beforeImage(req: DBCoreMutateRequest): Promise<BeforeImage> {
  return entryOf(req).before();
}

/**
 * The rows a put or add leaves at its keys: its values, or, for an update by key (which carries
 * keys, not values), the rows read back once after it. Ask only after the request's mutate resolved.
 */
export function writtenRows(req: DBCoreMutateRequest): Promise<readonly Row[]> {
  return entryOf(req).written();
}

/** True for an update by key (Table.update/bulkUpdate finding nothing to change): keys, no values. */
export function isUpdateByKey(req: DBCoreMutateRequest): boolean {
  return req.type === 'put' && req.updates !== undefined && req.values.length === 0;
}

/** The keys a request names (none for a range delete, whose keys are found by reading). */
function keysOf(req: DBCoreMutateRequest, table: DBCoreTable): (IndexableType | undefined)[] {
  if (req.type === 'deleteRange') return [];
  if (req.type === 'delete') return req.keys;
  if (req.type === 'put' && isUpdateByKey(req)) return req.updates!.keys;
  const { extractKey } = table.schema.primaryKey;
  return req.keys ?? req.values.map((v) => extractKey?.(v));
}

/**
 * The reads return Dexie's own promises (the table's, or `Dexie.Promise`), never an async
 * function's: a middleware that awaits a native promise loses the transaction's zone, which
 * Dexie's middlewares below read on the next request.
 */
function readBefore(
  table: DBCoreTable,
  req: DBCoreMutateRequest,
  keys: (IndexableType | undefined)[],
  none: boolean[],
): Promise<BeforeImage> {
  const { trans } = req;
  const pk = table.schema.primaryKey;
  if (req.type === 'deleteRange') {
    return table.query({ trans, values: true, query: { index: pk, range: req.range } }).then(({ result }) => {
      const rows = result as Row[];
      return { keys: rows.map((r) => pk.extractKey!(r)), rows };
    });
  }
  const absent = (i: number) => req.type === 'add' || keys[i] === undefined || none[i];
  const wanted = keys.filter((k, i) => !absent(i)) as IndexableType[];
  const image = (found: readonly Row[]): BeforeImage => {
    let next = 0;
    return { keys, rows: keys.map((k, i) => (absent(i) ? undefined : found[next++])) };
  };
  return wanted.length ? table.getMany({ trans, keys: wanted }).then((found) => image(found as Row[])) : Dexie.Promise.resolve(image([]));
}

function readWritten(table: DBCoreTable, req: DBCoreMutateRequest): Promise<readonly Row[]> {
  if (req.type === 'put' && isUpdateByKey(req)) return table.getMany({ trans: req.trans, keys: req.updates!.keys }) as Promise<Row[]>;
  return Dexie.Promise.resolve(req.type === 'add' || req.type === 'put' ? (req.values as Row[]) : []);
}

/**
 * Per transaction that writes documents or summaries: the request each key was last touched by,
 * and the documents added by the first request that touched their key and by no request since, so
 * their summaries cannot exist yet. After a range delete of either table, every key is unsure.
 */
interface Added {
  requests: number;
  touched: Map<unknown, number>;
  fresh: Set<unknown>;
  unsure: boolean;
}

/** The Dexie middleware that reads each write's before-image once for the middlewares inside it; `AppDb` installs it outermost. */
export const beforeImageMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'beforeImage',
  create(down) {
    const added = new WeakMap<DBCoreTransaction, Added>();
    const addedIn = (trans: DBCoreTransaction): Added => {
      let state = added.get(trans);
      if (!state) added.set(trans, (state = { requests: 0, touched: new Map(), fresh: new Set(), unsure: false }));
      return state;
    };

    /** Notes the keys a write of documents or summaries touches; which of a summary put's rows cannot exist, and what to note once it is done. */
    const track = (req: DBCoreMutateRequest, name: string, keys: readonly (IndexableType | undefined)[]) => {
      const state = addedIn(req.trans);
      const request = ++state.requests;
      if (req.type === 'deleteRange') state.unsure = true;
      const none = name === SUMMARIES && !state.unsure ? keys.map((k) => state.fresh.has(k)) : [];
      const first = name === DOCUMENTS && req.type === 'add' ? keys.map((k) => k !== undefined && !state.touched.has(k)) : null;
      for (const k of keys) {
        state.fresh.delete(k);
        state.touched.set(k, request);
      }
      const settle = (res: DBCoreMutateResponse) => {
        if (!first || state.unsure) return;
        keys.forEach((k, i) => {
          if (first[i] && !res.failures[i] && state.touched.get(k) === request) state.fresh.add(k);
        });
      };
      return { none, settle };
    };

    const wrap = (name: string, table: DBCoreTable): DBCoreTable => ({
      ...table,
      mutate(req: DBCoreMutateRequest) {
        const keys = keysOf(req, table);
        const tracked = name === DOCUMENTS || name === SUMMARIES ? track(req, name, keys) : null;
        let before: Promise<BeforeImage> | undefined;
        let written: Promise<readonly Row[]> | undefined;
        entries.set(req, {
          before: () => (before ??= readBefore(table, req, keys, tracked?.none ?? [])),
          written: () => (written ??= readWritten(table, req)),
        });
        const done = table.mutate(req);
        return tracked ? done.then((res) => (tracked.settle(res), res)) : done;
      },
    });

    return {
      ...down,
      table(name) {
        return wrap(name, down.table(name));
      },
    };
  },
};

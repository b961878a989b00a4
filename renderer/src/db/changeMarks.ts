/**
 * Which projects changed, for the automatic backups (features/export/autoBackup.ts): an hourly
 * check reads a project's mark and skips it when the mark is the one its last backup or check
 * saw, without reading or hashing its rows.
 *
 * Like the sync outbox, this is a Dexie DBCore middleware rather than code in each write path, so
 * nothing that writes can miss it: the Workspace queue, an import in its worker, a restore, bulk
 * actions, undo, and changes arriving from the team server (which the outbox leaves out) all open
 * their transactions through `AppDb`. A read-write transaction that writes a project's rows also
 * puts a new token under `changed:<projectId>` in `settings`, in the same transaction, so the mark
 * commits or rolls back with the change. A write whose project cannot be told without reading
 * the rows (a delete, an update by key) marks every project (`changed:*`): each is then hashed at
 * its next due check, as before, and never skipped.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';
import type { AppDb } from './db.ts';
import { SYNC_TABLES } from '../sync/outbox.ts';
import { TEXT_INDEX_TABLES } from './textIndex.ts';
import { ANNOTATION_PACKS } from './annotationPacksMiddleware.ts';
import { PROJECT_COUNTS } from './projectCounts.ts';
import { isUpdateByKey } from './beforeImage.ts';

const SETTINGS = 'settings';
const ANY_PROJECT = '*';
const markKey = (projectId: string) => `changed:${projectId}`;

/**
 * Tables whose writes change no project's backup: the app's settings, the sync bookkeeping, and
 * what is derived from the rows and never archived (the text index, annotation packs, counts).
 */
const UNMARKED = new Set<string>([SETTINGS, ...SYNC_TABLES, ...TEXT_INDEX_TABLES, ANNOTATION_PACKS, PROJECT_COUNTS]);

let counter = 0;
/** A token no other transaction, in this window or another, puts. */
const newToken = () => `${Date.now().toString(36)}.${(counter++).toString(36)}.${Math.random().toString(36).slice(2)}`;

/** The Dexie middleware that marks changed projects; `AppDb` installs it. */
export const changeMarksMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'changeMarks',
  create(down) {
    /** Per marking transaction: its token, and the projects it has marked. */
    const marking = new WeakMap<DBCoreTransaction, { token: string; marked: Set<string> }>();

    /** Puts the marks at once, before anything is awaited (Dexie's own middlewares below read the transaction's zone). */
    const mark = (trans: DBCoreTransaction, projectIds: Iterable<string>): Promise<unknown> => {
      const entry = marking.get(trans)!;
      const fresh = [...new Set(projectIds)].filter((id) => !entry.marked.has(id));
      if (fresh.length === 0) return Promise.resolve();
      for (const id of fresh) entry.marked.add(id);
      return down.table(SETTINGS).mutate({ type: 'put', trans, values: fresh.map((id) => ({ key: markKey(id), value: entry.token })) });
    };

    const projectOf = (table: string, value: { id?: unknown; projectId?: unknown } | undefined): string => {
      const id = table === 'projects' ? value?.id : value?.projectId;
      return typeof id === 'string' ? id : ANY_PROJECT;
    };

    return {
      ...down,
      transaction(stores, mode, options) {
        const marks = mode === 'readwrite' && stores.some((s) => !UNMARKED.has(s));
        const trans = down.transaction(marks ? [...new Set([...stores, SETTINGS])] : stores, mode, options);
        if (marks) marking.set(trans, { token: newToken(), marked: new Set() });
        return trans;
      },
      table(name) {
        const table = down.table(name);
        if (UNMARKED.has(name)) return table;
        return {
          ...table,
          async mutate(req: DBCoreMutateRequest) {
            if (!marking.has(req.trans) || (req.type === 'delete' && req.keys.length === 0)) return table.mutate(req);
            // A delete, or an update by key (Table.update/bulkUpdate), does not carry the rows: its
            // project is not read (that would wait before the write), every project is marked.
            const values = req.type === 'add' || (req.type === 'put' && !isUpdateByKey(req)) ? req.values : null;
            const marked = mark(req.trans, values ? values.map((v) => projectOf(name, v)) : [ANY_PROJECT]);
            const res = await table.mutate(req);
            await marked;
            return res;
          },
        };
      },
    };
  },
};

/**
 * The project's change mark: it differs from one read before whenever a transaction that changed
 * the project's rows (or any project's, when it could not tell) has committed since.
 */
export async function changeMark(db: AppDb, projectId: string): Promise<string> {
  const [own, any] = await db.settings.bulkGet([markKey(projectId), markKey(ANY_PROJECT)]);
  return `${String(own?.value ?? '')}|${String(any?.value ?? '')}`;
}

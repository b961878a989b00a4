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
 * (a range delete, e.g. a table cleared) marks every project (`changed:*`): such a project is
 * hashed at its next check, as before, never skipped.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';
import type { AppDb } from './db.ts';
import { SYNC_TABLES } from '../sync/outbox.ts';
import { TEXT_INDEX_TABLES } from './textIndex.ts';

const SETTINGS = 'settings';
const ANY_PROJECT = '*';
const markKey = (projectId: string) => `changed:${projectId}`;

/** Tables whose writes change no project's backup: the app's settings, the sync bookkeeping, the text index (rebuilt, never archived). */
const UNMARKED = new Set<string>([SETTINGS, ...SYNC_TABLES, ...TEXT_INDEX_TABLES]);

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

    const mark = async (trans: DBCoreTransaction, projectIds: Iterable<string>) => {
      const entry = marking.get(trans)!;
      const fresh = [...new Set(projectIds)].filter((id) => !entry.marked.has(id));
      if (fresh.length === 0) return;
      for (const id of fresh) entry.marked.add(id);
      await down.table(SETTINGS).mutate({ type: 'put', trans, values: fresh.map((id) => ({ key: markKey(id), value: entry.token })) });
    };

    const projectOf = (table: string, value: { id?: unknown; projectId?: unknown } | undefined): string =>
      typeof (table === 'projects' ? value?.id : value?.projectId) === 'string'
        ? ((table === 'projects' ? value!.id : value!.projectId) as string)
        : ANY_PROJECT;

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
            if (!marking.has(req.trans)) return table.mutate(req);
            if (req.type === 'deleteRange') {
              const res = await table.mutate(req);
              await mark(req.trans, [ANY_PROJECT]);
              return res;
            }
            if (req.type === 'delete') {
              // The projects of deleted rows are read before they go.
              const before = await table.getMany({ trans: req.trans, keys: req.keys });
              const res = await table.mutate(req);
              await mark(
                req.trans,
                before.filter((v) => v !== undefined).map((v) => projectOf(name, v)),
              );
              return res;
            }
            const res = await table.mutate(req);
            // An update by key (Table.update/bulkUpdate) may carry keys, not values: read them back.
            const values =
              req.type === 'put' && req.updates && !req.values.length
                ? await table.getMany({ trans: req.trans, keys: req.updates.keys })
                : req.values.filter((_, i) => !res.failures[i]);
            await mark(
              req.trans,
              values.map((v) => projectOf(name, v)),
            );
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

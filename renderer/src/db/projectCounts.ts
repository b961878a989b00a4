/**
 * How many documents and document summaries each project has, kept exact by every write: a
 * Dexie DBCore middleware rather than code in each write path, so whatever writes documents or
 * summaries (the Workspace queue, imports in their worker, restores, bulk delete and move,
 * project deletion, incoming team changes, upgrades) changes the project's row in the SAME
 * transaction. Counting a project by its index walks every entry in one IndexedDB request
 * (seconds at 100,000 documents, with every other request of the page waiting behind it); this
 * row is one read. Derived data: never replicated or archived, rebuilt by the writes themselves.
 */
import Dexie, {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Transaction,
} from 'dexie';
import type { AppDb } from './db.ts';
import { beforeImage, writtenRows } from './beforeImage.ts';

export interface ProjectCountsRecord {
  projectId: string;
  /** Rows of `documents` in the project. */
  documents: number;
  /** Rows of `documentSummaries` in the project. */
  summaries: number;
}

export const PROJECT_COUNTS = 'projectCounts';

type Field = 'documents' | 'summaries';
/** The counted tables, and the field of the row each one's rows are counted in. */
const COUNTED: Record<string, Field> = { documents: 'documents', documentSummaries: 'summaries' };

type Row = { projectId?: string } | undefined;

/** The project's stored counts (a project without a row has no documents and no summaries). */
export async function storedCounts(db: AppDb, projectId: string): Promise<ProjectCountsRecord> {
  return (await db.projectCounts.get(projectId)) ?? { projectId, documents: 0, summaries: 0 };
}

/**
 * Every project's counts taken from the tables themselves: what the version that adds the counts
 * writes for rows made before it. Each table's project index is read a project at a time (its
 * first key past the last project's, then IndexedDB's count of that project's range), never row
 * by row: at 100,000 documents a walk of every key through a cursor took minutes.
 */
export async function countEveryProject(tx: Transaction): Promise<void> {
  const counts = new Map<string, ProjectCountsRecord>();
  for (const [table, index, field] of [
    ['documents', '[projectId+textHash]', 'documents'],
    ['documentSummaries', '[projectId+createdAt]', 'summaries'],
  ] as const) {
    const rows = tx.table(table).where(index);
    for (let after: unknown[] = [Dexie.minKey]; ;) {
      const [key] = (await rows.above(after).limit(1).keys()) as unknown[][];
      if (!key) break;
      const projectId = String(key[0]);
      const n = await rows.between([projectId, Dexie.minKey], [projectId, Dexie.maxKey], true, true).count();
      const row = counts.get(projectId) ?? { projectId, documents: 0, summaries: 0 };
      row[field] = n;
      counts.set(projectId, row);
      after = [projectId, Dexie.maxKey];
    }
  }
  await tx.table(PROJECT_COUNTS).bulkPut([...counts.values()]);
}

/** True when the transaction can write the counts (not an upgrade to a version before them). */
function holdsCounts(trans: DBCoreTransaction): boolean {
  const names = (trans as unknown as { objectStoreNames?: DOMStringList }).objectStoreNames;
  return !names || names.contains(PROJECT_COUNTS);
}

/** The Dexie middleware that keeps `projectCounts`; `AppDb` installs it. */
export const projectCountsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'projectCounts',
  create(down) {
    /** Per transaction, the last change of the counts: the next one reads the row after it is written. */
    const last = new WeakMap<DBCoreTransaction, Promise<unknown>>();

    const applyDelta = (trans: DBCoreTransaction, field: Field, delta: Map<string, number>): Promise<unknown> => {
      const run = async () => {
        const table = down.table(PROJECT_COUNTS);
        const ids = [...delta.keys()];
        const rows = (await table.getMany({ trans, keys: ids })) as (ProjectCountsRecord | undefined)[];
        const values: ProjectCountsRecord[] = [];
        ids.forEach((projectId, i) => {
          const row = rows[i];
          // A project's row is deleted with the project (deleteProject empties every project
          // table, this one maybe first): its rows deleted after it leave nothing to count.
          if (!row && delta.get(projectId)! < 0) return;
          const next = row ? { ...row } : { projectId, documents: 0, summaries: 0 };
          next[field] += delta.get(projectId)!;
          values.push(next);
        });
        if (values.length) await table.mutate({ type: 'put', trans, values });
      };
      const next = (last.get(trans) ?? Promise.resolve()).then(run);
      last.set(
        trans,
        next.catch(() => undefined),
      );
      return next;
    };

    const wrap = (table: DBCoreTable, field: Field): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest) {
        if (!holdsCounts(req.trans)) return table.mutate(req);
        const { trans } = req;
        // Who each touched key belonged to before the change, and after it.
        const image = await beforeImage(req);
        const { keys } = image;
        const before = image.rows as Row[];
        const res = await table.mutate(req);
        const after = req.type === 'delete' || req.type === 'deleteRange' ? keys.map(() => undefined) : ((await writtenRows(req)) as Row[]);
        // Each key's project as the request goes, so a key written twice in one request counts once.
        const owner = new Map<string, string | undefined>();
        const delta = new Map<string, number>();
        const bump = (projectId: string | undefined, n: number) => {
          if (projectId !== undefined) delta.set(projectId, (delta.get(projectId) ?? 0) + n);
        };
        after.forEach((value, i) => {
          if (res.failures[i]) return;
          const key = String(keys[i]);
          const was = owner.has(key) ? owner.get(key) : before[i]?.projectId;
          const is = value?.projectId;
          owner.set(key, is);
          if (was === is) return;
          bump(was, -1);
          bump(is, 1);
        });
        for (const [projectId, n] of delta) if (n === 0) delta.delete(projectId);
        if (delta.size) await applyDelta(trans, field, delta);
        return res;
      },
    });

    return {
      ...down,
      transaction(stores, mode, options) {
        const writesCounted = mode === 'readwrite' && stores.some((s) => s in COUNTED) && !stores.includes(PROJECT_COUNTS);
        return down.transaction(writesCounted ? [...stores, PROJECT_COUNTS] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return name in COUNTED ? wrap(table, COUNTED[name]!) : table;
      },
    };
  },
};

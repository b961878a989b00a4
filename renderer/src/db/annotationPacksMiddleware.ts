/**
 * Keeps annotation packs (annotationPacks.ts) from going stale: a Dexie DBCore middleware, like the
 * sync outbox, so whatever writes annotations (the Workspace queue, imports, bundles, restores,
 * sync, moves, deletes, undo, upgrades) is covered. It widens every read-write transaction that
 * touches `annotations` to include the packs, and in that same transaction deletes the pack of
 * every document whose annotations it adds, changes or deletes (for a change, the document the
 * row was in and the one it is in now).
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { Annotation } from '../../core/model/types.ts';
import { beforeImage, writtenRows, type Row } from './beforeImage.ts';

export const ANNOTATION_PACKS = 'annotationPacks';

/** Dexie's key range kinds (DBCoreRangeType, a const enum that cannot be imported). */
const EQUAL = 1;
const ANY = { type: 3 } as unknown as DBCoreKeyRange;

/** The Dexie middleware that drops the pack of every document whose annotations change; `AppDb` installs it. */
export const annotationPacksMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'annotationPacks',
  create(down) {
    if (!down.schema.tables.some((t) => t.name === ANNOTATION_PACKS)) return down;
    const packs = () => down.table(ANNOTATION_PACKS);
    const documentsOf = (rows: readonly (Partial<Pick<Annotation, 'documentId'>> | Row)[]) =>
      rows.flatMap((r) => (r && typeof r.documentId === 'string' ? [r.documentId] : []));
    const drop = async (trans: DBCoreTransaction, documentIds: readonly string[]) => {
      const keys = [...new Set(documentIds)];
      if (keys.length) await packs().mutate({ type: 'delete', trans, keys });
    };
    const dropProject = async (trans: DBCoreTransaction, projectId: unknown) => {
      const index = packs().schema.getIndexByKeyPath('projectId')!;
      const range = { type: EQUAL, lower: projectId, upper: projectId } as unknown as DBCoreKeyRange;
      const keys = (await packs().query({ trans, values: false, query: { index, range } })).result;
      if (keys.length) await packs().mutate({ type: 'delete', trans, keys });
    };

    const wrap = (table: DBCoreTable): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest) {
        const { trans } = req;
        if (req.type === 'deleteRange') {
          if ((req.range.type as number) === ANY.type) await packs().mutate({ type: 'deleteRange', trans, range: ANY });
          else await drop(trans, documentsOf((await beforeImage(req)).rows));
          return table.mutate(req);
        }
        if (req.type === 'delete') {
          const by = req.criteria;
          const equal = by && (by.range.type as number) === EQUAL;
          if (equal && by.index === 'projectId') await dropProject(trans, by.range.lower);
          else if (equal && by.index === 'documentId') await drop(trans, [by.range.lower as string]);
          else await drop(trans, documentsOf((await beforeImage(req)).rows));
          return table.mutate(req);
        }
        if (req.type === 'add') {
          const res = await table.mutate(req);
          await drop(trans, documentsOf(req.values));
          return res;
        }
        // A put: the documents its rows were in before, and are in now.
        const before = documentsOf((await beforeImage(req)).rows);
        const res = await table.mutate(req);
        const after = documentsOf(await writtenRows(req));
        await drop(trans, [...before, ...after]);
        return res;
      },
    });

    return {
      ...down,
      transaction(stores, mode, options) {
        const writes = mode === 'readwrite' && stores.includes('annotations') && !stores.includes(ANNOTATION_PACKS);
        return down.transaction(writes ? [...stores, ANNOTATION_PACKS] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return name === 'annotations' ? wrap(table) : table;
      },
    };
  },
};

import 'fake-indexeddb/auto';
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { Annotation, DocumentRecord, Project } from '../../core/model/types.ts';
import { createAnnotations, deleteAnnotations } from './annotations.ts';
import { readPackedAnnotations } from './annotationPacks.ts';
import { createProject, deleteDocuments, ensureCorpusIndex, indexDocuments } from './corpus.ts';
import { AppDb } from './db.ts';
import { addDocuments, buildDocument } from './documents.ts';
import { writeImport, type ImportItem } from './import.ts';

/** One write request as the reads below the middlewares saw it: reads of its table before it reached IndexedDB, and after. */
interface Tally {
  table: string;
  type: string;
  before: number;
  after: number;
  reached: boolean;
}

/**
 * The app's database with two test middlewares around the app's: one outside them all that notes
 * which request of a table is in flight, and a spy below them all (Dexie's own aside) that counts
 * every read of that table while it is: the reads the middlewares make for it.
 */
class SpiedDb extends AppDb {
  readonly tallies: Tally[] = [];

  constructor(name: string) {
    super(name);
    const inFlight = new Map<string, Tally>();
    const above: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'testRequests',
      level: 20,
      create: (down) => ({
        ...down,
        table: (table) => {
          const t = down.table(table);
          return {
            ...t,
            mutate: (req: DBCoreMutateRequest) => {
              const tally = { table, type: kind(req), before: 0, after: 0, reached: false };
              this.tallies.push(tally);
              inFlight.set(table, tally);
              const done = () => inFlight.get(table) === tally && inFlight.delete(table);
              return t.mutate(req).then(
                (res) => (done(), res),
                (err: unknown) => {
                  done();
                  throw err;
                },
              );
            },
          };
        },
      }),
    };
    const spy: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'testReadSpy',
      level: 5,
      create: (down) => ({
        ...down,
        table: (table) => {
          const t = down.table(table);
          const count = () => {
            const tally = inFlight.get(table);
            if (tally) tally[tally.reached ? 'after' : 'before']++;
          };
          const counted = <K extends 'get' | 'getMany' | 'query' | 'openCursor'>(method: K): DBCoreTable[K] =>
            ((req: never) => {
              count();
              return (t[method] as (r: never) => unknown)(req);
            }) as DBCoreTable[K];
          return {
            ...t,
            get: counted('get'),
            getMany: counted('getMany'),
            query: counted('query'),
            openCursor: counted('openCursor'),
            mutate: (req: DBCoreMutateRequest) => {
              const tally = inFlight.get(table);
              if (tally) tally.reached = true;
              return t.mutate(req);
            },
          };
        },
      }),
    };
    this.use(above);
    this.use(spy);
  }

  private taken = 0;

  /** The requests to `table` (of `type`, when given) since the last call. */
  take(table: string, type?: string): Tally[] {
    const out = this.tallies.slice(this.taken).filter((t) => t.table === table && (type === undefined || t.type === type));
    this.taken = this.tallies.length;
    return out;
  }
}

const kind = (req: DBCoreMutateRequest) => (req.type === 'put' && req.updates && req.values.length === 0 ? 'update' : req.type);

const dbs: SpiedDb[] = [];
const freshDb = (name = `before-image-${Math.random()}`) => {
  const db = new SpiedDb(name);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  const tallies = dbs.flatMap((d) => d.tallies);
  for (const d of dbs.splice(0)) {
    d.close();
    await Dexie.delete(d.name);
  }
  // No request of the test read its table's rows twice, before it or after it.
  for (const t of tallies) expect({ ...t, before: Math.min(t.before, 1), after: Math.min(t.after, 1) }).toEqual(t);
});

const TEXT = 'Lavrov said Russia sells arms to Syria.';
const input = (i: number) => ({ title: `Article ${i}`, text: `${TEXT} (${i})`, blocks: [], metadata: {} });

let db: SpiedDb;
let team: Project;
let own: Project;
let docs: DocumentRecord[];
let claims: Annotation[];

const outbox = async () => (await db.syncOutbox.toArray()).map(({ table, key, deleted }) => `${table} ${key} ${deleted}`).sort();
const counts = async (p: Project) => {
  const row = await db.projectCounts.get(p.id);
  return [row?.documents ?? 0, row?.summaries ?? 0];
};
const realCounts = async (p: Project) => [
  await db.documents.where('projectId').equals(p.id).count(),
  await db.documentSummaries.where('projectId').equals(p.id).count(),
];
const packed = async (ids: string[]) => (await db.annotationPacks.bulkGet(ids)).map((p) => p !== undefined);

beforeEach(async () => {
  db = freshDb();
  team = await createProject(db, 'Team', DEFAULT_SCHEMA);
  own = await createProject(db, 'Own', DEFAULT_SCHEMA);
  await db.syncConnections.put({ projectId: team.id, url: 'http://127.0.0.1:5984', database: 'team', user: 'ann', connectedAt: '' });
  docs = await addDocuments(db, team.id, [0, 1, 2, 3].map(input));
  claims = await createAnnotations(
    db,
    docs[0]!,
    [0, 1].map((i) => ({ label: 'Claim', ranges: [{ start: i, end: i + 6 }], layer: 'ann' })),
    'ann',
  );
  await readPackedAnnotations(db, team.id, [docs[0]!.id, docs[1]!.id]);
  await db.syncOutbox.clear();
  db.take('');
});

describe("a write's before-image is read once for every middleware", () => {
  it('deleting by key: the outbox, the packs and the counts share one read', async () => {
    await deleteAnnotations(db, docs[0]!, [claims[0]!.id], 'ann');
    expect(db.take('annotations', 'delete').map((t) => t.before)).toEqual([1]);
    expect(await outbox()).toEqual([`annotations ${claims[0]!.id} 1`]);
    expect(await packed([docs[0]!.id])).toEqual([false]);

    await readPackedAnnotations(db, team.id, [docs[0]!.id]);
    await db.syncOutbox.clear();
    await deleteDocuments(db, [docs[0]!.id, 'no-such-document']);
    expect(db.take('documents', 'delete').map((t) => t.before)).toEqual([1]);
    expect(await outbox()).toContain(`documents ${docs[0]!.id} 1`);
    expect(await outbox()).toContain(`annotations ${claims[1]!.id} 1`);
    expect(await packed([docs[0]!.id])).toEqual([false]);
    expect(await counts(team)).toEqual([3, 3]);
  });

  it('deleting a range of keys: one read finds the rows for all of them', async () => {
    const [lo, hi] = [claims[0]!.id, claims[1]!.id].sort();
    await db.annotations.where(':id').between(lo, hi, true, true).delete();
    expect(db.take('annotations', 'deleteRange').map((t) => t.before)).toEqual([1]);
    expect(await outbox()).toEqual([`annotations ${claims[0]!.id} 1`, `annotations ${claims[1]!.id} 1`].sort());
    expect(await packed([docs[0]!.id, docs[1]!.id])).toEqual([false, true]);

    const ids = docs.map((d) => d.id).sort();
    await db.documents.where(':id').between(ids[1], ids[2], true, true).delete();
    expect(db.take('documents', 'deleteRange').map((t) => t.before)).toEqual([1]);
    expect((await outbox()).filter((r) => r.startsWith('documents'))).toEqual([`documents ${ids[1]} 1`, `documents ${ids[2]} 1`].sort());
    expect((await counts(team))[0]).toBe(2);
    expect((await counts(team))[0]).toBe((await realCounts(team))[0]);
  });

  it('putting new rows and changing existing ones: one read, and every document and project they leave or enter is seen', async () => {
    const moved = { ...claims[0]!, documentId: docs[1]!.id };
    const fresh = { ...claims[1]!, id: 'new-claim' as Annotation['id'], documentId: docs[2]!.id };
    await db.annotations.bulkPut([moved, fresh]);
    expect(db.take('annotations', 'put').map((t) => t.before)).toEqual([1]);
    // The packs of the document a claim left and of the one it entered are dropped.
    expect(await packed([docs[0]!.id, docs[1]!.id])).toEqual([false, false]);
    expect(await outbox()).toEqual([`annotations ${claims[0]!.id} 0`, `annotations new-claim 0`].sort());

    const newDoc = buildDocument(own.id, input(7));
    await db.documents.bulkPut([{ ...docs[3]!, projectId: own.id }, newDoc]);
    expect(db.take('documents', 'put').map((t) => t.before)).toEqual([1]);
    expect(await counts(team)).toEqual(await realCounts(team));
    expect(await counts(own)).toEqual(await realCounts(own));
    expect((await counts(own))[0]).toBe(2);
  });

  it('updating by key: the rows are read once before and read back once after', async () => {
    await db.annotations.update(claims[0]!.id, { documentId: docs[1]!.id });
    expect(db.take('annotations', 'put').map((t) => [t.before, t.after])).toEqual([[1, 0]]);
    expect(await packed([docs[0]!.id, docs[1]!.id])).toEqual([false, false]);
    expect(await outbox()).toEqual([`annotations ${claims[0]!.id} 0`]);

    // Keys with no row: Dexie sends the keys without values, which the counts and the outbox read back.
    await db.documents.bulkUpdate([{ key: 'no-such-document', changes: { title: 'x' } }]);
    expect(db.take('documents', 'update').map((t) => [t.before, t.after])).toEqual([[1, 1]]);
    expect(await counts(team)).toEqual([4, 4]);
  });

  it('a transaction that fails writes nothing, its skipped reads included, and the next one reads as usual', async () => {
    const doc = buildDocument(own.id, input(8));
    const failing = db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.add(doc);
      await indexDocuments(db, [doc]);
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([0]);
    expect(await counts(own)).toEqual([0, 0]);
    expect(await db.documents.get(doc.id)).toBeUndefined();

    // A document whose add failed (its key is taken) is not new: its summary's row is read.
    const taken = { ...docs[3]!, projectId: own.id };
    await db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.bulkAdd([taken]).catch(() => undefined);
      await indexDocuments(db, [taken]);
    });
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([1]);
    expect(await counts(team)).toEqual(await realCounts(team));
    expect(await counts(own)).toEqual([0, 1]);
  });
});

describe('a summary of a document added in the same transaction', () => {
  it('is not read by an import, which adds documents and then their summaries; the counts stay exact', async () => {
    const items: ImportItem[] = [10, 11, 12, 13, 14].map((i) => ({
      file: 0,
      doc: { ...input(i), annotations: [], relations: [], sourceFile: 'f' },
    }));
    const result = await writeImport(db, own.id, items, { by: 'ann', batchSize: 2 });
    expect(result.imported).toBe(5);
    expect(db.take('documentSummaries').map((t) => [t.type, t.before])).toEqual([
      ['put', 0],
      ['put', 0],
      ['put', 0],
    ]);
    expect(await counts(own)).toEqual([5, 5]);

    await addDocuments(db, own.id, [15, 16].map(input));
    expect(db.take('documentSummaries').map((t) => t.before)).toEqual([0]);
    expect(await counts(own)).toEqual([7, 7]);
  });

  it('is read when the summary was written again in the transaction, or before the document was added', async () => {
    const doc = buildDocument(own.id, input(20));
    await db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.add(doc);
      await indexDocuments(db, [doc]);
      // The same summary again, now in the team project: its row is there and is read.
      await indexDocuments(db, [{ ...doc, projectId: team.id }]);
    });
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([0, 1]);
    expect(await counts(own)).toEqual([1, 0]);
    expect(await counts(team)).toEqual([4, 5]);

    const other = buildDocument(own.id, input(21));
    await db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await indexDocuments(db, [{ ...other, projectId: team.id }]);
      await db.documents.add(other);
      await indexDocuments(db, [other]);
    });
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([1, 1]);
    expect(await counts(own)).toEqual(await realCounts(own));
    expect(await counts(team)).toEqual(await realCounts(team));
  });

  it('is read after a range delete of the documents in the transaction, which may have taken a document with its key', async () => {
    const doc = docs[2]!;
    await db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.where(':id').between(doc.id, doc.id, true, true).delete();
      await db.documents.add({ ...doc, projectId: own.id });
      await indexDocuments(db, [{ ...doc, projectId: own.id }]);
    });
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([1]);
    expect(await counts(team)).toEqual([3, 3]);
    expect(await counts(own)).toEqual([1, 1]);
  });
});

describe('summaries of documents that were there before', () => {
  it('are read by the index check, in one tab or in two at once, and by a write that puts documents (as sync does)', async () => {
    await db.documentSummaries.bulkDelete(docs.map((d) => d.id));
    expect(await counts(team)).toEqual([4, 0]);
    db.take('');
    const second = freshDb(db.name);
    await Promise.all([ensureCorpusIndex(db, team.id), ensureCorpusIndex(second, team.id)]);
    const puts = [...db.take('documentSummaries', 'put'), ...second.take('documentSummaries', 'put')];
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.map((t) => t.before)).toEqual(puts.map(() => 1));
    expect(await counts(team)).toEqual([4, 4]);

    const moved = { ...docs[1]!, projectId: own.id };
    await db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.put(moved);
      await indexDocuments(db, [moved]);
    });
    expect(db.take('documentSummaries', 'put').map((t) => t.before)).toEqual([1]);
    expect(await counts(team)).toEqual([3, 3]);
    expect(await counts(own)).toEqual([1, 1]);
  });
});

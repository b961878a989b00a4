import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../core/formats/archive.ts';
import { describeError } from '../../core/formats/types.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { createAnnotations } from './annotations.ts';
import { backupProject } from './archive.ts';
import {
  countDocuments,
  createProject,
  deleteDocuments,
  deleteProject,
  ensureCorpusIndex,
  moveDocuments,
  updateDocumentDetails,
} from './corpus.ts';
import type { AppDb } from './db.ts';
import { addDocument, addDocuments, openDocumentList } from './documents.ts';
import { writeImport, type ImportItem } from './import.ts';
import { storedCounts } from './projectCounts.ts';
import { restoreArchive } from './restore.ts';
import { freshDatabases } from './testing.ts';

const freshDb = freshDatabases('project-counts-test');
const TEXT = 'Lavrov said Russia sells arms to Syria.';
const input = (i: number) => ({ title: `Article ${i}`, text: `${TEXT} (${i})`, blocks: [], metadata: {} });

/**
 * Every project's stored counts against its rows counted one by one; a project with no rows
 * must have no counts row, or one of zeros.
 */
async function expectExact(db: AppDb): Promise<Record<string, [number, number]>> {
  const real = new Map<string, [number, number]>();
  const of = (p: string) => real.get(p) ?? (real.set(p, [0, 0]), real.get(p)!);
  for (const d of await db.documents.toArray()) of(d.projectId)[0]++;
  for (const s of await db.documentSummaries.toArray()) of(s.projectId)[1]++;
  const stored = new Map((await db.projectCounts.toArray()).map((r) => [r.projectId, [r.documents, r.summaries] as [number, number]]));
  for (const [p, counts] of stored) if (!real.has(p)) expect(counts, `counts of ${p}, which has no rows`).toEqual([0, 0]);
  for (const [p, counts] of real) expect(stored.get(p), `counts of ${p}`).toEqual(counts);
  return Object.fromEntries(real);
}

let db: AppDb;
let a: Project;
let b: Project;
let docs: DocumentRecord[];

beforeEach(async () => {
  db = freshDb();
  a = await createProject(db, 'A', DEFAULT_SCHEMA);
  b = await createProject(db, 'B', DEFAULT_SCHEMA);
  docs = await addDocuments(db, a.id, [0, 1, 2, 3].map(input));
  await addDocument(db, b.id, input(9));
  await createAnnotations(db, docs[0]!, [{ label: 'Claim', ranges: [{ start: 12, end: 38 }], layer: 'alice' }], 'alice');
});

describe("each project's stored counts stay exact", () => {
  it('after adding documents one by one and in bulk, and editing them', async () => {
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [1, 1] });
    await updateDocumentDetails(db, docs[1]!.id, { title: 'Renamed', metadata: { source: 'AP' } });
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [1, 1] });
    expect(await countDocuments(db, a.id)).toBe(4);
  });

  it('after an import, its duplicates left out', async () => {
    const items: ImportItem[] = [5, 6, 7, 0].map((i) => ({
      file: 0,
      doc: { ...input(i), annotations: [], relations: [], sourceFile: 'f' },
    }));
    const result = await writeImport(db, b.id, items, { by: 'me', batchSize: 2 });
    expect(result.imported).toBe(4);
    // The same texts again: all duplicates, nothing written.
    expect((await writeImport(db, b.id, items, { by: 'me' })).duplicates).toBe(4);
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [5, 5] });
  });

  it('after deleting documents, moving them both ways and deleting a project', async () => {
    await deleteDocuments(db, [docs[0]!.id, 'no-such-document']);
    expect(await expectExact(db)).toEqual({ [a.id]: [3, 3], [b.id]: [1, 1] });
    await moveDocuments(db, [docs[1]!.id, docs[2]!.id], b.id);
    expect(await expectExact(db)).toEqual({ [a.id]: [1, 1], [b.id]: [3, 3] });
    // Moving a document to the project it is in changes nothing.
    await moveDocuments(db, [docs[1]!.id], b.id);
    await moveDocuments(db, [docs[2]!.id], a.id);
    expect(await expectExact(db)).toEqual({ [a.id]: [2, 2], [b.id]: [2, 2] });
    await deleteProject(db, a.id);
    expect(await expectExact(db)).toEqual({ [b.id]: [2, 2] });
    expect(await db.projectCounts.get(a.id)).toBeUndefined();
    expect(await countDocuments(db, a.id)).toBe(0);
  });

  it('after restoring a project from its archive, in the same database and in another', async () => {
    const { bytes } = await backupProject(db, a.id, { appVersion: 'test' });
    const read = readArchive('a.claimscope.zip', bytes);
    if (!read.ok) throw new Error(describeError(read.error));
    // The ids are taken here: the restore writes a copy with new ids.
    const copy = await restoreArchive(db, read.value);
    expect(copy.newIds).toBe(true);
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [1, 1], [copy.project.id]: [4, 4] });
    const other = freshDb();
    const same = await restoreArchive(other, read.value);
    expect(await expectExact(other)).toEqual({ [same.project.id]: [4, 4] });
  });

  it('after a write that fails: the counts roll back with it', async () => {
    const failing = db.transaction('rw', [db.documents, db.documentSummaries], async () => {
      await db.documents.delete(docs[3]!.id);
      await db.documentSummaries.delete(docs[3]!.id);
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [1, 1] });
  });

  it('through any write of the tables: bulk puts naming a row twice, updates by key, clearing', async () => {
    const summary = (await db.documentSummaries.get(docs[0]!.id))!;
    await db.documentSummaries.bulkPut([
      { ...summary, projectId: b.id },
      { ...summary, projectId: a.id },
      { ...summary, projectId: b.id },
    ]);
    expect((await storedCounts(db, b.id)).summaries).toBe(2);
    expect((await storedCounts(db, a.id)).summaries).toBe(3);
    await db.documentSummaries.update(docs[0]!.id, { projectId: a.id });
    expect((await storedCounts(db, a.id)).summaries).toBe(4);
    await db.documentSummaries.where('id').anyOf([docs[1]!.id, docs[2]!.id]).modify({ projectId: b.id });
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 2], [b.id]: [1, 3] });
    await db.documentSummaries.clear();
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 0], [b.id]: [1, 0] });
  });

  it('after the index check builds the summaries that are missing', async () => {
    await db.documentSummaries.bulkDelete([docs[0]!.id, docs[1]!.id]);
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 2], [b.id]: [1, 1] });
    let counted = -1;
    expect(await ensureCorpusIndex(db, a.id, { onCounted: (n) => (counted = n) })).toBe(2);
    expect(counted).toBe(4);
    expect(await expectExact(db)).toEqual({ [a.id]: [4, 4], [b.id]: [1, 1] });
    expect((await db.documentSummaries.get(docs[0]!.id))?.annotationCount).toBe(1);
  });
});

describe('the list a start shows', () => {
  it("comes with the project's count, read with its first page", async () => {
    await addDocuments(db, a.id, [10, 11, 12, 13, 14, 15].map(input));
    const list = await openDocumentList(db, a.id, 3);
    expect(list.first).toHaveLength(3);
    expect([list.complete, list.total]).toEqual([false, 10]);
    expect((await list.all()).length).toBe(10);
  });
});

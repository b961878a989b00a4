/**
 * Annotation packs rebuilt in the background (annotationPacksRebuild.ts): after a bulk write drops
 * them, the watch rebuilds them at idle time in slices; a write that lands while a rebuild runs
 * always wins (no pack is left stale); stopping stops.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { packedFields, readPackedAnnotations, unpackAnnotations } from './annotationPacks.ts';
import { comparesLayers, keepPacksBuilt, rebuildMissingPacks, type IdleScheduler } from './annotationPacksRebuild.ts';
import { createAnnotation, deleteAnnotations, updateAnnotation } from './annotations.ts';
import { createProject } from './corpus.ts';
import type { AppDb } from './db.ts';
import { addBundle, shareBundle } from './review.ts';
import { addParagraph, freshDatabases } from './testing.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons to Syria, Reuters reported.';
const at = (q: string) => ({ start: TEXT.indexOf(q), end: TEXT.indexOf(q) + q.length });
const WORDS = ['Lavrov', 'Russia sells', 'Syria', 'Reuters', 'defensive weapons'];
const DOCUMENTS = 12;

/** Idle callbacks as timers, counted. */
function countingIdle() {
  const scheduler = {
    calls: 0,
    idle: ((run) => {
      scheduler.calls++;
      const id = setTimeout(run, 0);
      return () => clearTimeout(id);
    }) as IdleScheduler,
  };
  return scheduler;
}

it('the app keeps packs built where two annotator layers or more meet (gold and suggestions do not count)', () => {
  expect(comparesLayers([{ layers: ['alice'] }, { layers: ['alice', 'gold', 'suggestions'] }])).toBe(false);
  expect(comparesLayers([{ layers: ['alice'] }, { layers: ['gold', 'bob'] }])).toBe(true);
  expect(comparesLayers([])).toBe(false);
});

describe('packs rebuilt in the background', () => {
  const fresh = freshDatabases('pack-rebuild');
  let db: AppDb;
  let project: Project;
  let docs: DocumentRecord[];

  /** Every pack in the database gives exactly its document's rows (those of the pack's project). */
  const expectNoStalePack = async () => {
    for (const pack of await db.annotationPacks.toArray()) {
      const rows = (await db.annotations.where('documentId').equals(pack.documentId).toArray())
        .filter((a) => a.projectId === pack.projectId)
        .map(packedFields);
      expect(unpackAnnotations(pack), pack.documentId).toStrictEqual(rows);
    }
  };
  const packCount = () => db.annotationPacks.where('projectId').equals(project.id).count();

  beforeEach(async () => {
    db = fresh();
    project = await createProject(db, 'P', DEFAULT_SCHEMA);
    docs = [];
    for (let d = 0; d < DOCUMENTS; d++) {
      const doc = await addParagraph(db, project.id, TEXT, `D${d}`);
      docs.push(doc);
      for (const layer of ['alice', 'bob'])
        await createAnnotation(db, doc, { label: 'Claim', ranges: [at(WORDS[(d + layer.length) % WORDS.length]!)], layer }, layer);
    }
    // The Agreement view was opened once: every document has its pack.
    await readPackedAnnotations(
      db,
      project.id,
      docs.map((d) => d.id),
    );
    expect(await packCount()).toBe(DOCUMENTS);
  });

  it('rebuilds, slice by slice at idle time, the packs a bundle dropped', async () => {
    const shared = await shareBundle(db, project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-06T10:00:00.000Z' });
    await db.annotations.bulkDelete(await db.annotations.filter((a) => a.layer === 'alice').primaryKeys());
    expect((await addBundle(db, project.id, 'lead', { name: shared.fileName, data: shared.bytes })).ok).toBe(true);
    expect(await packCount()).toBe(0);

    const counted = countingIdle();
    const { idle } = counted;
    const rebuilt = new Promise<number>((resolve) => {
      const stop = keepPacksBuilt(db, project.id, {
        rebuild: (on, projectId) => rebuildMissingPacks(on, projectId, { idle, perSlice: 5 }),
        quietMs: 10,
        minMissing: 1,
        onRebuilt: (n) => (stop(), resolve(n)),
      });
    });
    expect(await rebuilt).toBe(DOCUMENTS);
    // One idle wait before listing what is missing, then one per slice of 5.
    expect(counted.calls).toBeGreaterThanOrEqual(1 + Math.ceil(DOCUMENTS / 5));
    expect(await packCount()).toBe(DOCUMENTS);
    await expectNoStalePack();
  });

  it('starts no rebuild for fewer missing packs than the threshold (an edit), and one for more (a bulk write)', async () => {
    const started: string[] = [];
    const spy = (on: AppDb, projectId: string) => (started.push(projectId), rebuildMissingPacks(on, projectId));
    await db.annotationPacks.bulkDelete(docs.slice(0, 4).map((d) => d.id));
    const stopFew = keepPacksBuilt(db, project.id, { rebuild: spy, quietMs: 10, minMissing: 5 });
    await new Promise((r) => setTimeout(r, 200));
    stopFew();
    expect(started).toEqual([]);
    expect(await packCount()).toBe(DOCUMENTS - 4);

    await db.annotationPacks.delete(docs[4]!.id);
    const rebuilt = await new Promise<number>((resolve) => {
      const stop = keepPacksBuilt(db, project.id, { rebuild: spy, quietMs: 10, minMissing: 5, onRebuilt: (n) => (stop(), resolve(n)) });
    });
    expect(started).toEqual([project.id]);
    expect(rebuilt).toBe(5);
    expect(await packCount()).toBe(DOCUMENTS);
  });

  it('the app rebuilds with the packs worker (in this thread in Node), after a write dropped a pack', async () => {
    await db.annotationPacks.delete(docs[3]!.id);
    const rebuilt = await new Promise<number>((resolve) => {
      const stop = keepPacksBuilt(db, project.id, { quietMs: 10, minMissing: 1, onRebuilt: (n) => (stop(), resolve(n)) });
    });
    expect(rebuilt).toBe(1);
    expect(await packCount()).toBe(DOCUMENTS);
    await expectNoStalePack();
  });

  it('a write during the rebuild wins: no pack is stale, whatever the interleaving', async () => {
    for (let round = 0; round < 4; round++) {
      await db.annotationPacks.clear();
      const run = rebuildMissingPacks(db, project.id, { perSlice: 1 });
      // Writes to the documents being rebuilt, landing at every point of the rebuild.
      const writes = docs.slice(0, 8).map(
        (doc, i) =>
          new Promise<void>((resolve, reject) =>
            setTimeout(
              () => {
                const write = async () => {
                  const rows = await db.annotations.where('documentId').equals(doc.id).toArray();
                  const first = rows[0]!;
                  if (i % 3 === 1)
                    await updateAnnotation(db, doc, first.id, { label: ['Speaker', 'Source', 'Cue', 'Claim'][round]! }, first.layer);
                  else if (i % 3 === 2 && rows.length > 1) await deleteAnnotations(db, doc, [first.id], first.layer);
                  else await createAnnotation(db, doc, { label: 'Source', ranges: [at('Reuters')], layer: 'carol' }, 'carol');
                };
                write().then(resolve, reject);
              },
              (i * 3 + round) % 11,
            ),
          ),
      );
      await Promise.all([run.done, ...writes]);
      await expectNoStalePack();
    }
  });

  it('stops: before its first slice nothing is built; a write stops a rebuild under way, which starts again later', async () => {
    await db.annotationPacks.clear();
    const never: IdleScheduler = () => () => {};
    const stopped = rebuildMissingPacks(db, project.id, { idle: never });
    stopped.stop();
    expect(await stopped.done).toBe(0);
    expect(await packCount()).toBe(0);

    // The watch: a write while it rebuilds stops that rebuild, and a later one finishes the job.
    let slices = 0;
    const slow: IdleScheduler = (run) => {
      const id = setTimeout(run, 5);
      if (++slices === 3) void createAnnotation(db, docs[0]!, { label: 'Cue', ranges: [at('Syria')], layer: 'bob' }, 'bob');
      return () => clearTimeout(id);
    };
    const reports: number[] = [];
    await new Promise<void>((resolve) => {
      const stop = keepPacksBuilt(db, project.id, {
        rebuild: (on, projectId) => rebuildMissingPacks(on, projectId, { idle: slow, perSlice: 2 }),
        quietMs: 20,
        minMissing: 1,
        onRebuilt: (n) => {
          reports.push(n);
          stop();
          resolve();
        },
      });
    });
    // The first rebuild was stopped by the write (it reports nothing); the second built the rest.
    expect(reports).toHaveLength(1);
    expect(reports[0]).toBeLessThan(DOCUMENTS);
    expect(await packCount()).toBe(DOCUMENTS);
    await expectNoStalePack();
  });
});

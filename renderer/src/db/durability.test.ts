import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { Workspace } from '../app/workspace.ts';
import { createAnnotation, undo, UNDO_LOG_LIMIT, UNDO_LOG_TRIM_EVERY } from './annotations.ts';
import { AppDb, strictCheckpoint } from './db.ts';
import { createProject } from './corpus.ts';
import { addDocument } from './documents.ts';
import { getStatus } from './status.ts';

const TEXT = 'Lavrov said Russia sells arms to Syria.';
let db: AppDb;
let project: Project;
let doc: DocumentRecord;

beforeEach(async () => {
  db = new AppDb(`durability-${Math.random()}`);
  project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addDocument(db, project.id, { title: 'T', text: TEXT, blocks: [], metadata: {} });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/**
 * The durability of each IndexedDB transaction a connection opened by `connect` makes while `run`
 * runs (Dexie binds IDBDatabase.transaction when it opens, so the spy is set before).
 */
async function durabilities<T extends AppDb>(connect: () => T, run: (db: T) => Promise<unknown>): Promise<string[]> {
  const proto = globalThis.IDBDatabase.prototype;
  const seen: string[] = [];
  const original = proto.transaction;
  const spy = vi.spyOn(proto, 'transaction').mockImplementation(function (this: IDBDatabase, names, mode, options) {
    seen.push(options?.durability ?? 'default');
    return original.call(this, names, mode, options);
  });
  const target = connect();
  try {
    await target.open();
    seen.length = 0;
    await run(target);
  } finally {
    spy.mockRestore();
    target.close();
  }
  return seen;
}

describe('durability', () => {
  it("a user's edit commits strictly", async () => {
    const seen = await durabilities(
      () => new AppDb(db.name),
      (edit) => createAnnotation(edit, doc, { label: 'Claim', ranges: [{ start: 12, end: 29 }], layer: 'ann' }, 'ann'),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['strict']));
  });

  it('a bulk connection commits relaxed, and the strict checkpoint after it strictly', async () => {
    const bulk = await durabilities(
      () => new AppDb(db.name, { durability: 'relaxed' }),
      (b) => addDocument(b, project.id, { title: 'B', text: 'bulk', blocks: [], metadata: {} }),
    );
    expect(bulk).toEqual(['relaxed']);
    const checkpoint = await durabilities(
      () => new AppDb(db.name),
      () => strictCheckpoint(db.name, 'lastImport', { imported: 1 }),
    );
    expect(checkpoint).toContain('strict');
    expect(checkpoint).not.toContain('relaxed');
    expect((await db.settings.get('lastImport'))?.value).toEqual({ imported: 1 });
  });
});

describe('adding the first annotation', () => {
  it('writes the annotation and marks the document started in one transaction: both or neither', async () => {
    const ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
    await ws.openProject(project.id, doc.id);
    db.documentStatus.hook('creating', () => {
      throw new Error('The status could not be written.');
    });
    await ws.addAnnotation('Claim', { start: 12, end: 29 });
    expect(ws.getState().save).toEqual({ kind: 'error', message: 'Add Claim was not saved: The status could not be written.' });
    expect(ws.getState().annotations).toEqual([]);
    expect(await db.annotations.count()).toBe(0);
    expect(await getStatus(db, doc.id, 'ann')).toBe('new');
  });

  it('marks a new document in progress with it', async () => {
    const ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
    await ws.openProject(project.id, doc.id);
    await ws.addAnnotation('Claim', { start: 12, end: 29 });
    expect(await getStatus(db, doc.id, 'ann')).toBe('in progress');
    expect(await db.annotations.count()).toBe(1);
  });
});

describe('the undo log', () => {
  it(`keeps a project's latest ${UNDO_LOG_LIMIT} steps (give or take ${UNDO_LOG_TRIM_EVERY}), oldest dropped first, and undo still works`, async () => {
    const other = await createProject(db, 'Other', DEFAULT_SCHEMA);
    const otherDoc = await addDocument(db, other.id, { title: 'O', text: TEXT, blocks: [], metadata: {} });
    await createAnnotation(db, otherDoc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
    // A long history, then edits until the log is next checked.
    const steps = UNDO_LOG_LIMIT + 2 * UNDO_LOG_TRIM_EVERY;
    const empty = { annotations: [], relations: [] };
    await db.operations.bulkAdd(
      Array.from({ length: steps }, (_, i) => ({
        projectId: project.id,
        documentId: doc.id,
        description: `old ${i}`,
        at: project.createdAt,
        by: 'ann',
        before: empty,
        after: empty,
        undone: 0 as const,
      })),
    );
    for (let i = 0; i < UNDO_LOG_TRIM_EVERY; i++) {
      await createAnnotation(
        db,
        doc,
        { label: 'Claim', ranges: [{ start: i % 30, end: (i % 30) + 5 }], layer: 'ann', note: `step ${i}` },
        'ann',
      );
    }
    const kept = await db.operations.where('projectId').equals(project.id).toArray();
    expect(kept.length).toBeGreaterThanOrEqual(UNDO_LOG_LIMIT);
    expect(kept.length).toBeLessThanOrEqual(UNDO_LOG_LIMIT + UNDO_LOG_TRIM_EVERY);
    const descriptions = kept.map((op) => op.after.annotations[0]?.note ?? op.description);
    const all = [
      ...Array.from({ length: steps }, (_, i) => `old ${i}`),
      ...Array.from({ length: UNDO_LOG_TRIM_EVERY }, (_, i) => `step ${i}`),
    ];
    expect(descriptions).toEqual(all.slice(all.length - kept.length));
    // Another project's log is its own.
    expect(await db.operations.where('projectId').equals(other.id).count()).toBe(1);
    expect(await undo(db, project.id)).toMatchObject({ description: 'Add Claim' });
  });
});

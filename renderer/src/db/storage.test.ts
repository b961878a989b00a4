import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../core/formats/archive.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { Workspace } from '../app/workspace.ts';
import { createAnnotations } from './annotations.ts';
import { backupProject } from './archive.ts';
import { AppDb, STORE_VERSIONS } from './db.ts';
import { createProject } from './corpus.ts';
import { addDocument } from './documents.ts';
import { checkAnnotationCounts, isQuotaError, recordAnnotationCounts, watchVersionChange } from './storage.ts';

const TEXT = 'Lavrov said Russia sells arms to Syria, and Reuters reported it.';
let db: AppDb;
let project: Project;
let doc: DocumentRecord;

beforeEach(async () => {
  db = new AppDb(`storage-${Math.random()}`);
  project = await createProject(db, 'Thesis', DEFAULT_SCHEMA);
  doc = await addDocument(db, project.id, { title: 'T', text: TEXT, blocks: [], metadata: {} });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('a full storage', () => {
  it('refuses the change with a message naming it, writes nothing of it, and export still works', async () => {
    const ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
    await ws.openProject(project.id, doc.id);
    // fake-indexeddb has no quota: the write's transaction fails as Chromium's does when the disk is full.
    const refuse = () => {
      throw quotaError();
    };
    db.annotations.hook('creating', refuse);
    await ws.addAnnotation('Claim', { start: 12, end: 29 });
    const save = ws.getState().save;
    expect(save).toMatchObject({ kind: 'error', storageFull: true });
    expect(save.kind === 'error' && save.message).toBe(
      'Add Claim was not saved: the storage is full (the disk, or the space the browser gives Claimscope). Nothing was half-written. Free some disk space and try again; Export and backups still work.',
    );
    expect(ws.getState().annotations).toEqual([]);
    expect(await db.annotations.count()).toBe(0);
    expect(await db.operations.count()).toBe(0);
    expect(await db.documentStatus.count()).toBe(0);
    // A backup can still be made and read back.
    const { bytes } = await backupProject(db, project.id, { appVersion: 't' });
    expect(readArchive('b.zip', bytes).ok).toBe(true);
    db.annotations.hook('creating').unsubscribe(refuse);
  });

  it("recognises Dexie's wrapped quota errors and not others", () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quotaError()))).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError(new Error('That annotation no longer exists.'))).toBe(false);
  });
});

describe('another window upgrading the database', () => {
  it('closes this connection at once so the upgrade is not blocked, and says so', async () => {
    let told = 0;
    watchVersionChange(db, () => told++);
    const newer = new Dexie(db.name);
    for (const v of STORE_VERSIONS) newer.version(v.version).stores(v.stores);
    newer.version(STORE_VERSIONS.at(-1)!.version + 1).stores({ extra: 'id' });
    await newer.open();
    expect(told).toBe(1);
    expect(db.isOpen()).toBe(false);
    await expect(db.projects.count()).rejects.toThrow();
    newer.close();
  });
});

describe('the annotation count alarm', () => {
  const annotate = (n: number) =>
    createAnnotations(
      db,
      doc,
      Array.from({ length: n }, (_, i) => ({ label: 'Claim', ranges: [{ start: i, end: i + 3 }], layer: 'ann' })),
      'ann',
    );

  it('names a project that lost many annotations since its count was recorded', async () => {
    await annotate(40);
    await recordAnnotationCounts(db);
    expect(await checkAnnotationCounts(db)).toEqual([]);
    // Gone without the app: the rows and the summary's count (as after eviction or a bad copy).
    const ids = (await db.annotations.toArray()).slice(0, 30).map((a) => a.id);
    await db.annotations.bulkDelete(ids);
    await db.documentSummaries.update(doc.id, { annotationCount: 10 });
    expect(await checkAnnotationCounts(db)).toEqual([{ projectId: project.id, name: 'Thesis', before: 40, now: 10 }]);
    // Checked once: the new count is the one compared against next time.
    expect(await checkAnnotationCounts(db)).toEqual([]);
  });

  it('does not alarm for a small drop or for counts recorded after the user deleted', async () => {
    await annotate(40);
    await recordAnnotationCounts(db);
    await db.documentSummaries.update(doc.id, { annotationCount: 35 });
    expect(await checkAnnotationCounts(db)).toEqual([]);
    await db.documentSummaries.update(doc.id, { annotationCount: 0 });
    await recordAnnotationCounts(db, project.id);
    expect(await checkAnnotationCounts(db)).toEqual([]);
  });

  it("recording one project's count keeps the others' recorded counts", async () => {
    const other = await createProject(db, 'Other', DEFAULT_SCHEMA);
    const odoc = await addDocument(db, other.id, { title: 'O', text: TEXT, blocks: [], metadata: {} });
    await createAnnotations(
      db,
      odoc,
      Array.from({ length: 30 }, (_, i) => ({ label: 'Claim', ranges: [{ start: i, end: i + 2 }], layer: 'ann' })),
      'ann',
    );
    await annotate(40);
    await recordAnnotationCounts(db);
    await db.documentSummaries.update(odoc.id, { annotationCount: 0 });
    await recordAnnotationCounts(db, project.id);
    expect(await checkAnnotationCounts(db)).toEqual([{ projectId: other.id, name: 'Other', before: 30, now: 0 }]);
  });
});

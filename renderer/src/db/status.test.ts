import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './db.ts';
import { createProject } from './corpus.ts';
import { addDocument } from './documents.ts';
import { getStatus, getStatusRecord, listStatuses, markStarted, setStatus } from './status.ts';
import { createAnnotation, listAnnotations, undo } from './annotations.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { openDbAtVersion } from './testing.ts';

let db: AppDb;
let name: string;
let project: Project;
let doc: DocumentRecord;
let other: DocumentRecord;

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
const input = (title: string) => ({
  title,
  text: TEXT,
  blocks: [{ kind: 'paragraph' as const, start: 0, end: TEXT.length }],
  metadata: {},
});

beforeEach(async () => {
  name = `status-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addDocument(db, project.id, input('A'));
  other = await addDocument(db, project.id, input('B'));
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('document status', () => {
  it('is new until set, per annotator', async () => {
    expect(await getStatus(db, doc.id, 'ann')).toBe('new');
    await setStatus(db, doc, 'ann', 'done');
    expect(await getStatus(db, doc.id, 'ann')).toBe('done');
    expect(await getStatus(db, doc.id, 'bob')).toBe('new');
    expect(await getStatus(db, other.id, 'ann')).toBe('new');
  });

  it('becomes in progress on the first annotation, and does not reopen a done document', async () => {
    expect(await markStarted(db, doc, 'ann')).toBe('in progress');
    expect(await getStatus(db, doc.id, 'ann')).toBe('in progress');
    await setStatus(db, other, 'ann', 'done');
    expect(await markStarted(db, other, 'ann')).toBe('done');
  });

  it('keeps overridden problems only with done, and lists a project’s statuses', async () => {
    await setStatus(db, doc, 'ann', 'done', ['The claim “x” has no speaker.']);
    expect((await getStatusRecord(db, doc.id, 'ann'))?.overriddenProblems).toEqual(['The claim “x” has no speaker.']);
    await setStatus(db, doc, 'ann', 'in progress', ['ignored']);
    expect((await getStatusRecord(db, doc.id, 'ann'))?.overriddenProblems).toBeUndefined();
    await setStatus(db, other, 'bob', 'reviewed');
    const rows = await listStatuses(db, project.id);
    expect(rows.map((r) => [r.documentId, r.annotator, r.status]).sort()).toEqual(
      [
        [doc.id, 'ann', 'in progress'],
        [other.id, 'bob', 'reviewed'],
      ].sort(),
    );
  });

  it('refuses an unknown status', async () => {
    await expect(setStatus(db, doc, 'ann', 'finished' as never)).rejects.toThrow(/not a document status/);
  });
});

describe('migration to version 5', () => {
  it('keeps version-1 rows and old undo entries, and adds the status and document-attribute tables', async () => {
    db.close();
    await Dexie.delete(name);
    // A database written by the first release (version 1 only).
    const old = openDbAtVersion(name, 1);
    await old.open();
    await old.table('projects').add(project);
    await old.table('documents').add(doc);
    const ann = {
      id: 'a1',
      projectId: project.id,
      documentId: doc.id,
      layer: 'ann',
      label: 'Speaker',
      ranges: [{ start: 0, end: 6 }],
      quote: 'Lavrov',
      attributes: {},
      note: '',
      origin: 'human',
      createdBy: 'ann',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedBy: 'ann',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
    await old.table('annotations').add(ann);
    await old.table('operations').add({
      projectId: project.id,
      documentId: doc.id,
      description: 'Add Speaker',
      at: '2026-11-01T00:00:00.000Z',
      by: 'ann',
      before: { annotations: [], relations: [] },
      after: { annotations: [ann], relations: [] },
      undone: 0,
    });
    old.close();

    db = new AppDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(5);
    expect(await db.projects.get(project.id)).toEqual(project);
    expect(await listAnnotations(db, doc.id)).toEqual([ann]);
    expect(await db.documentStatus.count()).toBe(0);
    expect(await db.documentAttributes.count()).toBe(0);
    await setStatus(db, doc, 'ann', 'in progress');
    expect(await getStatus(db, doc.id, 'ann')).toBe('in progress');
    // The old entry, without entity or schema snapshots, still undoes.
    expect((await undo(db, project.id))?.description).toBe('Add Speaker');
    expect(await listAnnotations(db, doc.id)).toEqual([]);
    // New writes still work after the upgrade.
    await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 12, end: 67 }], layer: 'ann' }, 'ann');
    expect(await listAnnotations(db, doc.id)).toHaveLength(1);
  });
});

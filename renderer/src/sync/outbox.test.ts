import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/db.ts';
import { addDocument } from '../db/documents.ts';
import { createProject } from '../db/corpus.ts';
import { createAnnotation, deleteAnnotations, undo, updateAnnotation } from '../db/annotations.ts';
import { deleteDocuments } from '../db/corpus.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { commitGroupChange } from '../db/claimGroups.ts';
import { createGroup } from '../../core/model/claimGroups.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { addParagraph, freshDatabases } from '../db/testing.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
let db: AppDb;
const freshDb = freshDatabases('outbox');
let project: Project;
let other: Project;
let doc: DocumentRecord;

const outbox = async () =>
  (await db.syncOutbox.toArray()).map(({ table, key, deleted, projectId }) => ({ table, key, deleted, projectId }));

beforeEach(async () => {
  db = freshDb();
  project = await createProject(db, 'Team', DEFAULT_SCHEMA);
  other = await createProject(db, 'Private', DEFAULT_SCHEMA);
  await db.syncConnections.put({ projectId: project.id, url: 'http://127.0.0.1:5984', database: 'team', user: 'ann', connectedAt: '' });
  doc = await addParagraph(db, project.id, TEXT);
});

describe('sync outbox', () => {
  it('queues each write of a connected project in the transaction that commits it', async () => {
    expect(await outbox()).toEqual([{ table: 'documents', key: doc.id, deleted: 0, projectId: project.id }]);
    await db.syncOutbox.clear();
    const a = await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
    await updateAnnotation(db, doc, a.id, { note: 'checked' }, 'ann');
    await deleteAnnotations(db, doc, [a.id], 'ann');
    await undo(db, project.id);
    expect(await outbox()).toEqual([
      { table: 'annotations', key: a.id, deleted: 0, projectId: project.id },
      { table: 'annotations', key: a.id, deleted: 0, projectId: project.id },
      { table: 'annotations', key: a.id, deleted: 1, projectId: project.id },
      { table: 'annotations', key: a.id, deleted: 0, projectId: project.id },
    ]);
  });

  it('queues claim groups: made, changed by a deleted claim, and removed by undo', async () => {
    const a = await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
    await db.syncOutbox.clear();
    const { group } = await commitGroupChange(
      db,
      { projectId: project.id, documentId: doc.id, by: 'ann' },
      'Group 1 claim',
      (groups, stamp) =>
        createGroup(
          groups,
          { projectId: project.id, layer: 'ann', canonical: 'Lavrov', members: [{ documentId: doc.id, annotationId: a.id }] },
          stamp,
        ),
    );
    await deleteAnnotations(db, doc, [a.id], 'ann');
    expect(await outbox()).toEqual([
      { table: 'claimGroups', key: group.id, deleted: 0, projectId: project.id },
      { table: 'annotations', key: a.id, deleted: 1, projectId: project.id },
      { table: 'claimGroups', key: group.id, deleted: 0, projectId: project.id },
    ]);
    await db.syncOutbox.clear();
    await undo(db, project.id); // the claim comes back into its group
    await undo(db, project.id); // the group goes
    expect(await outbox()).toContainEqual({ table: 'claimGroups', key: group.id, deleted: 1, projectId: project.id });
  });

  it('queues deletions made by range (a whole document and everything on it)', async () => {
    await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
    await db.syncOutbox.clear();
    await deleteDocuments(db, [doc.id]);
    const rows = await outbox();
    expect(rows).toContainEqual({ table: 'documents', key: doc.id, deleted: 1, projectId: project.id });
    expect(rows.filter((r) => r.table === 'annotations' && r.deleted === 1)).toHaveLength(1);
  });

  it('queues nothing for a project that is not connected', async () => {
    await db.syncOutbox.clear();
    const local = await addDocument(db, other.id, { title: 'L', text: TEXT, blocks: [], metadata: {} });
    await createAnnotation(db, local, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
    expect(await outbox()).toEqual([]);
  });

  it('queues nothing for changes that came from the server (no echo)', async () => {
    await db.syncOutbox.clear();
    await db.transaction('rw', [db.annotations, db.syncCheckpoints], async () => {
      await db.annotations.put({
        id: 'from-server',
        projectId: project.id,
        documentId: doc.id,
        layer: 'bob',
        label: 'Claim',
        ranges: [{ start: 0, end: 6 }],
        quote: 'Lavrov',
        attributes: {},
        note: '',
        origin: 'human',
        createdBy: 'bob',
        createdAt: '',
        updatedBy: 'bob',
        updatedAt: '',
      } as never);
      await db.syncCheckpoints.put({ projectId: project.id, seq: 1 });
    });
    expect(await db.annotations.get('from-server')).toBeDefined();
    expect(await outbox()).toEqual([]);
  });

  it('rolls the outbox row back with a write that fails', async () => {
    await db.syncOutbox.clear();
    await expect(
      db.transaction('rw', [db.annotations], async () => {
        await db.annotations.put({ id: 'x', projectId: project.id, documentId: doc.id } as never);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await outbox()).toEqual([]);
  });
});

/**
 * Every table of the database, enumerated: each holds rows that belong to a document, to a
 * project, or to the app. Deleting or moving a document and deleting a project must leave no row
 * behind that points at what is gone (such a row makes the next project archive unrestorable).
 * A table added by a later version fails the first test until it is given a row here, so a new
 * per-document table cannot be forgotten.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../core/formats/archive.ts';
import { describeError } from '../../core/formats/types.ts';
import type { DocumentRecord, Project, Schema } from '../../core/model/types.ts';
import { createAnnotations, createRelation } from './annotations.ts';
import { backupProject } from './archive.ts';
import { restoreArchive } from './restore.ts';
import { createProject, deleteDocuments, deleteProject, moveDocuments } from './corpus.ts';
import { AppDb } from './db.ts';
import { addDocument } from './documents.ts';
import { addComment, recordDecision } from './review.ts';
import { setStatus } from './status.ts';
import { commitGroupChange, listClaimGroups } from './claimGroups.ts';
import { createGroup } from '../../core/model/claimGroups.ts';
import { buildTextIndex } from './textIndex.ts';
import { readPackedAnnotations } from './annotationPacks.ts';

const schema: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00' },
    { name: 'Speaker', color: '#56b4e9' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};
const TEXT = 'Lavrov said Russia sells arms to Syria.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

/**
 * How each table is filled for one document of a project (through the app's own writers where
 * one exists). Tables written by `addDocument` and `createAnnotations` (documents, summaries,
 * search rows, text postings, the undo log) need no entry of their own, but are listed so the
 * enumeration is complete.
 */
const FILL: Record<
  string,
  ((db: AppDb, doc: DocumentRecord) => Promise<unknown>) | 'written by the document and annotation writers' | 'app'
> = {
  projects: 'app',
  settings: 'app',
  documents: 'written by the document and annotation writers',
  documentSummaries: 'written by the document and annotation writers',
  // The text index pass (a search runs it) numbers the document and posts its words.
  textNumbers: (db, doc) => buildTextIndex(db, doc.projectId),
  textGroups: 'written by the document and annotation writers',
  operations: 'written by the document and annotation writers',
  annotations: 'written by the document and annotation writers',
  relations: async (db, doc) => {
    const [claim, speaker] = await db.annotations.where('documentId').equals(doc.id).sortBy('label');
    return createRelation(db, doc, { from: claim!.id, to: speaker!.id, type: 'said by', layer: 'ann' }, 'ann');
  },
  entities: (db, doc) =>
    db.entities.add({
      id: `ent-${doc.id}` as never,
      projectId: doc.projectId,
      name: 'Lavrov',
      aliases: [],
      createdAt: doc.createdAt,
      updatedAt: doc.createdAt,
    }),
  documentStatus: (db, doc) => setStatus(db, doc, 'ann', 'done'),
  documentAttributes: (db, doc) =>
    db.documentAttributes.put({
      documentId: doc.id,
      projectId: doc.projectId,
      layer: 'ann',
      values: { topic: 'arms' },
      updatedBy: 'ann',
      updatedAt: doc.createdAt,
    }),
  comments: async (db, doc) => {
    const claim = await db.annotations.where('documentId').equals(doc.id).first();
    return addComment(db, doc, claim!.id, 'rev', 'Is this a claim?');
  },
  reviewDecisions: (db, doc) =>
    recordDecision(db, doc, 'reject', [{ layer: 'ann', label: 'Claim', ranges: [at('Russia sells arms')] }], 'rev'),
  // The team-server bookkeeping of a project (renderer/src/sync/outbox.ts): never archived, but
  // deleted with its project.
  syncOutbox: (db, doc) => db.syncOutbox.add({ projectId: doc.projectId, table: 'documents', key: doc.id, deleted: 0 }),
  syncConnections: (db, doc) =>
    db.syncConnections.put({
      projectId: doc.projectId,
      url: 'http://127.0.0.1:5984',
      database: 'lab',
      user: 'ann',
      connectedAt: doc.createdAt,
    }),
  syncCheckpoints: (db, doc) => db.syncCheckpoints.put({ projectId: doc.projectId, seq: 1 }),
  // A group per document, holding its claim and (from the second document on) the project's other claims.
  claimGroups: async (db, doc) => {
    const claims = await db.annotations
      .where('projectId')
      .equals(doc.projectId)
      .filter((x) => x.label === 'Claim')
      .toArray();
    const members = claims.map((c) => ({ documentId: c.documentId, annotationId: c.id }));
    return commitGroupChange(db, { projectId: doc.projectId, documentId: doc.id, by: 'ann' }, 'Group claims', (groups, stamp) =>
      createGroup(groups, { projectId: doc.projectId, layer: `ann-${doc.id}`, canonical: 'Russia sells arms', members }, stamp),
    );
  },
  layerImports: (db, doc) =>
    db.layerImports.put({
      projectId: doc.projectId,
      layer: `bob-${doc.id}`,
      created: doc.createdAt,
      importedAt: doc.createdAt,
      fileName: 'bob.zip',
      schemaFingerprint: 'x',
    }),
  // Built when the agreement reads the document's annotations (annotationPacks.ts).
  annotationPacks: (db, doc) => readPackedAnnotations(db, doc.projectId, [doc.id]),
};

let db: AppDb;
let a: Project;
let b: Project;
let docA1: DocumentRecord;
let docA2: DocumentRecord;
let docB: DocumentRecord;

async function fill(doc: DocumentRecord): Promise<void> {
  await createAnnotations(
    db,
    doc,
    [
      { label: 'Claim', ranges: [at('Russia sells arms')], layer: 'ann' },
      { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' },
    ],
    'ann',
  );
  for (const f of Object.values(FILL)) if (typeof f === 'function') await f(db, doc);
}

const addDoc = (p: Project, title: string) =>
  addDocument(db, p.id, { title, text: TEXT, blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }], metadata: {} });

/** Every row in every table that names `id` as its document (or, for index rows, is keyed by it). */
async function rowsOfDocument(id: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) {
    const n = (await t.toArray()).filter(
      (r: Record<string, unknown>) => r.documentId === id || (t.name !== 'projects' && r.id === id),
    ).length;
    if (n > 0) out[t.name] = n;
  }
  return out;
}

async function rowsOfProject(id: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) {
    const n = (await t.toArray()).filter(
      (r: Record<string, unknown>) => r.projectId === id || (t.name === 'projects' && r.id === id),
    ).length;
    if (n > 0) out[t.name] = n;
  }
  return out;
}

/** The project's archive, read back and restored into an empty database. */
async function backupRestores(projectId: string): Promise<void> {
  const { bytes } = await backupProject(db, projectId, { appVersion: 'test' });
  const read = readArchive('p.claimscope.zip', bytes);
  if (!read.ok) throw new Error(describeError(read.error));
  const other = new AppDb(`ownership-restore-${Math.random()}`);
  try {
    await restoreArchive(other, read.value);
  } finally {
    other.close();
    await Dexie.delete(other.name);
  }
}

beforeEach(async () => {
  db = new AppDb(`ownership-${Math.random()}`);
  a = await createProject(db, 'A', schema);
  b = await createProject(db, 'B', schema);
  docA1 = await addDoc(a, 'A1');
  docA2 = await addDoc(a, 'A2');
  docB = await addDoc(b, 'B');
  for (const d of [docA1, docA2, docB]) await fill(d);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('every table is owned', () => {
  it('each table of the database is listed with how its rows are made', () => {
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(FILL).sort());
  });

  it('the fixture fills every project table for each document', async () => {
    for (const t of db.tables) {
      if (FILL[t.name] === 'app') continue;
      expect(await t.count(), t.name).toBeGreaterThan(0);
    }
  });
});

describe('deleting a document', () => {
  it('leaves no row of it in any table, and the project backup restores', async () => {
    expect(Object.keys(await rowsOfDocument(docA1.id)).sort()).toEqual([
      'annotationPacks',
      'annotations',
      'comments',
      'documentAttributes',
      'documentStatus',
      'documentSummaries',
      'documents',
      'operations',
      'relations',
      'reviewDecisions',
    ]);
    await deleteDocuments(db, [docA1.id]);
    expect(await rowsOfDocument(docA1.id)).toEqual({});
    // Its claims left the project's claim groups; the groups themselves (their wording) stay.
    const groups = await listClaimGroups(db, a.id);
    expect(groups).toHaveLength(2);
    expect(groups.flatMap((g) => g.members.map((m) => m.documentId))).toEqual([docA2.id]);
    expect(await db.claimGroups.where('documentIds').equals(docA1.id).count()).toBe(0);
    expect(Object.keys(await rowsOfDocument(docA2.id))).toContain('comments');
    await backupRestores(a.id);
  });
});

describe('moving a document', () => {
  it('moves its rows of every per-document table, and both backups restore', async () => {
    await moveDocuments(db, [docA1.id], b.id);
    // Groups belong to a project: the moved claims left the groups of A.
    expect((await listClaimGroups(db, a.id)).flatMap((g) => g.members.map((m) => m.documentId))).toEqual([docA2.id]);
    for (const t of db.tables) {
      const rows = (await t.toArray()) as Record<string, unknown>[];
      for (const r of rows.filter((r) => r.documentId === docA1.id)) expect(r.projectId, t.name).toBe(b.id);
    }
    await backupRestores(a.id);
    await backupRestores(b.id);
  });
});

describe('deleting a project', () => {
  it('leaves no row of it in any table and keeps every row of the other project', async () => {
    const before = await rowsOfProject(b.id);
    await deleteProject(db, a.id);
    expect(await rowsOfProject(a.id)).toEqual({});
    expect(await rowsOfProject(b.id)).toEqual(before);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['comments', 'reviewDecisions', 'layerImports', 'claimGroups']));
  });
});

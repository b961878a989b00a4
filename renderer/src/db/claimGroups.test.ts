import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './db.ts';
import { annotationHistory, canUndoRedo, createAnnotations, deleteAnnotations, redo, undo } from './annotations.ts';
import { commitGroupChange, groupsOfAnnotation, listClaimGroups, type GroupContext } from './claimGroups.ts';
import { createProject, deleteDocuments } from './corpus.ts';
import { saveSchema } from './schema.ts';
import { addDocument } from './documents.ts';
import { addFactCheck, createGroup, editGroup } from '../../core/model/claimGroups.ts';
import type { Annotation, DocumentRecord, Project, Schema } from '../../core/model/types.ts';

const schema: Schema = { version: 1, labels: [{ name: 'Claim', color: '#e69f00' }], relationTypes: [] };
const T1 = 'Russia is sending attack helicopters to Syria, Clinton said.';
const T2 = 'Moscow is not sending helicopters to Syria, Lavrov said.';

let db: AppDb;
let project: Project;
let other: Project;
let d1: DocumentRecord;
let d2: DocumentRecord;
let c1: Annotation;
let c2: Annotation;
let ctx: GroupContext;

const doc = (p: Project, text: string) =>
  addDocument(db, p.id, { title: text.slice(0, 10), text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata: {} });
const claim = async (d: DocumentRecord, quote: string, layer = 'alice') =>
  (
    await createAnnotations(db, d, [{ label: 'Claim', ranges: [{ start: 0, end: d.text.indexOf(quote) + quote.length }], layer }], layer)
  )[0]!;
const member = (a: Annotation) => ({ documentId: a.documentId, annotationId: a.id });
const group = (members: Annotation[], layer = 'alice') =>
  commitGroupChange(db, ctx, 'Group claims', (groups, stamp) =>
    createGroup(groups, { projectId: project.id, layer, canonical: members[0]!.quote, members: members.map(member) }, stamp),
  );

beforeEach(async () => {
  db = new AppDb(`groups-${Math.random()}`);
  project = await createProject(db, 'P', schema);
  other = await createProject(db, 'Q', schema);
  d1 = await doc(project, T1);
  d2 = await doc(project, T2);
  c1 = await claim(d1, 'Syria');
  c2 = await claim(d2, 'Syria');
  ctx = { projectId: project.id, documentId: d1.id, by: 'alice' };
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('claim groups in the database', () => {
  it('stores a group of claims from two documents, found by either claim in one lookup', async () => {
    const { group: g } = await group([c1, c2]);
    expect(await listClaimGroups(db, project.id)).toEqual([g]);
    expect(await groupsOfAnnotation(db, c2.id)).toEqual([g]);
    expect(await db.claimGroups.where('documentIds').equals(d2.id).count()).toBe(1);
    // The step is in both claims' history.
    expect((await annotationHistory(db, c1.id)).map((op) => op.description)).toContain('Group claims');
  });

  it('undoes and redoes a group, its wording and its fact-check step by step', async () => {
    const { group: g } = await group([c1, c2]);
    await commitGroupChange(db, ctx, 'Edit group wording', (groups, stamp) =>
      editGroup(groups, g.id, { canonical: 'Russia sends helicopters to Syria' }, stamp),
    );
    await commitGroupChange(db, ctx, 'Add fact-check', (groups, stamp) =>
      addFactCheck(groups, g.id, { url: 'https://fullfact.org/x', publisher: 'Full Fact', verdict: 'False', date: '' }, stamp),
    );
    expect((await canUndoRedo(db, project.id)).undo).toBe('Add fact-check');
    await undo(db, project.id);
    expect((await listClaimGroups(db, project.id))[0]).toMatchObject({ canonical: 'Russia sends helicopters to Syria', factChecks: [] });
    await undo(db, project.id);
    expect((await listClaimGroups(db, project.id))[0]!.canonical).toBe(g.canonical);
    await undo(db, project.id);
    expect(await listClaimGroups(db, project.id)).toEqual([]);
    expect(await groupsOfAnnotation(db, c1.id)).toEqual([]);
    await redo(db, project.id);
    await redo(db, project.id);
    expect(await groupsOfAnnotation(db, c1.id)).toEqual([expect.objectContaining({ canonical: 'Russia sends helicopters to Syria' })]);
  });

  it('refuses a member that is not an annotation of the project, writing nothing', async () => {
    const d3 = await doc(other, T1);
    const foreign = await claim(d3, 'Syria');
    await expect(group([c1, foreign])).rejects.toThrow('no longer exists');
    expect(await listClaimGroups(db, project.id)).toEqual([]);
    expect((await canUndoRedo(db, project.id)).undo).not.toBe('Group claims');
  });

  it('deleting a claim takes it out of its groups in the same undo step; undo puts it back', async () => {
    await group([c1, c2]);
    await group([c2], 'gold');
    await deleteAnnotations(db, d2, [c2.id], 'alice');
    const after = await listClaimGroups(db, project.id);
    expect(after.map((g) => g.members.map((m) => m.annotationId))).toEqual([[c1.id], []]);
    expect(await db.claimGroups.where('annotationIds').equals(c2.id).count()).toBe(0);
    await undo(db, project.id);
    expect((await groupsOfAnnotation(db, c2.id)).map((g) => g.layer).sort()).toEqual(['alice', 'gold']);
    expect(await db.annotations.get(c2.id)).toBeDefined();
    await redo(db, project.id);
    expect(await groupsOfAnnotation(db, c2.id)).toEqual([]);
  });

  it('removing the Claim label from the schema takes its claims out of their groups, undoably', async () => {
    await group([c1, c2]);
    const next: Schema = { ...schema, labels: [{ name: 'Quote', color: '#e69f00' }] };
    await saveSchema(db, ctx, next, { labels: [] });
    expect((await listClaimGroups(db, project.id))[0]!.members).toEqual([]);
    await undo(db, project.id);
    expect((await listClaimGroups(db, project.id))[0]!.members).toEqual([member(c1), member(c2)]);
  });

  it('deleting a document drops the group steps naming its claims, so undo cannot bring them back', async () => {
    await group([c1, c2]);
    await deleteDocuments(db, [d2.id]);
    expect((await listClaimGroups(db, project.id))[0]!.members).toEqual([member(c1)]);
    expect((await canUndoRedo(db, project.id)).undo).not.toBe('Group claims');
  });

  it('undo entries older than version 9 (no claim-group snapshots) still undo', async () => {
    await group([c1, c2]);
    const c3 = await claim(d1, 'helicopters');
    // An entry as version 8 wrote it: without the claimGroups field.
    const op = await db.operations.where('projectId').equals(project.id).last();
    expect(op!.after.claimGroups).toBeUndefined();
    await undo(db, project.id);
    expect(await db.annotations.get(c3.id)).toBeUndefined();
    expect(await listClaimGroups(db, project.id)).toHaveLength(1);
  });
});

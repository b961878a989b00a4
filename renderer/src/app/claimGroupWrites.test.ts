import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from '../db/db.ts';
import { listClaimGroups } from '../db/claimGroups.ts';
import { createProject } from '../db/corpus.ts';
import { addDocument } from '../db/documents.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { Annotation, DocumentRecord, ProjectId } from '../../core/model/types.ts';
import { Workspace } from './workspace.ts';

const T1 = 'Russia is sending attack helicopters to Syria, Clinton said.';
const T2 = 'Moscow is sending helicopters to Syria, officials said.';

let db: AppDb;
let ws: Workspace;
let d1: DocumentRecord;
let d2: DocumentRecord;
let projectId: ProjectId;

const addDoc = (text: string) =>
  addDocument(db, projectId, { title: text.slice(0, 12), text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata: {} });
async function claimIn(doc: DocumentRecord, quote: string): Promise<Annotation> {
  await ws.openDocument(doc.id);
  const start = doc.text.indexOf(quote);
  return (await ws.addAnnotation('Claim', { start, end: start + quote.length }))!;
}
const member = (a: Annotation) => ({ documentId: a.documentId, annotationId: a.id });

beforeEach(async () => {
  db = new AppDb(`ws-groups-${Math.random()}`);
  projectId = (await createProject(db, 'P', DEFAULT_SCHEMA)).id;
  d1 = await addDoc(T1);
  d2 = await addDoc(T2);
  ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await ws.openProject(projectId, d1.id);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('claim groups through the Workspace', () => {
  it('groups claims of two documents as one undoable step, named in Undo', async () => {
    const a = await claimIn(d1, 'Russia is sending attack helicopters to Syria');
    const b = await claimIn(d2, 'Moscow is sending helicopters to Syria');
    const group = await ws.claimGroups.group('ann', [member(a), member(b)], a.quote);
    expect(group).toMatchObject({ layer: 'ann', canonical: a.quote });
    expect(ws.getState().save).toMatchObject({ kind: 'saved', what: 'Group 2 claims' });
    expect(ws.getState().history.undo).toBe('Group 2 claims');
    await ws.claimGroups.edit(group!, { canonical: 'Russia sends helicopters to Syria' });
    expect(ws.getState().history.undo).toBe('Edit group wording');
    await ws.undo();
    expect((await listClaimGroups(db, projectId))[0]!.canonical).toBe(a.quote);
    await ws.undo();
    expect(await listClaimGroups(db, projectId)).toEqual([]);
    expect(ws.getState().history.redo).toBe('Group 2 claims');
  });

  it("refuses to change a teammate's grouping, saying why and writing nothing", async () => {
    const a = await claimIn(d1, 'Russia is sending attack helicopters to Syria');
    const made = await ws.claimGroups.group('bob', [member(a)], a.quote);
    expect(made).toBeUndefined();
    expect(ws.getState().save).toMatchObject({ kind: 'error' });
    expect((ws.getState().save as { message: string }).message).toMatch(/only bob can change them/);
    expect(await listClaimGroups(db, projectId)).toEqual([]);
  });

  it('deleting a grouped claim takes it out of its group; Undo brings both back', async () => {
    const a = await claimIn(d1, 'Russia is sending attack helicopters to Syria');
    const b = await claimIn(d2, 'Moscow is sending helicopters to Syria');
    await ws.claimGroups.group('gold', [member(a), member(b)], a.quote);
    await ws.deleteAnnotation(b.id);
    expect((await listClaimGroups(db, projectId))[0]!.members).toEqual([member(a)]);
    await ws.undo();
    expect((await listClaimGroups(db, projectId))[0]!.members).toEqual([member(a), member(b)]);
  });
});

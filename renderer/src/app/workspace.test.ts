import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from '../db/db.ts';
import { listAnnotations } from '../db/annotations.ts';
import { createProject } from '../db/corpus.ts';
import { addDocument } from '../db/documents.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord } from '../../core/model/types.ts';
import { Workspace } from './workspace.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms, Reuters reported.';
const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

let name: string;
let db: AppDb;
let ws: Workspace;
let doc: DocumentRecord;

beforeEach(async () => {
  name = `ws-core-${Math.random()}`;
  db = new AppDb(name);
  const project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addDocument(db, project.id, {
    title: 'T',
    text: TEXT,
    blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }],
    metadata: {},
  });
  ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await ws.openProject(project.id, doc.id);
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

describe('adding an annotation', () => {
  it('shows it at once as "Saving…", and says "Saved" only once it is in the database', async () => {
    const adding = ws.addAnnotation('Speaker', span('Lavrov'));
    // Drawn immediately, selected, and not yet claimed to be saved.
    expect(ws.getState().annotations.map((a) => a.quote)).toEqual(['Lavrov']);
    expect(ws.getState().save.kind).toBe('saving');
    const created = await adding;
    expect(ws.getState().save).toMatchObject({ kind: 'saved', what: 'Add Speaker' });
    const stored = await listAnnotations(db, doc.id);
    expect(stored).toEqual([created]);
    expect(ws.getState().annotations).toEqual([created]);
    expect(ws.getState().selectedId).toBe(created!.id);
  });

  it('takes the annotation away again and says why when the commit fails', async () => {
    const result = await ws.addAnnotation('Not a label', span('Reuters'));
    expect(result).toBeUndefined();
    expect(ws.getState().annotations).toEqual([]);
    expect(ws.getState().selectedId).toBeNull();
    expect(ws.getState().save).toMatchObject({ kind: 'error' });
    expect((ws.getState().save as { message: string }).message).toMatch(/Add Not a label was not saved: .*not in this project's schema/);
    expect(await listAnnotations(db, doc.id)).toEqual([]);
  });

  it('opens a document with its text first and its annotations once read', async () => {
    await ws.addAnnotation('Source', span('Reuters'));
    const opening = ws.openDocument(doc.id);
    await opening;
    expect(ws.getState().annotationsFor).toBe(doc.id);
    expect(ws.getState().annotations.map((a) => a.quote)).toEqual(['Reuters']);
  });
});

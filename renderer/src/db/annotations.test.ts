import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './db.ts';
import { ValidationError } from '../../core/model/validation.ts';
import {
  canUndoRedo,
  createAnnotation,
  createRelation,
  deleteAnnotations,
  listAnnotations,
  listRelations,
  redo,
  undo,
  updateAnnotation,
} from './annotations.ts';
import { createProject } from './corpus.ts';
import { listDocumentSummaries } from './documents.ts';
import type { DocumentRecord, Schema } from '../../core/model/types.ts';
import { addParagraph } from './testing.ts';

const schema: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00', hotkey: '1' },
    { name: 'Speaker', color: '#56b4e9', hotkey: '2' },
    { name: 'Source', color: '#009e73', hotkey: '3' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};
const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms 👍🏽, Reuters reported.';

let db: AppDb;
let doc: DocumentRecord;
let name: string;

beforeEach(async () => {
  name = `test-${Math.random()}`;
  db = new AppDb(name);
  const project = await createProject(db, 'P', schema);
  doc = await addParagraph(db, project.id, TEXT);
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

describe('annotations repository', () => {
  it('stores an annotation with its quote and returns it only once committed', async () => {
    const a = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    expect(a.quote).toBe('Lavrov');
    const stored = await listAnnotations(db, doc.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual(a);
    expect(TEXT.slice(stored[0]!.ranges[0]!.start, stored[0]!.ranges[0]!.end)).toBe('Lavrov');
  });

  it('rejects labels outside the schema and ranges outside the text, writing nothing', async () => {
    await expect(createAnnotation(db, doc, { label: 'Nope', ranges: [at('Lavrov')], layer: 'ann' }, 'ann')).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 5, end: 5000 }], layer: 'ann' }, 'ann'),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await listAnnotations(db, doc.id)).toHaveLength(0);
    expect(await db.operations.count()).toBe(0);
  });

  it('keeps overlapping and nested spans apart', async () => {
    await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Lavrov said the United States')], layer: 'ann' }, 'ann');
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    await createAnnotation(db, doc, { label: 'Source', ranges: [at('United States was supplying')], layer: 'ann' }, 'ann');
    const labels = (await listAnnotations(db, doc.id)).map((a) => a.label).sort();
    expect(labels).toEqual(['Claim', 'Source', 'Speaker']);
  });

  it('changes a label and deletes an annotation together with its relations', async () => {
    const claim = await createAnnotation(
      db,
      doc,
      { label: 'Claim', ranges: [at('the United States was supplying Syrian rebels with arms')], layer: 'ann' },
      'ann',
    );
    const speaker = await createAnnotation(db, doc, { label: 'Source', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    const changed = await updateAnnotation(db, doc, speaker.id, { label: 'Speaker' }, 'ann');
    expect(changed.label).toBe('Speaker');
    await createRelation(db, doc, { from: claim.id, to: speaker.id, type: 'said by', layer: 'ann' }, 'ann');
    expect(await listRelations(db, doc.id)).toHaveLength(1);
    await deleteAnnotations(db, doc, [speaker.id], 'ann');
    expect((await listAnnotations(db, doc.id)).map((a) => a.label)).toEqual(['Claim']);
    expect(await listRelations(db, doc.id)).toHaveLength(0);
  });

  it('undoes and redoes across a reopened database, and a new action drops the redo branch', async () => {
    const a = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    await updateAnnotation(db, doc, a.id, { label: 'Source' }, 'ann');
    await deleteAnnotations(db, doc, [a.id], 'ann');
    db.close();
    db = new AppDb(name);
    await db.open();

    expect((await undo(db, doc.projectId))?.description).toBe('Delete Source');
    expect((await listAnnotations(db, doc.id))[0]?.label).toBe('Source');
    expect((await undo(db, doc.projectId))?.description).toBe('Change Speaker to Source');
    expect((await listAnnotations(db, doc.id))[0]?.label).toBe('Speaker');
    expect(await canUndoRedo(db, doc.projectId)).toEqual({ undo: 'Add Speaker', redo: 'Change Speaker to Source' });

    expect((await redo(db, doc.projectId))?.description).toBe('Change Speaker to Source');
    expect((await listAnnotations(db, doc.id))[0]?.label).toBe('Source');

    await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Reuters reported')], layer: 'ann' }, 'ann');
    expect((await canUndoRedo(db, doc.projectId)).redo).toBeNull();
    expect(await redo(db, doc.projectId)).toBeNull();
  });

  it('lists documents with their annotation counts', async () => {
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    await createAnnotation(db, doc, { label: 'Source', ranges: [at('Reuters')], layer: 'ann' }, 'ann');
    expect(await listDocumentSummaries(db, doc.projectId)).toMatchObject([{ id: doc.id, title: 'T', annotationCount: 2 }]);
  });
});

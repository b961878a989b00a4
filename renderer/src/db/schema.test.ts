import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './db.ts';
import { createAnnotation, createRelation, listAnnotations, listRelations, redo, undo } from './annotations.ts';
import { createProject } from './corpus.ts';
import { getDocumentAttributes, previewSchemaChange, saveSchema, setDocumentAttribute, type SchemaContext } from './schema.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { AnnotationId, DocumentRecord, Project, Schema } from '../../core/model/types.ts';
import { addParagraph } from './testing.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

let db: AppDb;
let name: string;
let project: Project;
let doc: DocumentRecord;
let ctx: SchemaContext;

beforeEach(async () => {
  name = `schema-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addParagraph(db, project.id, TEXT);
  ctx = { projectId: project.id, documentId: doc.id, by: 'ann' };
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

const renamed = (from: string, to: string): { schema: Schema; origins: { labels: string[] } } => ({
  schema: {
    ...DEFAULT_SCHEMA,
    labels: DEFAULT_SCHEMA.labels.map((l) => (l.name === from ? { ...l, name: to } : l)),
    relationTypes: DEFAULT_SCHEMA.relationTypes.map((r) => ({
      ...r,
      from: r.from.map((x) => (x === from ? to : x)),
      to: r.to.map((x) => (x === from ? to : x)),
    })),
  },
  origins: { labels: DEFAULT_SCHEMA.labels.map((l) => l.name) },
});

async function seed() {
  const claim = await createAnnotation(
    db,
    doc,
    { label: 'Claim', ranges: [at('the United States was supplying Syrian rebels with arms')], layer: 'ann' },
    'ann',
  );
  const speaker = await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
  const cue = await createAnnotation(db, doc, { label: 'Cue', ranges: [at('said')], layer: 'ann' }, 'ann');
  await createRelation(db, doc, { from: claim.id as AnnotationId, to: speaker.id as AnnotationId, type: 'said by', layer: 'ann' }, 'ann');
  await createRelation(db, doc, { from: claim.id as AnnotationId, to: cue.id as AnnotationId, type: 'cue', layer: 'ann' }, 'ann');
  return { claim, speaker, cue };
}

describe('saving a schema', () => {
  it('carries a label rename over to annotations and relation constraints; one undo step across a reopened db', async () => {
    const { speaker } = await seed();
    const { schema, origins } = renamed('Speaker', 'Attributed to');
    await saveSchema(db, ctx, schema, origins, 'Rename label Speaker to Attributed to');
    expect((await db.annotations.get(speaker.id))?.label).toBe('Attributed to');
    expect((await db.projects.get(project.id))?.schema.labels.map((l) => l.name)).toContain('Attributed to');
    expect(await listRelations(db, doc.id)).toHaveLength(2);

    db.close();
    db = new AppDb(name);
    await db.open();
    expect((await undo(db, project.id))?.description).toBe('Rename label Speaker to Attributed to');
    expect((await db.annotations.get(speaker.id))?.label).toBe('Speaker');
    expect((await db.projects.get(project.id))?.schema).toEqual(DEFAULT_SCHEMA);
    await redo(db, project.id);
    expect((await db.annotations.get(speaker.id))?.label).toBe('Attributed to');
  });

  it('an edit begun before another window changed the schema is refused, and the other change and its annotations are kept', async () => {
    // Two windows open the editor on the same schema; the first adds a label and annotates with it.
    const base = (await db.projects.get(project.id))!.schema;
    const withQuote: Schema = { ...base, labels: [...base.labels, { name: 'Quote', color: '#999999', hotkey: '8' }] };
    await saveSchema(db, { ...ctx, base }, withQuote, { labels: base.labels.map((l) => l.name) });
    const quote = await createAnnotation(db, doc, { label: 'Quote', ranges: [at('Lavrov')], layer: 'ann' }, 'ann');
    // The second, which never saw Quote, saves a schema without it.
    const withFact: Schema = { ...base, labels: [...base.labels, { name: 'Fact', color: '#888888', hotkey: '9' }] };
    const origins = { labels: base.labels.map((l) => l.name) };
    const refusal = /The schema was changed in another window or tab since this editor opened, so nothing was saved/;
    await expect(previewSchemaChange(db, project.id, withFact, origins, base)).rejects.toThrow(refusal);
    await expect(saveSchema(db, { ...ctx, base }, withFact, origins)).rejects.toThrow(refusal);
    expect((await db.projects.get(project.id))!.schema.labels.map((l) => l.name)).toContain('Quote');
    expect((await db.annotations.get(quote.id))?.label).toBe('Quote');
    // Made from the schema as it is now, it is saved.
    const current = (await db.projects.get(project.id))!.schema;
    await saveSchema(
      db,
      { ...ctx, base: current },
      { ...current, labels: [...current.labels, withFact.labels.at(-1)!] },
      {
        labels: current.labels.map((l) => l.name),
      },
    );
    expect((await db.projects.get(project.id))!.schema.labels.map((l) => l.name).slice(-2)).toEqual(['Quote', 'Fact']);
  });

  it('removing a label in use: the preview counts what it touches; saving deletes them with their relations; undo restores', async () => {
    const { cue } = await seed();
    const next: Schema = {
      ...DEFAULT_SCHEMA,
      labels: DEFAULT_SCHEMA.labels.filter((l) => l.name !== 'Cue'),
      relationTypes: DEFAULT_SCHEMA.relationTypes.filter((r) => r.name !== 'cue'),
    };
    const origins = { labels: next.labels.map((l) => l.name), relationTypes: next.relationTypes.map((r) => r.name) };
    const preview = await previewSchemaChange(db, project.id, next, origins);
    expect(preview.removedLabelCounts).toEqual([{ label: 'Cue', annotations: 1 }]);
    expect(preview.relationsDeleted).toBe(1);
    expect(await listAnnotations(db, doc.id)).toHaveLength(3); // a preview writes nothing
    await saveSchema(db, ctx, next, origins);
    expect(await db.annotations.get(cue.id)).toBeUndefined();
    expect((await listRelations(db, doc.id)).map((r) => r.type)).toEqual(['said by']);
    await undo(db, project.id);
    expect((await db.annotations.get(cue.id))?.label).toBe('Cue');
    expect(await listRelations(db, doc.id)).toHaveLength(2);
  });

  it('refuses an invalid schema and writes nothing', async () => {
    const bad: Schema = { ...DEFAULT_SCHEMA, labels: DEFAULT_SCHEMA.labels.map((l) => ({ ...l, hotkey: '1' })) };
    await expect(saveSchema(db, ctx, bad, {})).rejects.toThrow(/hotkey "1" is used by two labels/);
    expect(await db.operations.count()).toBe(0);
  });
});

describe('document attributes', () => {
  it('are stored per layer, checked, renamed with the schema, and undoable', async () => {
    await setDocumentAttribute(db, doc, 'ann', 'topic', ['conflict', 'politics'], 'ann');
    await setDocumentAttribute(db, doc, 'bob', 'relevance', 'no', 'bob');
    expect(await getDocumentAttributes(db, doc.id, 'ann')).toEqual({ topic: ['conflict', 'politics'] });
    expect(await getDocumentAttributes(db, doc.id, 'bob')).toEqual({ relevance: 'no' });
    await expect(setDocumentAttribute(db, doc, 'ann', 'relevance', 'maybe', 'ann')).rejects.toThrow(/cannot be "maybe"/);
    await expect(setDocumentAttribute(db, doc, 'ann', 'mood', 'x', 'ann')).rejects.toThrow(/no document attribute "mood"/);

    const next: Schema = {
      ...DEFAULT_SCHEMA,
      documentAttributes: [
        { ...DEFAULT_SCHEMA.documentAttributes![0]!, name: 'subject' },
        { name: 'relevant', type: 'single', options: ['yes', 'no'] },
      ],
    };
    await saveSchema(db, ctx, next, { documentAttributes: ['topic', 'relevance'] });
    expect(await getDocumentAttributes(db, doc.id, 'ann')).toEqual({ subject: ['conflict', 'politics'] });
    expect(await getDocumentAttributes(db, doc.id, 'bob')).toEqual({ relevant: 'no' });
    await undo(db, project.id);
    expect(await getDocumentAttributes(db, doc.id, 'ann')).toEqual({ topic: ['conflict', 'politics'] });
    await undo(db, project.id);
    expect(await getDocumentAttributes(db, doc.id, 'bob')).toEqual({});
  });
});

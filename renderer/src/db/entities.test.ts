import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppDb } from './db.ts';
import { createAnnotation, listAnnotations, redo, undo, updateAnnotation } from './annotations.ts';
import { createProject } from './corpus.ts';
import {
  createEntity,
  deleteEntity,
  listEntities,
  listMentions,
  mergeEntities,
  splitEntity,
  updateEntity,
  type EntityContext,
} from './entities.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { mentionCounts } from '../../core/model/entities.ts';
import type { Annotation, DocumentRecord, Project } from '../../core/model/types.ts';
import { addParagraph } from './testing.ts';

const TEXT = 'Clinton said it. Hillary Clinton said it again. Lavrov agreed.';
const at = (s: string, from = 0) => ({ start: TEXT.indexOf(s, from), end: TEXT.indexOf(s, from) + s.length });

let db: AppDb;
let name: string;
let project: Project;
let doc: DocumentRecord;
let ctx: EntityContext;

beforeEach(async () => {
  name = `entities-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addParagraph(db, project.id, TEXT);
  ctx = { projectId: project.id, documentId: doc.id, by: 'ann' };
});
afterEach(async () => {
  db.close();
  await new AppDb(name).delete();
});

async function mention(text: string, entityId: string, from = 0): Promise<Annotation> {
  return createAnnotation(db, doc, { label: 'Speaker', ranges: [at(text, from)], layer: 'ann', attributes: { entity: entityId } }, 'ann');
}

async function counts(): Promise<Record<string, number>> {
  const entities = await listEntities(db, project.id);
  const c = mentionCounts(await listMentions(db, project.id));
  return Object.fromEntries(entities.map((e) => [e.name, c.get(e.id) ?? 0]));
}

describe('entity repository', () => {
  it('creates entities with clean names and a checked external id, and refuses bad ones', async () => {
    const e = await createEntity(db, ctx, { name: '  Sergei   Lavrov ', aliases: ['Lavrov', 'sergei lavrov'], externalId: 'Q167963' });
    expect(e).toMatchObject({ name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'Q167963' });
    await expect(createEntity(db, ctx, { name: ' ' })).rejects.toThrow(/needs a name/);
    await expect(createEntity(db, ctx, { name: 'X', externalId: 'Q-12a' })).rejects.toThrow(/Wikidata/);
    expect(await listEntities(db, project.id)).toHaveLength(1);
  });

  it('renames and undoes the rename', async () => {
    const e = await createEntity(db, ctx, { name: 'Lavrov' });
    await updateEntity(db, ctx, e.id, { name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'https://www.wikidata.org/wiki/Q167963' });
    expect(await db.entities.get(e.id)).toMatchObject({ name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'Q167963' });
    expect((await undo(db, project.id))?.description).toBe('Rename entity Lavrov to Sergei Lavrov');
    expect(await db.entities.get(e.id)).toMatchObject({ name: 'Lavrov', aliases: [] });
    expect((await db.entities.get(e.id))?.externalId).toBeUndefined();
    await redo(db, project.id);
    expect((await db.entities.get(e.id))?.name).toBe('Sergei Lavrov');
  });

  it('merges entities: mentions re-pointed, aliases united, one undo step that survives reopening', async () => {
    const hillary = await createEntity(db, ctx, { name: 'Hillary Clinton' });
    const clinton = await createEntity(db, ctx, { name: 'Clinton', aliases: ['Mrs Clinton'] });
    await mention('Clinton', clinton.id);
    await mention('Hillary Clinton', hillary.id);
    await mention('Clinton', clinton.id, TEXT.indexOf('Hillary Clinton') + 8);
    expect(await counts()).toEqual({ Clinton: 2, 'Hillary Clinton': 1 });

    const result = await mergeEntities(db, ctx, hillary.id, [clinton.id]);
    expect(result.repointed).toBe(2);
    expect(await counts()).toEqual({ 'Hillary Clinton': 3 });
    expect((await db.entities.get(hillary.id))?.aliases).toEqual(['Clinton', 'Mrs Clinton']);
    expect(await db.entities.get(clinton.id)).toBeUndefined();

    // Undo after closing and reopening the database: the log lives in it.
    db.close();
    db = new AppDb(name);
    await db.open();
    expect((await undo(db, project.id))?.description).toBe('Merge Clinton into Hillary Clinton');
    expect(await counts()).toEqual({ Clinton: 2, 'Hillary Clinton': 1 });
    expect((await db.entities.get(clinton.id))?.aliases).toEqual(['Mrs Clinton']);
    expect((await db.entities.get(hillary.id))?.aliases).toEqual([]);
    await redo(db, project.id);
    expect(await counts()).toEqual({ 'Hillary Clinton': 3 });
  });

  it('refuses to merge an entity with nothing', async () => {
    const a = await createEntity(db, ctx, { name: 'A' });
    await expect(mergeEntities(db, ctx, a.id, [a.id])).rejects.toThrow(/at least two/);
  });

  it('splits chosen mentions into a new entity, undoably', async () => {
    const clinton = await createEntity(db, ctx, { name: 'Clinton' });
    const m1 = await mention('Clinton', clinton.id);
    const m2 = await mention('Hillary Clinton', clinton.id);
    const created = await splitEntity(db, ctx, clinton.id, [m2.id], 'Hillary Clinton');
    expect(created.aliases).toEqual([]);
    expect(await counts()).toEqual({ Clinton: 1, 'Hillary Clinton': 1 });
    expect((await db.annotations.get(m2.id))?.attributes.entity).toBe(created.id);
    expect((await db.annotations.get(m1.id))?.attributes.entity).toBe(clinton.id);
    await undo(db, project.id);
    expect(await counts()).toEqual({ Clinton: 2 });
    expect(await db.entities.get(created.id)).toBeUndefined();
    await expect(splitEntity(db, ctx, clinton.id, [], 'X')).rejects.toThrow(/Choose mentions/);
  });

  it('deleting an entity unlinks its mentions; undo links them again', async () => {
    const e = await createEntity(db, ctx, { name: 'Lavrov' });
    const m = await mention('Lavrov', e.id);
    await deleteEntity(db, ctx, e.id);
    expect((await db.annotations.get(m.id))?.attributes).toEqual({});
    await undo(db, project.id);
    expect((await db.annotations.get(m.id))?.attributes).toEqual({ entity: e.id });
    expect((await db.entities.get(e.id))?.name).toBe('Lavrov');
  });

  it('a mention edited after a merge keeps its later state when the edit is undone', async () => {
    const a = await createEntity(db, ctx, { name: 'Hillary Clinton' });
    const b = await createEntity(db, ctx, { name: 'Clinton' });
    const m = await mention('Clinton', b.id);
    await mergeEntities(db, ctx, a.id, [b.id]);
    await updateAnnotation(db, doc, m.id, { attributes: { entity: a.id, kind: 'person' } }, 'ann');
    await undo(db, project.id);
    expect((await listAnnotations(db, doc.id))[0]!.attributes).toEqual({ entity: a.id });
  });
});

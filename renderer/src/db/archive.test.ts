import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { readArchive, type ArchiveContents } from '../../core/formats/archive.ts';
import { canonicalJson } from '../../core/model/schema.ts';
import { describeError } from '../../core/formats/types.ts';
import type { AnnotationId, DocumentRecord, EntityId, Project, Schema } from '../../core/model/types.ts';
import { backupProject, readProjectTables } from './archive.ts';
import { restoreArchive, RestoreError } from './restore.ts';
import { createAnnotations, createRelation, deleteAnnotations, undo } from './annotations.ts';
import { AppDb } from './db.ts';
import { freshDatabases } from './testing.ts';
import { createProject, searchCorpus } from './corpus.ts';
import { addDocument, listDocumentSummaries } from './documents.ts';
import { buildTextIndex, pendingTextIndex, TEXT_INDEX_TABLES } from './textIndex.ts';
import { packAnnotations, readPackedAnnotations } from './annotationPacks.ts';
import { ANNOTATION_PACKS } from './annotationPacksMiddleware.ts';

const schema: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00', hotkey: '1', attributes: [{ name: 'stance', type: 'single', options: ['denies', 'asserts'] }] },
    { name: 'Speaker', color: '#56b4e9', hotkey: '2', attributes: [{ name: 'entity', type: 'entity' }] },
    { name: 'Source', color: '#009e73', hotkey: '3' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};
const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms 👍🏽, Reuters reported.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

const freshDb = freshDatabases('archive-test');

/** Every table's rows, sorted, for comparing two databases. */
async function dump(db: AppDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) {
    if (t.name === 'settings') continue;
    const rows = await t.toArray();
    out[t.name] = rows.map((r) => canonicalJson(r)).sort();
  }
  return out;
}

let source: AppDb;
let project: Project;
let doc: DocumentRecord;

beforeEach(async () => {
  source = freshDb();
  project = await createProject(source, 'Arms study', schema);
  doc = await addDocument(source, project.id, {
    title: 'Lavrov',
    text: TEXT,
    blocks: [{ kind: 'paragraph', ...at(TEXT) }],
    metadata: { year: 2012 },
  });
  await addDocument(source, project.id, { title: 'Empty', text: 'Nothing annotated here.', blocks: [], metadata: {} });
  await source.entities.add({
    id: 'ent-1' as EntityId,
    projectId: project.id,
    name: 'Sergei Lavrov',
    aliases: ['Lavrov'],
    createdAt: project.createdAt,
    updatedAt: project.createdAt,
  });
  const [claim, speaker, extra] = await createAnnotations(
    source,
    doc,
    [
      {
        label: 'Claim',
        ranges: [at('the United States was supplying'), at('arms 👍🏽')],
        layer: 'alice',
        attributes: { stance: 'asserts' },
        note: 'check',
      },
      { label: 'Speaker', ranges: [at('Lavrov')], layer: 'alice', attributes: { entity: 'ent-1' } },
      { label: 'Source', ranges: [at('Reuters')], layer: 'gold' },
    ],
    'alice',
  );
  await createRelation(source, doc, { from: claim!.id, to: speaker!.id, type: 'said by', layer: 'alice' }, 'alice');
  await deleteAnnotations(source, doc, [extra!.id as AnnotationId], 'alice');
  await undo(source, project.id); // the undo log has an undone entry (the redo branch)
});

async function archiveOf(db: AppDb, projectId: string): Promise<ArchiveContents> {
  const { bytes } = await backupProject(db, projectId, { appVersion: '0.1.0', created: '2026-11-29T10:00:00.000Z' });
  const r = readArchive('backup.zip', bytes);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

describe('backup and restore of a project archive', () => {
  it('carries every project table of the database', async () => {
    const { tables, skipped } = await readProjectTables(source, project.id);
    // Every table but the app's own, this installation's team-server bookkeeping, the text index
    // (rebuilt from the documents) and the annotation packs (rebuilt from the annotations).
    await buildTextIndex(source, project.id);
    await readPackedAnnotations(source, project.id, [doc.id]);
    const appOnly = new Set([
      'projects',
      'settings',
      'syncOutbox',
      'syncConnections',
      'syncCheckpoints',
      ...TEXT_INDEX_TABLES,
      ANNOTATION_PACKS,
    ]);
    expect(Object.keys(tables).sort()).toEqual(
      source.tables
        .map((t) => t.name)
        .filter((n) => !appOnly.has(n))
        .sort(),
    );
    expect(skipped).toEqual([]);
    expect(tables.documents).toHaveLength(2);
    expect(tables.annotations).toHaveLength(3);
    expect(tables.operations).toHaveLength(3);
  });

  it('leaves out annotation packs an archive carried: the restored annotations are what the agreement reads', async () => {
    const contents = await archiveOf(source, project.id);
    const stale = packAnnotations(doc.id, project.id, [
      { id: 'x', documentId: doc.id, layer: 'alice', label: 'Stale', ranges: [{ start: 0, end: 1 }], attributes: {} },
    ] as never);
    contents.tables[ANNOTATION_PACKS] = [stale as never];
    const target = freshDb();
    await restoreArchive(target, contents);
    expect(await target.annotationPacks.count()).toBe(0);
    const read = await readPackedAnnotations(target, project.id, [doc.id]);
    expect(read.map((a) => a.label).sort()).toEqual(['Claim', 'Source', 'Speaker']);
  });

  it('leaves out the text index an older archive carried, and the restored documents are found by search', async () => {
    const contents = await archiveOf(source, project.id);
    // As a version-10 archive carried it: title rows and posting lists of document ids.
    contents.tables.searchTerms = [{ id: doc.id, projectId: project.id, titleTerms: ['lavrov'] }];
    contents.tables.textPostings = [{ seq: 1, term: 'reuters', projectId: project.id, ids: [doc.id], frequent: [] }];
    const target = freshDb();
    await restoreArchive(target, contents);
    expect(target.tables.map((t) => t.name)).not.toContain('searchTerms');
    expect(await pendingTextIndex(target, project.id)).toContain(doc.id);
    const order = new Map((await listDocumentSummaries(target, project.id)).map((d, i) => [d.id, i]));
    expect((await searchCorpus(target, project.id, 'syrian rebels', order)).hits.map((h) => h.id)).toEqual([doc.id]);
    expect((await searchCorpus(target, project.id, 'lavrov', order)).hits.map((h) => h.id)).toEqual([doc.id]);
  });

  it('restoring into an empty database gives identical tables', async () => {
    const contents = await archiveOf(source, project.id);
    const target = freshDb();
    const result = await restoreArchive(target, contents);
    expect(result.newIds).toBe(false);
    expect(result.project).toEqual(project);
    expect(await dump(target)).toEqual(await dump(source));
    // The undo log works on the restored project: redo re-deletes the Source.
    const { redo } = await import('./annotations.ts');
    expect(await redo(target, project.id)).toMatchObject({ description: 'Delete Source' });
  });

  it('restoring next to the original gives a copy with new ids, every reference following', async () => {
    const before = await dump(source);
    const contents = await archiveOf(source, project.id);
    const result = await restoreArchive(source, contents);
    expect(result.newIds).toBe(true);
    expect(result.project.id).not.toBe(project.id);
    expect(result.project.name).toBe('Arms study');
    // The original is untouched.
    const original = await readProjectTables(source, project.id);
    for (const [t, rows] of Object.entries(original.tables))
      expect(rows.map((r) => canonicalJson(r)).sort()).toEqual(before[t]!.filter((r) => (r as string).includes(project.id)));
    const copy = await readProjectTables(source, result.project.id);
    const oldIds = new Set([project.id, ...Object.values(original.tables).flatMap((rows) => rows.map((r) => r.id as string))]);
    for (const [t, rows] of Object.entries(copy.tables)) {
      expect(rows).toHaveLength(original.tables[t]!.length);
      // No old id survives anywhere in the copy (rows, snapshots, attributes).
      for (const id of oldIds) if (id) expect(JSON.stringify(rows)).not.toContain(`"${id}"`);
    }
    const docIds = new Set(copy.tables.documents!.map((d) => d.id));
    const annIds = new Set(copy.tables.annotations!.map((a) => a.id));
    const entityIds = new Set(copy.tables.entities!.map((e) => e.id));
    for (const a of copy.tables.annotations!) expect(docIds.has(a.documentId)).toBe(true);
    for (const r of copy.tables.relations!) expect(annIds.has(r.from) && annIds.has(r.to)).toBe(true);
    const speaker = copy.tables.annotations!.find((a) => a.label === 'Speaker')!;
    expect(entityIds.has((speaker.attributes as Record<string, string>).entity)).toBe(true);
    // The copy's undo log undoes the copy, not the original.
    const { redo } = await import('./annotations.ts');
    expect(await redo(source, result.project.id)).toMatchObject({ description: 'Delete Source' });
    expect(await source.annotations.where('projectId').equals(project.id).count()).toBe(3);
    expect(await source.annotations.where('projectId').equals(result.project.id).count()).toBe(2);
  });

  it('a failure part-way leaves nothing behind', async () => {
    const contents = await archiveOf(source, project.id);
    const broken: ArchiveContents = {
      ...contents,
      tables: { ...contents.tables, relations: [...contents.tables.relations!, contents.tables.relations![0]!] },
    };
    const target = freshDb();
    const empty = await dump(target);
    await expect(restoreArchive(target, broken)).rejects.toThrow();
    expect(await dump(target)).toEqual(empty);
  });

  it('refuses, writing nothing, an archive with a table this database does not have', async () => {
    const contents = await archiveOf(source, project.id);
    const target = freshDb();
    const future = { ...contents, tables: { ...contents.tables, holograms: [{ id: 'h1', projectId: project.id }] } };
    await expect(restoreArchive(target, future)).rejects.toThrow(RestoreError);
    await expect(restoreArchive(target, future)).rejects.toThrow(
      'The archive holds "holograms", which this version of Claimscope does not store.',
    );
    expect(await target.projects.count()).toBe(0);
  });
});

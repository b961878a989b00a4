/**
 * Annotation packs (annotationPacks.ts): a pack gives back exactly what the agreement reads of each
 * annotation, and no write route leaves a pack stale. Each route test first reads the project, so
 * every document has a pack, then writes through the app's own writer, then reads again: what the
 * packs give must equal the annotation rows themselves, read as the agreement read them before
 * packs (by project, in id order), document by document.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { readArchive } from '../../core/formats/archive.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { SYNCED_TABLES } from '../sync/mapping.ts';
import { CHECKPOINTS } from '../sync/outbox.ts';
import { packAnnotations, packedFields, readPackedAnnotations, unpackAnnotations, type PackedAnnotation } from './annotationPacks.ts';
import { addRange, createAnnotation, deleteAnnotations, redo, undo, updateAnnotation } from './annotations.ts';
import { backupProject } from './archive.ts';
import { createProject, deleteDocuments, deleteProject, moveDocuments } from './corpus.ts';
import type { AppDb } from './db.ts';
import { writeImport } from './import.ts';
import { restoreArchive } from './restore.ts';
import { acceptIntoGold, addBundle, shareBundle } from './review.ts';
import { addParagraph, freshDatabases } from './testing.ts';

const TEXT = 'Lavrov said Russia sells only defensive weapons to Syria, Reuters reported.';
const at = (q: string) => ({ start: TEXT.indexOf(q), end: TEXT.indexOf(q) + q.length });
const pick = packedFields;

describe('a pack', () => {
  const range = fc.record({ start: fc.integer({ min: 0, max: 1e6 }), end: fc.integer({ min: 0, max: 1e6 }) });
  const attributes = fc.oneof(
    fc.constant({}),
    fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.boolean(), fc.double(), fc.array(fc.string()), fc.constant(null))),
  );
  const annotation = fc.record({
    id: fc.string({ minLength: 1 }),
    layer: fc.constantFrom('alice', 'bob', 'gold', 'zoë 😀', ''),
    label: fc.constantFrom('Claim', 'Speaker', 'Source', ''),
    ranges: fc.array(range, { maxLength: 3 }),
    attributes,
  });

  it('gives back exactly the annotations packed, in their order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(annotation, { selector: (a) => a.id, maxLength: 40 }), (list) => {
        const rows = list.map((a) => ({ ...a, documentId: 'd1' })) as unknown as PackedAnnotation[];
        const pack = packAnnotations('d1', 'p1', rows);
        expect(pack.whole).toBeUndefined();
        // As IndexedDB gives them back: structured clones.
        expect(unpackAnnotations(structuredClone(pack))).toStrictEqual(structuredClone(rows).map(pick));
      }),
    );
  });

  it('keeps annotations whole when they do not fit the columns (a range with another field, a range out of order)', () => {
    const rows = [
      { id: 'a', documentId: 'd1', layer: 'alice', label: 'Claim', ranges: [{ start: 1, end: 2, extra: true }], attributes: {} },
      { id: 'b', documentId: 'd1', layer: 'alice', label: 'Claim', ranges: [{ end: 4, start: 3 }], attributes: { x: 1 } },
    ] as unknown as PackedAnnotation[];
    const pack = packAnnotations('d1', 'p1', rows);
    expect(pack.whole).toHaveLength(2);
    expect(unpackAnnotations(structuredClone(pack))).toStrictEqual(rows);
  });
});

describe('no write leaves a pack stale', () => {
  const fresh = freshDatabases('packs');
  let db: AppDb;
  let project: Project;
  let doc: DocumentRecord;
  let other: DocumentRecord;

  const documentIds = async (projectId: string) => (await db.documents.where('projectId').equals(projectId).primaryKeys()) as string[];
  /** The project's annotations as the agreement read them before packs: by project, in id order, grouped by document. */
  const fromRows = async (projectId: string) => {
    const rows = await db.annotations.where('projectId').equals(projectId).toArray();
    return (await documentIds(projectId)).flatMap((id) => rows.filter((a) => a.documentId === id).map(pick));
  };
  const read = async (projectId: string) => readPackedAnnotations(db, projectId, await documentIds(projectId));
  /** Every document of the project has a pack, and it gives what the rows give. */
  const expectFresh = async (projectId = project.id) => {
    const packed = await read(projectId);
    expect(packed).toStrictEqual(await fromRows(projectId));
    expect(await db.annotationPacks.where('projectId').equals(projectId).count()).toBe((await documentIds(projectId)).length);
    return packed;
  };
  /** Reads first (so every pack exists), writes, and checks the read after it. */
  const route = async (write: () => Promise<unknown>, projectId = project.id) => {
    const before = await expectFresh(projectId);
    await write();
    const after = await expectFresh(projectId);
    expect(after).not.toStrictEqual(before);
  };

  beforeEach(async () => {
    db = fresh();
    project = await createProject(db, 'P', DEFAULT_SCHEMA);
    doc = await addParagraph(db, project.id, TEXT, 'Lavrov');
    other = await addParagraph(db, project.id, TEXT, 'Other');
    await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    await createAnnotation(db, doc, { label: 'Speaker', ranges: [at('Lavrov')], layer: 'bob', attributes: {} }, 'bob');
    await createAnnotation(db, other, { label: 'Source', ranges: [at('Reuters')], layer: 'alice' }, 'alice');
  });

  it('builds the packs the first read finds missing, and then reads them', async () => {
    expect(await db.annotationPacks.count()).toBe(0);
    await expectFresh();
    expect(await db.annotationPacks.count()).toBe(2);
    // A second read uses the packs: one changed behind the middleware's back is what it returns.
    await db.annotationPacks.update(doc.id, { labels: ['Changed', 'Changed'] });
    expect((await read(project.id)).filter((a) => a.documentId === doc.id).map((a) => a.label)).toEqual(['Changed', 'Changed']);
  });

  it('editing: add, change, a range more, delete, undo and redo', async () => {
    const claim = (await db.annotations.filter((a) => a.layer === 'alice').first())!;
    await route(() => createAnnotation(db, doc, { label: 'Source', ranges: [at('Reuters')], layer: 'alice' }, 'alice'));
    await route(() => updateAnnotation(db, doc, claim.id, { label: 'Speaker', attributes: { stance: 'deny' } }, 'alice'));
    await route(() => addRange(db, doc, claim.id, at('Syria'), 'alice'));
    await route(() => deleteAnnotations(db, doc, [claim.id], 'alice'));
    await route(() => undo(db, project.id));
    await route(() => redo(db, project.id));
  });

  it('importing into the project, and restoring its archive as a new project', async () => {
    await route(() =>
      writeImport(
        db,
        project.id,
        [
          {
            file: 0,
            doc: {
              title: 'Imported',
              text: 'Putin said so.',
              blocks: [{ kind: 'paragraph', start: 0, end: 14 }],
              metadata: {},
              annotations: [{ key: 'T1', label: 'Speaker', ranges: [{ start: 0, end: 5 }], layer: 'carol' }],
              relations: [],
              sourceFile: 'f',
            },
          },
        ],
        { by: 'me' },
      ),
    );
    const archive = readArchive('p.zip', (await backupProject(db, project.id, { appVersion: '0.1.0' })).bytes);
    if (!archive.ok) throw new Error('unreadable archive');
    const restored = await restoreArchive(db, archive.value);
    const copy = await expectFresh(restored.project.id);
    expect(copy.map((a) => [a.layer, a.label])).toEqual((await read(project.id)).map((a) => [a.layer, a.label]));
  });

  it('deleting and moving documents, and deleting a project', async () => {
    const target = await createProject(db, 'Q', DEFAULT_SCHEMA);
    await addParagraph(db, target.id, TEXT, 'There');
    await expectFresh(target.id);
    await route(() => moveDocuments(db, [other.id], target.id));
    await expectFresh(target.id);
    expect((await read(target.id)).map((a) => a.label)).toEqual(['Source']);
    await route(() => deleteDocuments(db, [doc.id]));
    await deleteProject(db, target.id);
    expect(await db.annotationPacks.where('projectId').equals(target.id).count()).toBe(0);
    expect(await db.annotationPacks.get(other.id)).toBeUndefined();
  });

  it('adding a bundle (the layer replaced) and accepting into gold', async () => {
    const shared = await shareBundle(db, project.id, 'alice', { appVersion: '0.1.0', created: '2026-12-06T10:00:00.000Z' });
    // The layer is not here any more, so the bundle adds it back.
    await db.annotations.bulkDelete(await db.annotations.filter((a) => a.layer === 'alice').primaryKeys());
    await route(async () => expect((await addBundle(db, project.id, 'lead', { name: shared.fileName, data: shared.bytes })).ok).toBe(true));
    const speaker = (await db.annotations.filter((a) => a.layer === 'bob').first())!;
    await route(() => acceptIntoGold(db, doc, [{ annotation: speaker }], 'lead'));
  });

  it('changes from the team server (a transaction with the sync checkpoint)', async () => {
    const rows = await db.annotations.where('documentId').equals(doc.id).toArray();
    await route(() =>
      db.transaction('rw', [...SYNCED_TABLES.map((t) => db.table(t)), db.table(CHECKPOINTS)], async () => {
        await db.annotations.bulkPut([{ ...rows[0]!, label: 'Source', updatedBy: 'zoe' }]);
        await db.annotations.bulkDelete([rows[1]!.id]);
        await db.table(CHECKPOINTS).put({ projectId: project.id, seq: 7 });
      }),
    );
  });

  it('every kind of low-level write: update by key, modify, an annotation put into another document, a range delete, clear', async () => {
    const [first] = await db.annotations.where('documentId').equals(doc.id).toArray();
    await route(() => db.annotations.update(first!.id, { ranges: [at('Syria')] }));
    await route(() => db.annotations.where('documentId').equals(doc.id).modify({ layer: 'carol' }));
    await route(() => db.annotations.put({ ...first!, documentId: other.id }));
    await route(() => db.annotations.where('id').aboveOrEqual('').delete());
    await createAnnotation(db, doc, { label: 'Claim', ranges: [at('Russia sells')], layer: 'alice' }, 'alice');
    await route(() => db.annotations.clear());
  });
});

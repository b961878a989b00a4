import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentRecord, Project, Schema } from '../../core/model/types.ts';
import { AppDb } from './db.ts';
import { createAnnotation, createRelation, deleteAnnotations, undo, redo, updateAnnotation } from './annotations.ts';
import { addDocument, buildDocument, listDocumentSummaries } from './documents.ts';
import {
  createProject,
  deleteDocuments,
  deleteProject,
  corpusIndexTables,
  ensureCorpusIndex,
  indexDocuments,
  loadSummariesBefore,
  loadSummaries,
  moveDocuments,
  renameProject,
  searchCorpus,
  setStatuses,
  updateDocumentDetails,
} from './corpus.ts';
import { getStatus, setStatus } from './status.ts';
import { setSetting } from './settings.ts';
import { openDbAtVersion } from './testing.ts';

const schema: Schema = {
  version: 1,
  labels: [
    { name: 'Claim', color: '#e69f00' },
    { name: 'Speaker', color: '#56b4e9' },
  ],
  relationTypes: [{ name: 'said by', from: ['Claim'], to: ['Speaker'] }],
};

let db: AppDb;
let name: string;
let project: Project;

const add = (title: string, text: string, metadata = {}) =>
  addDocument(db, project.id, { title, text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata });
const span = (doc: DocumentRecord, s: string) => ({ start: doc.text.indexOf(s), end: doc.text.indexOf(s) + s.length });
const order = async (projectId = project.id) => new Map((await listDocumentSummaries(db, projectId)).map((d, i) => [d.id, i]));
const search = async (q: string, projectId = project.id) =>
  (await searchCorpus(db, projectId, q, await order(projectId))).hits.map((h) => h.id);

beforeEach(async () => {
  name = `corpus-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'P', schema);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

describe('document summaries', () => {
  it('follow annotation writes, undo and redo in the same transactions', async () => {
    const doc = await add('Arms', 'Lavrov said Russia sells arms to Syria.', { source: 'Reuters' });
    const summary = async () => (await db.documentSummaries.get(doc.id))!;
    expect(await summary()).toMatchObject({ title: 'Arms', annotationCount: 0, labels: [], layers: [], meta: { source: 'Reuters' } });
    const claim = await createAnnotation(db, doc, { label: 'Claim', ranges: [span(doc, 'Russia sells arms')], layer: 'ann' }, 'ann');
    const speaker = await createAnnotation(db, doc, { label: 'Speaker', ranges: [span(doc, 'Lavrov')], layer: 'gold' }, 'ann');
    expect(await summary()).toMatchObject({ annotationCount: 2, labels: ['Claim', 'Speaker'], layers: ['ann', 'gold'] });
    await updateAnnotation(db, doc, speaker.id, { label: 'Claim' }, 'ann');
    expect(await summary()).toMatchObject({ annotationCount: 2, labels: ['Claim'] });
    await deleteAnnotations(db, doc, [claim.id], 'ann');
    expect(await summary()).toMatchObject({ annotationCount: 1, labels: ['Claim'], layers: ['gold'] });
    await undo(db, project.id);
    expect(await summary()).toMatchObject({ annotationCount: 2, layers: ['ann', 'gold'] });
    await redo(db, project.id);
    expect(await summary()).toMatchObject({ annotationCount: 1, layers: ['gold'] });
  });

  it('roll back with a failed write', async () => {
    const doc = await add('A', 'Some text here.');
    await expect(createAnnotation(db, doc, { label: 'Nope', ranges: [{ start: 0, end: 4 }], layer: 'ann' }, 'ann')).rejects.toThrow();
    expect((await db.documentSummaries.get(doc.id))!.annotationCount).toBe(0);
  });

  it('are built for documents written without them, and orphans are dropped', async () => {
    const doc = buildDocument(project.id, { title: 'Raw', text: 'Written by another writer.', blocks: [], metadata: {} });
    await db.documents.add(doc);
    await db.annotations.add({
      id: 'a1',
      projectId: project.id,
      documentId: doc.id,
      layer: 'x',
      label: 'Claim',
      ranges: [{ start: 0, end: 7 }],
      quote: 'Written',
      attributes: {},
      note: '',
      origin: 'import',
      createdBy: 'x',
      createdAt: 'c',
      updatedBy: 'x',
      updatedAt: 'c',
    } as never);
    await db.documentSummaries.put({ ...(await listDocumentSummaries(db, project.id))[0]!, id: 'gone' });
    expect(await ensureCorpusIndex(db, project.id)).toBe(0);
    const list = await listDocumentSummaries(db, project.id);
    expect(list).toEqual([expect.objectContaining({ id: doc.id, annotationCount: 1, labels: ['Claim'], layers: ['x'] })]);
    expect(await search('writer')).toEqual([doc.id]);
  });
});

describe('the list read page by page', () => {
  /** Documents with these creation times (as a bulk import leaves them: runs of equal times, ordered by id within each). */
  async function addTimed(times: readonly string[], prefix = 'D'): Promise<DocumentRecord[]> {
    const docs = times.map((createdAt, i) => ({
      ...buildDocument(project.id, { title: `${prefix}${i}`, text: `t${i}`, blocks: [], metadata: {} }),
      createdAt,
    }));
    await db.transaction('rw', [db.documents, ...corpusIndexTables(db)], async () => {
      await db.documents.bulkAdd(docs);
      await indexDocuments(db, docs);
    });
    return docs;
  }

  /** The whole list read in pages of `size`, each from the last row of the page before; `between` runs after each page. */
  async function paged(size: number, between: (pages: number) => Promise<void> = async () => {}) {
    const out = [];
    for (let pages = 1; ; pages++) {
      const page = await loadSummaries(db, project.id, out[out.length - 1] ?? null, size);
      out.push(...page);
      if (page.length < size) return out;
      await between(pages);
    }
  }

  const TIMES = ['2026-01-01', '2026-01-02', '2026-01-02', '2026-01-02', '2026-01-02', '2026-01-03', '2026-01-03', '2026-01-04'];

  it('gives every summary once, in list order, when pages end within documents added at the same time', async () => {
    await addTimed(TIMES);
    const whole = await loadSummaries(db, project.id);
    expect(whole.map((s) => s.createdAt)).toEqual([...TIMES]);
    for (const size of [1, 2, 3, 5, 8]) expect((await paged(size)).map((s) => s.id)).toEqual(whole.map((s) => s.id));
  });

  it('reads every one of many documents of a single creation time once, whatever the page size', async () => {
    await addTimed(Array.from({ length: 60 }, () => '2026-01-01'));
    const whole = (await loadSummaries(db, project.id)).map((s) => s.id);
    expect(whole).toEqual([...whole].sort());
    for (const size of [1, 7, 59, 60, 61]) expect((await paged(size)).map((s) => s.id)).toEqual(whole);
  });

  it('continues after the last row read when that row and the ones before it are deleted meanwhile', async () => {
    await addTimed(TIMES);
    const whole = (await loadSummaries(db, project.id)).map((s) => s.id);
    // After the first page of 3 (its last row among equal creation times), its rows are deleted:
    // the next page starts with the fourth row (an offset of 3 would now skip three rows).
    const read = await paged(3, async (pages) => {
      if (pages === 1) await deleteDocuments(db, whole.slice(0, 3));
    });
    expect(read.map((s) => s.id)).toEqual(whole);
  });

  it('lists documents added while it is read, after the rows already read, and a rename in place', async () => {
    await addTimed(TIMES);
    const read = await paged(3, async (pages) => {
      if (pages === 1) await addTimed(['2026-01-05', '2026-01-01'], 'New');
      if (pages === 2) {
        const last = (await loadSummaries(db, project.id)).at(-1)!;
        await updateDocumentDetails(db, last.id, { title: 'Renamed', metadata: {} });
      }
    });
    const whole = await loadSummaries(db, project.id);
    // The one added at the end is listed; the one added among the rows already read is not (a
    // list read at start is read again when its project changed meanwhile).
    expect(read.map((s) => s.id)).toEqual(whole.filter((s) => s.title !== 'New1').map((s) => s.id));
    expect(read.at(-1)!.title).toBe('Renamed');
  });

  it('reads the list backwards from its end, page by page, ties included, every row once in list order', async () => {
    await addTimed([...TIMES, ...Array.from({ length: 12 }, () => '2026-01-04')]);
    const whole = (await loadSummaries(db, project.id)).map((s) => s.id);
    for (const n of [1, 3, 5, 40]) expect((await loadSummariesBefore(db, project.id, null, n)).map((s) => s.id)).toEqual(whole.slice(-n));
    for (const size of [1, 2, 5, 7]) {
      let read: Awaited<ReturnType<typeof loadSummaries>> = [];
      for (;;) {
        const page = await loadSummariesBefore(db, project.id, read[0] ?? null, size);
        read = [...page, ...read];
        if (page.length < size) break;
      }
      expect(read.map((s) => s.id)).toEqual(whole);
    }
  });
});

describe('search index', () => {
  it('finds added documents, case- and accent-insensitively, and forgets deleted ones', async () => {
    const a = await add('Élysée talks', 'The president met envoys at the palace.');
    const b = await add('Market report', 'Shares fell in München and São Paulo.');
    expect(await search('elysee')).toEqual([a.id]);
    expect(await search('MUNCHEN')).toEqual([b.id]);
    expect(await search('sao paulo')).toEqual([b.id]);
    expect(await search('palace munchen')).toEqual([]);
    expect(await search('pres')).toEqual([a.id]); // the word being typed is a prefix
    expect(await search('pres ')).toEqual([]);
    await deleteDocuments(db, [a.id]);
    expect(await search('elysee')).toEqual([]);
    expect(await search('president')).toEqual([]);
    expect(await search('munchen')).toEqual([b.id]);
  });

  it('follows a renamed title', async () => {
    const a = await add('Old name', 'Body words only.');
    expect(await search('old')).toEqual([a.id]);
    await updateDocumentDetails(db, a.id, { title: 'Fresh headline', metadata: { source: 'AP' } });
    expect(await search('old')).toEqual([]);
    expect(await search('headline')).toEqual([a.id]);
    expect((await db.documentSummaries.get(a.id))!).toMatchObject({ title: 'Fresh headline', meta: { source: 'AP' } });
    expect((await db.documents.get(a.id))!.metadata).toEqual({ source: 'AP' });
  });

  it('two tabs editing different details of one document both keep theirs', async () => {
    const a = await add('Headline', 'Body words only.');
    const base = { title: a.title, metadata: { source: 'AP', author: 'Kim' } };
    await updateDocumentDetails(db, a.id, { title: 'Headline', metadata: base.metadata });
    // One tab changes the author; another, which read the document before, adds a date and drops the source.
    await updateDocumentDetails(db, a.id, { title: 'Headline', metadata: { source: 'AP', author: 'Lee' }, base });
    await updateDocumentDetails(db, a.id, { title: 'Headline', metadata: { author: 'Kim', date: '2026-12-06' }, base });
    expect((await db.documents.get(a.id))!.metadata).toEqual({ author: 'Lee', date: '2026-12-06' });
    // A retitle in one tab survives a save of other details from the other.
    await updateDocumentDetails(db, a.id, {
      title: 'New headline',
      metadata: { author: 'Lee', date: '2026-12-06' },
      base: { ...base, metadata: { author: 'Lee', date: '2026-12-06' } },
    });
    await updateDocumentDetails(db, a.id, {
      title: 'Headline',
      metadata: { author: 'Lee', date: '2026-12-07' },
      base: { title: 'Headline', metadata: { author: 'Lee', date: '2026-12-06' } },
    });
    expect(await db.documents.get(a.id)).toMatchObject({ title: 'New headline', metadata: { author: 'Lee', date: '2026-12-07' } });
    expect(await search('new')).toEqual([a.id]);
  });

  it('ranks a title match above a passing mention, and stays within the project', async () => {
    const passing = await add('Weather', 'Rain today. Also a word on sanctions.');
    const often = await add('Trade', 'Sanctions here, sanctions there, sanctions everywhere.');
    const titled = await add('Sanctions vote', 'The council met.');
    const other = await createProject(db, 'Other', schema);
    await addDocument(db, other.id, { title: 'Sanctions elsewhere', text: 'Sanctions.', blocks: [], metadata: {} });
    expect(await search('sanctions')).toEqual([titled.id, often.id, passing.id]);
  });
});

describe('bulk writes', () => {
  it('delete documents with annotations, relations, statuses, undo entries and index rows in one transaction', async () => {
    const keep = await add('Keep', 'Lavrov said it.');
    const gone = await add('Gone', 'Kerry said it.');
    for (const d of [keep, gone]) {
      const c = await createAnnotation(db, d, { label: 'Claim', ranges: [span(d, 'said it')], layer: 'ann' }, 'ann');
      const s = await createAnnotation(db, d, { label: 'Speaker', ranges: [{ start: 0, end: d.text.indexOf(' ') }], layer: 'ann' }, 'ann');
      await createRelation(db, d, { from: c.id, to: s.id, type: 'said by', layer: 'ann' }, 'ann');
      await setStatus(db, d, 'ann', 'done');
    }
    expect(await deleteDocuments(db, [gone.id, 'missing'])).toBe(1);
    for (const table of [db.annotations, db.relations, db.documentStatus]) {
      expect(await table.where('documentId').equals(gone.id).count()).toBe(0);
      expect(await table.where('documentId').equals(keep.id).count()).toBeGreaterThan(0);
    }
    expect(await db.operations.filter((o) => o.documentId === gone.id).count()).toBe(0);
    expect(await db.documents.get(gone.id)).toBeUndefined();
    expect(await db.documentSummaries.get(gone.id)).toBeUndefined();
    expect(await search('kerry')).toEqual([]);
    expect((await listDocumentSummaries(db, project.id)).map((d) => d.id)).toEqual([keep.id]);
  });

  it('a failing delete leaves everything in place', async () => {
    const d = await add('Stay', 'Text stays.');
    db.relations.hook('deleting', () => {
      throw new Error('disk full');
    });
    await createAnnotation(db, d, { label: 'Claim', ranges: [{ start: 0, end: 4 }], layer: 'ann' }, 'ann');
    await db.relations.add({ id: 'r', projectId: project.id, documentId: d.id } as never);
    await expect(deleteDocuments(db, [d.id])).rejects.toThrow('disk full');
    expect(await db.documents.get(d.id)).toBeDefined();
    expect(await db.annotations.where('documentId').equals(d.id).count()).toBe(1);
    expect(await db.documentSummaries.get(d.id)).toBeDefined();
  });

  it('move documents with their records to another project', async () => {
    const d = await add('Mover', 'Zakharova said so.');
    const stay = await add('Stayer', 'Nothing.');
    await createAnnotation(db, d, { label: 'Speaker', ranges: [span(d, 'Zakharova')], layer: 'ann' }, 'ann');
    await setStatus(db, d, 'ann', 'reviewed');
    const target = await createProject(db, 'Target', schema);
    expect(await moveDocuments(db, [d.id], target.id)).toBe(1);
    expect((await db.documents.get(d.id))!.projectId).toBe(target.id);
    expect((await db.annotations.where('documentId').equals(d.id).first())!.projectId).toBe(target.id);
    expect((await db.documentStatus.get([d.id, 'ann']))!.projectId).toBe(target.id);
    expect((await listDocumentSummaries(db, project.id)).map((x) => x.id)).toEqual([stay.id]);
    expect((await listDocumentSummaries(db, target.id)).map((x) => x.id)).toEqual([d.id]);
    expect(await search('zakharova', target.id)).toEqual([d.id]);
    expect(await search('zakharova')).toEqual([]);
    expect(
      await db.operations
        .where('projectId')
        .equals(project.id)
        .filter((o) => o.documentId === d.id)
        .count(),
    ).toBe(0);
  });

  it("set one annotator's status on many documents", async () => {
    const a = await add('A', 'One.');
    const b = await add('B', 'Two.');
    expect(await setStatuses(db, [a.id, b.id], 'ann', 'done')).toBe(2);
    expect(await getStatus(db, a.id, 'ann')).toBe('done');
    expect(await getStatus(db, b.id, 'ann')).toBe('done');
    expect(await getStatus(db, a.id, 'someone else')).toBe('new');
  });
});

describe('projects', () => {
  it('rename, and refuse an empty name', async () => {
    expect((await renameProject(db, project.id, '  Climate claims ')).name).toBe('Climate claims');
    await expect(renameProject(db, project.id, ' ')).rejects.toThrow('needs a name');
  });

  it('delete cascades to every record of the project and no other', async () => {
    const d = await add('Doc', 'Lavrov spoke.');
    await createAnnotation(db, d, { label: 'Speaker', ranges: [span(d, 'Lavrov')], layer: 'ann' }, 'ann');
    await setStatus(db, d, 'ann', 'done');
    await setSetting(db, 'lastProjectId', project.id);
    const other = await createProject(db, 'Other', schema);
    const o = await addDocument(db, other.id, { title: 'O', text: 'Other text.', blocks: [], metadata: {} });
    await deleteProject(db, project.id);
    expect(await db.projects.get(project.id)).toBeUndefined();
    for (const t of [
      db.documents,
      db.annotations,
      db.relations,
      db.operations,
      db.documentSummaries,
      db.textGroups,
      db.textNumbers,
      db.documentStatus,
    ]) {
      expect(await (t as typeof db.documents).where('projectId').equals(project.id).count()).toBe(0);
    }
    expect(await db.settings.get('lastProjectId')).toBeUndefined();
    expect((await listDocumentSummaries(db, other.id)).map((x) => x.id)).toEqual([o.id]);
  });
});

describe('migration to version 3', () => {
  it('keeps version-1 rows and builds their summaries and search terms on first open', async () => {
    const old = `old-${Math.random()}`;
    const v1 = openDbAtVersion(old, 1);
    const doc = buildDocument('p1' as never, { title: 'Legacy', text: 'Old Élysée story.', blocks: [], metadata: { source: 'AFP' } });
    await v1.table('projects').add({ id: 'p1', name: 'Old', schema, createdAt: 'c', updatedAt: 'u' });
    await v1.table('documents').add(doc);
    await v1
      .table('annotations')
      .add({ id: 'a', projectId: 'p1', documentId: doc.id, layer: 'ann', label: 'Claim', ranges: [{ start: 0, end: 3 }] });
    v1.close();
    const upgraded = new AppDb(old);
    try {
      expect(await upgraded.documents.get(doc.id)).toEqual(doc);
      expect(await upgraded.annotations.count()).toBe(1);
      expect(await upgraded.documentSummaries.count()).toBe(0);
      expect(await ensureCorpusIndex(upgraded, 'p1')).toBe(1);
      expect(await upgraded.documentSummaries.get(doc.id)).toMatchObject({
        title: 'Legacy',
        annotationCount: 1,
        labels: ['Claim'],
        meta: { source: 'AFP' },
      });
      expect((await searchCorpus(upgraded, 'p1', 'elysee', new Map([[doc.id, 0]]))).hits.map((h) => h.id)).toEqual([doc.id]);
    } finally {
      upgraded.close();
      await Dexie.delete(old);
    }
  });
});

describe('migration to version 14 (documents and summaries found by project through their compound indexes)', () => {
  it('lists, counts, deletes and moves a project’s documents written before it', async () => {
    const old = `old14-${Math.random()}`;
    const v13 = openDbAtVersion(old, 13);
    const docsOf = (projectId: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        buildDocument(projectId as never, { title: `${projectId} ${i}`, text: `Text ${projectId} ${i}.`, blocks: [], metadata: {} }),
      );
    const [mine, theirs] = [docsOf('p1', 3), docsOf('p2', 2)];
    await v13.table('projects').bulkAdd(['p1', 'p2'].map((id) => ({ id, name: id, schema, createdAt: 'c', updatedAt: 'u' })));
    await v13.table('documents').bulkAdd([...mine, ...theirs]);
    v13.close();
    const upgraded = new AppDb(old);
    try {
      expect(await upgraded.documents.where('projectId').equals('p1').count()).toBe(3);
      expect(await ensureCorpusIndex(upgraded, 'p1')).toBe(3);
      expect((await listDocumentSummaries(upgraded, 'p1')).map((d) => d.title).sort()).toEqual(['p1 0', 'p1 1', 'p1 2']);
      // A document written now is found by project too, beside those from before.
      const added = await addDocument(upgraded, 'p1' as never, { title: 'new', text: 'New text.', blocks: [], metadata: {} });
      expect((await listDocumentSummaries(upgraded, 'p1')).map((d) => d.id)).toContain(added.id);
      await moveDocuments(upgraded, [mine[0]!.id], 'p2' as never);
      expect(await upgraded.documents.where('projectId').equals('p2').count()).toBe(3);
      await deleteProject(upgraded, 'p1');
      expect(await upgraded.documents.count()).toBe(3);
      expect(await upgraded.documents.where('projectId').equals('p1').count()).toBe(0);
      expect((await listDocumentSummaries(upgraded, 'p2')).map((d) => d.id).sort()).toEqual(
        [mine[0]!.id, ...theirs.map((d) => d.id)].sort(),
      );
    } finally {
      upgraded.close();
      await Dexie.delete(old);
    }
  });
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppDb, openDbAtVersion } from '../db/db.ts';
import { listAnnotations } from '../db/annotations.ts';
import { createProject, deleteDocuments } from '../db/corpus.ts';
import { addDocument, addDocuments, openDocumentList } from '../db/documents.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord } from '../../core/model/types.ts';
import { Workspace } from './workspace.ts';
import { addParagraph, freshDatabases } from '../db/testing.ts';

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms, Reuters reported.';
const T1 = '2026-11-29T08:00:00.000Z';
const span = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

let db: AppDb;
const freshDb = freshDatabases('ws-core');
let ws: Workspace;
let doc: DocumentRecord;

beforeEach(async () => {
  db = freshDb();
  const project = await createProject(db, 'P', DEFAULT_SCHEMA);
  doc = await addParagraph(db, project.id, TEXT);
  ws = new Workspace(db, { annotator: 'ann', snapToWords: true });
  await ws.openProject(project.id, doc.id);
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

describe('the write queue', () => {
  it('commits writes of records it does not hold in order, "Saved" after each, and says why one failed', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = ws.commit('First', () =>
      new Promise<string>((resolve) => (release = () => resolve('one'))).then((v) => (order.push(v), v)),
    );
    const second = ws.commit('Second', async () => (order.push('two'), 'two'));
    expect(ws.writing).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]); // the second waits for the first
    release();
    expect(await first).toBe('one');
    expect(await second).toBe('two');
    expect(order).toEqual(['one', 'two']);
    expect(ws.writing).toBe(false);
    expect(ws.getState().save).toMatchObject({ kind: 'saved', what: 'Second' });

    expect(await ws.commit('Broken', () => Promise.reject(new Error('disk full')))).toBeUndefined();
    expect(ws.getState().save).toEqual({ kind: 'error', message: 'Broken was not saved: disk full' });
    await expect(ws.commitOrThrow('Broken again', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  });

  it('stores blind mode and word snapping through the queue', async () => {
    ws.setBlindMode(true);
    ws.setSnapToWords(false);
    expect(ws.getState()).toMatchObject({ blindMode: true, snapToWords: false });
    await ws.commit('after', async () => undefined);
    expect((await db.settings.get('blindMode'))?.value).toBe(true);
    expect((await db.settings.get('snapToWords'))?.value).toBe(false);
  });
});

describe('the corpus selection', () => {
  it('keeps only documents that still exist, and is cleared by switching projects', async () => {
    const other = await addDocument(db, doc.projectId, {
      title: 'U',
      text: 'Other text.',
      blocks: [{ kind: 'paragraph', start: 0, end: 11 }],
      metadata: {},
    });
    await ws.refreshDocuments();
    ws.setCorpusSelection(new Set([doc.id, other.id]));
    ws.setCorpusSelection((s) => new Set([...s].filter((id) => id !== 'nothing')));
    expect([...ws.getState().corpusSelection].sort()).toEqual([doc.id, other.id].sort());
    await ws.writeCorpus('Delete', async () => {
      await db.documents.delete(other.id);
      await db.documentSummaries.delete(other.id);
    });
    expect([...ws.getState().corpusSelection]).toEqual([doc.id]);
    const second = await createProject(db, 'Q', DEFAULT_SCHEMA);
    await ws.openProject(second.id);
    expect(ws.getState().corpusSelection.size).toBe(0);
  });
});

describe('opening a large project', () => {
  it("lists the first page at once with the project's count, then every document in the order they were added", async () => {
    const big = await createProject(db, 'Big', DEFAULT_SCHEMA);
    const texts = Array.from({ length: 230 }, (_, i) => `Article number ${i} about arms.`);
    const docs = await addDocuments(
      db,
      big.id,
      texts.map((text, i) => ({ title: `Article ${i}`, text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata: {} })),
    );
    const fresh = new Workspace(db, { annotator: 'ann', snapToWords: true });
    // What the list shows, each time it changes: documents listed and how many are still to come.
    const seen: string[] = [];
    fresh.subscribe(() => {
      const { documents, documentsPending } = fresh.getState();
      const now = `${documents.length} + ${documentsPending ?? '?'}`;
      if (seen.at(-1) !== now) seen.push(now);
    });
    await fresh.openProject(big.id);
    const first = fresh.getState();
    expect(first.doc?.id).toBe(first.documents[0]!.id);
    await fresh.whenListed();
    // The first page with the project's stored count, then the whole list.
    expect(seen).toEqual(['200 + 30', '230 + 0']);
    const key = (d: DocumentRecord) => `${d.createdAt} ${d.id}`;
    const expected = [...docs].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((d) => d.id);
    expect(fresh.getState().documents.map((d) => d.id)).toEqual(expected);
    expect(fresh.getState().documentsPending).toBe(0);
  });
});

/** A Workspace whose list can be put back to "still being read" (as at start) at will. */
class StartingWorkspace extends Workspace {
  stillReading(first: number): void {
    const { documents } = this.getState();
    this.set({ documents: documents.slice(0, first), documentsPending: documents.length - first });
  }
}

describe('the end of a large list, read ahead of the rest', () => {
  it('shows the last rows before the pages above them, follows a rename there, and drops them once the list is whole', async () => {
    const big = await createProject(db, 'Big', DEFAULT_SCHEMA);
    const input = (i: number) => ({ title: `Article ${i}`, text: `Text ${i}.`, blocks: [], metadata: {} });
    // Two writes, the second of 249 documents added within a few milliseconds (equal creation times among them).
    await addDocuments(db, big.id, [input(0)]);
    await addDocuments(
      db,
      big.id,
      Array.from({ length: 249 }, (_, i) => input(i + 1)),
    );
    const fresh = new StartingWorkspace(db, { annotator: 'ann', snapToWords: true });
    await fresh.openProject(big.id);
    await fresh.whenListed();
    const whole = fresh.getState().documents;
    expect(whole).toHaveLength(250);
    fresh.stillReading(20);
    // Near the end (the margin of 100 rows above it included): the last 130 rows.
    await fresh.readListEnd(30);
    expect(fresh.getState().documentsTail.map((d) => d.id)).toEqual(whole.slice(-130).map((d) => d.id));
    // Further up: the rows above continue from there, none repeated.
    await fresh.readListEnd(200);
    expect(fresh.getState().documentsTail.map((d) => d.id)).toEqual(whole.slice(-300).map((d) => d.id));
    // The last document, opened from there and renamed: its row says so at once.
    const last = whole.at(-1)!;
    await fresh.openDocument(last.id);
    await fresh.saveDocumentDetails({ title: 'Renamed at the end', metadata: {} });
    expect(fresh.getState().documentsTail.at(-1)).toMatchObject({ id: last.id, title: 'Renamed at the end' });
    // The whole list read: no rows apart.
    await fresh.refreshDocuments();
    expect(fresh.getState().documentsPending).toBe(0);
    expect(fresh.getState().documentsTail).toEqual([]);
    expect(fresh.getState().documents.at(-1)).toMatchObject({ id: last.id, title: 'Renamed at the end' });
  });

  it('keeps no end rows read while the list changed, and reads them again when asked', async () => {
    const big = await createProject(db, 'Big', DEFAULT_SCHEMA);
    await addDocuments(
      db,
      big.id,
      Array.from({ length: 230 }, (_, i) => ({ title: `A${i}`, text: `T${i}.`, blocks: [], metadata: {} })),
    );
    const fresh = new StartingWorkspace(db, { annotator: 'ann', snapToWords: true });
    await fresh.openProject(big.id);
    await fresh.whenListed();
    const whole = fresh.getState().documents;
    fresh.stillReading(5);
    const reading = fresh.readListEnd(1);
    // A change of the list while the end is read (a summary refreshed, a rename): not kept.
    fresh.stillReading(4);
    await reading;
    expect(fresh.getState().documentsTail).toEqual([]);
    await fresh.readListEnd(1);
    expect(fresh.getState().documentsTail.map((d) => d.id)).toEqual(whole.slice(-101).map((d) => d.id));
  });
});

describe('the end of a large list, changed by others while it is shown', () => {
  it('a bulk delete of a row at the end, then documents arriving from a team server: the whole list, as it is now', async () => {
    const big = await createProject(db, 'Big', DEFAULT_SCHEMA);
    const input = (title: string) => ({ title, text: `${title}.`, blocks: [], metadata: {} });
    await addDocuments(
      db,
      big.id,
      Array.from({ length: 230 }, (_, i) => input(`A${i}`)),
    );
    const fresh = new StartingWorkspace(db, { annotator: 'ann', snapToWords: true });
    await fresh.openProject(big.id);
    await fresh.whenListed();
    const whole = fresh.getState().documents;
    fresh.stillReading(10);
    await fresh.readListEnd(5);
    const last = fresh.getState().documentsTail.at(-1)!;
    expect(last.id).toBe(whole.at(-1)!.id);
    await fresh.writeCorpus('Delete', () => deleteDocuments(db, [last.id]));
    expect(fresh.getState().documentsTail).toEqual([]);
    expect(fresh.getState().documents.map((d) => d.id)).toEqual(whole.slice(0, -1).map((d) => d.id));
    // Again at the end, and a document arrives through the team server (written by the sync engine).
    fresh.stillReading(10);
    await fresh.readListEnd(5);
    const [arrived] = await addDocuments(db, big.id, [input('From the server')]);
    await fresh.reloadAfterSync();
    expect(fresh.getState().documentsTail).toEqual([]);
    expect(fresh.getState().documents.at(-1)!.id).toBe(arrived!.id);
    expect(fresh.getState().documents).toHaveLength(230);
  });
});

describe('opening a project', () => {
  const input = (title: string) => ({
    title,
    text: TEXT,
    blocks: [{ kind: 'paragraph' as const, start: 0, end: TEXT.length }],
    metadata: {},
  });

  it('opens the last document when it is in the project, the list’s first otherwise, with the list and its count', async () => {
    const other = await createProject(db, 'Q', DEFAULT_SCHEMA);
    const [, second] = await addDocuments(db, other.id, [input('Q1'), input('Q2')]);
    await ws.openProject(other.id, second!.id);
    expect(ws.getState().project?.id).toBe(other.id);
    expect(
      ws
        .getState()
        .documents.map((d) => d.title)
        .sort(),
    ).toEqual(['Q1', 'Q2']);
    expect(ws.getState().documentsPending).toBe(0);
    expect(ws.getState().doc?.id).toBe(second!.id);
    // A document of another project (or one that is gone) is not opened in this one.
    const listFirst = ws.getState().documents[0]!.id;
    await ws.openProject(other.id, doc.id);
    expect(ws.getState().doc?.id).toBe(listFirst);
    await ws.openProject(other.id, 'no-such-document');
    expect(ws.getState().doc?.id).toBe(listFirst);
  });

  it('lists and opens the documents of a database of the first release at once after upgrading it', async () => {
    // Version 1 had no summaries: the list reads them, and the upgrade leaves them to be built.
    const name = `first-release-${Math.random()}`;
    const old = openDbAtVersion(name, 1);
    await old.open();
    await old.table('projects').add({ id: 'p-old', name: 'Old study', schema: DEFAULT_SCHEMA, createdAt: T1, updatedAt: T1 });
    for (const [id, title, at] of [
      ['d-b', 'Second article', '2026-11-29T08:00:01.000Z'],
      ['d-a', 'First article', T1],
    ])
      await old
        .table('documents')
        .add({ id, projectId: 'p-old', title, text: TEXT, blocks: [], metadata: {}, textHash: id, createdAt: at, updatedAt: at });
    old.close();
    const upgraded = new AppDb(name);
    try {
      // The list's first page, as a start reads it: both documents, in the order they were added, and nothing to follow.
      const list = await openDocumentList(upgraded, 'p-old', 200);
      expect(list.first.map((d) => d.title)).toEqual(['First article', 'Second article']);
      expect(list.complete).toBe(true);
      // A start on it: the list shows them and the first opens, before the background read.
      const fresh = new Workspace(upgraded, { annotator: 'ann', snapToWords: true });
      await fresh.openProject('p-old');
      expect(fresh.getState().documents.map((d) => d.title)).toEqual(['First article', 'Second article']);
      expect(fresh.getState().doc?.title).toBe('First article');
      await fresh.whenListed();
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('builds only a page of missing summaries before showing the list, and the rest in the background', async () => {
    const name = `first-release-big-${Math.random()}`;
    const old = openDbAtVersion(name, 1);
    await old.open();
    await old.table('projects').add({ id: 'p-old', name: 'Old study', schema: DEFAULT_SCHEMA, createdAt: T1, updatedAt: T1 });
    await old.table('documents').bulkAdd(
      Array.from({ length: 7 }, (_, i) => ({
        id: `d${i}`,
        projectId: 'p-old',
        title: `A${i}`,
        text: TEXT,
        blocks: [],
        metadata: {},
        textHash: `h${i}`,
        createdAt: T1,
        updatedAt: T1,
      })),
    );
    old.close();
    const upgraded = new AppDb(name);
    try {
      const list = await openDocumentList(upgraded, 'p-old', 3);
      expect(list.first).toHaveLength(3);
      expect(list.complete).toBe(false);
      expect((await list.all()).map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('says so when the project is gone, and keeps what was open', async () => {
    await expect(ws.openProject('no-such-project', doc.id)).rejects.toThrow('That project no longer exists.');
    expect(ws.getState().doc?.id).toBe(doc.id);
  });
});

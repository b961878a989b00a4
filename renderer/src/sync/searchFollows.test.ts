// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import { AppDb } from '../db/db.ts';
import { addDocuments, listDocumentSummaries } from '../db/documents.ts';
import { createProject, searchCorpus } from '../db/corpus.ts';
import { pendingTextIndex } from '../db/textIndex.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { toDocs, type CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';
import { servers, waitFor } from './testing.ts';

// The team server is a second local PouchDB here: the replication between them is PouchDB's own.
vi.mock('./remote.ts', async (original) => (await import('./testing.ts')).withLocalServers(await original()));
const { SyncEngine } = await import('./engine.ts');

PouchDB.plugin(IndexeddbAdapter);

let db: AppDb;
let name: string;
let project: Project;
let docs: DocumentRecord[];
let server: PouchDB.Database<CouchDoc>;
let engine: InstanceType<typeof SyncEngine>;

/** Titles of the hits of a search, as the corpus browser runs it (its list read again). */
async function search(q: string): Promise<string[]> {
  const summaries = await listDocumentSummaries(db, project.id);
  const result = await searchCorpus(db, project.id, q, new Map(summaries.map((s, i) => [s.id, i])));
  const titles = new Map(summaries.map((s) => [s.id, s.title]));
  return result.all().map((h) => titles.get(h.id)!);
}

/** A teammate's change to a document on the server, as their replica would push it. */
async function changeOnServer(id: string, change: (record: Record<string, unknown>) => Record<string, unknown> | null) {
  const current = (await server.get(`document:${id}`)) as CouchDoc & { _rev: string };
  const record = change(current.record as Record<string, unknown>);
  await server.bulkDocs([record ? { ...current, record } : { ...current, _deleted: true }]);
}

beforeEach(async () => {
  name = `search-sync-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'Team', DEFAULT_SCHEMA);
  const connection: SyncConnectionRecord = {
    projectId: project.id,
    url: 'http://127.0.0.1:5984',
    database: `server-${Math.random()}`,
    user: 'ann',
    connectedAt: '',
  };
  await db.syncConnections.put(connection);
  // 'shared' in every text; the first two name it three times (used often), the third in its title.
  const text = (n: number) => `Report ${n} on the harbour. Shared${n < 2 ? ' shared shared' : ''} everywhere.`;
  docs = await addDocuments(
    db,
    project.id,
    ['Alpha', 'Beta', 'Shared gamma', 'Delta'].map((title, n) => ({
      title,
      text: text(n),
      blocks: [{ kind: 'paragraph' as const, start: 0, end: text(n).length }],
      metadata: {},
    })),
  );
  server = new PouchDB<CouchDoc>(connection.database, { adapter: 'indexeddb' });
  servers.set(connection.database, server);
  await server.bulkDocs([...toDocs('projects', project), ...docs.flatMap((d) => toDocs('documents', d))]);
  await db.syncOutbox.clear();
  engine = new SyncEngine(db, connection, { user: 'ann', password: 'secret' }, () => undefined);
  await engine.start();
  // Indexed before the teammate's changes arrive.
  const hits = await search('shared');
  expect([hits[0], hits.slice(1, 3).sort(), hits[3]]).toEqual(['Shared gamma', ['Alpha', 'Beta'], 'Delta']);
  expect(await pendingTextIndex(db, project.id)).toEqual([]);
});

afterEach(async () => {
  await engine.stop();
  await new PouchDB(`claimscope-replica-${project.id}`, { adapter: 'indexeddb' }).destroy().catch(() => {});
  await server.destroy();
  db.close();
  await new AppDb(name).delete();
});

describe('search after a teammate’s changes arrive by sync', () => {
  it('finds a renamed document by its new title only, and ranks it by it', async () => {
    const delta = docs[3]!;
    await changeOnServer(delta.id, (r) => ({ ...r, title: 'Shared lighthouse' }));
    await waitFor(
      'the new title here',
      async () => (await db.documents.get(delta.id))?.title,
      (t) => t === 'Shared lighthouse',
    );
    expect(await search('lighthouse')).toEqual(['Shared lighthouse']);
    expect(await search('delta')).toEqual([]);
    // Its title now names the word: ranked with the other title match (the two in list order), before those that use it often.
    const hits = await search('shared');
    expect([hits.slice(0, 2).sort(), hits.slice(2).sort()]).toEqual([
      ['Shared gamma', 'Shared lighthouse'],
      ['Alpha', 'Beta'],
    ]);
  });

  it('no longer finds a deleted document, and finds one added', async () => {
    const beta = docs[1]!;
    await changeOnServer(beta.id, () => null);
    const added = { ...docs[0]!, id: 'doc-added-by-bob', title: 'Epsilon', text: 'Shared news from the harbour.', textHash: 'hash-added' };
    await server.bulkDocs(toDocs('documents', added as DocumentRecord));
    await waitFor(
      'the deletion and the new document here',
      async () => [await db.documents.get(beta.id), await db.documents.get(added.id)],
      ([gone, come]) => gone === undefined && come !== undefined,
    );
    const hits = await search('shared');
    expect([hits.slice(0, 2), hits.slice(2).sort()]).toEqual([
      ['Shared gamma', 'Alpha'],
      ['Delta', 'Epsilon'],
    ]);
    expect(await search('epsilon')).toEqual(['Epsilon']);
    expect(await search('beta')).toEqual([]);
  });
});

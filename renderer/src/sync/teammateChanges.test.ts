// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import { AppDb } from '../db/db.ts';
import { addDocument } from '../db/documents.ts';
import { createProject } from '../db/corpus.ts';
import { createAnnotations } from '../db/annotations.ts';
import { checkAnnotationCounts, recordAnnotationCounts } from '../db/storage.ts';
import { changeMark } from '../db/changeMarks.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import type { CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';
import { servers, waitFor } from './testing.ts';

// A teammate's changes arriving through the real sync engine: the alarm for vanished annotations
// and the automatic backups' change mark. The team server is a second local PouchDB (testing.ts).
vi.mock('./remote.ts', async (original) => (await import('./testing.ts')).withLocalServers(await original()));
const { SyncEngine } = await import('./engine.ts');

PouchDB.plugin(IndexeddbAdapter);

const TEXT = 'Lavrov said Russia sells arms to Syria, and Reuters reported it on Tuesday, quoting two officials.';
let db: AppDb;
let name: string;
let project: Project;
let doc: DocumentRecord;
let server: PouchDB.Database<CouchDoc>;
let connection: SyncConnectionRecord;
const engines: InstanceType<typeof SyncEngine>[] = [];

async function startEngine() {
  const engine = new SyncEngine(db, connection, { user: 'ann', password: 'secret' }, () => undefined);
  engines.push(engine);
  await engine.start();
  return engine;
}

/** The server's annotations, by document id and revision. */
const serverAnnotations = async () =>
  (await server.allDocs({ include_docs: true, conflicts: true })).rows.flatMap((r) =>
    r.id.startsWith('annotation:') && r.doc ? [{ id: r.id, rev: r.doc._rev }] : [],
  );

/** A teammate deletes `n` annotations: their deletions reach the server, and from it this computer. */
async function teammateDeletes(n: number) {
  const rows = (await serverAnnotations()).slice(0, n);
  await server.bulkDocs(rows.map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) as never[]);
  return rows.map((r) => r.id.slice('annotation:'.length));
}

/** Annotations removed behind the app's back (eviction, a bad copy of the profile): the rows and the summary's count. */
async function vanish(n: number) {
  const ids = (await db.annotations.toArray()).slice(0, n).map((a) => a.id);
  const raw = new AppDb(name);
  await raw.transaction('rw', raw.annotations, raw.documentSummaries, raw.syncCheckpoints, async () => {
    // With the checkpoints table in the transaction, the outbox does not send the removal to the server.
    await raw.annotations.bulkDelete(ids);
    const s = (await raw.documentSummaries.get(doc.id))!;
    await raw.documentSummaries.put({ ...s, annotationCount: s.annotationCount - n });
  });
  raw.close();
}

beforeEach(async () => {
  name = `teammate-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'Team study', DEFAULT_SCHEMA);
  connection = { projectId: project.id, url: 'http://127.0.0.1:5984', database: `server-${Math.random()}`, user: 'ann', connectedAt: '' };
  await db.syncConnections.put(connection);
  server = new PouchDB<CouchDoc>(connection.database, { adapter: 'indexeddb' });
  servers.set(connection.database, server);
  doc = await addDocument(db, project.id, {
    title: 'T',
    text: TEXT,
    blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }],
    metadata: {},
  });
  await createAnnotations(
    db,
    doc,
    Array.from({ length: 60 }, (_, i) => ({ label: 'Claim', ranges: [{ start: i, end: i + 3 }], layer: 'ann' })),
    'ann',
  );
  // Everything is on the server, and the counts are recorded as the app records them after a save.
  await startEngine();
  await waitFor('60 annotations on the server', serverAnnotations, (rows) => rows.length === 60);
  await recordAnnotationCounts(db);
  expect(await checkAnnotationCounts(db)).toEqual([]);
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.destroyReplica();
  await server.destroy();
  db.close();
  await new AppDb(name).delete();
});

describe("a teammate's changes, replicated in", () => {
  it('are not taken for a loss by the vanished-annotations alarm, and mark the project changed for the backups', async () => {
    const mark = await changeMark(db, project.id);
    const gone = await teammateDeletes(40);
    await waitFor(
      'the deletions applied',
      () => db.annotations.count(),
      (n) => n === 20,
    );
    expect(await db.annotations.bulkGet(gone)).toEqual(gone.map(() => undefined));
    expect((await db.documentSummaries.get(doc.id))?.annotationCount).toBe(20);
    expect(await checkAnnotationCounts(db)).toEqual([]);
    expect(await changeMark(db, project.id)).not.toBe(mark);
  });

  it("still names annotations that vanished behind the app's back, whatever a teammate deleted meanwhile", async () => {
    await engines[0]!.stop();
    // 25 of the 60 vanish while the app is closed; meanwhile a teammate deletes 20 of the others.
    await vanish(25);
    const kept = new Set((await db.annotations.toArray()).map((a) => `annotation:${a.id}`));
    const theirs = (await serverAnnotations()).filter((r) => kept.has(r.id)).slice(0, 20);
    await server.bulkDocs(theirs.map((r) => ({ _id: r.id, _rev: r.rev, _deleted: true })) as never[]);
    // The app starts: the teammate's deletions arrive; the 25 are still missing, and named.
    await startEngine();
    await waitFor(
      'the deletions applied',
      () => db.annotations.count(),
      (n) => n === 15,
    );
    expect(await checkAnnotationCounts(db)).toEqual([{ projectId: project.id, name: 'Team study', before: 40, now: 15 }]);
  });
});

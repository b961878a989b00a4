// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import { AppDb } from '../db/db.ts';
import { addDocument } from '../db/documents.ts';
import { createProject } from '../db/corpus.ts';
import { createAnnotation } from '../db/annotations.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { Annotation, DocumentRecord, Project } from '../../core/model/types.ts';
import { toDocs, type CouchDoc } from './mapping.ts';
import type { SyncConnectionRecord } from './outbox.ts';
import { servers, waitFor } from './testing.ts';

// The team server is a second local PouchDB here: the replication between them is PouchDB's own.
vi.mock('./remote.ts', async (original) => (await import('./testing.ts')).withLocalServers(await original()));
const { SyncEngine } = await import('./engine.ts');

PouchDB.plugin(IndexeddbAdapter);

// An installation of the release before the `indexeddb` adapter: its replica was kept by the
// `idb` adapter under `claimscope-sync-<project>`. Its state when it stopped: the article and
// a1 on the server, a1 with two versions (a conflict nobody resolved yet), a2 written into the
// replica by the pump but not yet pushed (its outbox row marked pumped), and the Dexie
// checkpoint at the end of that replica's change feed.

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';
const WINNER = `2-${'b'.repeat(32)}`;
const LOSER = `2-${'a'.repeat(32)}`;
const ROOT = 'c'.repeat(32);

let db: AppDb;
let name: string;
let project: Project;
let doc: DocumentRecord;
let a1: Annotation;
let a2: Annotation;
let server: PouchDB.Database<CouchDoc>;
let connection: SyncConnectionRecord;
const engines: InstanceType<typeof SyncEngine>[] = [];

const oldName = () => `claimscope-sync-${project.id}`;
const newName = () => `claimscope-replica-${project.id}`;
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

function start() {
  const engine = new SyncEngine(db, connection, { user: 'ann', password: 'secret' }, () => undefined);
  engines.push(engine);
  return engine;
}

/** Every version of a1 as the old replica and the server hold it: the winner Dexie shows, and a teammate's. */
async function putConflictedA1(target: PouchDB.Database<CouchDoc>) {
  const [winner] = toDocs('annotations', a1);
  const loser = { ...winner!, record: { ...winner!.record, note: 'bob’s version' } };
  await target.bulkDocs(
    [
      { ...winner!, _rev: WINNER, _revisions: { start: 2, ids: [WINNER.slice(2), ROOT] } },
      { ...loser, _rev: LOSER, _revisions: { start: 2, ids: [LOSER.slice(2), ROOT] } },
    ] as never[],
    { new_edits: false },
  );
}

/** a2, which only the old replica and the outbox held, reaches the server; its outbox row goes only then. */
async function expectA2SentThenOutboxEmpty() {
  const pushed = await waitFor(
    'a2 on the server',
    () => server.get(`annotation:${a2.id}`).catch(() => null),
    (d) => d !== null,
  );
  expect(pushed).toMatchObject({ record: { id: a2.id, label: 'Speaker' } });
  await waitFor(
    'the outbox to empty',
    () => db.syncOutbox.count(),
    (n) => n === 0,
  );
}

/** Dexie holds the article and both annotations as they were. */
async function expectDexieUnchanged() {
  const annotations = await db.annotations.where('documentId').equals(doc.id).toArray();
  expect(annotations.map((a) => [a.id, a.label])).toEqual(
    [
      [a1.id, 'Claim'],
      [a2.id, 'Speaker'],
    ].sort(),
  );
  expect(await db.documents.get(doc.id)).toMatchObject({ text: TEXT });
}

beforeEach(async () => {
  name = `adopt-${Math.random()}`;
  db = new AppDb(name);
  project = await createProject(db, 'Team', DEFAULT_SCHEMA);
  connection = { projectId: project.id, url: 'http://127.0.0.1:5984', database: `server-${Math.random()}`, user: 'ann', connectedAt: '' };
  await db.syncConnections.put(connection);
  doc = await addDocument(db, project.id, {
    title: 'T',
    text: TEXT,
    blocks: [{ kind: 'paragraph', start: 0, end: TEXT.length }],
    metadata: {},
  });
  a1 = await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
  a2 = await createAnnotation(db, doc, { label: 'Speaker', ranges: [{ start: 0, end: 6 }], layer: 'ann' }, 'ann');
  server = new PouchDB<CouchDoc>(connection.database, { adapter: 'indexeddb' });
  servers.set(connection.database, server);
  const shared = [...toDocs('projects', project), ...toDocs('documents', doc)];
  await server.bulkDocs(shared);
  await putConflictedA1(server);
  // The outbox as the old release left it: everything sent but a2, pumped and waiting for the push.
  await db.syncOutbox.clear();
  await db.syncOutbox.add({ projectId: project.id, table: 'annotations', key: a2.id, deleted: 0, pumped: 1 });
});

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  for (const n of [newName(), oldName()])
    await new PouchDB(n, { adapter: n === oldName() ? 'idb' : 'indexeddb' }).destroy().catch(() => {});
  await server.destroy();
  db.close();
  await new AppDb(name).delete();
});

describe('carrying an idb replica over to the indexeddb adapter', () => {
  it('keeps its documents, conflicts and waiting change, once, and applies its feed to Dexie again', async () => {
    const old = new PouchDB<CouchDoc>(oldName(), { adapter: 'idb' });
    await PouchDB.replicate(server, old);
    await old.bulkDocs(toDocs('annotations', a2));
    await db.syncCheckpoints.put({ projectId: project.id, seq: (await old.info()).update_seq });
    await old.close();
    expect(await databases()).toContain(`_pouch_${oldName()}`);

    const checkpoints: (string | number)[] = [];
    db.syncCheckpoints.hook('updating', (mods) => void checkpoints.push((mods as { seq: string | number }).seq));
    const engine = start();
    await engine.start();

    // The waiting change reaches the server from the carried-over replica; its outbox row goes only then.
    await expectA2SentThenOutboxEmpty();
    // Both versions of a1 are still there, and the status lists the conflict.
    await waitFor(
      'the conflict in the status',
      async () => engine.getStatus().conflicts,
      (c) => c.length === 1,
    );
    expect(engine.getStatus().conflicts).toEqual([`annotation:${a1.id}`]);
    expect((await engine.versionsOf(`annotation:${a1.id}`)).map((v) => [v._rev, v.record?.note])).toEqual([
      [WINNER, ''],
      [LOSER, 'bob’s version'],
    ]);
    // The old replica is gone; Dexie holds what it held; its checkpoint went back to the start
    // once and then followed the new replica's feed to its end.
    expect(await databases()).not.toContain(`_pouch_${oldName()}`);
    await expectDexieUnchanged();
    const replica = new PouchDB<CouchDoc>(newName(), { adapter: 'indexeddb' });
    await waitFor(
      'the checkpoint at the end of the new feed',
      async () => [(await db.syncCheckpoints.get(project.id))?.seq, (await replica.info()).update_seq],
      ([applied, end]) => applied === end,
    );
    expect(checkpoints.filter((s) => s === 0)).toHaveLength(1);

    // A restart copies nothing again: the checkpoint is never put back to the start.
    await engine.stop();
    const again = start();
    await again.start();
    await waitFor(
      'the conflict after the restart',
      async () => again.getStatus().conflicts,
      (c) => c.length === 1,
    );
    expect(checkpoints.filter((s) => s === 0)).toHaveLength(1);
  });

  it('when the old replica cannot be read, leaves Dexie and the outbox whole and sends the waiting change from them', async () => {
    // A database under the old replica's name that the idb adapter cannot open (a newer version than it knows).
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(`_pouch_${oldName()}`, 99);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    await db.syncCheckpoints.put({ projectId: project.id, seq: 7 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const engine = start();
    await engine.start();

    // a2 was only in the unreadable replica and in the outbox: it reaches the server from Dexie.
    await expectA2SentThenOutboxEmpty();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^The previous local replica could not be copied/), expect.any(String));
    warn.mockRestore();
    await expectDexieUnchanged();
    // The server's conflict still arrives, and the unreadable copy is gone, so it is not tried again.
    await waitFor(
      'the conflict in the status',
      async () => engine.getStatus().conflicts,
      (c) => c.length === 1,
    );
    expect(await databases()).not.toContain(`_pouch_${oldName()}`);
  });

  it('lists the conflicts of a replica whose checkpoint predates keeping them, after a restart', async () => {
    const replica = new PouchDB<CouchDoc>(newName(), { adapter: 'indexeddb' });
    await PouchDB.replicate(server, replica);
    await db.syncCheckpoints.put({ projectId: project.id, seq: (await replica.info()).update_seq });
    await db.syncOutbox.clear();
    const engine = start();
    await engine.start();
    expect(engine.getStatus().conflicts).toEqual([`annotation:${a1.id}`]);
    expect((await db.syncCheckpoints.get(project.id))?.conflicts).toEqual([`annotation:${a1.id}`]);
  });
});

// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';
import { AppDb } from '../db/db.ts';
import { addDocuments } from '../db/documents.ts';
import { createProject } from '../db/corpus.ts';
import { storedCounts } from '../db/projectCounts.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import type { DocumentRecord, Project } from '../../core/model/types.ts';
import { toDocs, type CouchDoc } from './mapping.ts';
import { servers, waitFor } from './testing.ts';

// The team server is a second local PouchDB (testing.ts): the replication between them is PouchDB's own.
vi.mock('./remote.ts', async (original) => (await import('./testing.ts')).withLocalServers(await original()));
const { SyncEngine } = await import('./engine.ts');

PouchDB.plugin(IndexeddbAdapter);

const TEXT = 'Lavrov said the United States was supplying Syrian rebels with arms.';

let teammate: AppDb;
let db: AppDb;
let project: Project;
let theirs: DocumentRecord[];
let server: PouchDB.Database<CouchDoc>;
let engine: InstanceType<typeof SyncEngine> | null = null;

beforeEach(async () => {
  // A teammate's project of three documents on the server.
  teammate = new AppDb(`counts-teammate-${Math.random()}`);
  const shared = await createProject(teammate, 'Team', DEFAULT_SCHEMA);
  theirs = await addDocuments(
    teammate,
    shared.id,
    [1, 2, 3].map((i) => ({ title: `T${i}`, text: `${TEXT} (${i})`, blocks: [], metadata: {} })),
  );
  const serverName = `server-${Math.random()}`;
  server = new PouchDB<CouchDoc>(serverName, { adapter: 'indexeddb' });
  servers.set(serverName, server);
  await server.bulkDocs([...toDocs('projects', shared), ...theirs.flatMap((d) => toDocs('documents', d))]);
  // This installation joins it with an empty project.
  db = new AppDb(`counts-${Math.random()}`);
  project = await createProject(db, 'Team', DEFAULT_SCHEMA);
  const connection = { projectId: project.id, url: 'http://127.0.0.1:5984', database: serverName, user: 'ann', connectedAt: '' };
  await db.syncConnections.put(connection);
  engine = new SyncEngine(db, connection, { user: 'ann', password: 'secret' }, () => undefined);
});

afterEach(async () => {
  await engine?.stop();
  await new PouchDB(`claimscope-replica-${project.id}`, { adapter: 'indexeddb' }).destroy().catch(() => {});
  await server.destroy();
  for (const d of [db, teammate]) {
    d.close();
    await d.delete();
  }
});

describe("a project's stored counts with a team server", () => {
  it('follow the documents that arrive and those a teammate deletes', async () => {
    await engine!.start();
    await waitFor(
      'the three documents',
      () => db.documents.where('projectId').equals(project.id).count(),
      (n) => n === 3,
      400,
    );
    expect(await storedCounts(db, project.id)).toMatchObject({ documents: 3, summaries: 3 });
    const gone = await server.get(`document:${theirs[0]!.id}`);
    await server.bulkDocs([{ ...gone, _deleted: true }]);
    await waitFor(
      'the deletion',
      () => db.documents.where('projectId').equals(project.id).count(),
      (n) => n === 2,
      400,
    );
    expect(await storedCounts(db, project.id)).toMatchObject({ documents: 2, summaries: 2 });
  });
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import type { AppDb } from '../db/db.ts';
import { addDocument } from '../db/documents.ts';
import { createProject } from '../db/corpus.ts';
import { createAnnotation } from '../db/annotations.ts';
import { backupProject } from '../db/archive.ts';
import { shareBundle } from '../db/review.ts';
import { DEFAULT_SCHEMA } from '../../core/model/schema.ts';
import { webSecretStore } from './credentials.ts';
import { freshDatabases } from '../db/testing.ts';

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

const SECRET = 'pässwörd-9f3c';
const URL = 'https://couch.lab.example:6984';
let db: AppDb;
const freshDb = freshDatabases('creds');

beforeEach(() => {
  db = freshDb();
});

const allText = (bytes: Uint8Array) =>
  Object.values(unzipSync(bytes))
    .map((b) => strFromU8(b))
    .join('\n');

describe('team server credentials', () => {
  it('keep the password for the session unless the user opts in', async () => {
    const session = new MemoryStorage();
    const persistent = new MemoryStorage();
    const store = webSecretStore(session, persistent);
    await store.set('p1', SECRET, false);
    expect(await store.get('p1')).toBe(SECRET);
    expect(persistent.length).toBe(0);
    // A new session (sessionStorage gone) asks again.
    expect(await webSecretStore(new MemoryStorage(), persistent).get('p1')).toBeNull();
    await store.set('p1', SECRET, true);
    expect(await webSecretStore(new MemoryStorage(), persistent).get('p1')).toBe(SECRET);
    await store.delete('p1');
    expect(await store.get('p1')).toBeNull();
  });

  it('never appear in archives or annotator bundles of a connected project', async () => {
    const project = await createProject(db, 'Team', DEFAULT_SCHEMA);
    await db.syncConnections.put({ projectId: project.id, url: URL, database: 'lab-claims', user: 'alice-server-login', connectedAt: '' });
    await webSecretStore(new MemoryStorage(), new MemoryStorage()).set(project.id, SECRET, true);
    const text = 'Lavrov said the United States was supplying Syrian rebels with arms.';
    const doc = await addDocument(db, project.id, {
      title: 'T',
      text,
      blocks: [{ kind: 'paragraph', start: 0, end: text.length }],
      metadata: {},
    });
    await createAnnotation(db, doc, { label: 'Claim', ranges: [{ start: 0, end: 6 }], layer: 'alice' }, 'alice');
    expect(await db.syncOutbox.count()).toBeGreaterThan(0);

    const archive = await backupProject(db, project.id, { appVersion: 'test' });
    const bundle = await shareBundle(db, project.id, 'alice', { appVersion: 'test' });
    for (const bytes of [archive.bytes, bundle.bytes]) {
      const content = allText(bytes);
      expect(content).toContain('Lavrov'); // the archive was read
      for (const secret of [SECRET, URL, 'couch.lab.example', 'alice-server-login', 'syncConnections', 'syncOutbox', 'syncCheckpoints']) {
        expect(content).not.toContain(secret);
      }
    }
  });
});

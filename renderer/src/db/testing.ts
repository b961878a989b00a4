/**
 * Test helper: a database as an older release of Claimscope left it, built from the same
 * version history (`STORE_VERSIONS`) that `AppDb` declares, so migration tests cannot drift from
 * the real schema. Open it, fill it, close it, then reopen the name with `new AppDb(name)`.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { AppDb } from './db.ts';
import { addDocument } from './documents.ts';
import type { DocumentRecord, ProjectId } from '../../core/model/types.ts';

export { openDbAtVersion } from './db.ts';

/** Test helper: a maker of fresh databases named `prefix-…`, each closed and deleted after the test. */
export function freshDatabases(prefix: string): () => AppDb {
  const dbs: AppDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return () => {
    const db = new AppDb(`${prefix}-${Math.random()}`);
    dbs.push(db);
    return db;
  };
}

/** Test helper: adds a document whose text is one paragraph, `text`, to the project. */
export function addParagraph(db: AppDb, projectId: ProjectId, text: string, title = 'T'): Promise<DocumentRecord> {
  return addDocument(db, projectId, { title, text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], metadata: {} });
}

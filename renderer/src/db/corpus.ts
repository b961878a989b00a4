/**
 * The corpus index: one summary row and one search-terms row per document, written in the same
 * transaction as the document or annotation change they describe, plus the corpus-wide writes
 * (bulk delete, move; creating, renaming and deleting a project) that must remove or move every record of a document at once.
 */
import Dexie, { type Collection, type Table } from 'dexie';
import { newProjectId } from '../../core/model/ids.ts';
import type { DocumentId, DocumentRecord, Metadata, Project, ProjectId, Schema } from '../../core/model/types.ts';
import { summarize, type DocumentSummary } from '../../core/corpus/browse.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { isProjectScoped, type AppDb, type OperationRecord } from './db.ts';
import { setStatus, type DocumentStatusValue } from './status.ts';
import { pruneDocumentsFromGroups } from './claimGroups.ts';
import { corpusIndexTables, indexDocuments, type AnnotationFacts } from './summaries.ts';
import { forgetNumbering, retireNumbers } from './textNumbers.ts';
import { storedCounts } from './projectCounts.ts';

export { corpusIndexTables, indexDocuments, refreshSummaries } from './summaries.ts';
export { searchCorpus, type SearchResult } from './textSearch.ts';

const now = () => new Date().toISOString();

/** A row's place in the list: its creation time, then its id (IndexedDB orders an index's equal keys by primary key). */
export type ListKey = Pick<DocumentSummary, 'createdAt' | 'id'>;

/**
 * The project's summaries in the order documents were added (creation time, then id), read in
 * that order from the index: all of them, or `limit`, from the top or right after the row at
 * `after` (whether or not that row still exists). A page is found by its key, never by walking
 * the rows before it, so a page at the end of 100,000 costs what the first does; rows added or
 * deleted before it move nothing in it.
 */
export function loadSummaries(db: AppDb, projectId: string, after: ListKey | null = null, limit = Infinity): Promise<DocumentSummary[]> {
  return readPage(db, projectId, after, limit, false);
}

/**
 * The `limit` summaries just before the row at `before` in list order (or the list's last ones,
 * for null), in list order: the end of a long list, read before the pages above it.
 */
export async function loadSummariesBefore(db: AppDb, projectId: string, before: ListKey | null, limit: number): Promise<DocumentSummary[]> {
  return (await readPage(db, projectId, before, limit, true)).reverse();
}

/** Up to `limit` summaries from `from` (exclusive; null: the list's start or end), forwards or backwards. */
async function readPage(db: AppDb, projectId: string, from: ListKey | null, limit: number, backwards: boolean): Promise<DocumentSummary[]> {
  const inOrder = db.documentSummaries.where('[projectId+createdAt]');
  const upTo = (rows: Collection<DocumentSummary, string>) => {
    const ordered = backwards ? rows.reverse() : rows;
    return limit === Infinity ? ordered : ordered.limit(limit);
  };
  if (!from) return upTo(inOrder.between([projectId, Dexie.minKey], [projectId, Dexie.maxKey])).toArray();
  return db.transaction('r', db.documentSummaries, async (tx) => {
    // The rows of the same creation time beyond it (an import's batch shares one), then the other times.
    const ties = await sameTimeBeyond(tx.idbtrans, projectId, from, limit, backwards);
    if (ties.length >= limit) return ties;
    const rest = backwards
      ? inOrder.between([projectId, Dexie.minKey], [projectId, from.createdAt], true, false)
      : inOrder.between([projectId, from.createdAt], [projectId, Dexie.maxKey], false, true);
    const more = limit === Infinity ? rest : rest.limit(limit - ties.length);
    return ties.concat(await (backwards ? more.reverse() : more).toArray());
  });
}

/**
 * Up to `limit` summaries with the creation time of `from` and a greater id (a smaller one,
 * nearest first, `backwards`), read in `trans` by a cursor that seeks to `from`
 * (`continuePrimaryKey`) instead of stepping over the rows before it (a Dexie promise, so the
 * transaction's zone is kept).
 */
function sameTimeBeyond(
  trans: IDBTransaction,
  projectId: string,
  from: ListKey,
  limit: number,
  backwards: boolean,
): Promise<DocumentSummary[]> {
  return new Dexie.Promise<DocumentSummary[]>((resolve, reject) => {
    const key = [projectId, from.createdAt];
    const index = trans.objectStore('documentSummaries').index('[projectId+createdAt]');
    const request = index.openCursor(IDBKeyRange.only(key), backwards ? 'prev' : 'next');
    const beyond = (id: string) => (backwards ? id < from.id : id > from.id);
    const out: DocumentSummary[] = [];
    let sought = false;
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(out);
      const id = cursor.primaryKey as string;
      if (beyond(id)) {
        out.push(cursor.value as DocumentSummary);
        if (out.length < limit) cursor.continue();
        else resolve(out);
      } else if (id !== from.id && !sought) {
        sought = true;
        cursor.continuePrimaryKey(key, from.id);
      } else cursor.continue();
    };
  });
}

const BACKFILL_BATCH = 250;

/**
 * Builds the summary rows that are missing for the project's documents (documents written
 * before db version 3, restored from an archive, or by a writer that did not index) and drops
 * index rows whose document is gone: all of them, or the first `limit`. Returns how many summaries
 * were missing (built, unless past `limit`). Works in batches, each its own transaction. Documents
 * without search rows are left to the text index pass (textIndex.ts), which search runs when it
 * needs to.
 */
export async function ensureCorpusIndex(
  db: AppDb,
  projectId: string,
  options: {
    onProgress?: (done: number, total: number) => void;
    /** How many documents the project has (from its stored counts), before any summary is built. */
    onCounted?: (documents: number) => void;
    /** Builds at most this many (the rest on a later call). */
    limit?: number;
  } = {},
): Promise<number> {
  const { onProgress, onCounted, limit = Infinity } = options;
  // Every document has its summary (the common case, answered by the project's stored counts,
  // one row: counting through the indexes walks every entry).
  const counts = await storedCounts(db, projectId);
  onCounted?.(counts.documents);
  if (counts.documents === counts.summaries) return 0;
  const [docIds, summaryIds] = await Promise.all([
    db.documents.where('projectId').equals(projectId).primaryKeys(),
    db.documentSummaries.where('projectId').equals(projectId).primaryKeys(),
  ]);
  const docSet = new Set(docIds);
  const haveSummary = new Set(summaryIds);
  const missing = docIds.filter((id) => !haveSummary.has(id));
  const building = missing.slice(0, limit);
  const orphans = summaryIds.filter((id) => !docSet.has(id));
  if (orphans.length) await db.transaction('rw', corpusIndexTables(db), () => db.documentSummaries.bulkDelete(orphans));
  for (let i = 0; i < building.length; i += BACKFILL_BATCH) {
    const ids = building.slice(i, i + BACKFILL_BATCH);
    await db.transaction('rw', [db.documents, db.annotations, ...corpusIndexTables(db)], async () => {
      const docs = (await db.documents.bulkGet(ids)).filter((d): d is DocumentRecord => d !== undefined);
      const annotations: AnnotationFacts[] = [];
      await db.annotations
        .where('documentId')
        .anyOf(ids)
        .each((a) => annotations.push({ documentId: a.documentId, label: a.label, layer: a.layer }));
      await indexDocuments(db, docs, annotations);
    });
    onProgress?.(Math.min(i + BACKFILL_BATCH, building.length), building.length);
  }
  return missing.length;
}

/** True when a table has an index (or primary key) named `name`. */
function hasIndex(table: Table, name: string): boolean {
  return table.schema.primKey.name === name || table.schema.indexes.some((i) => i.name === name);
}

/**
 * Every table with a `documentId` index: annotations, relations, statuses, document attributes,
 * comments, review decisions, and whatever per-document table a later version adds. Deleting or
 * moving a document deletes or moves its rows in all of them, so no row is left pointing at a
 * document that is gone (which would make the next project archive unrestorable).
 */
export function documentScopedTables(db: AppDb): Table[] {
  return db.tables.filter((t) => hasIndex(t, 'documentId'));
}

/** The projects a user sees: all but one being restored (`db/restore.ts`). */
export async function listProjects(db: AppDb): Promise<Project[]> {
  return (await db.projects.toArray()).filter((p) => p.restoring === undefined);
}

/** Every table whose rows are found by project (see {@link isProjectScoped}): deleting a project empties them of its rows. */
export function projectScopedTables(db: AppDb): Table[] {
  return db.tables.filter((t) => t.name !== 'projects' && isProjectScoped(t));
}

/**
 * Drops the undo-log entries of these documents, in the projects they were in: those made in
 * them, and claim-group steps naming one of their claims (undoing one would bring back a member
 * whose document is gone).
 */
async function dropUndoEntries(db: AppDb, docs: readonly DocumentRecord[]): Promise<void> {
  const idSet = new Set(docs.map((d) => d.id as string));
  const namesDocument = (op: OperationRecord) =>
    [op.before, op.after].some((side) => (side.claimGroups ?? []).some((g) => g.members.some((m) => idSet.has(m.documentId))));
  for (const projectId of new Set(docs.map((d) => d.projectId as string))) {
    await db.operations
      .where('projectId')
      .equals(projectId)
      .filter((op) => idSet.has(op.documentId) || namesDocument(op))
      .delete();
  }
}

/**
 * Deletes documents with everything that belongs to them — every per-document table (annotations,
 * relations, statuses, document attributes, comments, review decisions …), their claims' places
 * in claim groups, summaries, search rows and their undo-log entries — in one transaction.
 */
export async function deleteDocuments(db: AppDb, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const perDocument = documentScopedTables(db);
  const tables = [db.documents, db.operations, db.claimGroups, ...corpusIndexTables(db), ...perDocument];
  return db.transaction('rw', tables, async () => {
    const docs = (await db.documents.bulkGet([...ids])).filter((d): d is DocumentRecord => d !== undefined);
    const found = docs.map((d) => d.id as string);
    for (const t of perDocument) await t.where('documentId').anyOf(found).delete();
    await pruneDocumentsFromGroups(db, found);
    await dropUndoEntries(db, docs);
    await db.documentSummaries.bulkDelete(found);
    await retireNumbers(db, docs);
    await db.documents.bulkDelete(found);
    return found.length;
  });
}

/**
 * Moves documents (with the rows of every per-document table: annotations, relations, statuses,
 * attributes, comments, review decisions …, and their index rows) to another project in one
 * transaction. Their claims leave the old project's claim groups (groups belong to a project).
 * Their undo-log entries are dropped: undo is per project.
 */
export async function moveDocuments(db: AppDb, ids: readonly string[], targetProjectId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const perDocument = documentScopedTables(db);
  const tables = [db.projects, db.documents, db.operations, db.claimGroups, ...corpusIndexTables(db), ...perDocument];
  return db.transaction('rw', tables, async () => {
    if (!(await db.projects.get(targetProjectId))) throw new ValidationError('The target project no longer exists.');
    const docs = (await db.documents.bulkGet([...ids])).filter(
      (d): d is DocumentRecord => d !== undefined && d.projectId !== targetProjectId,
    );
    const found = docs.map((d) => d.id as string);
    await pruneDocumentsFromGroups(db, found);
    const to = { projectId: targetProjectId as ProjectId };
    const at = now();
    await db.documents
      .where('id')
      .anyOf(found)
      .modify({ ...to, updatedAt: at });
    for (const t of perDocument) await t.where('documentId').anyOf(found).modify(to);
    await db.documentSummaries
      .where('id')
      .anyOf(found)
      .modify({ ...to, updatedAt: at });
    // Their numbers here are retired: they are pending in the target project, whose text index
    // numbers and indexes them there.
    await retireNumbers(db, docs);
    await dropUndoEntries(db, docs);
    return found.length;
  });
}

/** A project's name, trimmed; refused when empty. */
function projectName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError('A project needs a name.');
  return trimmed;
}

export async function createProject(db: AppDb, name: string, schema: Schema): Promise<Project> {
  const at = now();
  const project: Project = { id: newProjectId(), name: projectName(name), schema, createdAt: at, updatedAt: at };
  await db.projects.add(project);
  return project;
}

export async function renameProject(db: AppDb, projectId: string, name: string): Promise<Project> {
  const trimmed = projectName(name);
  return db.transaction('rw', db.projects, async () => {
    const project = await db.projects.get(projectId);
    if (!project) throw new ValidationError('That project no longer exists.');
    const renamed = { ...project, name: trimmed, updatedAt: now() };
    await db.projects.put(renamed);
    return renamed;
  });
}

/**
 * Deletes a project and every record in it — the rows of every table with a `projectId` index
 * (documents, annotations, comments, review decisions, layer imports, the undo log, index rows …)
 * — in one transaction.
 */
export async function deleteProject(db: AppDb, projectId: string): Promise<void> {
  const scoped = projectScopedTables(db);
  await db.transaction('rw', [db.projects, db.settings, ...scoped], async () => {
    for (const table of scoped) await table.where('projectId').equals(projectId).delete();
    await db.projects.delete(projectId);
    const last = await db.settings.get('lastProjectId');
    if (last?.value === projectId) await db.settings.delete('lastProjectId');
  });
  forgetNumbering(db, projectId);
}

export async function countDocuments(db: AppDb, projectId: string): Promise<number> {
  return (await storedCounts(db, projectId)).documents;
}

export interface DocumentDetails {
  title: string;
  metadata: Metadata;
  /**
   * What the form began from: only what differs from it is written, onto the document as it is
   * when the change commits, so a field another tab or window changed meanwhile is kept.
   */
  base?: { title: string; metadata: Metadata };
}

/** `current` with the fields `mine` changed from `base` (set, or removed) applied to it. */
function mergedMetadata(current: Metadata, base: Metadata, mine: Metadata): Metadata {
  const out = { ...current };
  for (const key of new Set([...Object.keys(base), ...Object.keys(mine)])) {
    if (Object.hasOwn(base, key) === Object.hasOwn(mine, key) && base[key] === mine[key]) continue;
    if (Object.hasOwn(mine, key)) out[key] = mine[key]!;
    else delete out[key];
  }
  return out;
}

/**
 * Saves a document's title and metadata with its summary in one transaction, a new title retiring
 * the document's text index number (the title is searchable: the next search indexes it again);
 * returns the updated document.
 */
export async function updateDocumentDetails(db: AppDb, documentId: string, details: DocumentDetails): Promise<DocumentRecord> {
  const title = details.title.trim();
  if (!title) throw new ValidationError('A document needs a title.');
  for (const key of Object.keys(details.metadata)) {
    if (!key.trim()) throw new ValidationError('A metadata field needs a name.');
  }
  return db.transaction('rw', [db.documents, ...corpusIndexTables(db)], async () => {
    const doc = await db.documents.get(documentId);
    if (!doc) throw new ValidationError('That document no longer exists.');
    const { base } = details;
    const updated: DocumentRecord = {
      ...doc,
      title: base && title === base.title.trim() ? doc.title : title,
      metadata: base ? mergedMetadata(doc.metadata, base.metadata, details.metadata) : details.metadata,
      updatedAt: now(),
    };
    await db.documents.put(updated);
    // A missing summary is rebuilt, with its annotation counts, by ensureCorpusIndex.
    const summary = await db.documentSummaries.get(documentId);
    const fresh = summarize(updated, []);
    if (summary) await db.documentSummaries.put({ ...summary, title: fresh.title, meta: fresh.meta, updatedAt: fresh.updatedAt });
    // A new title's words are indexed with a new number (the word rows are only appended).
    if (updated.title !== doc.title) await retireNumbers(db, [doc]);
    return updated;
  });
}

/** Sets one annotator's status on many documents in one transaction. */
export async function setStatuses(db: AppDb, ids: readonly string[], annotator: string, status: DocumentStatusValue): Promise<number> {
  return db.transaction('rw', [db.documentSummaries, db.documentStatus], async () => {
    const summaries = (await db.documentSummaries.bulkGet([...ids])).filter((s): s is DocumentSummary => s !== undefined);
    for (const s of summaries) await setStatus(db, { id: s.id as DocumentId, projectId: s.projectId as ProjectId }, annotator, status);
    return summaries.length;
  });
}

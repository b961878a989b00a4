/**
 * Backup of a whole project as a project archive (`core/formats/archive.ts`); restoring one is
 * `restore.ts`.
 *
 * Backup reads every table of the database that belongs to a project — tables with a `projectId`
 * index by it, tables with only a `documentId` index by the project's documents — in one read
 * transaction, so a table added by a later database version is carried without a change here.
 * `projects` goes to project.json; `settings` belong to the app, not to a project.
 */
import type { Table } from 'dexie';
import type { Project } from '../../core/model/types.ts';
import { sortedRows, writeVerifiedArchive, type ArchiveRow } from '../../core/formats/archive.ts';
import type { ArchiveSource } from '../../core/formats/archive-stream.ts';
import { isProjectScoped, type AppDb } from './db.ts';
import { SYNC_TABLES } from '../sync/outbox.ts';
import { TEXT_INDEX_TABLES } from './textIndex.ts';
import { ANNOTATION_PACKS } from './annotationPacksMiddleware.ts';

/**
 * Tables that are not part of any one project, and this installation's team-server bookkeeping
 * (server address, user, queue): a backup never carries them, a restore never connects.
 */
export const APP_TABLES = new Set<string>(['projects', 'settings', ...SYNC_TABLES]);

/**
 * The text index (textIndex.ts), rebuilt from the documents by its pass, and the annotation packs
 * (annotationPacks.ts), rebuilt from the annotations when the agreement next reads them: a backup
 * does not carry them, and a restore leaves out what an archive carried of them (the restored
 * documents are pending, and the next search indexes them).
 */
export const REBUILT_TABLES = new Set<string>([...TEXT_INDEX_TABLES, ANNOTATION_PACKS]);
const carried = (t: Table) => !APP_TABLES.has(t.name) && !REBUILT_TABLES.has(t.name);

export interface ProjectTables {
  project: Project;
  tables: Record<string, ArchiveRow[]>;
  /** Tables left out because they cannot be tied to a project (no projectId or documentId index). */
  skipped: string[];
}

function scopeOf(table: Table): 'project' | 'document' | null {
  if (isProjectScoped(table)) return 'project';
  if (table.schema.indexes.some((i) => i.name === 'documentId')) return 'document';
  return null;
}

/** Reads every row of a project from every project-scoped table, in one read transaction. */
export async function readProjectTables(db: AppDb, projectId: string): Promise<ProjectTables> {
  const tables = db.tables.filter(carried);
  return db.transaction('r', [db.projects, ...tables], async () => {
    const project = await db.projects.get(projectId);
    if (!project) throw new Error('That project no longer exists.');
    const out: Record<string, ArchiveRow[]> = {};
    const skipped: string[] = [];
    const docIds = (await db.documents.where('projectId').equals(projectId).primaryKeys()) as string[];
    for (const table of tables) {
      const scope = scopeOf(table);
      if (scope === 'project') out[table.name] = (await table.where('projectId').equals(projectId).toArray()) as ArchiveRow[];
      else if (scope === 'document') out[table.name] = (await table.where('documentId').anyOf(docIds).toArray()) as ArchiveRow[];
      else skipped.push(table.name);
    }
    return { project, tables: out, skipped };
  });
}

/**
 * The rows of a table that belong to these documents: one index `getAll` per document, all in
 * flight at once, in the order of `ids` (Dexie's `anyOf` walks a cursor a row at a time instead).
 */
export async function rowsOfDocuments<T>(table: Table<T>, ids: readonly string[]): Promise<T[]> {
  const perDocument = await Promise.all(ids.map((id) => table.where('documentId').equals(id).toArray()));
  return perDocument.flat();
}

/**
 * Documents per page of a streamed archive (annotations and relations come a page of documents at
 * a time). Small, so a page's rows die young in the worker's heap rather than outliving a minor
 * collection and filling the old generation until a full one.
 */
const ARCHIVE_PAGE_DOCUMENTS = 50;

/**
 * The project's tables as an archive source (`core/formats/archive-stream.ts`), read a page at a
 * time: documents by creation time, annotations and relations a page of documents (by id) at a
 * time, each sorted as the archive orders it; every other table is read whole and sorted (they
 * are small next to these). Counts are taken first, in one read transaction.
 */
export async function projectArchiveSource(
  db: AppDb,
  projectId: string,
  meta: { appVersion: string; created: string },
): Promise<ArchiveSource> {
  const tables = db.tables.filter((t) => carried(t) && scopeOf(t) !== null);
  // A database before version 3 (read for the backup before its upgrade) has no summaries.
  const summaries = db.tables.find((t) => t.name === 'documentSummaries') as AppDb['documentSummaries'] | undefined;
  const { project, counts, docOrder } = await db.transaction('r', [db.projects, ...(summaries ? [summaries] : []), ...tables], async () => {
    const found = await db.projects.get(projectId);
    if (!found) throw new Error('That project no longer exists.');
    const docIds = (await db.documents.where('projectId').equals(projectId).primaryKeys()) as string[];
    const counts = new Map<string, number>();
    for (const table of tables) {
      counts.set(
        table.name,
        scopeOf(table) === 'project'
          ? await table.where('projectId').equals(projectId).count()
          : await table.where('documentId').anyOf(docIds).count(),
      );
    }
    let keys: { id: string; createdAt: string }[] = summaries ? await summaries.where('projectId').equals(projectId).toArray() : [];
    if (keys.length !== docIds.length) {
      keys = [];
      await db.documents
        .where('projectId')
        .equals(projectId)
        .each((d) => void keys.push({ id: d.id, createdAt: d.createdAt }));
    }
    keys.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { project: found, counts, docOrder: keys.map((k) => k.id) };
  });
  const byId = [...docOrder].sort();
  const pagesOfDocuments = async function* (ids: readonly string[], read: (page: string[]) => Promise<ArchiveRow[]>) {
    for (let i = 0; i < ids.length; i += ARCHIVE_PAGE_DOCUMENTS) yield await read(ids.slice(i, i + ARCHIVE_PAGE_DOCUMENTS));
  };
  return {
    project,
    appVersion: meta.appVersion,
    created: meta.created,
    tables: tables.map((table) => ({
      table: table.name,
      rows: counts.get(table.name) ?? 0,
      pages(): AsyncIterable<ArchiveRow[]> {
        if (table.name === 'documents') {
          return pagesOfDocuments(docOrder, async (ids) =>
            ((await db.documents.bulkGet(ids)) as unknown as (ArchiveRow | undefined)[]).filter((d): d is ArchiveRow => d !== undefined),
          );
        }
        if (table.name === 'annotations' || table.name === 'relations') {
          return pagesOfDocuments(byId, async (ids) =>
            sortedRows(table.name, (await rowsOfDocuments(table, ids)) as ArchiveRow[]).map((k) => k.row),
          );
        }
        return (async function* () {
          const rows =
            scopeOf(table) === 'project'
              ? await table.where('projectId').equals(projectId).toArray()
              : await table.where('documentId').anyOf(byId).toArray();
          yield sortedRows(table.name, rows as ArchiveRow[]).map((k) => k.row);
        })();
      },
    })),
  };
}

/** The project as a `.zip` archive, read back and checked as Restore would before it is returned. */
export async function backupProject(
  db: AppDb,
  projectId: string,
  meta: { appVersion: string; created?: string },
): Promise<{ bytes: Uint8Array; project: Project; skipped: string[] }> {
  const { project, tables, skipped } = await readProjectTables(db, projectId);
  const bytes = writeVerifiedArchive({ project, tables, appVersion: meta.appVersion, created: meta.created ?? new Date().toISOString() });
  return { bytes, project, skipped };
}

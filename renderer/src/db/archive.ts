/**
 * Backup and restore of a whole project as a project archive (`core/formats/archive.ts`).
 *
 * Backup reads every table of the database that belongs to a project — tables with a `projectId`
 * index by it, tables with only a `documentId` index by the project's documents — in one read
 * transaction, so a table added by a later database version is carried without a change here.
 * `projects` goes to project.json; `settings` belong to the app, not to a project.
 *
 * Restore writes everything in ONE transaction: a failure anywhere leaves the database as it was.
 * When the archive's ids are free (an empty app, or a project deleted since), the project comes
 * back with the same ids, so it is identical. When its project id (or any other record id) is
 * already taken — restoring a backup next to the project it came from — every id is replaced by a
 * new one, consistently in every table (references, undo-log snapshots and entity attributes
 * included). Auto-numbered keys (the undo log's `seq`) are kept when free, else renumbered in the
 * same order.
 */
import type { Table } from 'dexie';
import { nanoid } from 'nanoid';
import type { Project } from '../../core/model/types.ts';
import { archiveFileFor, sortedRows, writeVerifiedArchive, type ArchiveContents, type ArchiveRow } from '../../core/formats/archive.ts';
import type { ArchiveSource } from '../../core/formats/archive-stream.ts';
import type { AppDb } from './db.ts';
import { SYNC_TABLES } from '../sync/outbox.ts';

/**
 * Tables that are not part of any one project, and this installation's team-server bookkeeping
 * (server address, user, queue): a backup never carries them, a restore never connects.
 */
const APP_TABLES = new Set<string>(['projects', 'settings', ...SYNC_TABLES]);

export interface ProjectTables {
  project: Project;
  tables: Record<string, ArchiveRow[]>;
  /** Tables left out because they cannot be tied to a project (no projectId or documentId index). */
  skipped: string[];
}

function scopeOf(table: Table): 'project' | 'document' | null {
  const indexes = new Set(table.schema.indexes.map((i) => i.name));
  if (table.schema.primKey.name === 'projectId' || indexes.has('projectId')) return 'project';
  if (indexes.has('documentId')) return 'document';
  return null;
}

/** Reads every row of a project from every project-scoped table, in one read transaction. */
export async function readProjectTables(db: AppDb, projectId: string): Promise<ProjectTables> {
  const tables = db.tables.filter((t) => !APP_TABLES.has(t.name));
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

/** Rows per page of a streamed archive's documents (annotations and relations come a page of documents at a time). */
const ARCHIVE_PAGE_DOCUMENTS = 200;

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
  const tables = db.tables.filter((t) => !APP_TABLES.has(t.name) && scopeOf(t) !== null);
  const { project, counts, docOrder } = await db.transaction('r', [db.projects, db.documentSummaries, ...tables], async () => {
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
    let keys: { id: string; createdAt: string }[] = await db.documentSummaries.where('projectId').equals(projectId).toArray();
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

export interface RestoreResult {
  project: Project;
  /** True when the archive's ids were taken and every record got a new id. */
  newIds: boolean;
  counts: Record<string, number>;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * Restores an archive (already checked by `readArchive`) as a project of this database, in one
 * transaction. Throws a {@link RestoreError} — with nothing written — when the archive holds a
 * table this version of the database does not have.
 */
export async function restoreArchive(db: AppDb, contents: ArchiveContents): Promise<RestoreResult> {
  const unknown = Object.keys(contents.tables).filter((t) => APP_TABLES.has(t) || !db.tables.some((x) => x.name === t));
  if (unknown.length > 0) {
    throw new RestoreError(
      `The archive holds ${unknown.map((t) => `"${t}"`).join(', ')}, which this version of Claimscope does not store. Update Claimscope to restore it.`,
    );
  }
  const names = Object.keys(contents.tables);
  const tables = names.map((n) => db.table(n));
  for (const table of tables) {
    if (!table.schema.indexes.some((i) => i.name === 'projectId')) continue;
    const i = contents.tables[table.name]!.findIndex((r) => r.projectId !== contents.project.id);
    if (i >= 0) {
      throw new RestoreError(
        `${archiveFileFor(table.name)}:${i + 1}: the row does not name the archived project "${contents.project.id}"; nothing was restored.`,
      );
    }
  }
  const snapshotTables = ['annotations', 'relations', 'entities'].filter((n) => !names.includes(n)).map((n) => db.table(n));
  return db.transaction('rw', [db.projects, ...tables, ...snapshotTables], async () => {
    await refuseForeignReferences(db, contents);
    const taken =
      (await db.projects.get(contents.project.id)) !== undefined ||
      (await anyKeyTaken(tables, contents)) ||
      (await snapshotKeyTaken(db, contents));
    const ids = taken ? newIdMap(contents) : null;
    const project = (ids ? remap(contents.project, ids) : structuredClone(contents.project)) as Project;
    await db.projects.add(project);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      let rows = contents.tables[table.name]!.map((r) => (ids ? remap(r, ids) : structuredClone(r)) as ArchiveRow);
      const pk = table.schema.primKey;
      if (pk.auto && typeof pk.keyPath === 'string') {
        const keyPath = pk.keyPath;
        const keys = rows.map((r) => r[keyPath]).filter((k) => k !== undefined) as number[];
        const clash = keys.length > 0 && (await table.bulkGet(keys)).some((x) => x !== undefined);
        if (clash) rows = rows.map(({ [keyPath]: _dropped, ...rest }) => rest);
      }
      await table.bulkAdd(rows);
      counts[table.name] = rows.length;
    }
    return { project, newIds: ids !== null, counts };
  });
}

/** True when a row's primary key (other than auto-numbered ones) is already in its table. */
async function anyKeyTaken(tables: Table[], contents: ArchiveContents): Promise<boolean> {
  for (const table of tables) {
    const pk = table.schema.primKey;
    if (pk.auto || pk.keyPath === null || pk.keyPath === undefined) continue;
    const path = pk.keyPath;
    const keys = contents.tables[table.name]!.map((r) => (Array.isArray(path) ? path.map((p) => r[p]) : r[path]));
    const usable = keys.filter((k) => k !== undefined) as (string | number | (string | number)[])[];
    if (usable.length === 0) continue;
    if ((await table.bulkGet(usable)).some((x) => x !== undefined)) return true;
  }
  return false;
}

/** Row fields that name an annotation (comments, review decisions, relations). */
const ANNOTATION_REFERENCES = ['annotationId', 'goldId', 'from', 'to'];

/**
 * Refuses an archive whose rows name, as their annotation, an annotation that is not in the
 * archive but is in this database (another project's): new ids would not follow such a reference.
 * A reference to an annotation that is nowhere (a comment outliving its annotation) is kept.
 */
async function refuseForeignReferences(db: AppDb, contents: ArchiveContents): Promise<void> {
  const own = new Set((contents.tables.annotations ?? []).map((a) => a.id as string));
  const named = new Map<string, string>();
  for (const [table, rows] of Object.entries(contents.tables)) {
    rows.forEach((row, i) => {
      for (const key of ANNOTATION_REFERENCES) {
        const v = row[key];
        if (typeof v === 'string' && !own.has(v) && !named.has(v)) named.set(v, `${archiveFileFor(table)}:${i + 1}`);
      }
    });
  }
  if (named.size === 0) return;
  const keys = [...named.keys()];
  const found = await db.annotations.bulkGet(keys);
  const i = found.findIndex((a) => a !== undefined);
  if (i >= 0) {
    throw new RestoreError(`${named.get(keys[i]!)}: the row names annotation "${keys[i]}" of another project; nothing was restored.`);
  }
}

/**
 * True when a record named in an undo-log snapshot has an id already in the database. Undo writes
 * snapshots back by id, so keeping such an id would let it overwrite or delete a record of
 * another project: the archive is then restored with new ids, snapshots included.
 */
async function snapshotKeyTaken(db: AppDb, contents: ArchiveContents): Promise<boolean> {
  const ids = { annotations: new Set<string>(), relations: new Set<string>(), entities: new Set<string>() };
  for (const op of contents.tables.operations ?? []) {
    for (const side of [op.before, op.after] as Record<string, { id: string }[] | undefined>[]) {
      for (const kind of ['annotations', 'relations', 'entities'] as const) for (const r of side[kind] ?? []) ids[kind].add(r.id);
    }
  }
  for (const kind of ['annotations', 'relations', 'entities'] as const) {
    if (ids[kind].size === 0) continue;
    if ((await db.table(kind).bulkGet([...ids[kind]])).some((x) => x !== undefined)) return true;
  }
  return false;
}

/** A new id for the project and for every `id` field found anywhere in the archive's rows. */
function newIdMap(contents: ArchiveContents): Map<string, string> {
  const ids = new Map<string, string>([[contents.project.id, nanoid()]]);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'id' && typeof v === 'string' && !ids.has(v)) ids.set(v, nanoid());
        else visit(v);
      }
    }
  };
  for (const rows of Object.values(contents.tables)) visit(rows);
  return ids;
}

/** A deep copy with every string that is an old id replaced by its new id. */
function remap(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, ids)]));
  }
  return value;
}

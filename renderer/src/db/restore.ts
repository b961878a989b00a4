/**
 * Restoring a project archive as a stream, so a project of 100,000 documents and 2,000,000
 * annotations comes back without the archive or the project ever being in memory at once.
 *
 * The archive is read a piece at a time through the same streamed check a backup gets when it is
 * written (`core/formats/archive-check.ts`: every line's shape, project, references and undo
 * steps, within the unpacking limits); each row that passes is written a page at a time, each
 * page in its own transaction. For the user it stays all or nothing: the project record is
 * written first, marked `restoring` with this restore's token, which keeps it out of the project
 * list; the last transaction clears the mark. A bad row part-way, a Cancel, a failure or a crash
 * leaves a marked project, which is removed at once ({@link discardRestore}) or at the next
 * start ({@link discardUnfinishedRestores}). Every page checks, in its transaction, that its
 * project is still the marked one, so nothing is written once it has been removed; the restore
 * writes only rows of its own project and never touches another.
 *
 * Ids: the archive is first written with its own ids. When they are taken — the project (known
 * from the manifest, before any row is written), a row's key (the page's write fails), or a record
 * an undo step names — what was written is removed, the archive is read once to collect every id
 * it holds (`id` fields anywhere, in a compact index) and written again with each replaced by a
 * new one (the old id and one suffix for this restore), consistently in every table, references
 * and undo-log snapshots included; auto-numbered keys (the undo log's `seq`) are then renumbered
 * in the archive's order.
 */
import type { Table } from 'dexie';
import { nanoid } from 'nanoid';
import { ArchiveStreamCheck, type CheckedArchive } from '../../core/formats/archive-check.ts';
import { archiveFileFor, writeArchive, type ArchiveContents, type ArchiveRow } from '../../core/formats/archive.ts';
import { STREAMED_ARCHIVE_LIMITS, zipDirectoryProblem } from '../../core/formats/archive-limits.ts';
import { IdIndex } from '../../core/formats/id-index.ts';
import { describeError } from '../../core/formats/types.ts';
import type { Project } from '../../core/model/types.ts';
import { APP_TABLES, REBUILT_TABLES } from './archive.ts';
import { deleteProject } from './corpus.ts';
import { isProjectScoped, type AppDb } from './db.ts';

export interface RestoreResult {
  project: Project;
  /** True when the archive's ids were taken and every record got a new id. */
  newIds: boolean;
  counts: Record<string, number>;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** An archive to restore: its bytes from the start, a chunk at a time (read once per pass). */
export interface ArchiveByteSource {
  name: string;
  size: number;
  chunks(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** The bytes at [from, to): for reading the zip's directory (its declared sizes) before anything is inflated. */
  read?(from: number, to: number): Promise<Uint8Array>;
}

export interface RestoreProgress {
  done: number;
  total: number;
  phase: string;
}

export interface StreamedRestoreOptions {
  onProgress?: (p: RestoreProgress) => void;
  /** Marks the project while it is restored; `discardRestore(db, token)` removes what was written. */
  token?: string;
  /** Rows per write transaction (documents: a fifth of it). */
  pageRows?: number;
}

/** Compressed bytes handed to the check at a time: what one piece inflates to is all that is held. */
const PIECE = 64 * 1024;
const PAGE_ROWS = 2000;
/** Row fields that name an annotation (comments, review decisions, relations). */
const ANNOTATION_REFERENCES = ['annotationId', 'goldId', 'from', 'to'];
/** Tables whose records an undo step writes back by id. */
const SNAPSHOT_KINDS = ['annotations', 'relations', 'entities'] as const;

/** The archive's ids are taken in this database: it is restored as a copy with new ids. */
class IdsTaken extends Error {}

/** Web Locks held while a restore runs, so another window's start does not remove its project. */
const lockName = (token: string) => `claimscope-restore-${token}`;

/**
 * Restores the archive as a project of this database and returns what was restored. Throws,
 * having removed whatever it wrote, with a message naming the file, entry and line of a bad row.
 */
export async function restoreArchiveStream(
  db: AppDb,
  source: ArchiveByteSource,
  options: StreamedRestoreOptions = {},
): Promise<RestoreResult> {
  const token = options.token ?? nanoid();
  if (source.read) {
    const problem = await zipDirectoryProblem(source.size, source.read, STREAMED_ARCHIVE_LIMITS);
    if (problem) throw new RestoreError(`Not restored: ${source.name}: ${problem}`);
  }
  const run = async () => {
    try {
      return await writePass(db, source, token, null, options);
    } catch (err) {
      await discardRestore(db, token);
      if (!(err instanceof IdsTaken)) throw err;
    }
    const ids = await collectIds(source, options);
    try {
      return await writePass(db, source, token, ids, options);
    } catch (err) {
      await discardRestore(db, token);
      throw err;
    }
  };
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(lockName(token), run) : run();
}

/**
 * Restores an archive already read into memory (`readArchive`): written back into its bytes and
 * restored by the one streamed restore, so it gets the same checks and writes.
 */
export async function restoreArchive(db: AppDb, contents: ArchiveContents): Promise<RestoreResult> {
  const bytes = writeArchive({
    project: contents.project,
    tables: contents.tables,
    appVersion: contents.manifest.appVersion,
    created: contents.manifest.created,
  });
  return restoreArchiveStream(db, {
    name: 'the archive',
    size: bytes.length,
    chunks: () => [bytes],
    read: async (from, to) => bytes.subarray(from, to),
  });
}

/** Removes the project a restore with this token left (a Cancel, a failure); nothing when there is none. */
export async function discardRestore(db: AppDb, token: string): Promise<void> {
  const left = await db.projects.filter((p) => p.restoring === token).primaryKeys();
  for (const id of left) await deleteProject(db, id);
}

/**
 * Removes every project a restore left unfinished (the window was closed or crashed while it ran),
 * except those of a restore still running in another window. Run at start.
 */
export async function discardUnfinishedRestores(db: AppDb): Promise<number> {
  const left = await db.projects.filter((p) => p.restoring !== undefined).toArray();
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  let removed = 0;
  for (const p of left) {
    const token = p.restoring!;
    const running = locks ? ((await locks.query()).held ?? []).some((l) => l.name === lockName(token)) : false;
    if (running) continue;
    await deleteProject(db, p.id);
    removed += 1;
  }
  return removed;
}

/** Every id an archive holds, for the copy with new ids. */
interface NewIds {
  ids: IdIndex;
  suffix: string;
}

/** Reads the archive once, checking it, and collects every `id` field of every row, at any depth. */
async function collectIds(source: ArchiveByteSource, options: StreamedRestoreOptions): Promise<NewIds> {
  const ids = new IdIndex();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'id' && typeof v === 'string') ids.add(v);
        else visit(v);
      }
    }
  };
  const check = new ArchiveStreamCheck(source.name, STREAMED_ARCHIVE_LIMITS, (_table, row) => visit(row));
  let projectSeen = false;
  await feed(check, source, (done) => {
    const head = check.head();
    if (head && !projectSeen) {
      projectSeen = true;
      ids.add(head.project.id);
    }
    options.onProgress?.({
      done,
      total: source.size,
      phase: `Reading the ids of ${source.name} (they are taken here: it is restored as a copy)…`,
    });
  });
  return { ids, suffix: nanoid(8) };
}

/** Pushes the source's bytes through the check a piece at a time, calling `between` after each piece; throws on a bad row. */
async function feed(check: ArchiveStreamCheck, source: ArchiveByteSource, between: (done: number) => Promise<void> | void): Promise<void> {
  let done = 0;
  for await (const chunk of source.chunks()) {
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, Math.min(chunk.length, at + PIECE));
      check.push(piece);
      refuseIfBad(check);
      done += piece.length;
      await between(done);
    }
  }
  check.push(new Uint8Array(0), true);
  const verdict = check.result();
  if (!verdict.ok) throw new RestoreError(`Not restored: ${describeError(verdict.error)}`);
}

/** Progress in whole megabytes of the archive read. */
function megabytes(done: number, size: number, phase: string): RestoreProgress {
  return { done: Math.floor(done / 1e6), total: Math.ceil(size / 1e6), phase };
}

function refuseIfBad(check: ArchiveStreamCheck): void {
  const bad = check.failure();
  if (bad && !bad.ok) throw new RestoreError(`Not restored: ${describeError(bad.error)}`);
}

/** A copy with every string that is an id of the archive replaced by its new id. */
function remap(value: unknown, newIds: NewIds): unknown {
  if (typeof value === 'string') return newIds.ids.has(value) ? `${value}-${newIds.suffix}` : value;
  if (Array.isArray(value)) return value.map((v) => remap(v, newIds));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, newIds)]));
  }
  return value;
}

interface Staged {
  project: Project;
  archivedId: string;
  counts: Record<string, number>;
}

/** One pass over the archive, writing each checked row (remapped when `newIds` is given) a page at a time. */
async function writePass(
  db: AppDb,
  source: ArchiveByteSource,
  token: string,
  newIds: NewIds | null,
  options: StreamedRestoreOptions,
): Promise<RestoreResult> {
  const pageRows = options.pageRows ?? PAGE_ROWS;
  let pending: { table: string; row: ArchiveRow; line: number }[] = [];
  // The text index an older archive carried is left out: the restored documents are pending for the pass.
  const check = new ArchiveStreamCheck(source.name, STREAMED_ARCHIVE_LIMITS, (table, row, line) => {
    if (!REBUILT_TABLES.has(table)) pending.push({ table, row, line });
  });
  let staged: Staged | null = null;
  const flush = async () => {
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j < rows.length && rows[j]!.table === rows[i]!.table) j++;
      await writeRows(db, check, staged!, token, newIds, rows[i]!.table, rows.slice(i, j));
      i = j;
    }
  };
  const phase = newIds
    ? `Restoring ${source.name} as a copy with new ids, megabytes read:`
    : `Checking and restoring ${source.name}, megabytes read:`;
  await feed(check, source, async (done) => {
    const head = check.head();
    if (head && !staged) staged = await stage(db, head, token, newIds);
    const limit = pending.length > 0 && pending[pending.length - 1]!.table === 'documents' ? Math.ceil(pageRows / 10) : pageRows;
    if (pending.length >= limit) await flush();
    options.onProgress?.(megabytes(done, source.size, phase));
  });
  staged ??= await stage(db, check.head()!, token, newIds);
  await flush();
  const done: Staged = staged;
  await db.transaction('rw', db.projects, async () => {
    const current = await db.projects.get(done.project.id);
    if (current?.restoring !== token) throw interrupted();
    const { restoring: _mark, ...finished } = current;
    await db.projects.put(finished);
  });
  return { project: done.project, newIds: newIds !== null, counts: done.counts };
}

function interrupted(): RestoreError {
  return new RestoreError(
    'The restore was interrupted: the project being restored was removed (by another window?); nothing was restored.',
  );
}

/** Writes the project record, marked, once the manifest and project.json are checked. */
async function stage(db: AppDb, head: CheckedArchive, token: string, newIds: NewIds | null): Promise<Staged> {
  const names = head.manifest.tables.map((t) => t.table).filter((t) => !REBUILT_TABLES.has(t));
  const unknown = names.filter((t) => APP_TABLES.has(t) || !db.tables.some((x) => x.name === t));
  if (unknown.length > 0) {
    throw new RestoreError(
      `The archive holds ${unknown.map((t) => `"${t}"`).join(', ')}, which this version of Claimscope does not store. Update Claimscope to restore it.`,
    );
  }
  const project = (newIds ? remap(head.project, newIds) : structuredClone(head.project)) as Project;
  delete project.restoring;
  await db.transaction('rw', db.projects, async () => {
    if (await db.projects.get(project.id)) throw new IdsTaken();
    await db.projects.add({ ...project, restoring: token });
  });
  return { project, archivedId: head.project.id, counts: Object.fromEntries(names.map((n) => [n, 0])) };
}

/** One page of one table's rows, in one transaction that first makes sure the marked project is still there. */
async function writeRows(
  db: AppDb,
  check: ArchiveStreamCheck,
  staged: Staged,
  token: string,
  newIds: NewIds | null,
  name: string,
  page: readonly { row: ArchiveRow; line: number }[],
): Promise<void> {
  const table = db.table(name) as Table<ArchiveRow>;
  const file = archiveFileFor(name);
  const projectScoped = isProjectScoped(table);
  const foreign = new Map<string, string>();
  const snapshotIds = { annotations: new Set<string>(), relations: new Set<string>(), entities: new Set<string>() };
  for (const { row, line } of page) {
    if (projectScoped && row.projectId !== staged.archivedId) {
      throw new RestoreError(`${file}:${line}: the row does not name the archived project "${staged.archivedId}"; nothing was restored.`);
    }
    for (const key of ANNOTATION_REFERENCES) {
      const v = row[key];
      if (typeof v === 'string' && !check.hasAnnotation(v) && !foreign.has(v)) foreign.set(v, `${file}:${line}`);
    }
    if (name === 'operations') {
      for (const side of [row.before, row.after] as Record<string, { id: string }[] | undefined>[]) {
        for (const kind of SNAPSHOT_KINDS) for (const r of side[kind] ?? []) snapshotIds[kind].add(r.id);
      }
    }
  }
  const pk = table.schema.primKey;
  const autoKey = pk.auto && typeof pk.keyPath === 'string' ? pk.keyPath : null;
  const rows = page.map(({ row }) => {
    const out = (newIds ? remap(row, newIds) : row) as ArchiveRow;
    if (newIds && autoKey) delete out[autoKey];
    return out;
  });
  const snapshotTables = SNAPSHOT_KINDS.map((k) => db.table(k));
  try {
    await db.transaction('rw', [db.projects, table, ...snapshotTables], async () => {
      if ((await db.projects.get(staged.project.id))?.restoring !== token) throw interrupted();
      if (foreign.size > 0) {
        const keys = [...foreign.keys()];
        const i = (await db.annotations.bulkGet(keys)).findIndex((a) => a !== undefined);
        if (i >= 0) {
          throw new RestoreError(
            `${foreign.get(keys[i]!)}: the row names annotation "${keys[i]}" of another project; nothing was restored.`,
          );
        }
      }
      if (!newIds) {
        for (const kind of SNAPSHOT_KINDS) {
          if (snapshotIds[kind].size === 0) continue;
          const found = (await db.table(kind).bulkGet([...snapshotIds[kind]])) as ({ projectId?: string } | undefined)[];
          if (found.some((r) => r !== undefined && r.projectId !== staged.project.id)) throw new IdsTaken();
        }
      }
      await table.bulkAdd(rows);
    });
  } catch (err) {
    if (!newIds && isKeyClash(err)) throw new IdsTaken();
    throw err;
  }
  staged.counts[name] = (staged.counts[name] ?? 0) + rows.length;
}

function isKeyClash(err: unknown): boolean {
  const e = err as { name?: string; failures?: { name?: string }[]; inner?: { name?: string } };
  return (
    e?.name === 'ConstraintError' ||
    e?.inner?.name === 'ConstraintError' ||
    (e?.name === 'BulkError' && (e.failures ?? []).some((f) => f?.name === 'ConstraintError'))
  );
}

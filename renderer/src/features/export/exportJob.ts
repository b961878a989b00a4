/**
 * An export, from the dialog's choices to the file's bytes. The export runs in a Web Worker
 * (`export.worker.ts`) that reads the project from the database itself, a page of documents at a
 * time, and streams the file out in chunks ({@link runExportJob}; exporting never writes to the
 * database), so neither the window nor the worker holds the whole project or the whole file, and
 * a Cancel ends it at once.
 */
import { hashArchiveSource, streamVerifiedArchive } from '../../../core/formats/archive-stream.ts';
import {
  countLoss,
  exportFileName,
  exportFormat,
  streamExport,
  type ExportFormatId,
  type ExportProgress,
  type ExportSelection,
} from '../../../core/formats/exports.ts';
import type { ByteSink } from '../../../core/formats/stream.ts';
import { plural } from '../../../core/model/plural.ts';
import { projectArchiveSource } from '../../db/archive.ts';
import { AppDb, isProjectScoped, openDbAtVersion, strictCheckpoint } from '../../db/db.ts';
import { restoreArchiveStream, type RestoreResult } from '../../db/restore.ts';
import { isQuotaError, saveFailureMessage } from '../../db/storage.ts';
import { pagedDataset } from './loadDataset.ts';
import { version as APP_VERSION } from '../../../../package.json';

export type ExportScope =
  | { kind: 'project' }
  | { kind: 'document'; documentId: string }
  | { kind: 'documents'; documentIds: string[] }
  | { kind: 'status'; status: string };

export interface ExportRequest {
  format: ExportFormatId;
  scope: ExportScope;
  /** One layer, or null for every layer. */
  layer: string | null;
  /** The labels to export, or null for all. */
  labels: string[] | null;
}

/** What a worker job reads: a selection of one project, by database name (the worker opens its own connection). */
interface JobTarget {
  dbName: string;
  projectId: string;
  format: ExportFormatId;
  /** The documents to export, or null for the whole project. */
  documentIds: string[] | null;
  /** Layers and labels (the documents are `documentIds`). */
  selection: ExportSelection;
}

/** The target of a request: its format and selection in this project and database. */
function jobTarget(db: AppDb, projectId: string, format: ExportFormatId, chosen: ExportSelection): JobTarget {
  const { documentIds, ...selection } = chosen;
  return { dbName: db.name, projectId, format, documentIds: documentIds ? [...documentIds] : null, selection };
}

/** What the worker needs to read and write an export itself: plain data only (it crosses by structured clone). */
export interface ExportJob extends JobTarget {
  kind: 'export';
  appVersion: string;
  /** When an archive is made (ISO 8601). */
  created: string;
  /**
   * Read the database at this (older) version without upgrading it: the automatic backup before an
   * upgrade. Unset: the current version.
   */
  dbVersion?: number;
}

/** The job's own connection: at its version (an older database, not upgraded), or the current one. */
function openJobDb(job: { dbName: string; dbVersion?: number }): AppDb {
  return job.dbVersion === undefined ? new AppDb(job.dbName) : (openDbAtVersion(job.dbName, job.dbVersion) as AppDb);
}

/**
 * Project tables that hold the researchers' work but that no format except the archive carries,
 * named for the loss report (one line per table). Tables not listed are indexes rebuilt from the
 * documents (summaries, search terms) or carried by every format (documents, annotations …).
 */
const TABLE_WORDS: Record<string, [string, string]> = {
  operations: ['undo history step', 'undo history steps'],
  documentStatus: ['document status', 'document statuses'],
  documentAttributes: ['set of document attributes', 'sets of document attributes'],
  comments: ['review comment', 'review comments'],
  reviewDecisions: ['review decision', 'review decisions'],
  layerImports: ['layer import record', 'layer import records'],
};

/** Tables Claimscope JSONL carries on each document's line. */
const JSONL_TABLES = new Set(['documentStatus', 'documentAttributes']);

/** Everything the dialog needs about a project to offer choices (read from the summaries: no text, no annotation). */
export interface ExportSource {
  /** Documents in the project. */
  documents: number;
  /** Layers present in the annotations, sorted, gold first. */
  layers: string[];
  /** Label names: the schema's, then any others found in the annotations. */
  labels: string[];
  /** Document ids by status (any annotator); documents without a status are `new`. */
  statuses: Record<string, string[]>;
  /** Rows of the project's other tables (history, statuses, comments …) that only the archive holds. */
  otherTables: Record<string, number>;
}

/** Reads what the dialog offers, read-only, from the document summaries and statuses. */
export async function loadExportSource(db: AppDb, projectId: string): Promise<ExportSource> {
  const project = await db.projects.get(projectId);
  if (!project) throw new Error('That project no longer exists.');
  const layerSet = new Set<string>();
  const labels = project.schema.labels.map((l) => l.name);
  const found = new Set<string>();
  const docIds: string[] = [];
  await db.documentSummaries
    .where('projectId')
    .equals(projectId)
    .each((s) => {
      docIds.push(s.id);
      for (const l of s.layers) layerSet.add(l);
      for (const l of s.labels) found.add(l);
    });
  for (const l of [...found].sort()) if (!labels.includes(l)) labels.push(l);
  const layers = [...layerSet].sort((a, b) => (a === 'gold' ? -1 : b === 'gold' ? 1 : a.localeCompare(b)));
  const otherTables: Record<string, number> = {};
  const statuses: Record<string, string[]> = {};
  const extra = db.tables.filter((t) => t.name in TABLE_WORDS || t.name === 'documentStatus');
  const documents = await db.documents.where('projectId').equals(projectId).count();
  await db.transaction('r', extra, async () => {
    for (const t of extra) {
      if (!(t.name in TABLE_WORDS) || !isProjectScoped(t)) continue;
      const n = await t.where('projectId').equals(projectId).count();
      if (n > 0) otherTables[t.name] = n;
    }
    if (db.tables.some((t) => t.name === 'documentStatus')) {
      const rows = (await db.table('documentStatus').where('projectId').equals(projectId).toArray()) as {
        documentId: string;
        status: string;
      }[];
      const withRow = new Set<string>();
      for (const r of rows) {
        withRow.add(r.documentId);
        (statuses[r.status] ??= []).push(r.documentId);
      }
      const fresh = docIds.filter((d) => !withRow.has(d));
      statuses['new'] = [...new Set([...(statuses['new'] ?? []), ...fresh])];
    }
  });
  return { documents, layers, labels, statuses, otherTables };
}

/** The dataset selection a request stands for. */
export function selectionOf(request: ExportRequest, source: ExportSource): ExportSelection {
  const selection: ExportSelection = {};
  const scope = request.scope;
  if (scope.kind === 'document') selection.documentIds = [scope.documentId];
  else if (scope.kind === 'documents') selection.documentIds = scope.documentIds;
  else if (scope.kind === 'status') selection.documentIds = source.statuses[scope.status] ?? [];
  if (request.layer !== null) selection.layers = [request.layer];
  if (request.labels !== null) selection.labels = request.labels;
  return selection;
}

/** The job of a request: the documents, layers and labels chosen, read by the worker from this database. */
export function prepareExportJob(
  db: AppDb,
  projectId: string,
  request: ExportRequest,
  source: ExportSource,
  created = new Date(),
): ExportJob {
  const chosen = request.format === 'archive' ? {} : selectionOf(request, source);
  return { kind: 'export', ...jobTarget(db, projectId, request.format, chosen), appVersion: APP_VERSION, created: created.toISOString() };
}

/** The archive job of a project: every table of it (of the database at `dbVersion`, when given). */
export function archiveJob(db: Pick<AppDb, 'name'>, projectId: string, created = new Date(), dbVersion?: number): ExportJob {
  const job = prepareExportJob(
    db as AppDb,
    projectId,
    { format: 'archive', scope: { kind: 'project' }, layer: null, labels: null },
    EMPTY_SOURCE,
    created,
  );
  return dbVersion === undefined ? job : { ...job, dbVersion };
}

const EMPTY_SOURCE: ExportSource = { documents: 0, layers: [], labels: [], statuses: {}, otherTables: {} };

/** Work for the worker: the loss report of a format for a selection (a CoNLL report runs the export). */
export interface LossJob extends JobTarget {
  kind: 'loss';
}

export function lossJobFor(db: AppDb, projectId: string, request: ExportRequest, source: ExportSource): LossJob {
  return { kind: 'loss', ...jobTarget(db, projectId, request.format, selectionOf(request, source)) };
}

/**
 * The format's own loss notes, counted over the chosen documents a page at a time in one pass
 * (`countLoss`, the tally the export itself keeps as it writes), so a project of any size is
 * counted with a page in memory. The worker runs this.
 */
export async function runLossJob(job: LossJob): Promise<string[]> {
  if (job.format === 'archive') return [];
  const db = new AppDb(job.dbName);
  try {
    return await countLoss(job.format, await pagedDataset(db, job.projectId, job.documentIds), job.selection);
  } finally {
    db.close();
  }
}

/** The note naming the tables (history, statuses, comments …) that only the archive holds; null when none. */
export function otherTablesNote(request: ExportRequest, source: ExportSource): string | null {
  if (request.format === 'archive') return null;
  const carried = request.format === 'jsonl' ? JSONL_TABLES : new Set<string>();
  const others = Object.entries(source.otherTables)
    .filter(([t]) => !carried.has(t))
    .map(([t, n]) => plural(n, TABLE_WORDS[t]![0], TABLE_WORDS[t]![1]));
  return others.length > 0
    ? `${exportFormat(request.format).name} does not hold ${others.join(', ')}; only the project archive does.`
    : null;
}

/** The whole loss report for a request, in this thread. */
export async function lossNotesFor(db: AppDb, projectId: string, request: ExportRequest, source: ExportSource): Promise<string[]> {
  const notes = await runLossJob(lossJobFor(db, projectId, request, source));
  const other = otherTablesNote(request, source);
  return other ? [...notes, other] : notes;
}

/**
 * Reads and writes a job's file into the sink, a page at a time, reporting progress; an archive is
 * checked as it is written (it throws, naming the problem, when it would not restore). Returns the
 * bytes written. The worker runs it, with its own connection to the database.
 */
export async function runExportJob(job: ExportJob, sink: ByteSink, onProgress: (p: ExportProgress) => void): Promise<number> {
  const db = openJobDb(job);
  try {
    if (job.format === 'archive') {
      const source = await projectArchiveSource(db, job.projectId, { appVersion: job.appVersion, created: job.created });
      return await streamVerifiedArchive(source, sink, {
        onProgress: (p) => onProgress({ ...p, phase: p.phase.replace('Writing', 'Writing and checking') }),
      });
    }
    const source = await pagedDataset(db, job.projectId, job.documentIds);
    return await streamExport(job.format, source, job.selection, sink, { onProgress });
  } finally {
    db.close();
  }
}

/** Work for the worker: the hash of a project's rows (`hashArchiveSource`), for an automatic backup. */
export interface ArchiveHashJob {
  kind: 'archive-hash';
  dbName: string;
  /** As in {@link ExportJob}: an older database read without upgrading it. */
  dbVersion?: number;
  projectId: string;
}

/** Reads the project a page at a time and hashes its rows. The worker runs this. */
export async function runArchiveHashJob(job: ArchiveHashJob): Promise<string> {
  const db = openJobDb(job);
  try {
    return await hashArchiveSource(await projectArchiveSource(db, job.projectId, { appVersion: '', created: '' }));
  } finally {
    db.close();
  }
}

/**
 * Work for the worker: restore a project archive (a file the user chose, or an automatic backup),
 * read a slice at a time, never whole: the window reads it for the worker (the desktop shell holds
 * the file, the web build's is read from disk).
 */
export interface RestoreJob {
  kind: 'restore';
  dbName: string;
  name: string;
  /** The archive's size in bytes. */
  size: number;
  /** Marks the project while it is restored, so the window can remove it after a Cancel. */
  token: string;
}

/** Bytes of the archive read at a time. */
const RESTORE_READ_BYTES = 1 << 20;

/**
 * Restores an archive into the database a page at a time (`db/restore.ts`), with its own relaxed
 * connection and a strict commit at the end, throwing the message that names what is wrong (with
 * what it wrote removed). The worker runs this.
 */
export async function runRestoreJob(
  job: RestoreJob,
  read: (from: number, to: number) => Promise<Uint8Array>,
  onProgress: (p: ExportProgress) => void,
): Promise<RestoreResult> {
  const db = new AppDb(job.dbName, { durability: 'relaxed' });
  const { size } = job;
  try {
    const result = await restoreArchiveStream(
      db,
      {
        name: job.name,
        size,
        async *chunks() {
          for (let at = 0; at < size; at += RESTORE_READ_BYTES) yield await read(at, Math.min(size, at + RESTORE_READ_BYTES));
        },
        read,
      },
      { token: job.token, onProgress },
    );
    await strictCheckpoint(job.dbName, 'lastRestore', { projectId: result.project.id });
    return result;
  } catch (err) {
    // What was written is removed (db/restore.ts); a full storage is named as such.
    throw isQuotaError(err) ? new Error(saveFailureMessage(`The restore of ${job.name}`, err)) : err;
  } finally {
    db.close();
  }
}

/** Any job the export worker takes. */
export type ExportWorkerJob = ExportJob | LossJob | RestoreJob | ArchiveHashJob;

/** The suggested file name and save-dialog filter for a request. */
export function fileFor(request: ExportRequest, projectName: string) {
  const format = exportFormat(request.format);
  return { name: exportFileName(request.format, projectName), filters: [format.filter] };
}

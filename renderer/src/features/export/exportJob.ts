/**
 * An export, from the dialog's choices to the file's bytes. Reading the project happens here, in
 * one read-only transaction (exporting never writes to the database); the writing itself is pure
 * ({@link runExportJob}) and runs in a Web Worker (`export.worker.ts`) so a large export neither
 * freezes the window nor survives a Cancel.
 */
import { readArchive, writeVerifiedArchive, type ArchiveContents, type ArchiveInput } from '../../../core/formats/archive.ts';
import { describeError } from '../../../core/formats/types.ts';
import {
  exportFileName,
  exportFormat,
  lossReport,
  selectDataset,
  writeExport,
  type ExportFormatId,
  type ExportOutput,
  type ExportProgress,
  type ExportSelection,
} from '../../../core/formats/exports.ts';
import type { Dataset } from '../../../core/formats/types.ts';
import { plural } from '../../../core/model/plural.ts';
import { readProjectTables } from '../../db/archive.ts';
import type { AppDb } from '../../db/db.ts';
import { loadDataset } from './loadDataset.ts';
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

/** What the worker needs: plain data only (it crosses to the worker by structured clone). */
export type ExportJob =
  { kind: 'dataset'; format: ExportFormatId; dataset: Dataset; selection: ExportSelection } | { kind: 'archive'; input: ArchiveInput };

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

/** Everything the dialog needs about a project to offer choices. */
export interface ExportSource {
  dataset: Dataset;
  /** Layers present in the annotations, sorted, gold first. */
  layers: string[];
  /** Label names: the schema's, then any others found in the annotations. */
  labels: string[];
  /** Document ids by status (any annotator); documents without a status are `new`. */
  statuses: Record<string, string[]>;
  /** Rows of the project's other tables (history, statuses, comments …) that only the archive holds. */
  otherTables: Record<string, number>;
}

/** Reads the project once, read-only, for the dialog. */
export async function loadExportSource(db: AppDb, projectId: string): Promise<ExportSource> {
  const dataset = await loadDataset(db, projectId);
  const layerSet = new Set(dataset.annotations.map((a) => a.layer));
  const layers = [...layerSet].sort((a, b) => (a === 'gold' ? -1 : b === 'gold' ? 1 : a.localeCompare(b)));
  const labels = dataset.project.schema.labels.map((l) => l.name);
  for (const a of dataset.annotations) if (!labels.includes(a.label)) labels.push(a.label);
  const otherTables: Record<string, number> = {};
  const statuses: Record<string, string[]> = {};
  const extra = db.tables.filter((t) => t.name in TABLE_WORDS || t.name === 'documentStatus');
  await db.transaction('r', extra, async () => {
    for (const t of extra) {
      if (!(t.name in TABLE_WORDS) || !t.schema.indexes.some((i) => i.name === 'projectId')) continue;
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
      const fresh = dataset.documents.filter((d) => !withRow.has(d.id)).map((d) => d.id);
      statuses['new'] = [...new Set([...(statuses['new'] ?? []), ...fresh])];
    }
  });
  return { dataset, layers, labels, statuses, otherTables };
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

/** The archive job of a project: every table of it, as read now. */
export async function archiveJob(db: AppDb, projectId: string, created = new Date()): Promise<Extract<ExportJob, { kind: 'archive' }>> {
  const { project, tables } = await readProjectTables(db, projectId);
  return { kind: 'archive', input: { project, tables, appVersion: APP_VERSION, created: created.toISOString() } };
}

/** Builds the job: the dataset with the selection for a format, or every table for the archive. */
export async function prepareExportJob(db: AppDb, projectId: string, request: ExportRequest, source: ExportSource): Promise<ExportJob> {
  if (request.format === 'archive') return archiveJob(db, projectId);
  return { kind: 'dataset', format: request.format, dataset: source.dataset, selection: selectionOf(request, source) };
}

/** Work for the worker: the loss report of a format for a selection (a CoNLL report runs the export). */
export interface LossJob {
  kind: 'loss';
  format: ExportFormatId;
  dataset: Dataset;
  selection: ExportSelection;
}

export function lossJobFor(request: ExportRequest, source: ExportSource): LossJob {
  return { kind: 'loss', format: request.format, dataset: source.dataset, selection: selectionOf(request, source) };
}

/** The format's own loss notes. The worker runs this. */
export function runLossJob(job: LossJob): string[] {
  return job.format === 'archive' ? [] : lossReport(job.format, selectDataset(job.dataset, job.selection));
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
export function lossNotesFor(request: ExportRequest, source: ExportSource): string[] {
  const notes = runLossJob(lossJobFor(request, source));
  const other = otherTablesNote(request, source);
  return other ? [...notes, other] : notes;
}

/** Writes a job's file, reporting progress. Pure apart from the callback; the worker runs it. */
export function runExportJob(job: ExportJob, onProgress: (p: ExportProgress) => void): ExportOutput {
  if (job.kind === 'archive') {
    const total = Object.values(job.input.tables).reduce((n, rows) => n + rows.length, 0);
    onProgress({ done: 0, total, phase: 'Writing the project archive…' });
    const data = writeVerifiedArchive(job.input);
    onProgress({ done: total, total, phase: 'Checking the project archive…' });
    return { data };
  }
  const steps = writeExport(job.format, selectDataset(job.dataset, job.selection));
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress(step.value);
  }
}

/** Work for the worker: unpack and check a project archive chosen for Restore. */
export interface ArchiveReadJob {
  kind: 'read-archive';
  name: string;
  bytes: Uint8Array;
}

/** Reads and checks an archive (as `readArchive`), throwing the message that names what is wrong. The worker runs this. */
export function runArchiveReadJob(job: ArchiveReadJob, onProgress: (p: ExportProgress) => void): ArchiveContents {
  const read = readArchive(job.name, job.bytes, { onProgress });
  if (!read.ok) throw new Error(`Not restored: ${describeError(read.error)}`);
  return read.value;
}

/** The suggested file name and save-dialog filter for a request. */
export function fileFor(request: ExportRequest, projectName: string) {
  const format = exportFormat(request.format);
  return { name: exportFileName(request.format, projectName), filters: [format.filter] };
}

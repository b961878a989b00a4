/**
 * Runs an export job in a Web Worker and hands back a cancellable promise. Where no Worker exists
 * (unit tests in Node) the job runs in the calling thread.
 */
import type { ExportProgress } from '../../../core/formats/exports.ts';
import type { RestoreResult } from '../../db/restore.ts';
import type { ByteSink } from '../../../core/formats/stream.ts';
import { startWorkerJob, type RunningJob } from '../../platform/workerJob.ts';
import {
  runArchiveHashJob,
  runExportJob,
  runLossJob,
  runRestoreJob,
  type ArchiveHashJob,
  type RestoreJob,
  type ExportJob,
  type LossJob,
} from './exportJob.ts';

export type WorkerReply =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'chunk'; chunk: Uint8Array }
  | { type: 'done'; bytes: number }
  | { type: 'hash'; hash: string }
  | { type: 'notes'; notes: string[] }
  | { type: 'restored'; result: RestoreResult }
  | { type: 'read'; id: number; from: number; to: number }
  | { type: 'error'; message: string };

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
  constructor(message = 'The export was cancelled; nothing was written.') {
    super(message);
  }
}

/** A running export; Cancel rejects `result` with {@link ExportCancelled}. `result` is the bytes written into the sink. */
export type RunningExport = RunningJob<number>;

const exportWorker = (name: string) => () => new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name });

/** Streams an export into the sink: the worker reads the project and writes it a page at a time. */
export function startExport(job: ExportJob, sink: ByteSink, onProgress: (p: ExportProgress) => void): RunningExport {
  return startWorkerJob<number, ExportProgress, WorkerReply>(job, {
    createWorker: exportWorker('claimscope-export'),
    inThread: () => runExportJob(job, sink, onProgress),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.bytes } : null),
    onProgress,
    onChunk: (chunk) => sink.write(chunk),
    cancelled: () => new ExportCancelled(),
    failure: 'The export stopped with an error.',
  });
}

/** Hashes a project's rows in a worker, a page at a time (an automatic backup of an unchanged project is not made again). */
export function startArchiveHash(job: ArchiveHashJob): RunningJob<string> {
  return startWorkerJob<string, ExportProgress, WorkerReply>(job, {
    createWorker: exportWorker('claimscope-backup-hash'),
    inThread: () => runArchiveHashJob(job),
    resultOf: (reply) => (reply.type === 'hash' ? { value: reply.hash } : null),
    cancelled: () => new ExportCancelled(),
    failure: 'The backup could not read the project.',
  });
}

/** Counts the loss report in a worker (a CoNLL report runs the export), so the dialog stays responsive. */
export function startLossReport(job: LossJob): RunningJob<string[]> {
  return startWorkerJob<string[], ExportProgress, WorkerReply>(job, {
    createWorker: exportWorker('claimscope-loss-report'),
    inThread: () => runLossJob(job),
    resultOf: (reply) => (reply.type === 'notes' ? { value: reply.notes } : null),
    cancelled: () => new ExportCancelled(),
    failure: 'The loss report could not be counted.',
  });
}

/**
 * Restores a project archive in a worker, a page at a time, with progress; the worker asks for the
 * archive's bytes a slice at a time (`read`). Cancel ends the worker at once; the caller then
 * removes what it wrote (`discardRestore` with the job's token).
 */
export function startRestore(
  job: RestoreJob,
  read: (from: number, to: number) => Promise<Uint8Array>,
  onProgress: (p: ExportProgress) => void,
): RunningJob<RestoreResult> {
  return startWorkerJob<RestoreResult, ExportProgress, WorkerReply>(job, {
    createWorker: exportWorker('claimscope-restore'),
    inThread: () => runRestoreJob(job, read, onProgress),
    onRead: read,
    resultOf: (reply) => (reply.type === 'restored' ? { value: reply.result } : null),
    onProgress,
    cancelled: () => new ExportCancelled('The restore was cancelled; nothing was written.'),
    failure: 'The archive could not be restored.',
  });
}

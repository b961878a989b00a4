/**
 * Runs an export job in a Web Worker and hands back a cancellable promise. Where no Worker exists
 * (unit tests in Node) the job runs in the calling thread.
 */
import type { ExportOutput, ExportProgress } from '../../../core/formats/exports.ts';
import { startWorkerJob, type RunningJob } from '../../platform/workerJob.ts';
import { runExportJob, runLossJob, type ExportJob, type LossJob } from './exportJob.ts';

export type WorkerReply =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; output: ExportOutput }
  | { type: 'notes'; notes: string[] }
  | { type: 'error'; message: string };

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
  constructor() {
    super('The export was cancelled; nothing was written.');
  }
}

/** A running export; Cancel rejects `result` with {@link ExportCancelled}. */
export type RunningExport = RunningJob<ExportOutput>;

const exportWorker = (name: string) => () => new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name });

export function startExport(job: ExportJob, onProgress: (p: ExportProgress) => void): RunningExport {
  return startWorkerJob<ExportOutput, ExportProgress, WorkerReply>(job, {
    createWorker: exportWorker('claimscope-export'),
    inThread: () => runExportJob(job, onProgress),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.output } : null),
    onProgress,
    cancelled: () => new ExportCancelled(),
    failure: 'The export stopped with an error.',
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

/**
 * Runs an export job in a Web Worker and hands back a cancellable promise. Where no Worker exists
 * (unit tests in Node) the job runs in the calling thread.
 */
import type { ExportOutput, ExportProgress } from '../../../core/formats/exports.ts';
import type { ArchiveContents } from '../../../core/formats/archive.ts';
import { runArchiveReadJob, runExportJob, runLossJob, type ArchiveReadJob, type ExportJob, type LossJob } from './exportJob.ts';

export type WorkerReply =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; output: ExportOutput }
  | { type: 'notes'; notes: string[] }
  | { type: 'archive'; contents: ArchiveContents }
  | { type: 'error'; message: string };

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
  constructor(message = 'The export was cancelled; nothing was written.') {
    super(message);
  }
}

export interface RunningExport {
  result: Promise<ExportOutput>;
  /** Stops the worker at once; `result` rejects with {@link ExportCancelled}. */
  cancel(): void;
}

export function startExport(job: ExportJob, onProgress: (p: ExportProgress) => void): RunningExport {
  return startWorkerJob(job, {
    name: 'claimscope-export',
    inThread: () => runExportJob(job, onProgress),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.output } : null),
    onProgress,
    failure: 'The export stopped with an error.',
  });
}

/** Counts the loss report in a worker (a CoNLL report runs the export), so the dialog stays responsive. */
export function startLossReport(job: LossJob): { result: Promise<string[]>; cancel(): void } {
  return startWorkerJob(job, {
    name: 'claimscope-loss-report',
    inThread: () => runLossJob(job),
    resultOf: (reply) => (reply.type === 'notes' ? { value: reply.notes } : null),
    failure: 'The loss report could not be counted.',
  });
}

/** Unpacks and checks a project archive for Restore in a worker, with progress; Cancel writes nothing. */
export function startArchiveRead(job: ArchiveReadJob, onProgress: (p: ExportProgress) => void): { result: Promise<ArchiveContents>; cancel(): void } {
  return startWorkerJob(job, {
    name: 'claimscope-restore-check',
    inThread: () => runArchiveReadJob(job, onProgress),
    resultOf: (reply) => (reply.type === 'archive' ? { value: reply.contents } : null),
    onProgress,
    failure: 'The archive could not be checked.',
    cancelled: 'The restore was cancelled; nothing was written.',
  });
}

/**
 * Runs one job in its own export worker: progress replies go to `onProgress`, the reply that
 * `resultOf` recognises settles the promise, an error reply or a worker failure rejects it, and
 * the worker ends after any reply but progress. Cancel ends the worker at once.
 */
function startWorkerJob<T>(
  job: ExportJob | LossJob | ArchiveReadJob,
  opts: {
    name: string;
    inThread: () => Promise<T> | T;
    resultOf: (reply: WorkerReply) => { value: T } | null;
    onProgress?: (p: ExportProgress) => void;
    failure: string;
    /** The message a Cancel rejects with (the export's by default). */
    cancelled?: string;
  },
): { result: Promise<T>; cancel(): void } {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const result = Promise.resolve().then(() => {
      if (cancelled) throw new ExportCancelled(opts.cancelled);
      return opts.inThread();
    });
    return { result, cancel: () => void (cancelled = true) };
  }
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: opts.name });
  let settle: { resolve(value: T): void; reject(e: Error): void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = undefined;
  };
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') {
      opts.onProgress?.(reply.progress);
      return;
    }
    const found = opts.resultOf(reply);
    if (found) settle?.resolve(found.value);
    else settle?.reject(new Error(reply.type === 'error' ? reply.message : opts.failure));
    finish();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    settle?.reject(new Error(event.message || opts.failure));
    finish();
  };
  worker.postMessage(job);
  return {
    result,
    cancel() {
      settle?.reject(new ExportCancelled(opts.cancelled));
      finish();
    },
  };
}

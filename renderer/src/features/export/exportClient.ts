/**
 * Runs an export job in a Web Worker and hands back a cancellable promise. Where no Worker exists
 * (unit tests in Node) the job runs in the calling thread.
 */
import type { ExportOutput, ExportProgress } from '../../../core/formats/exports.ts';
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

export interface RunningExport {
  result: Promise<ExportOutput>;
  /** Stops the worker at once; `result` rejects with {@link ExportCancelled}. */
  cancel(): void;
}

export function startExport(job: ExportJob, onProgress: (p: ExportProgress) => void): RunningExport {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const result = Promise.resolve().then(() => {
      if (cancelled) throw new ExportCancelled();
      return runExportJob(job, onProgress);
    });
    return { result, cancel: () => void (cancelled = true) };
  }
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-export' });
  let settle: { resolve(o: ExportOutput): void; reject(e: Error): void } | undefined;
  const result = new Promise<ExportOutput>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = undefined;
  };
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') onProgress(reply.progress);
    else if (reply.type === 'notes') finish();
    else if (reply.type === 'done') {
      settle?.resolve(reply.output);
      finish();
    } else {
      settle?.reject(new Error(reply.message));
      finish();
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    settle?.reject(new Error(event.message || 'The export stopped with an error.'));
    finish();
  };
  worker.postMessage(job);
  return {
    result,
    cancel() {
      settle?.reject(new ExportCancelled());
      finish();
    },
  };
}

/** Counts the loss report in a worker (a CoNLL report runs the export), so the dialog stays responsive. */
export function startLossReport(job: LossJob): { result: Promise<string[]>; cancel(): void } {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const result = Promise.resolve().then(() => {
      if (cancelled) throw new ExportCancelled();
      return runLossJob(job);
    });
    return { result, cancel: () => void (cancelled = true) };
  }
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-loss-report' });
  let settle: { resolve(n: string[]): void; reject(e: Error): void } | undefined;
  const result = new Promise<string[]>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = undefined;
  };
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    if (reply.type === 'notes') settle?.resolve(reply.notes);
    else if (reply.type === 'error') settle?.reject(new Error(reply.message));
    if (reply.type !== 'progress') finish();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    settle?.reject(new Error(event.message || 'The loss report could not be counted.'));
    finish();
  };
  worker.postMessage(job);
  return {
    result,
    cancel() {
      settle?.reject(new ExportCancelled());
      finish();
    },
  };
}

/**
 * One cancellable job in its own Web Worker, for long work that must neither block the window nor
 * outlive a Cancel (an export, the agreement report). The worker answers with replies
 * `{ type: 'progress', progress }`, `{ type: 'error', message }` or a result reply that `resultOf`
 * recognises; it is ended after any reply but progress, on a failure, and on Cancel (at once:
 * whatever it was doing is dropped, and `result` rejects with the caller's cancel error).
 */

export interface RunningJob<T> {
  result: Promise<T>;
  /** Ends the worker at once; `result` rejects with the job's cancel error. */
  cancel(): void;
}

export interface WorkerJobOptions<T, P, Reply extends { type: string }> {
  /** Makes the worker: `() => new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })` (Vite bundles the URL). */
  createWorker(): Worker;
  /** The reply that carries the result, or null for any other. */
  resultOf(reply: Reply): { value: T } | null;
  onProgress?(progress: P): void;
  /** Runs the job in this thread where no Worker exists (unit tests in Node); without it such a job fails. */
  inThread?(): Promise<T> | T;
  /** The error `result` rejects with on Cancel. */
  cancelled(): Error;
  /** The message of a failure that brings none of its own. */
  failure: string;
}

export function startWorkerJob<T, P, Reply extends { type: string }>(job: unknown, options: WorkerJobOptions<T, P, Reply>): RunningJob<T> {
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const result = Promise.resolve().then(() => {
      if (cancelled) throw options.cancelled();
      if (!options.inThread) throw new Error(options.failure);
      return options.inThread();
    });
    return { result, cancel: () => void (cancelled = true) };
  }
  const worker = options.createWorker();
  let settle: { resolve(value: T): void; reject(e: Error): void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = undefined;
  };
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    if (reply.type === 'progress') {
      options.onProgress?.((reply as unknown as { progress: P }).progress);
      return;
    }
    const found = options.resultOf(reply);
    if (found) settle?.resolve(found.value);
    else settle?.reject(new Error(reply.type === 'error' ? (reply as unknown as { message: string }).message : options.failure));
    finish();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    settle?.reject(new Error(event.message || options.failure));
    finish();
  };
  worker.postMessage(job);
  return {
    result,
    cancel() {
      settle?.reject(options.cancelled());
      finish();
    },
  };
}

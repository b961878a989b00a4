/**
 * One cancellable job in its own Web Worker, for long work that must neither block the window nor
 * outlive a Cancel (an export, the agreement report). The worker answers with replies
 * `{ type: 'progress', progress }`, `{ type: 'error', message }` or a result reply that `resultOf`
 * recognises; it is ended after any reply but progress and chunks, on a failure, and on Cancel
 * (at once: whatever it was doing is dropped, and `result` rejects with the caller's cancel error).
 *
 * A job that streams its output (an export) sends `{ type: 'chunk', chunk }` replies: each is
 * handed to `onChunk`, and once that has taken it the worker is told `{ type: 'ack' }`, so the
 * worker never runs more than one chunk ahead of where the bytes go ({@link chunkSender} is the
 * worker's side).
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
  /** Takes a chunk of a streamed result; the worker waits until it has. */
  onChunk?(chunk: Uint8Array): Promise<void> | void;
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
    if (reply.type === 'chunk') {
      Promise.resolve(options.onChunk?.((reply as unknown as { chunk: Uint8Array }).chunk)).then(
        () => settle && worker.postMessage({ type: 'ack' }),
        (err: Error) => {
          settle?.reject(err);
          finish();
        },
      );
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

/**
 * The worker's side of a streamed result: `write` posts a chunk (its buffer moved, not copied) and
 * resolves when the window has taken it.
 */
export function chunkSender(post: (message: { type: 'chunk'; chunk: Uint8Array }, transfer: Transferable[]) => void) {
  let waiting: (() => void) | null = null;
  return {
    write(chunk: Uint8Array): Promise<void> {
      return new Promise<void>((resolve) => {
        waiting = resolve;
        const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
        post({ type: 'chunk', chunk: own }, [own.buffer as ArrayBuffer]);
      });
    },
    /** Call with every message the worker gets; true when it was an acknowledgement. */
    onMessage(data: unknown): boolean {
      if ((data as { type?: string } | null)?.type !== 'ack') return false;
      const resolve = waiting;
      waiting = null;
      resolve?.();
      return true;
    },
  };
}

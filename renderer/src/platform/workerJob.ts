/**
 * The app's one way to run work in a Web Worker, so that neither the window is blocked nor a
 * failure lost. Three shapes, all on {@link openWorker} (make the worker, forward its replies,
 * turn a crash into a failure message, end it once):
 * - {@link startWorkerJob}: one cancellable job (an export, the agreement report). The worker
 *   answers with `{ type: 'progress', progress }`, `{ type: 'error', message }` or a result reply
 *   that `resultOf` recognises; it is ended after any reply but progress, on a failure, and on
 *   Cancel (at once: whatever it was doing is dropped, and `result` rejects with the cancel error).
 * - {@link openWorkerService}: one worker answering requests one at a time, for work whose set-up
 *   is costly and kept between requests (the suggestion tagger's model, the same-claim index),
 *   with progress and Cancel per request; `close()` ends it.
 * - {@link openWorker} itself, for a conversation (the import: read, import, cancel after a batch).
 *
 * A job that streams its output (an export) sends `{ type: 'chunk', chunk }` replies: each is
 * handed to `onChunk`, and once that has taken it the worker is told `{ type: 'ack' }`, so the
 * worker never runs more than one chunk ahead of where the bytes go ({@link chunkSender} is the
 * worker's side). A job that reads a file the window holds (a restore from a file the desktop shell
 * keeps open) asks `{ type: 'read', id, from, to }`, and `onRead`'s bytes come back as
 * `{ type: 'slice', id, bytes }` ({@link sliceReader} is the worker's side).
 */

/** A worker that forwards its replies and failures; ended by `terminate()` (later replies are dropped). */
export interface AppWorker<In> {
  post(message: In, transfer?: Transferable[]): void;
  terminate(): void;
}

export interface OpenWorkerOptions<Reply> {
  /** Makes the worker: `() => new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })` (Vite bundles the URL). */
  createWorker(): Worker;
  onReply(reply: Reply): void;
  /** The worker crashed or could not load: its message, or `failure`. */
  onFailure(message: string): void;
  /** The message of a failure that brings none of its own. */
  failure: string;
}

export function openWorker<In, Reply>(options: OpenWorkerOptions<Reply>): AppWorker<In> {
  const worker = options.createWorker();
  let open = true;
  worker.onmessage = (event: MessageEvent<Reply>) => {
    if (open) options.onReply(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (open) options.onFailure(event.message || options.failure);
  };
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    terminate() {
      open = false;
      worker.terminate();
    },
  };
}

export interface RunningJob<T> {
  result: Promise<T>;
  /** Ends the worker at once; `result` rejects with the job's cancel error. */
  cancel(): void;
}

/** The replies every job and service worker may send besides its result. */
type CommonReply = { type: string; progress?: unknown; message?: string };

export interface WorkerJobOptions<T, P, Reply extends { type: string }> {
  createWorker(): Worker;
  /** The reply that carries the result, or null for any other. */
  resultOf(reply: Reply): { value: T } | null;
  onProgress?(progress: P): void;
  /** Takes a chunk of a streamed result; the worker waits until it has. */
  onChunk?(chunk: Uint8Array): Promise<void> | void;
  /** Reads bytes [from, to) of the file the job reads, for the worker. */
  onRead?(from: number, to: number): Promise<Uint8Array>;
  /** Runs the job in this thread where no Worker exists (unit tests in Node); without it such a job fails. */
  inThread?(): Promise<T> | T;
  /** The error `result` rejects with on Cancel. */
  cancelled(): Error;
  failure: string;
}

/** What a reply that is neither progress nor a result means: the worker's error, or `failure`. */
const errorOf = (reply: CommonReply, failure: string) => new Error(reply.type === 'error' && reply.message ? reply.message : failure);

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
  let settle: { resolve(value: T): void; reject(e: Error): void } | undefined;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = undefined;
  };
  const worker = openWorker<unknown, Reply>({
    createWorker: options.createWorker,
    onReply(reply) {
      if (reply.type === 'progress') {
        options.onProgress?.((reply as CommonReply).progress as P);
        return;
      }
      if (reply.type === 'read') {
        const { id, from, to } = reply as unknown as { id: number; from: number; to: number };
        const read = options.onRead ? options.onRead(from, to) : Promise.reject(new Error('This job reads no file.'));
        read.then(
          (bytes) => {
            const own = ownBuffer(bytes);
            if (settle) worker.post({ type: 'slice', id, bytes: own }, [own.buffer as ArrayBuffer]);
          },
          (err: Error) => settle && worker.post({ type: 'slice', id, error: err.message }),
        );
        return;
      }
      if (reply.type === 'chunk') {
        Promise.resolve(options.onChunk?.((reply as unknown as { chunk: Uint8Array }).chunk)).then(
          () => settle && worker.post({ type: 'ack' }),
          (err: Error) => {
            settle?.reject(err);
            finish();
          },
        );
        return;
      }
      const found = options.resultOf(reply);
      if (found) settle?.resolve(found.value);
      else settle?.reject(errorOf(reply, options.failure));
      finish();
    },
    onFailure(message) {
      settle?.reject(new Error(message));
      finish();
    },
    failure: options.failure,
  });
  worker.post(job);
  return {
    result,
    cancel() {
      settle?.reject(options.cancelled());
      finish();
    },
  };
}

export interface WorkerService<Req, T, P = never> {
  /** Sends one request after the ones before it have been answered; resolves with its result. */
  request(req: Req): Promise<T>;
  /**
   * The same, with the request's progress and a Cancel: cancelling the request being answered ends
   * the worker (whatever it held is lost; the next request starts a new one), cancelling one still
   * waiting drops it. `result` rejects with `cancelled()`.
   */
  start(req: Req, options?: { onProgress?(progress: P): void }): RunningJob<T>;
  close(): void;
}

export interface WorkerServiceOptions<Req, T, P, Reply extends { type: string }> {
  createWorker(): Worker;
  resultOf(reply: Reply): { value: T } | null;
  /** Answers requests in this thread where no Worker exists (unit tests in Node); without it they fail. */
  inThread?(): (req: Req, onProgress: (progress: P) => void) => Promise<T> | T;
  /** The error a cancelled request rejects with. */
  cancelled?(): Error;
  failure: string;
}

/**
 * One worker answering requests one at a time, for work whose set-up is costly and worth keeping
 * between requests (the suggestion tagger's model, the same-claim index). The worker is made at
 * the first request and again after a Cancel or a crash; progress replies go to the request being
 * answered.
 */
export function openWorkerService<Req, T, Reply extends { type: string }, P = never>(
  options: WorkerServiceOptions<Req, T, P, Reply>,
): WorkerService<Req, T, P> {
  type Waiting = { resolve(value: T): void; reject(e: Error): void; onProgress?(progress: P): void };
  let waiting: Waiting | undefined;
  const answer = (outcome: { value: T } | Error) => {
    const w = waiting;
    waiting = undefined;
    if (outcome instanceof Error) w?.reject(outcome);
    else w?.resolve(outcome.value);
  };
  let worker: AppWorker<Req> | null = null;
  const live = () =>
    (worker ??= openWorker<Req, Reply>({
      createWorker: options.createWorker,
      onReply(reply) {
        if (reply.type === 'progress') waiting?.onProgress?.((reply as CommonReply).progress as P);
        else answer(options.resultOf(reply) ?? errorOf(reply, options.failure));
      },
      onFailure(message) {
        worker?.terminate();
        worker = null;
        answer(new Error(message));
      },
      failure: options.failure,
    }));
  let local: ((req: Req, onProgress: (progress: P) => void) => Promise<T> | T) | null = null;
  const cancelError = () => options.cancelled?.() ?? new Error('Cancelled.');
  let queue: Promise<unknown> = Promise.resolve();
  const start = (req: Req, opts: { onProgress?(progress: P): void } = {}): RunningJob<T> => {
    let state: 'queued' | 'running' | 'settled' = 'queued';
    let reject: (e: Error) => void = () => {};
    const one = () =>
      new Promise<T>((resolve, rej) => {
        reject = rej;
        if (state === 'settled') return rej(cancelError());
        state = 'running';
        if (typeof Worker === 'undefined' && options.inThread) {
          local ??= options.inThread();
          const run = local;
          Promise.resolve()
            .then(() => run(req, (p) => state === 'running' && opts.onProgress?.(p)))
            .then(resolve, rej);
          return;
        }
        waiting = { resolve, reject: rej, onProgress: opts.onProgress };
        live().post(req);
      });
    const result = queue.then(one, one).finally(() => (state = 'settled'));
    queue = result.catch(() => undefined);
    return {
      result,
      cancel() {
        if (state === 'settled') return;
        const was = state;
        state = 'settled';
        if (was === 'running') {
          waiting = undefined;
          worker?.terminate();
          worker = null;
          reject(cancelError());
        }
      },
    };
  };
  return {
    request: (req) => start(req).result,
    start,
    close() {
      worker?.terminate();
      worker = null;
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
        const own = ownBuffer(chunk);
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

/** Bytes whose buffer they fill alone, so it can be moved to another thread (a copy otherwise). */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * The worker's side of a file the window reads for it: `read(from, to)` asks the window and
 * resolves with the bytes (several reads may be under way).
 */
export function sliceReader(post: (message: { type: 'read'; id: number; from: number; to: number }) => void) {
  let next = 0;
  const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(e: Error): void }>();
  return {
    read(from: number, to: number): Promise<Uint8Array> {
      const id = next++;
      return new Promise<Uint8Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        post({ type: 'read', id, from, to });
      });
    },
    /** Call with every message the worker gets; true when it was a slice of the file. */
    onMessage(data: unknown): boolean {
      const reply = data as { type?: string; id?: number; bytes?: Uint8Array; error?: string } | null;
      if (reply?.type !== 'slice' || reply.id === undefined) return false;
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.bytes) w?.resolve(reply.bytes);
      else w?.reject(new Error(reply.error ?? 'The file could not be read.'));
      return true;
    },
  };
}

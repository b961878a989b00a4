import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkSender, openWorkerService, sliceReader, startWorkerJob } from './workerJob.ts';

type Reply = { type: 'progress'; progress: number } | { type: 'done'; output: string } | { type: 'error'; message: string };

/** A stand-in for a Web Worker: the test plays the worker's side through `reply`. */
class FakeWorker {
  onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  postMessage(data: unknown) {
    this.posted.push(data);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: Reply) {
    this.onmessage?.({ data } as MessageEvent<Reply>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

class Cancelled extends Error {}

function start(worker: FakeWorker, onProgress?: (p: number) => void) {
  vi.stubGlobal('Worker', FakeWorker);
  return startWorkerJob<string, number, Reply>(
    { job: 1 },
    {
      createWorker: () => worker as unknown as Worker,
      resultOf: (r) => (r.type === 'done' ? { value: r.output } : null),
      ...(onProgress && { onProgress }),
      cancelled: () => new Cancelled('cancelled'),
      failure: 'The job failed.',
    },
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('startWorkerJob', () => {
  it('posts the job, forwards progress, resolves with the result reply and ends the worker', async () => {
    const worker = new FakeWorker();
    const progress: number[] = [];
    const job = start(worker, (p) => progress.push(p));
    expect(worker.posted).toEqual([{ job: 1 }]);
    worker.reply({ type: 'progress', progress: 1 });
    worker.reply({ type: 'progress', progress: 2 });
    expect(worker.terminated).toBe(false);
    worker.reply({ type: 'done', output: 'file' });
    await expect(job.result).resolves.toBe('file');
    expect(progress).toEqual([1, 2]);
    expect(worker.terminated).toBe(true);
  });

  it("rejects with the worker's error message", async () => {
    const worker = new FakeWorker();
    const job = start(worker);
    worker.reply({ type: 'error', message: 'Disk full.' });
    await expect(job.result).rejects.toThrow('Disk full.');
    expect(worker.terminated).toBe(true);
  });

  it('Cancel ends the worker at once and rejects with the cancel error; later replies change nothing', async () => {
    const worker = new FakeWorker();
    const job = start(worker);
    job.cancel();
    expect(worker.terminated).toBe(true);
    await expect(job.result).rejects.toBeInstanceOf(Cancelled);
    worker.reply({ type: 'done', output: 'late' });
  });

  it('without Worker, runs in this thread, or fails with the message when it cannot', async () => {
    const inThread = startWorkerJob<string, number, Reply>(null, {
      createWorker: () => {
        throw new Error('no worker here');
      },
      resultOf: () => null,
      inThread: () => 'here',
      cancelled: () => new Cancelled(),
      failure: 'The job failed.',
    });
    await expect(inThread.result).resolves.toBe('here');
    const none = startWorkerJob<string, number, Reply>(null, {
      createWorker: () => {
        throw new Error('no worker here');
      },
      resultOf: () => null,
      cancelled: () => new Cancelled(),
      failure: 'The job failed.',
    });
    await expect(none.result).rejects.toThrow('The job failed.');
  });
});

describe('streamed results', () => {
  it('hands each chunk on and acknowledges it only once it was taken', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const taken: number[] = [];
    let release = () => {};
    const job = startWorkerJob<string, number, Reply | { type: 'chunk'; chunk: Uint8Array }>(
      { job: 1 },
      {
        createWorker: () => worker as unknown as Worker,
        resultOf: (r) => (r.type === 'done' ? { value: r.output } : null),
        onChunk: (chunk) =>
          new Promise<void>((resolve) => {
            taken.push(chunk.length);
            release = resolve;
          }),
        cancelled: () => new Cancelled('cancelled'),
        failure: 'The job failed.',
      },
    );
    (worker as unknown as { onmessage: (e: { data: unknown }) => void }).onmessage({ data: { type: 'chunk', chunk: new Uint8Array(3) } });
    await Promise.resolve();
    expect(taken).toEqual([3]);
    expect(worker.posted).toEqual([{ job: 1 }]);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(worker.posted).toEqual([{ job: 1 }, { type: 'ack' }]);
    worker.reply({ type: 'done', output: 'ok' });
    await expect(job.result).resolves.toBe('ok');
  });

  it("the worker's sender waits for the acknowledgement and moves the chunk's buffer", async () => {
    const posted: { chunk: Uint8Array; transfer: Transferable[] }[] = [];
    const sender = chunkSender((m, transfer) => posted.push({ chunk: m.chunk, transfer }));
    let done = false;
    const writing = sender.write(new Uint8Array(4)).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(posted[0]!.transfer).toEqual([posted[0]!.chunk.buffer]);
    expect(sender.onMessage({ type: 'job' })).toBe(false);
    expect(sender.onMessage({ type: 'ack' })).toBe(true);
    await writing;
    expect(done).toBe(true);
  });
});

describe('a file the window reads for the worker', () => {
  it('answers each read with its bytes, or with the reason it failed', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const file = new TextEncoder().encode('PK-archive');
    const job = startWorkerJob<string, number, Reply | { type: 'read'; id: number; from: number; to: number }>(
      { job: 1 },
      {
        createWorker: () => worker as unknown as Worker,
        resultOf: (r) => (r.type === 'done' ? { value: r.output } : null),
        onRead: async (from, to) => {
          if (from >= file.length) throw new Error('past the end');
          return file.subarray(from, to);
        },
        cancelled: () => new Cancelled('cancelled'),
        failure: 'The job failed.',
      },
    );
    const ask = (data: unknown) => (worker as unknown as { onmessage: (e: { data: unknown }) => void }).onmessage({ data });
    ask({ type: 'read', id: 0, from: 3, to: 10 });
    ask({ type: 'read', id: 1, from: 50, to: 60 });
    await new Promise((r) => setTimeout(r, 0));
    expect(worker.posted).toEqual([
      { job: 1 },
      { type: 'slice', id: 0, bytes: new TextEncoder().encode('archive') },
      { type: 'slice', id: 1, error: 'past the end' },
    ]);
    worker.reply({ type: 'done', output: 'ok' });
    await expect(job.result).resolves.toBe('ok');
  });

  it("the worker's reader gets each answer by its id, in any order", async () => {
    const asked: { id: number; from: number; to: number }[] = [];
    const reader = sliceReader((m) => asked.push(m));
    const first = reader.read(0, 4);
    const second = reader.read(8, 12);
    expect(asked.map((a) => [a.from, a.to])).toEqual([
      [0, 4],
      [8, 12],
    ]);
    expect(reader.onMessage({ type: 'ack' })).toBe(false);
    expect(reader.onMessage({ type: 'slice', id: asked[1]!.id, bytes: new Uint8Array([9]) })).toBe(true);
    expect(reader.onMessage({ type: 'slice', id: asked[0]!.id, error: 'The file was closed.' })).toBe(true);
    await expect(second).resolves.toEqual(new Uint8Array([9]));
    await expect(first).rejects.toThrow('The file was closed.');
  });
});

describe('openWorkerService', () => {
  const open = (worker: FakeWorker) =>
    openWorkerService<string, string, Reply>({
      createWorker: () => worker as unknown as Worker,
      resultOf: (r) => (r.type === 'done' ? { value: r.output } : null),
      failure: 'The engine failed.',
    });
  const settled = () => new Promise((r) => setTimeout(r, 0));

  it('sends one request at a time, each after the one before is answered, on one worker', async () => {
    const worker = new FakeWorker();
    const service = open(worker);
    const first = service.request('a');
    const second = service.request('b');
    await settled();
    expect(worker.posted).toEqual(['a']);
    worker.reply({ type: 'done', output: 'A' });
    await expect(first).resolves.toBe('A');
    await settled();
    expect(worker.posted).toEqual(['a', 'b']);
    worker.reply({ type: 'done', output: 'B' });
    await expect(second).resolves.toBe('B');
    expect(worker.terminated).toBe(false);
    service.close();
    expect(worker.terminated).toBe(true);
  });

  it('a request the worker refuses, or a crash, rejects that request only; the next one still runs', async () => {
    const worker = new FakeWorker();
    const service = open(worker);
    const refused = service.request('bad');
    const crashed = service.request('worse');
    const fine = service.request('good');
    await settled();
    worker.reply({ type: 'error', message: 'Text too long.' });
    await expect(refused).rejects.toThrow('Text too long.');
    await settled();
    worker.crash('');
    await expect(crashed).rejects.toThrow('The engine failed.');
    await settled();
    expect(worker.posted).toEqual(['bad', 'worse', 'good']);
    worker.reply({ type: 'done', output: 'ok' });
    await expect(fine).resolves.toBe('ok');
  });

  it('a started request gets its progress; Cancel ends the worker, and the next request opens a new one', async () => {
    const workers: FakeWorker[] = [];
    const service = openWorkerService<string, string, Reply, number>({
      createWorker: () => {
        workers.push(new FakeWorker());
        return workers.at(-1) as unknown as Worker;
      },
      resultOf: (r) => (r.type === 'done' ? { value: r.output } : null),
      cancelled: () => new Cancelled('cancelled'),
      failure: 'The engine failed.',
    });
    const seen: number[] = [];
    const first = service.start('index', { onProgress: (p) => seen.push(p) });
    const queued = service.start('never');
    const after = service.request('again');
    await settled();
    workers[0]!.reply({ type: 'progress', progress: 5 });
    expect(seen).toEqual([5]);
    first.cancel();
    queued.cancel();
    await expect(first.result).rejects.toBeInstanceOf(Cancelled);
    await expect(queued.result).rejects.toBeInstanceOf(Cancelled);
    expect(workers[0]!.terminated).toBe(true);
    await settled();
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted).toEqual(['again']);
    workers[1]!.reply({ type: 'done', output: 'A' });
    await expect(after).resolves.toBe('A');
  });
});

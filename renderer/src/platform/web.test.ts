// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { readDropped } from '../features/import/droppedFiles.ts';
import { blobTarget, createWebPlatform, fileHandleTarget } from './web.ts';

const MB = 1024 * 1024;

/** A file that reports `size` but must never be read when it is over the cap. */
function fakeFile(name: string, size: number, text = '') {
  return {
    name,
    size,
    webkitRelativePath: '',
    arrayBuffer: vi.fn(async () => new TextEncoder().encode(text).buffer),
  } as unknown as File & {
    arrayBuffer: ReturnType<typeof vi.fn>;
  };
}

/** Opens the web picker and answers it with `files`, as the browser would after the user chose them. */
async function pick(files: File[]) {
  const opened = createWebPlatform().openFiles([], true);
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files });
  input.dispatchEvent(new Event('change'));
  return opened;
}

describe('the one size policy on the web', () => {
  it('the file picker refuses a file over 200 MB by name, before reading any file', async () => {
    const small = fakeFile('notes.txt', 10, 'hello');
    const big = fakeFile('dump.jsonl', 250 * MB);
    await expect(pick([small, big])).rejects.toThrow(
      'dump.jsonl is 250 MB; Claimscope opens document files up to 200 MB. Split it into smaller files.',
    );
    expect(small.arrayBuffer).not.toHaveBeenCalled();
    expect(big.arrayBuffer).not.toHaveBeenCalled();
  });

  it('the file picker opens a project archive over 200 MB and small files as before', async () => {
    const archive = fakeFile('backup.claimscope.zip', 300 * MB, 'PK');
    expect((await pick([archive])).map((f) => f.name)).toEqual(['backup.claimscope.zip']);
    const [note] = await pick([fakeFile('a.txt', 5, 'hello')]);
    expect(new TextDecoder().decode(note!.data)).toBe('hello');
  });

  it('drag and drop applies the same limit and names the file', async () => {
    const big = fakeFile('huge.html', 201 * MB);
    const transfer = { items: [{}], files: [big] } as unknown as DataTransfer;
    await expect(readDropped(transfer)).rejects.toThrow(/^huge\.html is 201 MB; Claimscope opens document files up to 200 MB/);
    expect(big.arrayBuffer).not.toHaveBeenCalled();
    const ok = { items: [{}], files: [fakeFile('a.txt', 2, 'hi')] } as unknown as DataTransfer;
    expect((await readDropped(ok)).map((f) => f.name)).toEqual(['a.txt']);
  });
});

describe('the streamed download', () => {
  it('keeps each chunk as a Blob and downloads them joined, once', async () => {
    const downloads: { blob: Blob; name: string }[] = [];
    const target = blobTarget('p.jsonl', [], (blob, name) => downloads.push({ blob, name }));
    await target.write(new TextEncoder().encode('{"a":"é'));
    await target.write(new TextEncoder().encode('"}\n'));
    expect(downloads).toEqual([]);
    expect(await target.close()).toEqual({ where: 'your downloads folder as p.jsonl' });
    expect(downloads.map((d) => d.name)).toEqual(['p.jsonl']);
    const text = await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsText(downloads[0]!.blob);
    });
    expect(text).toBe('{"a":"é"}\n');
    await expect(target.write(new Uint8Array(1))).rejects.toThrow('already finished or cancelled');
  });

  it('a cancelled download downloads nothing', async () => {
    const downloads: Blob[] = [];
    const target = blobTarget('p.jsonl', [], (blob) => downloads.push(blob));
    await target.write(new Uint8Array(5));
    await target.abort();
    await expect(target.close()).rejects.toThrow();
    expect(downloads).toEqual([]);
  });
});

/** A file handle whose writable stream records what happens to it; `failAt` makes that write fail. */
function fakeHandle(failAt = -1) {
  const log: string[] = [];
  let writes = 0;
  const handle = {
    name: 'project.jsonl',
    createWritable: vi.fn(async () => ({
      write: vi.fn(async (chunk: Uint8Array) => {
        if (writes++ === failAt) throw new DOMException('The disk is full.', 'QuotaExceededError');
        log.push(`write ${new TextDecoder().decode(chunk)}`);
      }),
      close: vi.fn(async () => void log.push('close')),
      abort: vi.fn(async () => void log.push('abort')),
    })),
  };
  return { handle: handle as unknown as FileSystemFileHandle, log };
}

describe('the streamed save into a file chosen in the save picker', () => {
  it('writes each chunk as it comes and closes the file once, saying which it is', async () => {
    const { handle, log } = fakeHandle();
    const target = await fileHandleTarget(handle);
    await target.write(new TextEncoder().encode('{"a":1}\n'));
    await target.write(new TextEncoder().encode('{"a":2}\n'));
    expect(await target.close()).toEqual({ where: 'project.jsonl' });
    expect(log).toEqual(['write {"a":1}\n', 'write {"a":2}\n', 'close']);
    await expect(target.write(new Uint8Array(1))).rejects.toThrow('The save to project.jsonl was already finished or cancelled.');
  });

  it('aborts the file on Cancel, and on a failed write (which fails the export)', async () => {
    const cancelled = fakeHandle();
    const target = await fileHandleTarget(cancelled.handle);
    await target.write(new TextEncoder().encode('part'));
    await target.abort();
    await expect(target.close()).rejects.toThrow('already finished or cancelled');
    expect(cancelled.log).toEqual(['write part', 'abort']);

    const full = fakeHandle(1);
    const failing = await fileHandleTarget(full.handle);
    await failing.write(new TextEncoder().encode('one'));
    await expect(failing.write(new TextEncoder().encode('two'))).rejects.toThrow('The disk is full.');
    await failing.abort();
    expect(full.log).toEqual(['write one', 'abort']);
  });

  it('is used where the browser has a save picker; a cancelled picker saves nothing; elsewhere the download', async () => {
    const { handle, log } = fakeHandle();
    const picker = vi.fn(async () => handle);
    vi.stubGlobal('showSaveFilePicker', picker);
    try {
      const filters = [{ name: 'Claimscope JSONL', extensions: ['jsonl'] }];
      const target = (await createWebPlatform().saveStream('project.jsonl', filters))!;
      expect(picker).toHaveBeenCalledWith({
        suggestedName: 'project.jsonl',
        types: [{ description: 'Claimscope JSONL', accept: { 'application/jsonl': ['.jsonl'] } }],
      });
      await target.write(new TextEncoder().encode('x'));
      await target.close();
      expect(log).toEqual(['write x', 'close']);
      picker.mockRejectedValueOnce(new DOMException('The user aborted a request.', 'AbortError'));
      expect(await createWebPlatform().saveStream('project.jsonl', filters)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
    const downloaded = await createWebPlatform().saveStream('project.jsonl', []);
    await downloaded!.abort();
    expect(picker).toHaveBeenCalledTimes(2);
  });
});

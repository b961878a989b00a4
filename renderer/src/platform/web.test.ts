// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { readDropped } from '../features/import/droppedFiles.ts';
import { blobTarget, createWebPlatform } from './web.ts';

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

import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atomicWriteFile, FileTooLargeError, readFolder, readPickedFiles, ReadStreams, SaveStreams } from './files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-files-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const MB = 1024 * 1024;
/** Makes a file `size` bytes long without writing them (a sparse file). */
const sparse = (file: string, size: number) => truncate(file, size);

describe('atomicWriteFile', () => {
  it('creates and replaces a file, leaving no temp files behind', async () => {
    const target = path.join(dir, 'export.json');
    await atomicWriteFile(target, '{"v":1}');
    await atomicWriteFile(target, new TextEncoder().encode('{"v":2}'));
    expect(await readFile(target, 'utf8')).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(['export.json']);
  });

  it('leaves the target as it was and removes its temp file when the rename fails', async () => {
    // A non-empty directory where the file should go: renaming a file onto it fails.
    const blocked = path.join(dir, 'blocked');
    await mkdir(blocked);
    await writeFile(path.join(blocked, 'inside.txt'), 'kept');
    await expect(atomicWriteFile(blocked, 'new')).rejects.toThrow();
    expect(await readFile(path.join(blocked, 'inside.txt'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['blocked']);
  });

  it('fails with the file system error when the folder does not exist', async () => {
    await expect(atomicWriteFile(path.join(dir, 'missing', 'x.txt'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readFolder', () => {
  async function tree(files: Record<string, string>) {
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    }
  }

  it('returns every file below the folder with relative names, in name order', async () => {
    await tree({ 'b.txt': 'B', 'a.txt': 'A', 'sub/c.txt': 'C', 'sub/deeper/d.txt': 'D' });
    const files = await readFolder(dir);
    expect(files.map((f) => [f.name, text(f.data)])).toEqual([
      ['a.txt', 'A'],
      ['b.txt', 'B'],
      ['sub/c.txt', 'C'],
      ['sub/deeper/d.txt', 'D'],
    ]);
    expect(files[2]?.path).toBe(path.join(dir, 'sub', 'c.txt'));
  });

  it('skips hidden files and hidden folders', async () => {
    await tree({ 'a.txt': 'A', '.DS_Store': 'x', '.git/config': 'x', 'sub/.secret': 'x', 'sub/b.txt': 'B' });
    expect((await readFolder(dir)).map((f) => f.name)).toEqual(['a.txt', 'sub/b.txt']);
  });

  it('does not follow symbolic links', async () => {
    await tree({ 'a.txt': 'A' });
    const outside = await mkdtemp(path.join(os.tmpdir(), 'claimscope-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'S');
    try {
      await symlink(outside, path.join(dir, 'link'));
      await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'secret-link.txt'));
      expect((await readFolder(dir)).map((f) => f.name)).toEqual(['a.txt']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('returns [] for an empty folder', async () => {
    expect(await readFolder(dir)).toEqual([]);
  });

  it('stops with a clear error above the file-count cap', async () => {
    await tree({ '1.txt': '1', '2.txt': '2', '3.txt': '3' });
    await expect(readFolder(dir, { maxFiles: 2 })).rejects.toThrow(FileTooLargeError);
    await expect(readFolder(dir, { maxFiles: 2 })).rejects.toThrow(/more than 2 files; choose a smaller folder/);
    expect(await readFolder(dir, { maxFiles: 3 })).toHaveLength(3);
  });

  it('names the file over the app-wide size cap, before reading anything', async () => {
    await tree({ 'small.txt': 'fine', 'sub/huge.txt': '' });
    await sparse(path.join(dir, 'sub', 'huge.txt'), 201 * MB);
    await expect(readFolder(dir)).rejects.toThrow(
      'sub/huge.txt is 201 MB; Claimscope opens document files up to 200 MB. Split it into smaller files.',
    );
  });

  it('opens a project archive over 200 MB (up to 480 MB), and names the total of a folder over 480 MB', async () => {
    await tree({ 'backup.claimscope.zip': '' });
    await sparse(path.join(dir, 'backup.claimscope.zip'), 201 * MB);
    await expect(
      readPickedFiles([path.join(dir, 'backup.claimscope.zip')], { maxFiles: 5 }).then((f) => f[0]?.data.byteLength),
    ).resolves.toBe(201 * MB);
    await tree({ 'a.txt': '', 'b.txt': '' });
    await sparse(path.join(dir, 'a.txt'), 150 * MB);
    await sparse(path.join(dir, 'b.txt'), 150 * MB);
    await expect(readFolder(dir)).rejects.toThrow(/^The 3 chosen files are 501 MB together; Claimscope opens up to 480 MB at once/);
  });

  it('uses the 20,000 files cap by default', async () => {
    await tree({ 'a.txt': 'A' });
    const many = Array.from({ length: 20_001 }, (_, i) => `f${i}`);
    await expect(readPickedFiles([path.join(dir, 'a.txt')])).resolves.toHaveLength(1);
    // Counting happens before any file is read, so the message names the default cap.
    await expect(readPickedFiles(many.map(() => path.join(dir, 'a.txt')))).rejects.toThrow(/more than 20,000 files/);
  });
});

describe('readPickedFiles', () => {
  it('reads the picked files with their base names and paths', async () => {
    await writeFile(path.join(dir, 'one.txt'), 'first');
    await writeFile(path.join(dir, 'two.csv'), 'a,b');
    const files = await readPickedFiles([path.join(dir, 'one.txt'), path.join(dir, 'two.csv')]);
    expect(files.map((f) => [f.name, f.path, text(f.data)])).toEqual([
      ['one.txt', path.join(dir, 'one.txt'), 'first'],
      ['two.csv', path.join(dir, 'two.csv'), 'a,b'],
    ]);
    expect(files[0]?.data).toBeInstanceOf(Uint8Array);
  });

  it('refuses a picked file larger than the size cap, naming it', async () => {
    await writeFile(path.join(dir, 'big.txt'), '');
    await sparse(path.join(dir, 'big.txt'), 500 * MB);
    await expect(readPickedFiles([path.join(dir, 'big.txt')], { maxFiles: 5 })).rejects.toThrow(
      /^big\.txt is 500 MB; Claimscope opens document files up to 200 MB/,
    );
  });
});

describe('SaveStreams', () => {
  it('writes chunks to a temporary file and renames it into place only when finished', async () => {
    const target = path.join(dir, 'big.jsonl');
    await writeFile(target, 'old');
    const streams = new SaveStreams();
    const id = await streams.start(1, target);
    await streams.write(1, id, new TextEncoder().encode('{"a":1}\n'));
    await streams.write(1, id, new TextEncoder().encode('{"a":2}\n'));
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await streams.finish(1, id)).toEqual({ path: target, bytes: 16 });
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(await readdir(dir)).toEqual(['big.jsonl']);
  });

  it('an aborted save, or one of a closed window, leaves the target as it was and no temporary file', async () => {
    const target = path.join(dir, 'big.jsonl');
    await writeFile(target, 'old');
    const streams = new SaveStreams();
    const id = await streams.start(1, target);
    await streams.write(1, id, new Uint8Array(10));
    await streams.abort(1, id);
    const other = await streams.start(2, target);
    await streams.abortAll(2);
    expect(await readdir(dir)).toEqual(['big.jsonl']);
    expect(await readFile(target, 'utf8')).toBe('old');
    await expect(streams.write(2, other, new Uint8Array(1))).rejects.toThrow('That save is not open');
  });

  it('reads the file back before renaming it: a file that differs from what was sent is removed, the target kept', async () => {
    const target = path.join(dir, 'backup.zip');
    await writeFile(target, 'old');
    const streams = new SaveStreams();
    const id = await streams.start(1, target);
    await streams.write(1, id, new TextEncoder().encode('all of it'));
    // The disk holds something else than was sent (a faulty write, another program).
    const temp = (await readdir(dir)).find((n) => n.endsWith('.tmp'))!;
    await writeFile(path.join(dir, temp), 'all of iT');
    await expect(streams.finish(1, id)).rejects.toThrow(/backup\.zip was read back after writing and differs from what was written/);
    expect(await readdir(dir)).toEqual(['backup.zip']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('takes any number of chunks, each at most its chunk size, and drops a save sent a larger one', async () => {
    const target = path.join(dir, 'many.bin');
    const streams = new SaveStreams(1024);
    const id = await streams.start(1, target);
    const chunk = new Uint8Array(1024).map((_, i) => i % 251);
    for (let i = 0; i < 300; i++) await streams.write(1, id, chunk);
    expect(await streams.finish(1, id)).toEqual({ path: target, bytes: 300 * 1024 });
    const back = await readFile(target);
    expect(back.length).toBe(300 * 1024);
    expect(back.subarray(299 * 1024)).toEqual(Buffer.from(chunk));
    const big = await streams.start(1, path.join(dir, 'big.bin'));
    await expect(streams.write(1, big, new Uint8Array(1025))).rejects.toThrow('A chunk is at most 1024 bytes.');
    expect(await readdir(dir)).toEqual(['many.bin']);
  });

  it('another window cannot write to, finish or abort a save', async () => {
    const streams = new SaveStreams();
    const id = await streams.start(1, path.join(dir, 'mine.jsonl'));
    await expect(streams.write(2, id, new Uint8Array(1))).rejects.toThrow('belongs to another window');
    await expect(streams.finish(2, id)).rejects.toThrow('belongs to another window');
    await streams.abort(2, id);
    await streams.write(1, id, new TextEncoder().encode('x'));
    await streams.finish(1, id);
    expect(await readFile(path.join(dir, 'mine.jsonl'), 'utf8')).toBe('x');
  });
});

describe('ReadStreams', () => {
  it('reads an open file a bounded chunk at a time from where it is asked, fewer bytes at its end', async () => {
    const file = path.join(dir, 'backup.claimscope.zip');
    await writeFile(file, 'PK0123456789');
    const streams = new ReadStreams(4);
    const opened = await streams.open(1, file);
    expect({ name: opened.name, size: opened.size }).toEqual({ name: 'backup.claimscope.zip', size: 12 });
    expect(text(await streams.read(1, opened.id, 8, 4))).toBe('6789');
    expect(text(await streams.read(1, opened.id, 0, 4))).toBe('PK01');
    expect(text(await streams.read(1, opened.id, 10, 4))).toBe('89');
    expect((await streams.read(1, opened.id, 50, 4)).length).toBe(0);
    await expect(streams.read(1, opened.id, 0, 5)).rejects.toThrow('A read is at most 4 bytes.');
    await streams.close(1, opened.id);
    await expect(streams.read(1, opened.id, 0, 4)).rejects.toThrow('That file is not open');
  });

  it("a window reads only its own files, a closed window's files are closed, and a window holds few at once", async () => {
    const file = path.join(dir, 'a.zip');
    await writeFile(file, 'PK');
    const streams = new ReadStreams(1024, 2);
    const mine = await streams.open(1, file);
    await expect(streams.read(2, mine.id, 0, 2)).rejects.toThrow('That file is not open (it was closed or belongs to another window).');
    await streams.close(2, mine.id);
    expect(text(await streams.read(1, mine.id, 0, 2))).toBe('PK');
    await streams.open(1, file);
    await expect(streams.open(1, file)).rejects.toThrow('This window already has 2 files open for reading; close one first.');
    await streams.closeAll(1);
    await expect(streams.read(1, mine.id, 0, 2)).rejects.toThrow('That file is not open');
    await expect(streams.open(1, dir)).rejects.toThrow(`${path.basename(dir)} is not a file.`);
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  atomicWriteFile,
  listBackups,
  PickTooLargeError,
  readFolder,
  readPickedFiles,
  writeBackup,
} from './files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-files-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

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

describe('writeBackup', () => {
  const backups = () => path.join(dir, 'userData', 'backups');
  const at = (second: number) => new Date(Date.UTC(2025, 10, 29, 8, 0, second));

  it('writes a timestamped copy in the backups folder, creating it', async () => {
    const result = await writeBackup(backups(), 'annotations.json', '{"a":1}', { now: at(5) });
    expect(result.path).toBe(path.join(backups(), 'annotations.20251129T080005000Z.json'));
    expect(await readFile(result.path, 'utf8')).toBe('{"a":1}');
  });

  it('keeps only the newest backups of each name', async () => {
    for (let s = 0; s < 25; s++) await writeBackup(backups(), 'annotations.json', `v${s}`, { now: at(s) });
    for (let s = 0; s < 3; s++) await writeBackup(backups(), 'schema.json', `s${s}`, { now: at(s) });
    const kept = await listBackups(backups(), 'annotations.json');
    expect(kept).toHaveLength(20);
    expect(await readFile(kept[0] as string, 'utf8')).toBe('v5');
    expect(await readFile(kept[19] as string, 'utf8')).toBe('v24');
    expect(await listBackups(backups(), 'schema.json')).toHaveLength(3);
    expect(await readdir(backups())).toHaveLength(23);
  });

  it('does not overwrite a backup made in the same millisecond', async () => {
    const first = await writeBackup(backups(), 'log.jsonl', 'one', { now: at(1) });
    const second = await writeBackup(backups(), 'log.jsonl', 'two', { now: at(1) });
    const third = await writeBackup(backups(), 'log.jsonl', 'three', { now: at(1) });
    expect(new Set([first.path, second.path, third.path]).size).toBe(3);
    const kept = await listBackups(backups(), 'log.jsonl');
    expect(await Promise.all(kept.map((p) => readFile(p, 'utf8')))).toEqual(['one', 'two', 'three']);
  });

  it('rotates same-millisecond backups oldest first', async () => {
    for (let i = 0; i < 4; i++) await writeBackup(backups(), 'x.txt', `v${i}`, { now: at(1), keep: 2 });
    const kept = await listBackups(backups(), 'x.txt');
    expect(await Promise.all(kept.map((p) => readFile(p, 'utf8')))).toEqual(['v2', 'v3']);
  });

  it('leaves other files in the folder alone', async () => {
    await mkdir(backups(), { recursive: true });
    await writeFile(path.join(backups(), 'notes.txt'), 'mine');
    await writeFile(path.join(backups(), 'annotations.json'), 'not a backup');
    for (let s = 0; s < 3; s++) await writeBackup(backups(), 'annotations.json', `v${s}`, { now: at(s), keep: 1 });
    expect((await readdir(backups())).sort()).toEqual(['annotations.20251129T080002000Z.json', 'annotations.json', 'notes.txt']);
  });

  it.each(['../escape.json', 'a/b.json', '.hidden', '', 'x'.repeat(101)])('refuses the name %j', async (name) => {
    await expect(writeBackup(backups(), name, 'x')).rejects.toThrow(/not a valid backup name/);
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
    await expect(readFolder(dir, { maxFiles: 2, maxBytes: 1000 })).rejects.toThrow(PickTooLargeError);
    await expect(readFolder(dir, { maxFiles: 2, maxBytes: 1000 })).rejects.toThrow(/more than 2 files; choose a smaller folder/);
    expect(await readFolder(dir, { maxFiles: 3, maxBytes: 1000 })).toHaveLength(3);
  });

  it('stops with a clear error above the size cap', async () => {
    await tree({ 'big.txt': 'x'.repeat(3 * 1024 * 1024) });
    await expect(readFolder(dir, { maxFiles: 10, maxBytes: 2 * 1024 * 1024 })).rejects.toThrow(/larger than 2 MB in total \(3 MB\)/);
  });

  it('uses the 20,000 files / 200 MB caps by default', async () => {
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

  it('refuses a pick larger than the size cap', async () => {
    await writeFile(path.join(dir, 'big.txt'), 'x'.repeat(2048));
    await expect(readPickedFiles([path.join(dir, 'big.txt')], { maxFiles: 5, maxBytes: 1024 })).rejects.toThrow(/The chosen file is larger than/);
  });
});

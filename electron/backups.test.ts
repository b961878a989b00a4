import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_BACKUPS_KEPT, listAutoBackups, readAutoBackup, writeAutoBackup } from './backups.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-backups-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const day = (n: number, second = 0) => new Date(Date.UTC(2026, 11, 1 + n, 9, 0, second));
const bytes = (text: string) => new TextEncoder().encode(text);
const write = (projectId: string, text: string, now: Date, reason: 'daily' | 'upgrade' = 'daily') =>
  writeAutoBackup(dir, { projectId, projectName: `Project ${projectId}`, reason, contentHash: 'h'.repeat(64), data: bytes(text) }, { now });

describe('automatic backups', () => {
  it('keeps the newest 14 of each project, newest first, and leaves other projects alone', async () => {
    expect(AUTO_BACKUPS_KEPT).toBe(14);
    for (let d = 0; d < 20; d++) await write('alpha', `alpha ${d}`, day(d));
    for (let d = 0; d < 3; d++) await write('beta', `beta ${d}`, day(d), 'upgrade');
    const all = await listAutoBackups(dir);
    const alpha = all.filter((b) => b.projectId === 'alpha');
    expect(alpha).toHaveLength(14);
    expect(alpha[0]!.createdAt).toBe(day(19).toISOString());
    expect(alpha.at(-1)!.createdAt).toBe(day(6).toISOString());
    expect(new TextDecoder().decode(await readAutoBackup(dir, alpha[0]!.id))).toBe('alpha 19');
    expect(all.filter((b) => b.projectId === 'beta').map((b) => [b.projectName, b.reason])).toEqual([
      ['Project beta', 'upgrade'],
      ['Project beta', 'upgrade'],
      ['Project beta', 'upgrade'],
    ]);
    // Each archive has its names file; rotation removed both of every old backup.
    expect(await readdir(dir)).toHaveLength(2 * (14 + 3));
    expect(all.map((b) => b.createdAt)).toEqual([...all.map((b) => b.createdAt)].sort().reverse());
  });

  it('numbers two backups of the same millisecond instead of overwriting', async () => {
    const a = await write('alpha', 'one', day(1));
    const b = await write('alpha', 'two', day(1));
    expect(a.id).not.toBe(b.id);
    expect((await listAutoBackups(dir)).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(new TextDecoder().decode(await readAutoBackup(dir, a.id))).toBe('one');
  });

  it('lists nothing for a missing folder, ignores other files, and reads only backups by name', async () => {
    expect(await listAutoBackups(path.join(dir, 'missing'))).toEqual([]);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const b = await write('alpha', 'x', day(2));
    expect((await listAutoBackups(dir)).map((x) => x.id)).toEqual([b.id]);
    await expect(readAutoBackup(dir, '../notes.txt')).rejects.toThrow(/not an automatic backup/);
    await expect(readAutoBackup(dir, 'notes.txt')).rejects.toThrow(/not an automatic backup/);
  });

  it('still lists a backup whose names file is gone', async () => {
    const b = await write('alpha', 'x', day(3));
    await rm(path.join(dir, b.id.replace(/\.claimscope\.zip$/, '.json')));
    expect(await listAutoBackups(dir)).toEqual([{ ...b, projectName: '', contentHash: '' }]);
  });

  it('refuses a project id that is not one', async () => {
    await expect(write('../x', 'x', day(1))).rejects.toThrow(/not a project id/);
  });
});

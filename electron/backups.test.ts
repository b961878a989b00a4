import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AutoBackupStart } from './api.ts';
import { AUTO_BACKUPS_KEPT, autoBackupPath, AutoBackupWriter, listAutoBackups } from './backups.ts';
import { SaveStreams } from './files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'claimscope-backups-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const day = (n: number, second = 0) => new Date(Date.UTC(2026, 11, 1 + n, 9, 0, second));
const bytes = (text: string) => new TextEncoder().encode(text);
const startOf = (projectId: string, reason: 'daily' | 'upgrade' = 'daily'): AutoBackupStart => ({
  projectId,
  projectName: `Project ${projectId}`,
  reason,
  contentHash: 'a'.repeat(64),
});

/** A writer over `dir` whose clock the test sets; chunks of at most `maxChunk` bytes. */
function writerAt(maxChunk?: number) {
  const clock = { now: day(0) };
  const streams = new SaveStreams(maxChunk);
  const writer = new AutoBackupWriter(() => dir, streams, { now: () => clock.now });
  /** One backup written in chunks of `text`'s pieces, as the renderer sends them. */
  const write = async (projectId: string, text: string, now: Date, reason: 'daily' | 'upgrade' = 'daily') => {
    clock.now = now;
    const id = await writer.start(1, startOf(projectId, reason));
    for (let at = 0; at < text.length; at += 4) await streams.write(1, id, bytes(text.slice(at, at + 4)));
    return writer.finish(1, id);
  };
  return { clock, streams, writer, write };
}
const read = (id: string) => readFile(autoBackupPath(dir, id), 'utf8');

describe('automatic backups', () => {
  it('keeps the newest 14 of each project, newest first, and leaves other projects alone', async () => {
    expect(AUTO_BACKUPS_KEPT).toBe(14);
    const { write } = writerAt();
    for (let d = 0; d < 20; d++) await write('alpha', `alpha ${d}`, day(d));
    for (let d = 0; d < 3; d++) await write('beta', `beta ${d}`, day(d), 'upgrade');
    const all = await listAutoBackups(dir);
    const alpha = all.filter((b) => b.projectId === 'alpha');
    expect(alpha).toHaveLength(14);
    expect(alpha[0]!.createdAt).toBe(day(19).toISOString());
    expect(alpha.at(-1)!.createdAt).toBe(day(6).toISOString());
    expect(await read(alpha[0]!.id)).toBe('alpha 19');
    expect(all.filter((b) => b.projectId === 'beta').map((b) => [b.projectName, b.reason])).toEqual([
      ['Project beta', 'upgrade'],
      ['Project beta', 'upgrade'],
      ['Project beta', 'upgrade'],
    ]);
    // Each archive has its names file; rotation removed both of every old backup.
    expect(await readdir(dir)).toHaveLength(2 * (14 + 3));
    expect(all.map((b) => b.createdAt)).toEqual([...all.map((b) => b.createdAt)].sort().reverse());
  });

  it('writes a backup larger than any one message may carry, in chunks, whole', async () => {
    // Chunks of at most 1 KiB here (8 MiB in the app), a backup of 2 MiB: the size of a backup has no cap.
    const { writer, streams } = writerAt(1024);
    const id = await writer.start(1, startOf('alpha'));
    const chunk = new Uint8Array(1024).map((_, i) => (i * 7) % 256);
    for (let i = 0; i < 2048; i++) await streams.write(1, id, chunk);
    const info = await writer.finish(1, id);
    expect(info.bytes).toBe(2048 * 1024);
    expect(await listAutoBackups(dir)).toEqual([info]);
    const back = await readFile(autoBackupPath(dir, info.id));
    expect(back.subarray(1024 * 1000, 1024 * 1001)).toEqual(Buffer.from(chunk));
  });

  it('lists nothing of a backup until it is finished; one the app died writing leaves no file in the rotation', async () => {
    const { writer, streams } = writerAt();
    const kept = await writerAt().write('alpha', 'the good one', day(1));
    const id = await writer.start(1, startOf('alpha'));
    await streams.write(1, id, bytes('PK\x03\x04 half an arch'));
    expect(await listAutoBackups(dir)).toEqual([kept]);
    // The app dies here: a new start (new writer, new streams) finds only a temporary file beside the rotation.
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    const restarted = writerAt();
    expect(await listAutoBackups(dir)).toEqual([kept]);
    // Its next backup removes what the dead one left, and keeps what another window is writing.
    const other = await restarted.writer.start(2, startOf('beta'));
    await restarted.streams.write(2, other, bytes('in progress'));
    await restarted.write('alpha', 'next', day(2));
    const left = await readdir(dir);
    expect(left.filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
    await restarted.writer.finish(2, other);
    expect((await listAutoBackups(dir)).map((b) => b.projectId).sort()).toEqual(['alpha', 'alpha', 'beta']);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('an aborted backup, or one whose file reads back wrong, leaves nothing listed and no file behind', async () => {
    const { writer, streams } = writerAt();
    const id = await writer.start(1, startOf('alpha'));
    await streams.write(1, id, bytes('part'));
    await streams.abort(1, id);
    await expect(writer.finish(1, id)).rejects.toThrow(/not open/);
    // Another window can neither finish nor spoil a backup it did not start.
    const mine = await writer.start(1, startOf('alpha'));
    await streams.write(1, mine, bytes('mine'));
    await expect(writer.finish(2, mine)).rejects.toThrow(/belongs to another window/);
    expect((await writer.finish(1, mine)).bytes).toBe(4);
    await rm(path.join(dir, (await listAutoBackups(dir))[0]!.id));
    await rm(
      path.join(
        dir,
        (await readdir(dir)).find((n) => n.endsWith('.json'))!,
      ),
    );
    const bad = await writer.start(1, startOf('alpha'));
    await streams.write(1, bad, bytes('sent'));
    const temp = (await readdir(dir)).find((n) => n.endsWith('.tmp'))!;
    await writeFile(path.join(dir, temp), 'SENT');
    await expect(writer.finish(1, bad)).rejects.toThrow(/read back after writing and differs/);
    expect(await listAutoBackups(dir)).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('numbers two backups of the same millisecond instead of overwriting', async () => {
    const { write } = writerAt();
    const a = await write('alpha', 'one', day(1));
    const b = await write('alpha', 'two', day(1));
    expect(a.id).not.toBe(b.id);
    expect((await listAutoBackups(dir)).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(await read(a.id)).toBe('one');
  });

  it('lists nothing for a missing folder, ignores other files, and opens only backups by name', async () => {
    expect(await listAutoBackups(path.join(dir, 'missing'))).toEqual([]);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const b = await writerAt().write('alpha', 'x', day(2));
    expect((await listAutoBackups(dir)).map((x) => x.id)).toEqual([b.id]);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(() => autoBackupPath(dir, '../notes.txt')).toThrow(/not an automatic backup/);
    expect(() => autoBackupPath(dir, 'notes.txt')).toThrow(/not an automatic backup/);
  });

  it('still lists a backup whose names file is gone', async () => {
    const b = await writerAt().write('alpha', 'x', day(3));
    await rm(path.join(dir, b.id.replace(/\.claimscope\.zip$/, '.json')));
    expect(await listAutoBackups(dir)).toEqual([{ ...b, projectName: '', contentHash: '' }]);
  });

  it('refuses a project id that is not one', async () => {
    await expect(writerAt().write('../x', 'x', day(1))).rejects.toThrow(/not a project id/);
  });
});

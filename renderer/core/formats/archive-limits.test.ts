import { Inflate, unzipSync, zipSync } from 'fflate';
import { zipBomb as zeros } from './fixtures/zip-bomb.ts';
import { describe, expect, it } from 'vitest';
import { readArchive } from './archive.ts';
import { STREAMED_ARCHIVE_LIMITS, unzipCapped, zipDirectoryProblem } from './archive-limits.ts';
import { describeError } from './types.ts';

/** Overwrites every size the zip declares for its entries (local and central headers) with `size`. */
function lieAboutSizes(bytes: Uint8Array, size: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

describe('unpacking an archive within limits', () => {
  it('(the bomb builder makes what it says: 100 MB of zeros, counted by a plain inflater)', () => {
    const bomb = zeros(100e6);
    const entry = unzipSync(bomb, { filter: () => false });
    expect(entry).toEqual({});
    let total = 0;
    let nonZero = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      for (let i = 0; i < chunk.length; i += 4096) nonZero += chunk[i]!;
    });
    const data = bomb.subarray(30 + 'documents.jsonl'.length, bomb.length - 46 - 'documents.jsonl'.length - 22);
    for (let i = 0; i < data.length; i += 16384) inflater.push(data.subarray(i, i + 16384), i + 16384 >= data.length);
    expect(Math.abs(total - 100e6)).toBeLessThan(1032);
    expect(nonZero).toBe(0);
  });

  it('refuses a 1 MB zip that expands to 1.1 GB, naming the size, before unpacking it', () => {
    const bomb = zeros(1.1e9);
    expect(bomb.length).toBeLessThan(1.5e6);
    const read = readArchive('bomb.claimscope.zip', bomb);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(describeError(read.error)).toBe(
        'bomb.claimscope.zip: would expand to 1.1 GB when unpacked, more than the 1.0 GB a project archive may hold; it was not unpacked.',
      );
    }
  });

  it('stops inflating as soon as the output passes the limit when the zip lies about its sizes', () => {
    const liar = lieAboutSizes(zeros(50e6), 100);
    const r = unzipCapped(liar, { maxInflatedBytes: 4e6, maxEntries: 10 });
    expect(r).toEqual({
      ok: false,
      problem: 'expands to more than 4.0 MB when unpacked, more than the 4.0 MB a project archive may hold; it was not unpacked.',
    });
  });

  it('refuses too many entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) files[`t${i}.jsonl`] = new Uint8Array(1);
    expect(unzipCapped(zipSync(files), { maxInflatedBytes: 1e6, maxEntries: 10 })).toEqual({
      ok: false,
      problem: 'holds 12 entries, more than the 10 a project archive may hold; it was not unpacked.',
    });
  });

  it('unpacks an archive within the limits, empty entries included', () => {
    const r = unzipCapped(zipSync({ 'a.jsonl': new TextEncoder().encode('{"x":1}\n'), 'b.jsonl': new Uint8Array(0) }), {
      maxInflatedBytes: 100,
      maxEntries: 2,
    });
    expect(r.ok && Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, new TextDecoder().decode(v)]))).toEqual({
      'a.jsonl': '{"x":1}\n',
      'b.jsonl': '',
    });
  });
});

describe('the zip directory, read from the end before a streamed restore inflates anything', () => {
  const reader = (bytes: Uint8Array) => async (from: number, to: number) => bytes.subarray(from, to);

  it('refuses a bomb by its declared size, and too many entries', async () => {
    const bomb = zeros(4.2e9);
    expect(await zipDirectoryProblem(bomb.length, reader(bomb), STREAMED_ARCHIVE_LIMITS)).toBe(
      'would expand to 4.2 GB when unpacked, more than the 4.0 GB a project archive may hold; it was not unpacked.',
    );
    const many = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t${i}.jsonl`, new Uint8Array(1)])));
    expect(await zipDirectoryProblem(many.length, reader(many), { maxInflatedBytes: 1e6, maxEntries: 10 })).toBe(
      'holds 12 entries, more than the 10 a project archive may hold; it was not unpacked.',
    );
  });

  it('lets an honest archive through', async () => {
    const zip = zipSync({ 'manifest.json': new Uint8Array(100), 'documents.jsonl': new Uint8Array(5000) });
    expect(await zipDirectoryProblem(zip.length, reader(zip), STREAMED_ARCHIVE_LIMITS)).toBeNull();
  });
});

import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatBytes, ENTRY_TIME } from './stream.ts';
import { ZipWriter } from './zip-write.ts';

/** Entries as a list of parts each (the content pushed a part at a time). */
type Entries = { path: string; parts: Uint8Array[] }[];

/** The zip as fflate's streaming `Zip` writes it: what every zip export was before `ZipWriter`. */
function fflateZip(entries: Entries): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  for (const entry of entries) {
    const file = new ZipDeflate(entry.path, { level: 6 });
    file.mtime = ENTRY_TIME;
    zip.add(file);
    entry.parts.forEach((part, i) => file.push(part, i === entry.parts.length - 1));
  }
  zip.end();
  return concatBytes(out);
}

function written(entries: Entries): Uint8Array {
  const out: Uint8Array[] = [];
  const zip = new ZipWriter((data) => out.push(data), ENTRY_TIME);
  for (const entry of entries) {
    const file = zip.entry(entry.path);
    entry.parts.forEach((part, i) => file.push(part, i === entry.parts.length - 1));
  }
  zip.end();
  return concatBytes(out);
}

/** Where two byte arrays first differ (-1: nowhere), which is what a failure should say; `toEqual` on megabytes is slow. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  // Long and repetitive: several deflate blocks, back references across parts.
  fc.tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2000 })).map(([s, n]) => s.repeat(n)),
);
const entry = fc.record({
  path: fc.oneof(
    fc.stringMatching(/^[a-z0-9_.-]{1,30}(\/[a-z0-9_.-]{1,12})?$/),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  ),
  parts: fc.array(text, { minLength: 1, maxLength: 4 }).map((parts) => parts.map((p) => strToU8(p))),
});

describe('ZipWriter', () => {
  it('writes the bytes fflate’s Zip writes, for any entries, names and parts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { maxLength: 12, selector: (e) => e.path }), (entries) => {
        const bytes = written(entries);
        expect(firstDifference(bytes, fflateZip(entries))).toBe(-1);
        const files = unzipSync(bytes);
        for (const e of entries) expect(strFromU8(files[e.path]!)).toBe(e.parts.map((p) => strFromU8(p)).join(''));
      }),
      { numRuns: 30 },
    );
  });

  it('counts more than 65,535 entries in a Zip64 end record, so readers see every file', { timeout: 120_000 }, () => {
    const entries: Entries = Array.from({ length: 70_000 }, (_, i) => ({ path: `d/${i}.ann`, parts: [strToU8(`T${i}`)] }));
    const bytes = written(entries);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toHaveLength(70_000);
    expect(strFromU8(files['d/69999.ann']!)).toBe('T69999');
    // The end record points readers at the Zip64 record: its entry count is all ones.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(bytes.length - 22, true)).toBe(0x06054b50);
    expect(view.getUint16(bytes.length - 22 + 10, true)).toBe(0xffff);
    expect(view.getUint32(bytes.length - 22 - 20, true)).toBe(0x07064b50);
  });

  it('refuses an entry started before the one before it is finished', () => {
    const zip = new ZipWriter(() => {}, ENTRY_TIME);
    zip.entry('a.txt').push(strToU8('half'), false);
    expect(() => zip.entry('b.txt')).toThrow(/before b\.txt is not finished/);
    expect(() => zip.end()).toThrow(/not finished/);
  });
});

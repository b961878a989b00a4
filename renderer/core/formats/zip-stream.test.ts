import { Zip, ZipDeflate, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatBytes } from './stream.ts';
import { ZipStream } from './zip-stream.ts';

/** A streamed zip (sizes in data descriptors after each entry's data), deflated at `level`. */
function streamedZip(entries: Record<string, string>, level: 0 | 6): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  for (const [name, text] of Object.entries(entries)) {
    const file = new ZipDeflate(name, { level });
    zip.add(file);
    file.push(strToU8(text), true);
  }
  zip.end();
  return concatBytes(parts);
}

/** Every entry's text, reading the zip in pieces of `piece` bytes. */
function readAll(bytes: Uint8Array, piece: number): Record<string, string> {
  const out: Record<string, Uint8Array[]> = {};
  const stream = new ZipStream((entry) => {
    out[entry.name] = [];
    entry.ondata = (data) => void out[entry.name]!.push(data);
  });
  for (let at = 0; at < bytes.length; at += piece) stream.push(bytes.subarray(at, at + piece), at + piece >= bytes.length);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, strFromU8(concatBytes(v))]));
}

describe('reading a streamed zip entry by entry', () => {
  it('reads entries whose compressed bytes hold a header signature, whatever the piece size', () => {
    // Deflate level 0 keeps the bytes as they are, so the signatures of a data descriptor (with
    // plausible sizes) and of a local header stand inside the compressed data.
    const trap = `a line\nPK\u0007\b${'\u0000'.repeat(12)}PK\u0003\u0004 more\n`.repeat(50);
    const entries = { 'manifest.json': '{"a":1}', 'documents.jsonl': trap, 'annotations.jsonl': 'x\n'.repeat(10_000) };
    for (const level of [0, 6] as const) {
      const zip = streamedZip(entries, level);
      for (const piece of [1, 7, 16, 4096, zip.length]) expect(readAll(zip, piece)).toEqual(entries);
    }
  });

  it('says which entry is cut short', () => {
    const zip = streamedZip({ 'documents.jsonl': 'y\n'.repeat(5000) }, 6);
    expect(() => readAll(zip.subarray(0, zip.length >> 1), 512)).toThrow('documents.jsonl is cut short');
  });
});

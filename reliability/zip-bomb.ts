/**
 * Zip bombs for the importer fuzz, built without inflating anything: one deflate chunk of 1 MiB of
 * a repeated byte (flushed to a byte boundary, not final) is repeated as often as needed, then a
 * final empty block ends the stream. A 256 MiB entry costs about 256 KiB and a few milliseconds.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { concatBytes } from '../renderer/core/formats/stream.ts';

export interface ZipEntry {
  name: string;
  /** The entry's bytes, or a bomb: `size` bytes of `byte`. */
  data?: Uint8Array;
  bomb?: { size: number; byte: number };
}

const MIB = 1 << 20;

const EMPTY = deflateRawSync(new Uint8Array(0));

function deflated(entry: ZipEntry): { compressed: Uint8Array; crc: number; size: number } {
  if (entry.data?.length === 0) return { compressed: EMPTY, crc: 0, size: 0 };
  if (entry.data) return { compressed: deflateRawSync(entry.data), crc: crc32(entry.data), size: entry.data.length };
  const { size, byte } = entry.bomb!;
  const chunk = new Uint8Array(MIB).fill(byte);
  const piece = deflateRawSync(chunk, { finishFlush: constants.Z_SYNC_FLUSH });
  const count = Math.ceil(size / MIB);
  const out = new Uint8Array(piece.length * count + 2);
  let crc = 0;
  for (let i = 0; i < count; i++) {
    out.set(piece, i * piece.length);
    crc = crc32(chunk, crc);
  }
  out.set([0x03, 0x00], piece.length * count);
  return { compressed: out, crc, size: count * MIB };
}

/** A zip archive (deflate, no zip64) of the entries. */
export function zipWith(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const { compressed, crc, size } = deflated(entry);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint16(12, 0x21, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, compressed.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, 8, true);
    dir.setUint16(14, 0x21, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, compressed.length, true);
    dir.setUint32(24, size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, compressed);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + compressed.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return concatBytes([...parts, ...central, new Uint8Array(end.buffer)]);
}

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

type Field = readonly [value: number, bytes: 2 | 4];
const u16 = (value: number): Field => [value, 2];
const u32 = (value: number): Field => [value, 4];

/** Little-endian fields written one after the other. */
function fields(...values: readonly Field[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.reduce((n, [, bytes]) => n + bytes, 0)));
  let at = 0;
  for (const [value, bytes] of values) {
    if (bytes === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
    at += bytes;
  }
  return new Uint8Array(view.buffer);
}

/** A zip archive (deflate, no zip64) of the entries. */
export function zipWith(entries: readonly ZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const { compressed, crc, size } = deflated(entry);
    // What the local header and the central directory both say of the entry: version needed 2.0,
    // no flags, deflate, time 00:00, date 1980-01-01, CRC-32, sizes, name length, no extra field.
    const described = [u16(20), u16(0), u16(8), u16(0), u16(0x21), u32(crc), u32(compressed.length), u32(size), u16(name.length), u16(0)];
    parts.push(fields(u32(0x04034b50), ...described), name, compressed);
    // Central directory: made by version 2.0; no comment, disk 0, no attributes; the local header's offset.
    central.push(fields(u32(0x02014b50), u16(20), ...described, u16(0), u16(0), u16(0), u32(0), u32(offset)), name);
    offset += 30 + name.length + compressed.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  // End of central directory: disk 0, its entries on this disk and in all, its size and offset, no comment.
  const end = fields(u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(centralSize), u32(offset), u16(0));
  return concatBytes([...parts, ...central, end]);
}

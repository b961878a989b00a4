/**
 * Writing a zip entry by entry, as its bytes come, holding only the central directory's records
 * (46 bytes and the name an entry, packed into blocks): what every zip export streams through
 * (`stream.ts`). The bytes are exactly those of fflate's streaming `Zip` with `ZipDeflate` entries
 * (deflated by fflate, data descriptors after the data, the same header fields and end record),
 * but fflate's `Zip` keeps an object of about 1.3 KB per entry until it ends, which for a brat
 * export of 100,000 documents (200,000 entries) is 260 MB; the records here take 70 bytes.
 */
import { strToU8, ZipDeflate } from 'fflate';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
/** Central directory records are packed into blocks of this many bytes. */
const BLOCK = 64 * 1024;
/** Every entry's deflate level. */
const LEVEL = 6;

/** One entry being written: push its content, the last part with `final`. */
export interface ZipEntryWriter {
  push(bytes: Uint8Array, final: boolean): void;
}

export class ZipWriter {
  /** Bytes handed out so far: where the next entry's header begins. */
  private offset = 0;
  private entries = 0;
  private blocks: Uint8Array[] = [];
  private used = BLOCK;
  private directoryBytes = 0;
  private writing = false;
  private ended = false;

  /** `ondata` is handed the zip's bytes in order, as they are made. */
  constructor(
    private readonly ondata: (bytes: Uint8Array) => void,
    private readonly mtime: Date,
  ) {}

  /** Starts the next entry (the one before must have had its final part). */
  entry(path: string): ZipEntryWriter {
    if (this.ended) throw new Error('The zip was already ended.');
    if (this.writing) throw new Error(`The zip entry before ${path} is not finished.`);
    const name = strToU8(path);
    if (name.length > 0xffff) throw new Error(`The zip entry name ${path.slice(0, 80)}… is too long.`);
    const utf8 = name.length !== path.length;
    const time = dosTime(this.mtime);
    const header = new Uint8Array(30 + name.length);
    fields(header, 4, utf8, time);
    put(header, 0, LOCAL);
    put(header, 26, name.length);
    header.set(name, 30);
    const start = this.offset;
    if (start > 0xffffffff) throw new Error(`The zip passed 4 GB before ${path}: Claimscope does not write zips that large.`);
    this.emit(header);
    this.writing = true;
    const file = new ZipDeflate(path, { level: LEVEL });
    let compressed = 0;
    file.ondata = (err, data, final) => {
      if (err) throw err;
      compressed += data.length;
      this.emit(data);
      if (!final) return;
      const crc = file.crc;
      const descriptor = new Uint8Array(16);
      put(descriptor, 0, DESCRIPTOR);
      put(descriptor, 4, crc);
      put(descriptor, 8, compressed);
      put(descriptor, 12, file.size);
      this.emit(descriptor);
      const record = this.reserve(46 + name.length);
      put(record.bytes, record.at, CENTRAL);
      // Made by version 2.0 (its host byte 0), then the fields the local header has.
      record.bytes[record.at + 4] = 20;
      fields(record.bytes, record.at + 6, utf8, time);
      put(record.bytes, record.at + 16, crc);
      put(record.bytes, record.at + 20, compressed);
      put(record.bytes, record.at + 24, file.size);
      put(record.bytes, record.at + 28, name.length);
      put(record.bytes, record.at + 42, start);
      record.bytes.set(name, record.at + 46);
      this.entries++;
      this.writing = false;
    };
    return { push: (bytes, final) => file.push(bytes, final) };
  }

  /** Writes the central directory and the end record. */
  end(): void {
    if (this.ended) return;
    if (this.writing) throw new Error('The last zip entry is not finished.');
    this.ended = true;
    const directoryAt = this.offset;
    for (const block of this.blocks) this.emit(block === this.blocks[this.blocks.length - 1] ? block.subarray(0, this.used) : block);
    this.blocks = [];
    const zip64 = this.entries > 0xffff || directoryAt > 0xffffffff || this.directoryBytes > 0xffffffff;
    if (zip64) this.emitZip64End(directoryAt);
    const end = new Uint8Array(22);
    put(end, 0, END);
    // Past what the end record can hold, its fields say "see the Zip64 end record" (all ones).
    put(end, 8, zip64 ? 0xffff : this.entries);
    put(end, 10, zip64 ? 0xffff : this.entries);
    put(end, 12, Math.min(this.directoryBytes, 0xffffffff));
    put(end, 16, zip64 ? 0xffffffff : directoryAt);
    this.emit(end);
  }

  /** The Zip64 end of central directory record and its locator (APPNOTE 4.3.14–4.3.15). */
  private emitZip64End(directoryAt: number): void {
    const record = new Uint8Array(56 + 20);
    put(record, 0, ZIP64_END);
    put64(record, 4, 44);
    record[12] = 45;
    record[14] = 45;
    put64(record, 24, this.entries);
    put64(record, 32, this.entries);
    put64(record, 40, this.directoryBytes);
    put64(record, 48, directoryAt);
    put(record, 56, ZIP64_LOCATOR);
    put64(record, 64, this.offset);
    put(record, 72, 1);
    this.emit(record);
  }

  private emit(bytes: Uint8Array): void {
    this.offset += bytes.length;
    this.ondata(bytes);
  }

  /** Room for a central directory record in the current block (a full block is kept whole). */
  private reserve(length: number): { bytes: Uint8Array; at: number } {
    if (this.used + length > BLOCK) {
      const last = this.blocks.length - 1;
      if (last >= 0) this.blocks[last] = this.blocks[last]!.slice(0, this.used);
      this.blocks.push(new Uint8Array(Math.max(BLOCK, length)));
      this.used = 0;
    }
    const at = this.used;
    this.used += length;
    this.directoryBytes += length;
    return { bytes: this.blocks[this.blocks.length - 1]!, at };
  }
}

/** Version needed 2.0, the flags (deflate level, data descriptor, UTF-8 name), deflate, the modification time. */
function fields(d: Uint8Array, at: number, utf8: boolean, time: number): void {
  d[at] = 20;
  d[at + 2] = (deflateFlag(LEVEL) << 1) | 8;
  d[at + 3] = utf8 ? 8 : 0;
  d[at + 4] = 8;
  put(d, at + 6, time);
}

/** The general purpose flag's compression bits for a deflate level, as fflate sets them. */
function deflateFlag(level: number): number {
  return level === 1 ? 3 : level < 6 ? 2 : level === 9 ? 1 : 0;
}

/** A date in MS-DOS form (local time, two-second steps); years 1980–2099. */
function dosTime(date: Date): number {
  const y = date.getFullYear() - 1980;
  if (y < 0 || y > 119) throw new Error('A zip entry time must be between 1980 and 2099.');
  return (
    (y << 25) |
    ((date.getMonth() + 1) << 21) |
    (date.getDate() << 16) |
    (date.getHours() << 11) |
    (date.getMinutes() << 5) |
    (date.getSeconds() >> 1)
  );
}

/** Writes `v` (up to 2^53) as eight bytes little-endian. */
function put64(d: Uint8Array, at: number, v: number): void {
  put(d, at, v % 0x100000000);
  put(d, at + 4, Math.floor(v / 0x100000000));
}

/** Writes `v` little-endian from `at` until what is left of it is zero (at most four bytes), as fflate does. */
function put(d: Uint8Array, at: number, v: number): void {
  for (; v; ++at) {
    d[at] = v;
    v >>>= 8;
  }
}

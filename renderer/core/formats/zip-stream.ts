/**
 * Reading a zip from its first byte to its last, entry by entry, inflating as the bytes come: what
 * the streamed archive check and restore read with. fflate's `Unzip` finds the end of an entry
 * whose sizes come after its data (a data descriptor, which every streamed zip has) by looking for
 * the next header's four signature bytes, so an entry whose compressed bytes happen to hold them
 * (about one in 60 for 70 MB of deflated rows) is cut short. Here a data descriptor is taken
 * only where its compressed size equals the bytes read since the entry began.
 */
import { Inflate } from 'fflate';

export interface ZipStreamEntry {
  name: string;
  /** Set by the caller to receive the entry's inflated bytes; left unset, the entry is skipped. */
  ondata?: (data: Uint8Array, final: boolean) => void;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

export class ZipStream {
  private buffer: Uint8Array = new Uint8Array(0);
  /** The entry being read: its inflater (null when stored or skipped), and how many compressed bytes remain when known. */
  private entry: { file: ZipStreamEntry; inflate: Inflate | null; stored: boolean; remaining: number; read: number } | null = null;
  private done = false;

  /** `onentry` is told of each entry as its header is read; it may set `ondata`. */
  constructor(private readonly onentry: (entry: ZipStreamEntry) => void) {}

  /** Feeds the next bytes; throws an Error naming what is wrong with the zip. */
  push(bytes: Uint8Array, final = false): void {
    if (this.done) return;
    this.buffer = this.buffer.length === 0 ? bytes : concat(this.buffer, bytes);
    for (;;) {
      if (this.entry) {
        if (!this.readData(final)) break;
      } else if (!this.readHeader()) break;
      if (this.done) return;
    }
    if (final && !this.done) throw new Error(this.entry ? `${this.entry.file.name} is cut short` : 'the zip is cut short');
    // What waits for the next bytes is copied: the caller may reuse or hand on the bytes it pushed.
    if (this.buffer.buffer === bytes.buffer) this.buffer = this.buffer.slice();
  }

  private view(at: number, length: number): DataView {
    return new DataView(this.buffer.buffer, this.buffer.byteOffset + at, length);
  }

  /** Reads a local header (or sees the central directory: the end); false when more bytes are needed. */
  private readHeader(): boolean {
    if (this.buffer.length < 4) return false;
    const sig = this.view(0, 4).getUint32(0, true);
    if (sig === CENTRAL || sig === END) {
      this.done = true;
      return true;
    }
    if (sig !== LOCAL) throw new Error('a zip entry does not begin where one should');
    if (this.buffer.length < 30) return false;
    const h = this.view(0, 30);
    const flags = h.getUint16(6, true);
    const method = h.getUint16(8, true);
    const compressed = h.getUint32(18, true);
    const nameLength = h.getUint16(26, true);
    const extraLength = h.getUint16(28, true);
    if (this.buffer.length < 30 + nameLength + extraLength) return false;
    const name = decodeName(this.buffer.subarray(30, 30 + nameLength));
    if (method !== 0 && method !== 8) throw new Error(`${name} is compressed in a way Claimscope does not read (method ${method})`);
    const described = (flags & 8) !== 0;
    if (!described && compressed === 0xffffffff) throw new Error(`${name} is larger than 4 GB (zip64), more than Claimscope reads`);
    if (described && method === 0) throw new Error(`${name} is stored without its size, which cannot be read as a stream`);
    this.buffer = this.buffer.subarray(30 + nameLength + extraLength);
    const file: ZipStreamEntry = { name };
    this.onentry(file);
    const inflate = method === 8 && file.ondata ? new Inflate((data, final) => file.ondata!(data, final)) : null;
    this.entry = { file, inflate, stored: method === 0, remaining: described ? -1 : compressed, read: 0 };
    return true;
  }

  /** Reads the entry's data (up to its end when it is known); false when more bytes are needed. */
  private readData(final: boolean): boolean {
    const entry = this.entry!;
    if (entry.remaining >= 0) {
      const take = Math.min(entry.remaining, this.buffer.length);
      this.pass(this.buffer.subarray(0, take), take === entry.remaining);
      this.buffer = this.buffer.subarray(take);
      entry.remaining -= take;
      if (entry.remaining > 0) return false;
      this.entry = null;
      return true;
    }
    // The end is the descriptor whose compressed size is what was read: 16 bytes (signature, CRC, sizes).
    const b = this.buffer;
    for (let i = b.indexOf(0x50); i >= 0 && i + 16 <= b.length; i = b.indexOf(0x50, i + 1)) {
      const v = this.view(i, 16);
      if (v.getUint32(0, true) === DESCRIPTOR && v.getUint32(8, true) === (entry.read + i) % 0x100000000) {
        this.pass(b.subarray(0, i), true);
        this.buffer = b.subarray(i + 16);
        this.entry = null;
        return true;
      }
    }
    // Keep the last 15 bytes, which may begin the descriptor.
    const keep = final ? 0 : Math.min(15, b.length);
    const data = b.subarray(0, b.length - keep);
    this.pass(data, false);
    entry.read += data.length;
    this.buffer = b.subarray(b.length - keep);
    return false;
  }

  private pass(data: Uint8Array, last: boolean): void {
    const entry = this.entry!;
    if (entry.inflate) entry.inflate.push(data, last);
    else if (entry.stored && entry.file.ondata && (data.length > 0 || last)) entry.file.ondata(data, last);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Entry names are ASCII in every archive Claimscope writes; other bytes are kept as code points (Latin-1). */
function decodeName(bytes: Uint8Array): string {
  let out = '';
  for (const c of bytes) out += String.fromCharCode(c);
  return out;
}

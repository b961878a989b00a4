/**
 * A set of string ids held compactly, each with a number beside it: what checking and restoring a
 * project archive remember about its 2,000,000 annotations (their document) without a string and a
 * Map entry apiece. The ids' characters go into one growing byte arena (a character below 0x80 as
 * one byte, any other as three, so equal bytes mean equal strings); an open-addressing table of
 * typed arrays finds them by hash and compares the bytes, so lookups are exact. About 40 bytes an
 * id of 21 characters, against some 150 for a Map of strings.
 */

const EMPTY = -1;

export class IdIndex {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Per entry: where its bytes start in the arena (they end where the next entry's start), and its value. */
  private starts = new Int32Array(1 << 10);
  private values = new Int32Array(1 << 10);
  /** Open addressing: the entry's number + 1 at its slot, 0 for an empty slot. */
  private slots = new Int32Array(1 << 11);
  private scratch = new Uint8Array(256);
  size = 0;

  /** The value stored with `id`, or -1 when it is not in the index. */
  get(id: string): number {
    const n = this.encode(id);
    const entry = this.find(n, hashOf(this.scratch, n));
    return entry === EMPTY ? EMPTY : this.values[entry]!;
  }

  has(id: string): boolean {
    return this.get(id) !== EMPTY;
  }

  /** Adds `id` with `value` (≥ 0); false, changing nothing, when it is already in the index. */
  add(id: string, value = 0): boolean {
    const n = this.encode(id);
    const hash = hashOf(this.scratch, n);
    if (this.find(n, hash) !== EMPTY) return false;
    if ((this.size + 1) * 2 > this.slots.length) this.rehash();
    const entry = this.size;
    if (entry === this.starts.length) this.growEntries();
    while (this.used + n > this.bytes.length) this.bytes = grow(this.bytes, this.bytes.length * 2);
    this.bytes.set(this.scratch.subarray(0, n), this.used);
    this.starts[entry] = this.used;
    this.values[entry] = value;
    this.used += n;
    this.size += 1;
    this.place(entry, hash);
    return true;
  }

  private encode(id: string): number {
    if (this.scratch.length < id.length * 3) this.scratch = new Uint8Array(id.length * 3);
    const out = this.scratch;
    let n = 0;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c < 0x80) out[n++] = c;
      else {
        out[n++] = 0x80 | (c >> 14);
        out[n++] = (c >> 7) & 0x7f;
        out[n++] = c & 0x7f;
      }
    }
    return n;
  }

  private find(n: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry === EMPTY) return EMPTY;
      if (this.equals(entry, n)) return entry;
    }
  }

  private equals(entry: number, n: number): boolean {
    const start = this.starts[entry]!;
    if (this.endOf(entry) - start !== n) return false;
    for (let i = 0; i < n; i++) if (this.bytes[start + i] !== this.scratch[i]) return false;
    return true;
  }

  private endOf(entry: number): number {
    return entry + 1 < this.size ? this.starts[entry + 1]! : this.used;
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let entry = 0; entry < this.size; entry++) {
      this.place(entry, hashOf(this.bytes, this.endOf(entry), this.starts[entry]!));
    }
  }

  private growEntries(): void {
    const length = this.starts.length * 2;
    this.starts = grow(this.starts, length);
    this.values = grow(this.values, length);
  }
}

function grow<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  const out = new (array.constructor as new (n: number) => T)(length);
  out.set(array);
  return out;
}

/** FNV-1a over bytes [from, to). */
function hashOf(bytes: Uint8Array, to: number, from = 0): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

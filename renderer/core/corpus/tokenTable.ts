/**
 * Words counted as they are scanned, for building an index over many texts: each distinct word
 * gets one value (made once), and every token of a text is handed that value, in the order and
 * with the words {@link forEachToken} gives. Plain ASCII text (most of a corpus) is scanned with a
 * hash worked out character by character, so a word seen before is found without cutting it out
 * of the text or hashing a new string; other text goes through {@link forEachToken}.
 */
import { forEachToken, MAX_TERM, STOPWORDS } from './search.ts';

const STOP = Symbol('stopword');
const INITIAL_SLOTS = 1 << 12;

export class TokenTable<T> {
  /** Each distinct word kept (not a stopword), with its value. */
  readonly values = new Map<string, T>();
  private mask = INITIAL_SLOTS - 1;
  private keys: (string | undefined)[] = new Array(INITIAL_SLOTS);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private slots: (T | typeof STOP | undefined)[] = new Array(INITIAL_SLOTS);
  private used = 0;

  constructor(private readonly make: (term: string) => T) {}

  /** Calls `visit` with the value of each of the text's words, in order (the words of {@link forEachToken}). */
  forEachToken(text: string, visit: (value: T) => void): void {
    if (/[^\x00-\x7f]/.test(text)) {
      forEachToken(text, (term) => visit(this.valueOf(term)));
      return;
    }
    const lower = text.toLowerCase();
    const length = lower.length;
    let start = -1;
    let hash = 0;
    for (let i = 0; i <= length; i++) {
      const c = i < length ? lower.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) {
          start = i;
          hash = 0;
        }
        // A word is cut to its first MAX_TERM characters, so only they are hashed.
        if (i - start < MAX_TERM) hash = Math.imul(hash ^ c, 16777619);
      } else if (start >= 0) {
        const from = start;
        start = -1;
        const size = Math.min(i - from, MAX_TERM);
        // One character is a word only as a digit (forEachToken's rule).
        if (size === 1 && !(lower.charCodeAt(from) >= 48 && lower.charCodeAt(from) <= 57)) continue;
        const value = this.slotValue(lower, from, size, hash);
        if (value !== STOP) visit(value);
      }
    }
  }

  /** The value of the word `text[from, from + size)` (its hash `hash`), made and kept on its first sight. */
  private slotValue(text: string, from: number, size: number, hash: number): T | typeof STOP {
    let slot = hash & this.mask;
    for (;;) {
      const key = this.keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === hash && key.length === size && sameChars(key, text, from)) return this.slots[slot]!;
      slot = (slot + 1) & this.mask;
    }
    const term = text.slice(from, from + size);
    const value = STOPWORDS.has(term) ? STOP : this.valueOf(term);
    this.keys[slot] = term;
    this.hashes[slot] = hash;
    this.slots[slot] = value;
    if (++this.used * 2 > this.mask) this.grow();
    return value;
  }

  /** The word's value, made on its first sight. */
  private valueOf(term: string): T {
    let value = this.values.get(term);
    if (value === undefined) this.values.set(term, (value = this.make(term)));
    return value;
  }

  /** Twice the slots, every word placed again. */
  private grow(): void {
    const { keys, hashes, slots } = this;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.keys = new Array(size);
    this.hashes = new Int32Array(size);
    this.slots = new Array(size);
    keys.forEach((key, i) => {
      if (key === undefined) return;
      let slot = hashes[i]! & this.mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.hashes[slot] = hashes[i]!;
      this.slots[slot] = slots[i];
    });
  }
}

function sameChars(key: string, text: string, from: number): boolean {
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

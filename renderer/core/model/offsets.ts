/**
 * Conversion between the app's offsets (UTF-16 code units, JavaScript string indices) and Unicode
 * code point offsets, which brat standoff, the W3C TextPositionSelector and spaCy count in.
 *
 * A character outside the Basic Multilingual Plane (most emoji, some CJK) is one code point but two
 * UTF-16 code units (a surrogate pair). A lone surrogate counts as one code point, as it does when
 * a string is iterated (`[...text]`).
 *
 * Offsets inside a surrogate pair (between its two halves) do not throw: they map to the code
 * point that contains them, i.e. to the offset of that character's start. Offsets outside the text
 * are clamped to `[0, length]`.
 */
import { partitionPoint } from './bisect.ts';

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The code point offset of UTF-16 offset `offset`. O(offset); use {@link OffsetMap} for many calls. */
export function utf16ToCodePoint(text: string, offset: number): number {
  const end = clamp(offset, text.length);
  let cp = 0;
  let i = 0;
  while (i < end) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === end) return cp; // between the halves of a pair: the pair's own code point
      i += 2;
    } else {
      i += 1;
    }
    cp++;
  }
  return cp;
}

/** The UTF-16 offset of code point offset `cp`. O(cp); use {@link OffsetMap} for many calls. */
export function codePointToUtf16(text: string, cp: number): number {
  const target = Math.max(0, Math.floor(cp));
  let i = 0;
  let n = 0;
  while (n < target && i < text.length) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
    n++;
  }
  return i;
}

function clamp(offset: number, length: number): number {
  if (!(offset > 0)) return 0;
  return offset > length ? length : Math.floor(offset);
}

/**
 * Converts offsets in both directions for one text. Built once in O(n); every conversion is a
 * binary search over the text's surrogate pairs (O(log p)), and O(1) for texts without any.
 */
export class OffsetMap {
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number;
  /** Length of the text in code points. */
  readonly codePointLength: number;
  /** UTF-16 offsets at which a surrogate pair starts, ascending. */
  private readonly pairs: Uint32Array;

  constructor(text: string) {
    const starts: number[] = [];
    const n = text.length;
    for (let i = 0; i < n - 1; i++) {
      if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
        starts.push(i);
        i++;
      }
    }
    this.pairs = Uint32Array.from(starts);
    this.utf16Length = n;
    this.codePointLength = n - starts.length;
  }

  /** Code point offset of a UTF-16 offset; an offset between a pair's halves maps to that pair. */
  toCodePoint(utf16: number): number {
    const u = clamp(utf16, this.utf16Length);
    const pairs = this.pairs;
    // The number of pairs starting before u.
    const before = partitionPoint(pairs.length, (j) => pairs[j]! < u);
    // Every pair starting before u adds one code unit. For u between a pair's halves that pair is
    // counted too, which gives exactly the code point of the pair's start.
    return u - before;
  }

  /** UTF-16 offset of a code point offset. */
  toUtf16(cp: number): number {
    const c = clamp(cp, this.codePointLength);
    const pairs = this.pairs;
    // The pair with index j starts at code point pairs[j] - j; count the pairs starting before c.
    return c + partitionPoint(pairs.length, (j) => pairs[j]! - j < c);
  }
}

/**
 * Word snapping for selections, so a sloppy drag tags whole words.
 *
 * A word is a run of letters, marks and digits (`\p{L}\p{M}\p{N}`). A hyphen between two word
 * characters joins them (`pro-Assad`, `al-Assad` are one word); apostrophes (' and ’) split them,
 * so `Clinton` can be tagged inside `Clinton's`. Offsets are UTF-16 code units; no result ever
 * falls inside a user-perceived character (a surrogate pair, an emoji with a skin tone or ZWJ
 * sequence, a flag, a letter with combining marks).
 */
import type { Span } from './types.ts';

const WORD = /[\p{L}\p{M}\p{N}]/uy;
const SPACE = /\s/uy;
const MARK = /\p{M}/uy;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/uy;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function test(re: RegExp, text: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(text);
}

/** Start of the code point that ends at `i` (i > 0). */
function prevStart(text: string, i: number): number {
  return i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? i - 2 : i - 1;
}

/** End of the code point that starts at `i` (i < length). */
function nextEnd(text: string, i: number): number {
  return i + 1 < text.length && isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

function isHyphen(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === 0x2011;
}

/** True when the code point starting at `i` belongs to a word (a word character or an internal hyphen). */
function inWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  if (test(WORD, text, i)) return true;
  return isHyphen(text.charCodeAt(i)) && i > 0 && test(WORD, text, prevStart(text, i)) && test(WORD, text, i + 1);
}

function isRegionalIndicator(cp: number): boolean {
  return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

/**
 * True when `i` is a boundary between user-perceived characters: a simplified form of the Unicode
 * grapheme cluster rules covering surrogate pairs, combining marks, variation selectors, emoji
 * modifiers, ZWJ sequences, tag sequences and regional-indicator flags.
 */
export function isCharacterBoundary(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) return false;
  const ps = prevStart(text, i);
  const prev = text.codePointAt(ps)!;
  const cp = text.codePointAt(i)!;
  if (prev < 0x20 || (prev >= 0x7f && prev <= 0x9f) || cp < 0x20) return true;
  if (test(MARK, text, i) || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f)) {
    return false;
  }
  if (prev === 0x200d && test(PICTOGRAPHIC, text, i)) return false;
  if (isRegionalIndicator(prev) && isRegionalIndicator(cp)) {
    let count = 0;
    let j = i;
    while (j >= 2 && isRegionalIndicator(text.codePointAt(j - 2)!) && isLow(text.charCodeAt(j - 1))) {
      count++;
      j -= 2;
    }
    return count % 2 === 0;
  }
  return true;
}

function characterStart(text: string, i: number): number {
  while (!isCharacterBoundary(text, i)) i--;
  return i;
}

function characterEnd(text: string, i: number): number {
  while (!isCharacterBoundary(text, i)) i++;
  return i;
}

/** Start of the word containing the code point at `i` (which must be in a word). */
function wordStartFrom(text: string, i: number): number {
  while (i > 0) {
    const p = prevStart(text, i);
    if (!inWordAt(text, p)) break;
    i = p;
  }
  return characterStart(text, i);
}

/** End of the word containing the code point ending at `i` (which must be in a word). */
function wordEndFrom(text: string, i: number): number {
  while (i < text.length && inWordAt(text, i)) i = nextEnd(text, i);
  return characterEnd(text, i);
}

function clamp(offset: number, length: number): number {
  if (!(offset > 0)) return 0;
  return offset > length ? length : Math.floor(offset);
}

/**
 * The word containing the character at `offset`, or, when that character is not part of a word,
 * the word ending right at `offset` (a caret just after a word). Null when there is neither.
 */
export function wordAt(text: string, offset: number): Span | null {
  let i = clamp(offset, text.length);
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) i--;
  if (inWordAt(text, i)) return { start: wordStartFrom(text, i), end: wordEndFrom(text, nextEnd(text, i)) };
  if (i > 0) {
    const p = prevStart(text, i);
    if (inWordAt(text, p)) return { start: wordStartFrom(text, p), end: wordEndFrom(text, i) };
  }
  return null;
}

/**
 * Snaps a selection to whole words: white space at both edges is dropped, then a selection that
 * starts inside a word is widened to the word's start and one that ends inside a word to its end.
 * Punctuation the user selected is kept (`"We are` keeps the quote mark), and an edge that is
 * punctuation is not widened into the neighbouring word. Edges never split a character.
 * Returns null when the selection is empty or only white space. A reversed span is accepted.
 */
export function snapToWords(text: string, span: Span): Span | null {
  let s = clamp(Math.min(span.start, span.end), text.length);
  let e = clamp(Math.max(span.start, span.end), text.length);
  if (s === e) return null;
  s = characterStart(text, s);
  e = characterEnd(text, e);
  while (s < e && test(SPACE, text, s)) s++;
  while (e > s && test(SPACE, text, e - 1)) e--;
  if (s >= e) return null;
  if (s > 0 && inWordAt(text, s) && inWordAt(text, prevStart(text, s))) s = wordStartFrom(text, s);
  if (e < text.length && inWordAt(text, e) && inWordAt(text, prevStart(text, e))) e = wordEndFrom(text, e);
  return { start: s, end: e };
}

/**
 * Where a span edge at `offset` moves when moved by one word: with direction 1, the end of the next
 * word ending after `offset` (the text's end when there is none); with -1, the start of the nearest
 * word starting before `offset` (0 when there is none). Punctuation and white space are skipped.
 */
export function wordBoundary(text: string, offset: number, direction: 1 | -1): number {
  let i = clamp(offset, text.length);
  if (direction === 1) {
    while (i < text.length && !inWordAt(text, i)) i = nextEnd(text, i);
    if (i >= text.length) return text.length;
    return wordEndFrom(text, nextEnd(text, i));
  }
  while (i > 0 && !inWordAt(text, prevStart(text, i))) i = prevStart(text, i);
  if (i <= 0) return 0;
  return wordStartFrom(text, prevStart(text, i));
}

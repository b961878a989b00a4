/**
 * Bytes → text for import. UTF-8 (with or without a BOM) and UTF-16 with a BOM (LE or BE) are
 * read; anything else must be valid UTF-8, and invalid UTF-8 fails with the file, the line and the
 * byte, so the researcher knows which file to re-save. (Guessing a legacy code page would import
 * mojibake silently.)
 */
import { fail, ok, type Result } from './types.ts';

type Decoder = { decode(bytes: Uint8Array): string };
type DecoderClass = new (label: string, options?: { fatal?: boolean }) => Decoder;
/** TextDecoder exists in browsers, workers and Node; it is looked up so core needs no DOM types. */
const NativeDecoder = (globalThis as { TextDecoder?: DecoderClass }).TextDecoder;

export function decodeText(fileName: string, bytes: Uint8Array): Result<string> {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return ok(utf16(bytes.subarray(2), true));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return ok(utf16(bytes.subarray(2), false));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad !== -1) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (body[i] === 0x0a) line++;
    const hex = body[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return fail(
      fileName,
      `The file is not valid UTF-8 text (byte 0x${hex} at position ${bad + (body === bytes ? 0 : 3)}). Save it as UTF-8 and import it again.`,
      line,
    );
  }
  return ok(NativeDecoder ? new NativeDecoder('utf-8').decode(body) : utf8(body));
}

/** Index of the first byte that starts an invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function utf8(b: Uint8Array): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    let cp: number;
    if (c < 0x80) [cp, i] = [c, i + 1];
    else if (c < 0xe0) [cp, i] = [((c & 0x1f) << 6) | (b[i + 1]! & 0x3f), i + 2];
    else if (c < 0xf0) [cp, i] = [((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f), i + 3];
    else [cp, i] = [((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f), i + 4];
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length > 8000) out += String.fromCharCode(...units.splice(0));
  }
  return out + String.fromCharCode(...units);
}

function utf16(b: Uint8Array, littleEndian: boolean): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) {
    units.push(littleEndian ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
    if (units.length > 8000) out += String.fromCharCode(...units.splice(0));
  }
  return out + String.fromCharCode(...units);
}

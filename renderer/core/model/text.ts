import type { Block } from './types.ts';

/** Canonical text: Unicode NFC and `\n` line ends; nothing else is changed. */
export function canonicalizeText(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n');
  while (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.normalize('NFC');
}

/**
 * Splits text into paragraph blocks: each non-blank line is a block, with leading and trailing
 * white space left out of its range (the text itself is untouched).
 */
export function paragraphBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) blocks.push({ kind: 'paragraph', start: s, end: e });
    lineStart = lineEnd + 1;
  }
  return blocks;
}

/** White space that never belongs to a block's range: Unicode White_Space plus the BOM. */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0b ||
    c === 0x0c ||
    c === 0x0d ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Find in the article: every match of a query in the document's text. Case is ignored, any run
 * of white space matches any other, and straight and curly quotes match each other, so
 * `"we are not"` finds `“We are not`.
 */
import type { Span } from '../../../core/model/types.ts';

const SINGLE_QUOTES = "'‘’‚‛′`";
const DOUBLE_QUOTES = '"“”„‟″«»';

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

/** The query as a regular expression source, or null for an empty query. */
export function findPattern(query: string): string | null {
  const q = query.trim();
  if (!q) return null;
  let out = '';
  for (const part of q.split(/(\s+)/u)) {
    if (/^\s+$/u.test(part)) {
      out += '\\s+';
      continue;
    }
    for (const ch of part) {
      if (SINGLE_QUOTES.includes(ch)) out += `[${escapeClass(SINGLE_QUOTES)}]`;
      else if (DOUBLE_QUOTES.includes(ch)) out += `[${escapeClass(DOUBLE_QUOTES)}]`;
      else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}

/** Every non-overlapping match of `query` in `text`, in reading order. */
export function findAll(text: string, query: string, limit = 10_000): Span[] {
  const source = findPattern(query);
  if (!source) return [];
  const re = new RegExp(source, 'giu');
  const out: Span[] = [];
  for (let m = re.exec(text); m && out.length < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The index of the first match starting at or after `offset` (wrapping to 0), or -1. */
export function matchAfter(matches: readonly Span[], offset: number): number {
  if (matches.length === 0) return -1;
  const i = matches.findIndex((m) => m.start >= offset);
  return i === -1 ? 0 : i;
}

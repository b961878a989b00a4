/**
 * Direct quotations: text between quotation marks, straight (") or curly (“ ”), within a paragraph
 * or running on across paragraphs (a paragraph that leaves a quote open and a next one that opens
 * a quote again continue the same speech, as news style does). Short quotes (fewer than
 * MIN_QUOTE_WORDS words) are scare quotes or titles, not claims.
 */

export interface Quote {
  /** The opening mark's offset. */
  open: number;
  /** Offset just after the closing mark (or the paragraph's end when the quote runs on). */
  close: number;
  /** The quoted words: inside the marks, without surrounding spaces or a comma closing the quote. */
  start: number;
  end: number;
  /** The quote runs on into the next paragraph. */
  runsOn: boolean;
}

export const MIN_QUOTE_WORDS = 4;

const OPENERS = new Set(['“', '«', '„']);
const CLOSERS = new Set(['”', '»', '“']);

/** The direct quotes of a text, in order. */
export function findQuotes(text: string): Quote[] {
  const quotes: Quote[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    quotesInLine(text, lineStart, lineEnd, quotes);
    lineStart = lineEnd + 1;
  }
  return quotes.filter((q) => wordCount(text, q.start, q.end) >= MIN_QUOTE_WORDS);
}

function quotesInLine(text: string, from: number, to: number, out: Quote[]): void {
  let open = -1;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '"') {
      // A straight mark closes any open quote (writers mix “ with ").
      if (open < 0) {
        open = i;
      } else {
        push(text, open, i + 1, false, out);
        open = -1;
      }
    } else if (OPENERS.has(c) && open < 0) {
      open = i;
    } else if (CLOSERS.has(c) && open >= 0) {
      push(text, open, i + 1, false, out);
      open = -1;
    }
  }
  if (open >= 0) push(text, open, to, true, out);
}

function push(text: string, open: number, close: number, runsOn: boolean, out: Quote[]): void {
  let start = open + 1;
  let end = runsOn ? close : close - 1;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,]/.test(text[end - 1]!)) end--;
  if (end > start) out.push({ open, close, start, end, runsOn });
}

function wordCount(text: string, start: number, end: number): number {
  return text
    .slice(start, end)
    .split(/\s+/)
    .filter((w) => /\w/.test(w)).length;
}

/** Whether the text looks punctuation-stripped: no quotation marks anywhere, and runs of spaces between words. */
export function looksStripped(text: string): boolean {
  return !/["“”«»„]/.test(text) && /\S {2,}\S/.test(text);
}

/**
 * Moving an annotation's edges from the keyboard. The start edge is the first range's start, the
 * end edge the last range's end (a discontinuous annotation keeps its inner gaps). A word step
 * goes to the next word boundary (`wordBoundary`); a character step to the next user-perceived
 * character boundary, so an edge never lands inside an emoji or before a combining mark.
 */
import type { Span } from './types.ts';
import { isCharacterBoundary, wordBoundary } from './words.ts';

export type Edge = 'start' | 'end';
export type Step = 'word' | 'char';

function charStep(text: string, i: number, direction: 1 | -1): number {
  let j = i + direction;
  while (j > 0 && j < text.length && !isCharacterBoundary(text, j)) j += direction;
  return Math.max(0, Math.min(text.length, j));
}

/** The nearest word start strictly after `i`, or null. */
function nextWordStart(text: string, i: number): number | null {
  const end = wordBoundary(text, i, 1); // end of the word at or after i
  if (end <= i) return null;
  const start = wordBoundary(text, end, -1); // start of that word
  if (start > i) return start;
  const following = wordBoundary(text, end, 1);
  if (following <= end) return null;
  const s = wordBoundary(text, following, -1);
  return s > i ? s : null;
}

/** The nearest word end strictly before `i`, or null. */
function prevWordEnd(text: string, i: number): number | null {
  const start = wordBoundary(text, i, -1); // start of the word at or before i
  if (start >= i) return null;
  const end = wordBoundary(text, start, 1);
  if (end < i) return end;
  if (start === 0) return null;
  const before = wordBoundary(text, start, -1);
  if (before >= start) return null;
  const e = wordBoundary(text, before, 1);
  return e < i ? e : null;
}

/**
 * The ranges after moving one edge one step, or null when the move is impossible (it would leave
 * the text, empty the annotation or cross its other edge).
 */
export function moveEdge(text: string, ranges: readonly Span[], edge: Edge, step: Step, direction: 1 | -1): Span[] | null {
  if (ranges.length === 0) return null;
  const out = ranges.map((r) => ({ start: r.start, end: r.end }));
  if (edge === 'start') {
    const first = out[0]!;
    let next: number | null;
    if (step === 'char') next = charStep(text, first.start, direction);
    else next = direction === -1 ? wordBoundary(text, first.start, -1) : nextWordStart(text, first.start);
    if (next === null || next === first.start || next < 0 || next >= first.end) return null;
    first.start = next;
  } else {
    const last = out[out.length - 1]!;
    let next: number | null;
    if (step === 'char') next = charStep(text, last.end, direction);
    else next = direction === 1 ? wordBoundary(text, last.end, 1) : prevWordEnd(text, last.end);
    if (next === null || next === last.end || next > text.length || next <= last.start) return null;
    last.end = next;
  }
  return out;
}

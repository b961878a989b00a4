/**
 * Span algebra over UTF-16 offsets. A span is half-open: `[start, end)` covers
 * `text.slice(start, end)`. An annotation's ranges are a list of spans (several = discontinuous).
 */
import { QUOTE_GAP, type Span } from './types.ts';

/** True when the two spans share at least one code unit (touching or empty spans do not). */
export function overlaps(a: Span, b: Span): boolean {
  return Math.max(a.start, b.start) < Math.min(a.end, b.end);
}

/** True when every code unit of `inner` lies inside `outer` (an empty inner span inside its bounds too). */
export function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Number of code units in the span (never negative). */
export function spanLength(span: Span): number {
  return Math.max(0, span.end - span.start);
}

/** Orders spans by start, and at the same start the longer one first. */
export function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end;
}

/** Drops empty ranges, sorts the rest and merges ranges that overlap or touch. Returns new objects. */
export function normalizeRanges(ranges: Span[]): Span[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort(compareSpans);
  const out: Span[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The smallest span covering every range; `{0, 0}` for an empty list. */
export function coveringSpan(ranges: Span[]): Span {
  if (ranges.length === 0) return { start: 0, end: 0 };
  let start = Infinity;
  let end = -Infinity;
  for (const r of ranges) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  return { start, end };
}

/** The quoted text of an annotation: its ranges' slices, joined by {@link QUOTE_GAP}. */
export function quoteOf(text: string, ranges: Span[]): string {
  return ranges.map((r) => text.slice(r.start, r.end)).join(QUOTE_GAP);
}

/** True when the two lists hold the same ranges in the same order. */
export function rangesEqual(a: Span[], b: Span[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.start !== y.start || x.end !== y.end) return false;
  }
  return true;
}

/**
 * Checks an annotation's ranges against its text. Returns a sentence describing the first problem
 * (for an error message), or null when the ranges are usable. Ranges need not be sorted.
 */
export function validateRanges(text: string, ranges: Span[]): string | null {
  if (ranges.length === 0) return 'The annotation has no ranges.';
  const many = ranges.length > 1;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    const name = many ? `Range ${i + 1} (${r.start}–${r.end})` : `The range ${r.start}–${r.end}`;
    if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end)) {
      return `${name} does not use whole-number offsets.`;
    }
    if (r.start < 0) return `${name} starts before the beginning of the text.`;
    if (r.start >= r.end) return `${name} is empty or reversed: its start must be less than its end.`;
    if (r.end > text.length) {
      return `${name} ends past the end of the text, which is ${text.length} characters long.`;
    }
    if (splitsSurrogatePair(text, r.start) || splitsSurrogatePair(text, r.end)) {
      return `${name} cuts a character (such as an emoji) in half.`;
    }
  }
  const sorted = ranges.map((r, index) => ({ r, index })).sort((a, b) => compareSpans(a.r, b.r));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (overlaps(prev.r, cur.r)) {
      const [a, b] = prev.index < cur.index ? [prev, cur] : [cur, prev];
      return `Ranges ${a.index + 1} (${a.r.start}–${a.r.end}) and ${b.index + 1} (${b.r.start}–${b.r.end}) overlap.`;
    }
  }
  return null;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const hi = text.charCodeAt(offset - 1);
  const lo = text.charCodeAt(offset);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/**
 * The annotations with a range covering the character at `offset` (`start <= offset < end`),
 * ordered by the length of that range, shortest first: the first is the innermost, which is what a
 * click at that offset picks. Annotations with equally long covering ranges keep their given order.
 */
export function annotationsAt<T extends { ranges: Span[] }>(annotations: readonly T[], offset: number): T[] {
  const hits: { a: T; length: number }[] = [];
  for (const a of annotations) {
    let best = Infinity;
    for (const r of a.ranges) {
      if (r.start <= offset && offset < r.end && r.end - r.start < best) best = r.end - r.start;
    }
    if (best !== Infinity) hits.push({ a, length: best });
  }
  return hits.sort((x, y) => x.length - y.length).map((h) => h.a);
}

/**
 * Calls `visit(i, j)` for every reference span `i` whose interval meets candidate span `j`
 * (`r.start < c.end` and `c.start < r.end`), by one sweep over both lists sorted by start, so the
 * cost follows the number of overlapping pairs rather than every pair.
 */
export function forEachOverlap(reference: readonly Span[], candidate: readonly Span[], visit: (i: number, j: number) => void): void {
  forEachOverlapInOrder(reference, startOrder(reference), candidate, startOrder(candidate), visit);
}

/** The indexes of `spans` ordered by start (equal starts keep their order). */
export function startOrder(spans: readonly Span[]): Int32Array {
  const order = new Int32Array(spans.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((x, y) => spans[x]!.start - spans[y]!.start);
}

/** {@link forEachOverlap} with both lists' {@link startOrder} already known (e.g. a list compared with several others). */
export function forEachOverlapInOrder(
  reference: readonly Span[],
  refOrder: Int32Array,
  candidate: readonly Span[],
  candOrder: Int32Array,
  visit: (i: number, j: number) => void,
): void {
  const pairs = overlapPairsInOrder(reference, refOrder, candidate, candOrder);
  // The pairs are copied out first: `visit` may itself look for overlaps.
  const ref = pairs.ref.slice(0, pairs.size);
  const cand = pairs.cand.slice(0, pairs.size);
  for (let k = 0; k < ref.length; k++) visit(ref[k]!, cand[k]!);
}

/** Pairs of span indexes as two columns: pair `k` is `ref[k]`, `cand[k]`, for `k < size`. */
export interface OverlapPairs {
  size: number;
  ref: Int32Array;
  cand: Int32Array;
}

const overlapPairs: OverlapPairs = { size: 0, ref: new Int32Array(256), cand: new Int32Array(256) };
let activeSpans = new Int32Array(64);

/**
 * The pairs {@link forEachOverlapInOrder} visits, in the same order, in columns reused from call to
 * call (valid until the next call): the sweep without a call per pair.
 */
export function overlapPairsInOrder(
  reference: readonly Span[],
  refOrder: Int32Array,
  candidate: readonly Span[],
  candOrder: Int32Array,
): OverlapPairs {
  const out = overlapPairs;
  if (activeSpans.length < reference.length) activeSpans = new Int32Array(Math.max(reference.length, 2 * activeSpans.length));
  const active = activeSpans;
  let activeCount = 0;
  let size = 0;
  let next = 0;
  for (let o = 0; o < candOrder.length; o++) {
    const j = candOrder[o]!;
    const c = candidate[j]!;
    let kept = 0;
    for (let a = 0; a < activeCount; a++) if (reference[active[a]!]!.end > c.start) active[kept++] = active[a]!;
    activeCount = kept;
    while (next < refOrder.length && reference[refOrder[next]!]!.start < c.end) {
      const i = refOrder[next++]!;
      if (reference[i]!.end > c.start) active[activeCount++] = i;
    }
    // A candidate can end before an earlier, longer one: active spans may start after it ends.
    for (let a = 0; a < activeCount; a++) {
      const i = active[a]!;
      if (reference[i]!.start >= c.end) continue;
      if (size === out.ref.length) {
        const ref = new Int32Array(2 * size);
        const cand = new Int32Array(2 * size);
        ref.set(out.ref);
        cand.set(out.cand);
        out.ref = ref;
        out.cand = cand;
      }
      out.ref[size] = i;
      out.cand[size++] = j;
    }
  }
  out.size = size;
  return out;
}

/**
 * Span counts for every pair of layers of one document, with each layer's spans prepared once (the
 * report compares every layer with every other): the order by start, the labels and their counts.
 * The figures are those of {@link spanCountsBothModes} in spans.ts, which the prepared path falls
 * back to for discontinuous or empty spans:
 * - exact: identical same-label spans pair one-to-one, so a label's matches are the sum over its
 *   distinct spans of the smaller of the two layers' counts — any maximal pairing of the exact
 *   pairs gives it, so they are paired in the order found, without sorting;
 * - overlap: the greedy one-to-one pairing of spans.ts (most shared characters, then the smaller
 *   boundary difference, then the reference's and the candidate's index), on overlapping pairs held
 *   in typed arrays.
 */
import { forEachOverlapInOrder, startOrder } from '../model/spans.ts';
import { ALL_LABELS, spanCountsBothModes, type MatchMode, type SpanItem } from './spans.ts';

export type SpanCounts = { tp: number; fp: number; fn: number };

/** One layer's spans in one document, ready to be compared with the other layers'. */
export interface PreparedSpans {
  items: readonly SpanItem[];
  /** Indexes of `items` by start. */
  order: Int32Array;
  /** How many spans carry each label, in order of first appearance. */
  labelCounts: Map<string, number>;
  /** Every span is one non-empty range (no `ranges`): the prepared path applies. */
  simple: boolean;
}

export function prepareSpans(items: readonly SpanItem[]): PreparedSpans {
  const labelCounts = new Map<string, number>();
  let simple = true;
  for (const s of items) {
    labelCounts.set(s.label, (labelCounts.get(s.label) ?? 0) + 1);
    if (s.ranges !== undefined || s.end <= s.start || s.label === ALL_LABELS) simple = false;
  }
  return { items, order: startOrder(items), labelCounts, simple };
}

/** Overlapping same-label pairs of the current comparison (grown as needed, reused). */
let pairRef = new Int32Array(256);
let pairCand = new Int32Array(256);
let pairShared = new Float64Array(256);
let pairOffset = new Float64Array(256);

function grow(size: number): void {
  if (size <= pairRef.length) return;
  const length = Math.max(size, 2 * pairRef.length);
  const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(length);
    b.set(a);
    return b;
  };
  pairRef = copy(pairRef, (n) => new Int32Array(n));
  pairCand = copy(pairCand, (n) => new Int32Array(n));
  pairShared = copy(pairShared, (n) => new Float64Array(n));
  pairOffset = copy(pairOffset, (n) => new Float64Array(n));
}

/** Per label (and `'*'`) counts of `cand` against `ref` in both modes; see the module comment. */
export function spanCountsPrepared(ref: PreparedSpans, cand: PreparedSpans): Record<MatchMode, Map<string, SpanCounts>> {
  if (!ref.simple || !cand.simple) return spanCountsBothModes(ref.items, cand.items);
  const reference = ref.items;
  const candidate = cand.items;
  let pairs = 0;
  const usedRef = new Uint8Array(reference.length);
  const usedCand = new Uint8Array(candidate.length);
  const exact = countsTemplate(ref, cand);
  forEachOverlapInOrder(reference, ref.order, candidate, cand.order, (i, j) => {
    const r = reference[i]!;
    const c = candidate[j]!;
    if (r.label !== c.label) return;
    const offset = Math.abs(r.start - c.start) + Math.abs(r.end - c.end);
    if (offset === 0 && !usedRef[i] && !usedCand[j]) {
      usedRef[i] = usedCand[j] = 1;
      matched(exact, r.label);
    }
    grow(pairs + 1);
    pairRef[pairs] = i;
    pairCand[pairs] = j;
    pairShared[pairs] = Math.min(r.end, c.end) - Math.max(r.start, c.start);
    pairOffset[pairs] = offset;
    pairs++;
  });
  const byRank = Array.from({ length: pairs }, (_, p) => p).sort(
    (x, y) =>
      pairShared[y]! - pairShared[x]! || pairOffset[x]! - pairOffset[y]! || pairRef[x]! - pairRef[y]! || pairCand[x]! - pairCand[y]!,
  );
  usedRef.fill(0);
  usedCand.fill(0);
  const overlap = countsTemplate(ref, cand);
  for (const p of byRank) {
    const i = pairRef[p]!;
    const j = pairCand[p]!;
    if (usedRef[i] || usedCand[j]) continue;
    usedRef[i] = usedCand[j] = 1;
    matched(overlap, reference[i]!.label);
  }
  return { exact, overlap };
}

/** Nothing matched yet: every reference span missed, every candidate span extra (labels in order of appearance). */
function countsTemplate(ref: PreparedSpans, cand: PreparedSpans): Map<string, SpanCounts> {
  const counts = new Map<string, SpanCounts>();
  counts.set(ALL_LABELS, { tp: 0, fp: cand.items.length, fn: ref.items.length });
  for (const [label, n] of ref.labelCounts) counts.set(label, { tp: 0, fp: 0, fn: n });
  for (const [label, n] of cand.labelCounts) {
    const c = counts.get(label);
    if (c) c.fp = n;
    else counts.set(label, { tp: 0, fp: n, fn: 0 });
  }
  return counts;
}

function matched(counts: Map<string, SpanCounts>, label: string): void {
  const c = counts.get(label)!;
  c.tp++;
  c.fn--;
  c.fp--;
  const all = counts.get(ALL_LABELS)!;
  all.tp++;
  all.fn--;
  all.fp--;
}

/**
 * Span precision, recall and F1 between two layers, one taken as the reference.
 *
 * - `exact`: a candidate span matches a reference span with the same label and the same ranges.
 *   Matching is one-to-one (duplicates count once each).
 * - `overlap`: a candidate matches a reference span with the same label that shares at least one
 *   character with it. Matching is one-to-one and greedy: every overlapping same-label pair is a
 *   candidate pair; pairs are taken in order of the most shared characters (ties: the smaller
 *   boundary difference, then the earlier reference span, then the earlier candidate) and a pair is
 *   kept when neither span is matched yet. This is the "partial match" of MUC/SemEval-2013 scoring
 *   restricted to one partner per span, so P and R count spans, not characters.
 *
 * tp = matched pairs, fp = candidate spans left over, fn = reference spans left over;
 * P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn).
 *
 * Zero divisions: when both layers are empty (tp = fp = fn = 0) P = R = F1 = 1 — two annotators who
 * both marked nothing agree completely (scikit-learn's `zero_division=1.0`; seqeval, nervaluate and
 * conlleval report 0 here, which would show "nothing here" as total disagreement). Otherwise a 0/0
 * precision or recall is 0 (conlleval's and nervaluate's choice), so one empty layer gives F1 = 0.
 * With these choices F1(a, b) = F1(b, a) and P(a, b) = R(b, a).
 *
 * Cost: O(n log n) sorting plus one sweep over the overlapping pairs.
 */
import { forEachOverlap } from '../model/spans.ts';
import type { AttributeValue, Span } from '../model/types.ts';

/** One annotation as the metrics see it: a label on a (possibly discontinuous) stretch of text. */
export interface SpanItem {
  /** Start of the first range. */
  start: number;
  /** End of the last range. */
  end: number;
  label: string;
  /** The ranges of a discontinuous span, sorted and not overlapping; absent = the one range `[start, end)`. */
  ranges?: Span[];
  id?: string;
  attributes?: Record<string, AttributeValue>;
}

export type MatchMode = 'exact' | 'overlap';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export interface SpanF1Result extends PRF {
  tp: number;
  fp: number;
  fn: number;
}

/** The label key that stands for every label together (micro-average). */
export const ALL_LABELS = '*';

/** A SpanItem for an annotation record (or anything with a label and ranges). */
export function spanItemFromAnnotation(a: {
  id?: string;
  label: string;
  ranges: readonly Span[];
  attributes?: Record<string, AttributeValue>;
}): SpanItem {
  if (a.ranges.length === 1) {
    // One range: no sorting, and a plain item (the common case, kept cheap for the agreement report).
    const item: SpanItem = { start: a.ranges[0]!.start, end: a.ranges[0]!.end, label: a.label };
    if (a.id !== undefined) item.id = a.id;
    if (a.attributes !== undefined) item.attributes = a.attributes;
    return item;
  }
  const ranges = [...a.ranges].sort((x, y) => x.start - y.start || x.end - y.end).map((r) => ({ start: r.start, end: r.end }));
  const first = ranges[0] ?? { start: 0, end: 0 };
  const last = ranges[ranges.length - 1] ?? first;
  const item: SpanItem = { start: first.start, end: last.end, label: a.label };
  if (ranges.length > 1) item.ranges = ranges;
  if (a.id !== undefined) item.id = a.id;
  if (a.attributes !== undefined) item.attributes = a.attributes;
  return item;
}

/** The ranges a span covers. */
export function rangesOf(item: SpanItem): readonly Span[] {
  return item.ranges && item.ranges.length > 0 ? item.ranges : [{ start: item.start, end: item.end }];
}

/** `start-end`, with `,` between the ranges of a discontinuous span (as in CSV exports). */
export function formatRanges(item: SpanItem): string {
  return rangesOf(item)
    .map((r) => `${r.start}-${r.end}`)
    .join(',');
}

/** Characters the two spans share. */
export function sharedCharacters(a: SpanItem, b: SpanItem): number {
  if (a.end <= b.start || b.end <= a.start) return 0;
  if (!a.ranges && !b.ranges) return Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const ra = rangesOf(a);
  const rb = rangesOf(b);
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < ra.length && j < rb.length) {
    const x = ra[i]!;
    const y = rb[j]!;
    const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
    if (overlap > 0) shared += overlap;
    if (x.end <= y.end) i++;
    else j++;
  }
  return shared;
}

/** True when the spans have the same label and the same ranges. */
export function sameSpan(a: SpanItem, b: SpanItem): boolean {
  if (a.label !== b.label) return false;
  if (!a.ranges && !b.ranges) return sameOffset(a.start, b.start) && sameOffset(a.end, b.end);
  return exactKey(a) === exactKey(b);
}

/** Offsets equal as {@link exactKey} writes them (NaN included). */
function sameOffset(x: number, y: number): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function exactKey(item: SpanItem): string {
  return item.ranges ? `${item.label}\u0000${formatRanges(item)}` : `${item.label}\u0000${item.start}-${item.end}`;
}

export interface MatchOptions {
  /** Require equal labels (default true). With false, `overlap` pairs spans of any label; `exact` then compares ranges only. */
  sameLabel?: boolean;
}

/**
 * One-to-one matching between two lists of spans; returns `[referenceIndex, candidateIndex]` pairs.
 * See the module comment for the rules.
 */
export function matchSpans(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
  mode: MatchMode,
  options: MatchOptions = {},
): [number, number][] {
  const sameLabel = options.sameLabel ?? true;
  if (mode === 'exact') {
    const byKey = new Map<string, { indexes: number[]; next: number }>();
    const keyOf = (s: SpanItem) => (sameLabel ? exactKey(s) : s.ranges ? formatRanges(s) : `${s.start}-${s.end}`);
    reference.forEach((s, i) => {
      const key = keyOf(s);
      const entry = byKey.get(key);
      if (entry) entry.indexes.push(i);
      else byKey.set(key, { indexes: [i], next: 0 });
    });
    const pairs: [number, number][] = [];
    candidate.forEach((s, j) => {
      const entry = byKey.get(keyOf(s));
      if (entry && entry.next < entry.indexes.length) pairs.push([entry.indexes[entry.next++]!, j]);
    });
    return pairs;
  }

  return greedyPairs(overlappingPairs(reference, candidate, sameLabel), reference.length, candidate.length);
}

interface OverlapPair {
  i: number;
  j: number;
  shared: number;
  /** |Δstart| + |Δend|: 0 for identical continuous spans. */
  offset: number;
}

/** Every overlapping pair (of the same label when `sameLabel`), by a sweep over both lists sorted by start. */
function overlappingPairs(reference: readonly SpanItem[], candidate: readonly SpanItem[], sameLabel: boolean): OverlapPair[] {
  const pairs: OverlapPair[] = [];
  forEachOverlap(reference, candidate, (i, j) => {
    const r = reference[i]!;
    const c = candidate[j]!;
    if (sameLabel && r.label !== c.label) return;
    const shared = sharedCharacters(r, c);
    if (shared > 0) pairs.push({ i, j, shared, offset: Math.abs(r.start - c.start) + Math.abs(r.end - c.end) });
  });
  return pairs;
}

/** One-to-one pairs taken greedily: most shared characters first, then the smaller offset, then index order. */
function greedyPairs(pairs: OverlapPair[], nRef: number, nCand: number): [number, number][] {
  pairs.sort((x, y) => y.shared - x.shared || x.offset - y.offset || x.i - y.i || x.j - y.j);
  const usedRef = new Uint8Array(nRef);
  const usedCand = new Uint8Array(nCand);
  const out: [number, number][] = [];
  for (const { i, j } of pairs) {
    if (usedRef[i] || usedCand[j]) continue;
    usedRef[i] = 1;
    usedCand[j] = 1;
    out.push([i, j]);
  }
  return out;
}

/**
 * {@link matchSpans} in both modes from one sweep: exact pairs are the overlapping same-label pairs
 * with identical ranges, and since identical spans can pair with any of their copies, taking them
 * greedily gives the same number of pairs as the exact matching. Spans of zero length (which overlap
 * nothing) send the exact mode to {@link matchSpans}.
 */
export function matchSpansBothModes(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
): { exact: [number, number][]; overlap: [number, number][] } {
  const pairs = overlappingPairs(reference, candidate, true);
  const empty = (s: SpanItem) => s.end <= s.start || (s.ranges?.some((r) => r.end <= r.start) ?? false);
  const exact =
    reference.some(empty) || candidate.some(empty)
      ? matchSpans(reference, candidate, 'exact')
      : greedyPairs(
          pairs.filter((p) => p.offset === 0 && sameSpan(reference[p.i]!, candidate[p.j]!)),
          reference.length,
          candidate.length,
        );
  return { exact, overlap: greedyPairs(pairs, reference.length, candidate.length) };
}

/** P, R and F1 from counts, with the zero-division conventions of the module comment. */
export function scoreCounts(tp: number, fp: number, fn: number): SpanF1Result {
  if (tp + fp + fn === 0) return { precision: 1, recall: 1, f1: 1, tp, fp, fn };
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
    f1: (2 * tp) / (2 * tp + fp + fn),
    tp,
    fp,
    fn,
  };
}

/** Span P/R/F1 of `candidate` against `reference`, for one label or, without `label` (or with `'*'`), all labels. */
export function spanF1(reference: readonly SpanItem[], candidate: readonly SpanItem[], mode: MatchMode, label?: string): SpanF1Result {
  const ref = label === undefined || label === ALL_LABELS ? reference : reference.filter((s) => s.label === label);
  const cand = label === undefined || label === ALL_LABELS ? candidate : candidate.filter((s) => s.label === label);
  const tp = matchSpans(ref, cand, mode).length;
  return scoreCounts(tp, cand.length - tp, ref.length - tp);
}

/** Counts per label and for `'*'` (all labels) from one matching; labels used by either side appear. */
export function spanCountsByLabel(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
  mode: MatchMode,
): Map<string, { tp: number; fp: number; fn: number }> {
  return countByLabel(reference, candidate, matchSpans(reference, candidate, mode));
}

/** {@link spanCountsByLabel} for both modes from one sweep (see {@link matchSpansBothModes}). */
export function spanCountsBothModes(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
): Record<MatchMode, Map<string, { tp: number; fp: number; fn: number }>> {
  const { exact, overlap } = matchSpansBothModes(reference, candidate);
  return { exact: countByLabel(reference, candidate, exact), overlap: countByLabel(reference, candidate, overlap) };
}

function countByLabel(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
  pairs: readonly [number, number][],
): Map<string, { tp: number; fp: number; fn: number }> {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const at = (label: string) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  const all = at(ALL_LABELS);
  for (const s of reference) at(s.label).fn++;
  for (const s of candidate) at(s.label).fp++;
  all.fn = reference.length;
  all.fp = candidate.length;
  for (const [i] of pairs) {
    const c = at(reference[i]!.label);
    c.tp++;
    c.fn--;
    c.fp--;
    all.tp++;
    all.fn--;
    all.fp--;
  }
  return counts;
}

/** {@link spanF1} for every label used by either layer, plus `'*'` (micro-average over all labels). */
export function spanF1ByLabel(
  reference: readonly SpanItem[],
  candidate: readonly SpanItem[],
  mode: MatchMode,
): Record<string, SpanF1Result> {
  const out: Record<string, SpanF1Result> = {};
  for (const [label, c] of spanCountsByLabel(reference, candidate, mode)) out[label] = scoreCounts(c.tp, c.fp, c.fn);
  return out;
}

export interface PairF1 extends SpanF1Result {
  /** The layer taken as reference. */
  a: string;
  /** The layer compared with it. */
  b: string;
}

export interface PairwiseF1 extends PRF {
  /** Every pair of layers once, the earlier layer (in the record's order) as reference. */
  pairs: PairF1[];
}

/**
 * Span P/R/F1 for every pair of layers and their mean. F1 is symmetric, so the mean F1 does not
 * depend on which layer of a pair is the reference; mean P and R do (and are each other's mirror).
 * Fewer than two layers: NaN.
 */
export function pairwiseSpanF1(layers: Record<string, readonly SpanItem[]>, mode: MatchMode = 'exact', label?: string): PairwiseF1 {
  const names = Object.keys(layers);
  const pairs: PairF1[] = [];
  for (let x = 0; x < names.length; x++) {
    for (let y = x + 1; y < names.length; y++) {
      const a = names[x]!;
      const b = names[y]!;
      pairs.push({ a, b, ...spanF1(layers[a]!, layers[b]!, mode, label) });
    }
  }
  return { ...meanPRF(pairs), pairs };
}

/** The mean of P, R and F1 over several results; NaN for none. */
export function meanPRF(results: readonly PRF[]): PRF {
  if (results.length === 0) return { precision: NaN, recall: NaN, f1: NaN };
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  for (const r of results) {
    precision += r.precision;
    recall += r.recall;
    f1 += r.f1;
  }
  return { precision: precision / results.length, recall: recall / results.length, f1: f1 / results.length };
}

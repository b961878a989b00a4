/**
 * Span counts for every pair of layers of one document, with each layer's spans prepared once (the
 * report compares every layer with every other): the order by start and each span's label number.
 * The figures are those of {@link spanCountsBothModes} in spans.ts, which the prepared path falls
 * back to for discontinuous or empty spans:
 * - exact: identical same-label spans pair one-to-one, so a label's matches are the sum over its
 *   distinct spans of the smaller of the two layers' counts — any maximal pairing of the exact
 *   pairs gives it, so they are paired in the order found, without sorting;
 * - overlap: the greedy one-to-one pairing of spans.ts (most shared characters, then the smaller
 *   boundary difference, then the reference's and the candidate's index); each overlapping pair is
 *   one number that sorts in that order (when the document is small enough for it to be exact), so
 *   the pairs are ranked by a typed array's own sort.
 * Counts are written into a typed table by label number, in buffers reused from call to call.
 */
import { overlapPairsInOrder, startOrder } from '../model/spans.ts';
import { ALL_LABELS, spanCountsBothModes, type MatchMode, type SpanItem } from './spans.ts';
import { ValueInterner } from './tokenIds.ts';

export type SpanCounts = { tp: number; fp: number; fn: number };

/** Numbers for the labels of the spans compared (`id`); 0 stands for every label together (`*`). */
export class SpanLabels extends ValueInterner {
  constructor(labels: readonly string[] = []) {
    super();
    this.id(ALL_LABELS);
    for (const label of labels) this.id(label);
  }
}

/** One layer's spans in one document, ready to be compared with the other layers'. */
export interface PreparedSpans {
  items: readonly SpanItem[];
  /** Indexes of `items` by start. */
  order: Int32Array;
  /** The label numbers (in `labels`) of the items. */
  labelOf: Int32Array;
  labels: SpanLabels;
  /** The largest end of the items (Infinity when an offset is negative or not a whole number). */
  maxEnd: number;
  /** Every span is one non-empty range (no `ranges`): the prepared path applies. */
  simple: boolean;
}

export function prepareSpans(items: readonly SpanItem[], labels: SpanLabels = new SpanLabels()): PreparedSpans {
  const labelOf = new Int32Array(items.length);
  let simple = true;
  let maxEnd = 0;
  for (let k = 0; k < items.length; k++) {
    const s = items[k]!;
    labelOf[k] = labels.id(s.label);
    if (s.end > maxEnd) maxEnd = s.end;
    // Offsets that are not whole numbers from 0 on do not make exact ranks: the comparator ranks them.
    if (!(s.start >= 0) || !Number.isInteger(s.start) || !Number.isInteger(s.end)) maxEnd = Infinity;
    if (s.ranges !== undefined || s.end <= s.start || s.label === ALL_LABELS) simple = false;
  }
  return { items, order: startOrder(items), labelOf, labels, maxEnd, simple };
}

/** Per label (and `'*'`) counts of `cand` against `ref` in both modes, as {@link spanCountsBothModes} gives them. */
export function spanCountsPrepared(ref: PreparedSpans, cand: PreparedSpans): Record<MatchMode, Map<string, SpanCounts>> {
  if (!ref.simple || !cand.simple) return spanCountsBothModes(ref.items, cand.items);
  // Numbers in order of first appearance, the reference's labels first (the order of the maps).
  const labels = new SpanLabels();
  const a = prepareSpans(ref.items, labels);
  const b = prepareSpans(cand.items, labels);
  const width = 3 * labels.names.length;
  const table = new Float64Array(2 * width);
  spanCountsInto(a, b, table, 0, width);
  const maps = (at: number) => {
    const map = new Map<string, SpanCounts>();
    labels.names.forEach((label, l) => map.set(label, { tp: table[at + 3 * l]!, fp: table[at + 3 * l + 1]!, fn: table[at + 3 * l + 2]! }));
    return map;
  };
  return { exact: maps(0), overlap: maps(width) };
}

/**
 * Overlapping pairs `(i, j)` of a reference and a candidate list, paired one-to-one as spans.ts
 * pairs them: by most shared characters, then the smaller boundary difference (`offset`), then `i`,
 * then `j`, a pair kept when neither side is taken yet. When every rank fits one exact number
 * (offsets whole and at most `2 · maxEnd`) the ranks are sorted as numbers, else by a comparator.
 * Its columns are reused from use to use.
 */
export class OverlapRanking {
  size = 0;
  /** The pairs kept by {@link pairGreedily}: `keptRef[k]`, `keptCand[k]`. */
  keptRef = new Int32Array(64);
  keptCand = new Int32Array(64);
  private ref = new Int32Array(64);
  private cand = new Int32Array(64);
  private shared = new Float64Array(64);
  private offset = new Float64Array(64);
  private keys = new Float64Array(64);
  private usedRef = new Uint8Array(64);
  private usedCand = new Uint8Array(64);
  private keyed = false;
  private maxEnd = 0;
  private offsets = 0;
  private nr = 0;
  private nc = 0;

  /** Starts a new list of pairs between `nr` reference and `nc` candidate items, no offset above `2 · maxEnd`. */
  reset(nr: number, nc: number, maxEnd: number): void {
    this.size = 0;
    this.nr = nr;
    this.nc = nc;
    this.maxEnd = maxEnd;
    this.offsets = 2 * maxEnd + 1;
    this.keyed = Number.isInteger(maxEnd) && (maxEnd + 1) * this.offsets * nr * nc < Number.MAX_SAFE_INTEGER;
    if (this.usedRef.length < Math.max(nr, nc)) {
      const n = Math.max(nr, nc, 2 * this.usedRef.length);
      this.usedRef = new Uint8Array(n);
      this.usedCand = new Uint8Array(n);
      this.keptRef = new Int32Array(n);
      this.keptCand = new Int32Array(n);
    }
  }

  add(i: number, j: number, shared: number, offset: number): void {
    const p = this.size++;
    if (p === this.ref.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(2 * p);
        b.set(a);
        return b;
      };
      this.ref = grow(this.ref, (n) => new Int32Array(n));
      this.cand = grow(this.cand, (n) => new Int32Array(n));
      this.shared = grow(this.shared, (n) => new Float64Array(n));
      this.offset = grow(this.offset, (n) => new Float64Array(n));
      this.keys = grow(this.keys, (n) => new Float64Array(n));
    }
    if (this.keyed) this.keys[p] = ((this.maxEnd - shared) * this.offsets + offset) * this.nr * this.nc + i * this.nc + j;
    else {
      this.ref[p] = i;
      this.cand[p] = j;
      this.shared[p] = shared;
      this.offset[p] = offset;
    }
  }

  /** Keeps the pairs in rank order when neither side is taken yet (into `keptRef`, `keptCand`); returns how many. */
  pairGreedily(): number {
    const { usedRef, usedCand, keptRef, keptCand, nc } = this;
    usedRef.fill(0, 0, this.nr);
    usedCand.fill(0, 0, nc);
    let kept = 0;
    if (this.keyed) {
      const indexes = this.nr * nc;
      const ranked = this.keys.subarray(0, this.size).sort();
      for (let p = 0; p < this.size; p++) {
        const rest = ranked[p]! % indexes;
        const j = rest % nc;
        const i = (rest - j) / nc;
        if (usedRef[i] || usedCand[j]) continue;
        usedRef[i] = usedCand[j] = 1;
        keptRef[kept] = i;
        keptCand[kept++] = j;
      }
      return kept;
    }
    const { ref, cand, shared, offset } = this;
    const byRank = Array.from({ length: this.size }, (_, p) => p).sort(
      (x, y) => shared[y]! - shared[x]! || offset[x]! - offset[y]! || ref[x]! - ref[y]! || cand[x]! - cand[y]!,
    );
    for (const p of byRank) {
      const i = ref[p]!;
      const j = cand[p]!;
      if (usedRef[i] || usedCand[j]) continue;
      usedRef[i] = usedCand[j] = 1;
      keptRef[kept] = i;
      keptCand[kept++] = j;
    }
    return kept;
  }
}

/** The one ranking of the core's span and attribution matching (they never run inside each other). */
export const overlapRanking = new OverlapRanking();

/** The spans paired by exact matching in the comparison at hand (grown as needed, reused). */
let usedRef = new Uint8Array(64);
let usedCand = new Uint8Array(64);

/**
 * Counts of `cand` against `ref` (prepared with the same {@link SpanLabels}) written into `out`: for
 * label number `l` (0 = every label), tp, fp and fn at `exactAt + 3l` for exact matching and at
 * `overlapAt + 3l` for overlap, for every label number known to the labels.
 */
export function spanCountsInto(ref: PreparedSpans, cand: PreparedSpans, out: Float64Array, exactAt: number, overlapAt: number): void {
  const width = 3 * ref.labels.names.length;
  out.fill(0, exactAt, exactAt + width);
  out.fill(0, overlapAt, overlapAt + width);
  if (!ref.simple || !cand.simple) {
    const both = spanCountsBothModes(ref.items, cand.items);
    for (const [mode, at] of [
      [both.exact, exactAt],
      [both.overlap, overlapAt],
    ] as const) {
      for (const [label, c] of mode) {
        const l = at + 3 * ref.labels.id(label);
        out[l] = c.tp;
        out[l + 1] = c.fp;
        out[l + 2] = c.fn;
      }
    }
    return;
  }
  const reference = ref.items;
  const candidate = cand.items;
  const refLabel = ref.labelOf;
  const candLabel = cand.labelOf;
  const nr = reference.length;
  const nc = candidate.length;
  if (usedRef.length < nr) usedRef = new Uint8Array(Math.max(nr, 2 * usedRef.length));
  if (usedCand.length < nc) usedCand = new Uint8Array(Math.max(nc, 2 * usedCand.length));
  const usedR = usedRef;
  const usedC = usedCand;
  usedR.fill(0, 0, nr);
  usedC.fill(0, 0, nc);
  // Nothing matched yet: every reference span missed, every candidate span extra.
  for (let i = 0; i < nr; i++) out[exactAt + 3 * refLabel[i]! + 2]! += 1;
  for (let j = 0; j < nc; j++) out[exactAt + 3 * candLabel[j]! + 1]! += 1;
  out[exactAt + 1] = nc;
  out[exactAt + 2] = nr;
  out.copyWithin(overlapAt, exactAt, exactAt + width);
  const ranking = overlapRanking;
  ranking.reset(nr, nc, Math.max(ref.maxEnd, cand.maxEnd));
  const overlapping = overlapPairsInOrder(reference, ref.order, candidate, cand.order);
  for (let k = 0; k < overlapping.size; k++) {
    const i = overlapping.ref[k]!;
    const j = overlapping.cand[k]!;
    if (refLabel[i] !== candLabel[j]) continue;
    const r = reference[i]!;
    const c = candidate[j]!;
    const offset = Math.abs(r.start - c.start) + Math.abs(r.end - c.end);
    if (offset === 0 && !usedR[i] && !usedC[j]) {
      usedR[i] = usedC[j] = 1;
      matched(out, exactAt, refLabel[i]!);
    }
    ranking.add(i, j, Math.min(r.end, c.end) - Math.max(r.start, c.start), offset);
  }
  const kept = ranking.pairGreedily();
  for (let k = 0; k < kept; k++) matched(out, overlapAt, refLabel[ranking.keptRef[k]!]!);
}

/** One more match of label `l`: counted for the label and for every label together. */
function matched(out: Float64Array, at: number, l: number): void {
  const k = at + 3 * l;
  out[k]!++;
  out[k + 1]!--;
  out[k + 2]!--;
  out[at]!++;
  out[at + 1]!--;
  out[at + 2]!--;
}

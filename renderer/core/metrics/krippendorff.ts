/**
 * Krippendorff's alpha: nominal α over coded units (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability") and unitizing αU over spans on a continuum (Krippendorff 1995, "On the
 * reliability of unitizing continuous data", Sociological Methodology 25:47–76; Krippendorff 2004,
 * Content Analysis, 2nd ed., worked example p. 254), in the formulation DKPro Statistics implements
 * (`KrippendorffAlphaUnitizingAgreement`). α = 1 − D_o / D_e throughout.
 */
import { partitionPoint } from '../model/bisect.ts';

export interface NominalAlphaResult {
  alpha: number;
  /** D_o = Σ_{c≠k} o_ck / n. */
  observedDisagreement: number;
  /** D_e = Σ_{c≠k} n_c n_k / (n (n − 1)). */
  expectedDisagreement: number;
  /** n: the values in units that hold at least two values (the coincidence matrix's total). */
  pairableValues: number;
  /** True when α was set by convention because D_e = 0 (see README.md). */
  degenerate: boolean;
}

/**
 * Nominal α. `units[u][c]` is coder c's value for unit u, `null` when coder c left it out; units
 * with fewer than two values are not pairable and drop out. `weights[u]`, when given, says how many
 * identical units row u stands for.
 *
 * Through the coincidence matrix o_ck = Σ_u (pairs of values c, k in u) / (m_u − 1), without
 * building it: Σ_{c≠k} o_ck = Σ_u (m_u² − Σ_c n_uc²) / (m_u − 1) and n_c = Σ_u n_uc.
 *
 * D_e = 0 (every pairable value the same, so D_o = 0 too): α = 1, `degenerate: true` (DKPro
 * Statistics' FullAgreementTest, issue #35). No pairable values: α = NaN.
 */
export function krippendorffAlphaNominal(units: readonly (readonly (string | null)[])[], weights?: readonly number[]): NominalAlphaResult {
  const index = new Map<string, number>();
  const counts = units.map((unit) => {
    const row: number[] = [];
    for (const v of unit) {
      if (v === null || v === undefined) continue;
      let i = index.get(v);
      if (i === undefined) index.set(v, (i = index.size));
      row[i] = (row[i] ?? 0) + 1;
    }
    return row;
  });
  return krippendorffAlphaNominalFromCounts(counts, weights);
}

/**
 * Nominal α from a units × values table of counts (how many coders gave unit u value c; holes and
 * missing cells count 0), the "value-by-unit" input of Krippendorff (2011). `weights[u]` as above.
 */
export function krippendorffAlphaNominalFromCounts(
  counts: readonly (readonly (number | undefined)[])[],
  weights?: readonly number[],
): NominalAlphaResult {
  const valueTotals: number[] = [];
  let n = 0;
  let disagreeing = 0;
  for (let u = 0; u < counts.length; u++) {
    const w = weights?.[u] ?? 1;
    if (!(w > 0)) continue;
    const row = counts[u]!;
    let m = 0;
    let squares = 0;
    for (let c = 0; c < row.length; c++) {
      const k = row[c] ?? 0;
      m += k;
      squares += k * k;
    }
    if (m < 2) continue;
    for (let c = 0; c < row.length; c++) {
      const k = row[c] ?? 0;
      if (k > 0) valueTotals[c] = (valueTotals[c] ?? 0) + w * k;
    }
    n += w * m;
    disagreeing += (w * (m * m - squares)) / (m - 1);
  }
  if (n === 0) {
    return { alpha: NaN, observedDisagreement: NaN, expectedDisagreement: NaN, pairableValues: 0, degenerate: false };
  }
  let totalSquares = 0;
  for (const c of valueTotals) totalSquares += (c ?? 0) * (c ?? 0);
  const observedDisagreement = disagreeing / n;
  const expectedDisagreement = (n * n - totalSquares) / (n * (n - 1));
  if (expectedDisagreement <= 0) {
    return { alpha: 1, observedDisagreement, expectedDisagreement: 0, pairableValues: n, degenerate: true };
  }
  return {
    alpha: 1 - observedDisagreement / expectedDisagreement,
    observedDisagreement,
    expectedDisagreement,
    pairableValues: n,
    degenerate: false,
  };
}

/** A span one coder marked on the continuum, half-open `[start, end)`. */
export interface UnitSpan {
  start: number;
  end: number;
  label: string;
}

export interface UnitizingLabelResult {
  alpha: number;
  observedDisagreement: number;
  expectedDisagreement: number;
  /** Units of this label over all coders, after clipping and merging. */
  units: number;
  degenerate: boolean;
}

export interface UnitizingAlphaResult extends UnitizingLabelResult {
  coders: number;
  length: number;
  perLabel: Record<string, UnitizingLabelResult>;
}

export interface UnitizingOptions {
  /** Where the continuum begins (default 0); it covers `[begin, begin + length)`. */
  begin?: number;
  /** Labels to assess (default: every label used by any coder). A label nobody used gives α = 1, degenerate. */
  labels?: readonly string[];
}

/**
 * One coder's units of one label as columns: `starts[k]`, `ends[k]` for `k < count`, in the order
 * added (grown as units come, so a corpus of units needs no object per unit).
 */
export class UnitColumns {
  starts = new Float64Array(8);
  ends = new Float64Array(8);
  count = 0;

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Float64Array(2 * this.count);
      const ends = new Float64Array(2 * this.count);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count++] = end;
  }
}

/** One coder's units by label. */
export type CoderUnits = ReadonlyMap<string, UnitColumns>;

/**
 * Krippendorff's αU. Each label is assessed on its own: a coder's continuum is cut into that label's
 * units and the gaps between them (other labels count as gap). For coders i ≠ j, segments g of i and
 * h of j that share at least one position add δ²(g, h):
 *
 *   both units                 (b_g − b_h)² + (e_g − e_h)²        (start and end differences)
 *   unit g inside gap h        l_g²
 *   gap g around unit h        l_h²
 *   otherwise                  0
 *
 *   D_o(c) = Σ_{i≠j} Σ_g Σ_h δ² / (m (m − 1) L²)
 *   D_e(c) = (2 / L) Σ_units [ (N_c − 1)(2l³ − 3l² + l) / 3 + l² Σ_{gaps h, l_h ≥ l} (l_h − l + 1) ]
 *            / ( m L (m L − 1) − Σ_units l (l − 1) )
 *
 * with m coders, L the continuum's length, N_c the number of units of label c over all coders and
 * the gap sum over every coder's gaps. Over all labels, αU = 1 − mean D_o / mean D_e (Krippendorff
 * 2004: 1 − Σ_c D_o(c) / Σ_c D_e(c)). A coder's overlapping units of one label are merged first,
 * units are clipped to the continuum, and empty ones are dropped.
 *
 * Cost: sorting plus O(m² · segments) for D_o (a two-pointer sweep per coder pair) and
 * O(segments · log segments) for D_e (gap lengths sorted once, prefix sums, binary search).
 */
export function unitizingAlpha(
  length: number,
  coders: readonly (readonly UnitSpan[])[],
  options: UnitizingOptions = {},
): UnitizingAlphaResult {
  const labels = options.labels ?? [...new Set(coders.flatMap((units) => units.map((u) => u.label)))].sort();
  // Each coder's units by label, in their given order.
  const byLabel = coders.map((units) => {
    const groups = new Map<string, UnitColumns>();
    for (const u of units) {
      let group = groups.get(u.label);
      if (!group) groups.set(u.label, (group = new UnitColumns()));
      group.add(u.start, u.end);
    }
    return groups;
  });
  return unitizingAlphaOfColumns(length, byLabel, labels, options.begin ?? 0);
}

/** {@link unitizingAlpha} over units already grouped by label as columns, for `labels`. */
export function unitizingAlphaOfColumns(
  length: number,
  coders: readonly CoderUnits[],
  labels: readonly string[],
  begin = 0,
): UnitizingAlphaResult {
  const m = coders.length;
  const perLabel: Record<string, UnitizingLabelResult> = {};
  let sumDo = 0;
  let sumDe = 0;
  let totalUnits = 0;
  for (const label of labels) {
    const result = unitizingAlphaForLabel(begin, length, coders, label);
    perLabel[label] = result;
    sumDo += result.observedDisagreement;
    sumDe += result.expectedDisagreement;
    totalUnits += result.units;
  }
  const usable = m >= 2 && length > 0 && labels.length > 0;
  const observedDisagreement = usable ? sumDo / labels.length : NaN;
  const expectedDisagreement = usable ? sumDe / labels.length : NaN;
  return {
    ...alphaFrom(observedDisagreement, expectedDisagreement, usable),
    units: totalUnits,
    coders: m,
    length,
    perLabel,
  };
}

function alphaFrom(observedDisagreement: number, expectedDisagreement: number, usable: boolean): Omit<UnitizingLabelResult, 'units'> {
  if (!usable) return { alpha: NaN, observedDisagreement: NaN, expectedDisagreement: NaN, degenerate: false };
  if (expectedDisagreement <= 0) {
    // No units at all: the coders agree that nothing is there.
    return { alpha: observedDisagreement <= 0 ? 1 : NaN, observedDisagreement, expectedDisagreement: 0, degenerate: true };
  }
  return {
    alpha: 1 - observedDisagreement / expectedDisagreement,
    observedDisagreement,
    expectedDisagreement,
    degenerate: false,
  };
}

/**
 * Scratch columns of one label's computation, grown as needed and reused: each coder's segments
 * (units and the gaps between them, covering the continuum end to end) one coder after another,
 * the clipped units of the coder at hand, the units' and the gaps' lengths.
 */
const scratch = {
  segStart: new Float64Array(64),
  segEnd: new Float64Array(64),
  segUnit: new Uint8Array(64),
  clipStart: new Float64Array(32),
  clipEnd: new Float64Array(32),
  units: new Float64Array(32),
  gaps: new Float64Array(32),
  suffix: new Float64Array(32),
  coderSegments: new Int32Array(8),
};

function ensure(units: number): void {
  const s = scratch;
  if (s.clipStart.length < units) {
    const n = Math.max(units, 2 * s.clipStart.length);
    s.clipStart = new Float64Array(n);
    s.clipEnd = new Float64Array(n);
  }
}

function ensureTotals(units: number, segments: number): void {
  const s = scratch;
  if (s.segStart.length < segments) {
    const n = Math.max(segments, 2 * s.segStart.length);
    s.segStart = new Float64Array(n);
    s.segEnd = new Float64Array(n);
    s.segUnit = new Uint8Array(n);
  }
  if (s.units.length < units + 1) {
    const n = Math.max(units + 1, 2 * s.units.length);
    s.units = new Float64Array(n);
    s.gaps = new Float64Array(n);
    s.suffix = new Float64Array(n + 1);
  }
}

/**
 * αU for one label. Each coder's units of the label are clipped to the continuum (empty ones
 * dropped), merged where they overlap (after ordering by start: units that share a start merge
 * whatever their order) and laid out with the gaps between them.
 */
function unitizingAlphaForLabel(begin: number, length: number, coders: readonly CoderUnits[], label: string): UnitizingLabelResult {
  const m = coders.length;
  const end = begin + length;
  let totalUnits = 0;
  for (const c of coders) totalUnits += c.get(label)?.count ?? 0;
  // Each coder has at most 2 · units + 1 segments, at most units + 1 gaps.
  ensureTotals(totalUnits + m, 2 * totalUnits + m);
  const s = scratch;
  if (s.coderSegments.length < m + 1) s.coderSegments = new Int32Array(m + 1);
  const coderSegments = s.coderSegments;
  let segments = 0;
  let unitCount = 0;
  let gapCount = 0;
  for (let c = 0; c < m; c++) {
    coderSegments[c] = segments;
    const cols = coders[c]!.get(label);
    const n = cols?.count ?? 0;
    ensure(n);
    const { clipStart, clipEnd } = s;
    let k = 0;
    let sorted = true;
    for (let u = 0; u < n; u++) {
      const start = Math.max(begin, cols!.starts[u]!);
      const stop = Math.min(end, cols!.ends[u]!);
      if (!(stop > start)) continue;
      if (k > 0 && start < clipStart[k - 1]!) sorted = false;
      clipStart[k] = start;
      clipEnd[k++] = stop;
    }
    if (!sorted) sortByStart(clipStart, clipEnd, k);
    let pos = begin;
    for (let r = 0; r < k;) {
      // One merged unit: this range and every later one that starts before the unit ends.
      const unitStart = clipStart[r]!;
      let unitEnd = clipEnd[r++]!;
      while (r < k && clipStart[r]! < unitEnd) unitEnd = Math.max(unitEnd, clipEnd[r++]!);
      if (unitStart > pos) {
        s.segStart[segments] = pos;
        s.segEnd[segments] = unitStart;
        s.segUnit[segments++] = 0;
        s.gaps[gapCount++] = unitStart - pos;
      }
      s.segStart[segments] = unitStart;
      s.segEnd[segments] = unitEnd;
      s.segUnit[segments++] = 1;
      s.units[unitCount++] = unitEnd - unitStart;
      pos = unitEnd;
    }
    if (pos < end) {
      s.segStart[segments] = pos;
      s.segEnd[segments] = end;
      s.segUnit[segments++] = 0;
      s.gaps[gapCount++] = end - pos;
    }
  }
  coderSegments[m] = segments;
  if (m < 2 || length <= 0) {
    return { alpha: NaN, observedDisagreement: NaN, expectedDisagreement: NaN, units: unitCount, degenerate: false };
  }

  // Observed disagreement: every unordered coder pair once, doubled for the ordered sum (δ² is symmetric).
  let observed = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++)
      observed += pairDisagreement(coderSegments[i]!, coderSegments[i + 1]!, coderSegments[j]!, coderSegments[j + 1]!);
  }
  const observedDisagreement = (2 * observed) / (m * (m - 1) * length * length);

  // Expected disagreement.
  // A typed array sorts numbers without calling a comparator.
  const gapLengths = s.gaps.subarray(0, gapCount).sort();
  const suffixSum = s.suffix;
  suffixSum[gapCount] = 0;
  for (let g = gapCount - 1; g >= 0; g--) suffixSum[g] = suffixSum[g + 1]! + gapLengths[g]!;
  let numerator = 0;
  let squaredLengths = 0;
  for (let u = 0; u < unitCount; u++) {
    const l = s.units[u]!;
    squaredLengths += l * (l - 1);
    const first = lowerBound(gapLengths, l);
    const fitting = gapCount - first;
    // Σ_{gaps ≥ l} (gap − l + 1)
    const placements = suffixSum[first]! - (l - 1) * fitting;
    numerator += ((unitCount - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements;
  }
  const denominator = m * length * (m * length - 1) - squaredLengths;
  const expectedDisagreement = denominator > 0 ? ((2 / length) * numerator) / denominator : 0;
  return { ...alphaFrom(observedDisagreement, expectedDisagreement, true), units: unitCount };
}

/** Orders the first `k` units by start, then end. */
function sortByStart(starts: Float64Array, ends: Float64Array, k: number): void {
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => starts[x]! - starts[y]! || ends[x]! - ends[y]!);
  const s = order.map((i) => starts[i]!);
  const e = order.map((i) => ends[i]!);
  for (let i = 0; i < k; i++) {
    starts[i] = s[i]!;
    ends[i] = e[i]!;
  }
}

/** Σ δ² over the segment pairs of two coders (segments `a0…a1` and `b0…b1`) that share a position (a two-pointer sweep). */
function pairDisagreement(a0: number, a1: number, b0: number, b1: number): number {
  const { segStart, segEnd, segUnit } = scratch;
  let sum = 0;
  let p = a0;
  let q = b0;
  while (p < a1 && q < b1) {
    const gs = segStart[p]!;
    const ge = segEnd[p]!;
    const hs = segStart[q]!;
    const he = segEnd[q]!;
    const gUnit = segUnit[p] === 1;
    const hUnit = segUnit[q] === 1;
    if (gUnit && hUnit) {
      const ds = gs - hs;
      const de = ge - he;
      sum += ds * ds + de * de;
    } else if (gUnit && !hUnit) {
      if (hs <= gs && ge <= he) sum += (ge - gs) ** 2;
    } else if (!gUnit && hUnit) {
      if (gs <= hs && he <= ge) sum += (he - hs) ** 2;
    }
    if (ge <= he) p++;
    if (he <= ge) q++;
  }
  return sum;
}

/** First index whose value is ≥ x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  return partitionPoint(sorted.length, (i) => sorted[i]! < x);
}

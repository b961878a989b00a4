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

/** One coder's continuum for one label: units and the gaps between them, covering it end to end. */
interface Segment {
  start: number;
  end: number;
  unit: boolean;
}

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
  const begin = options.begin ?? 0;
  const m = coders.length;
  const labels = options.labels ?? [...new Set(coders.flatMap((units) => units.map((u) => u.label)))].sort();
  const perLabel: Record<string, UnitizingLabelResult> = {};
  let sumDo = 0;
  let sumDe = 0;
  let totalUnits = 0;
  // Each coder's units by label, in their given order.
  const byLabel = coders.map((units) => {
    const groups = new Map<string, UnitSpan[]>();
    for (const u of units) {
      const group = groups.get(u.label);
      if (group) group.push(u);
      else groups.set(u.label, [u]);
    }
    return groups;
  });
  for (const label of labels) {
    const result = unitizingAlphaForLabel(
      begin,
      length,
      byLabel.map((groups) => groups.get(label) ?? []),
    );
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

/** αU for one label; `coders` hold only that label's units. */
function unitizingAlphaForLabel(begin: number, length: number, coders: readonly (readonly UnitSpan[])[]): UnitizingLabelResult {
  const m = coders.length;
  const end = begin + length;
  const segmentsByCoder: Segment[][] = [];
  const unitLengths: number[] = [];
  const gaps: number[] = [];
  for (const units of coders) {
    const ranges = units
      .map((u) => ({ start: Math.max(begin, u.start), end: Math.min(end, u.end) }))
      .filter((r) => r.end > r.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: { start: number; end: number }[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ ...r });
    }
    const segments: Segment[] = [];
    let pos = begin;
    for (const r of merged) {
      if (r.start > pos) {
        segments.push({ start: pos, end: r.start, unit: false });
        gaps.push(r.start - pos);
      }
      segments.push({ start: r.start, end: r.end, unit: true });
      unitLengths.push(r.end - r.start);
      pos = r.end;
    }
    if (pos < end) {
      segments.push({ start: pos, end, unit: false });
      gaps.push(end - pos);
    }
    segmentsByCoder.push(segments);
  }
  const unitCount = unitLengths.length;
  if (m < 2 || length <= 0) {
    return { alpha: NaN, observedDisagreement: NaN, expectedDisagreement: NaN, units: unitCount, degenerate: false };
  }

  // Observed disagreement: every unordered coder pair once, doubled for the ordered sum (δ² is symmetric).
  let observed = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) observed += pairDisagreement(segmentsByCoder[i]!, segmentsByCoder[j]!);
  }
  const observedDisagreement = (2 * observed) / (m * (m - 1) * length * length);

  // Expected disagreement.
  // A typed array sorts numbers without calling a comparator.
  const gapLengths = Float64Array.from(gaps).sort();
  const suffixSum = new Array<number>(gapLengths.length + 1).fill(0);
  for (let g = gapLengths.length - 1; g >= 0; g--) suffixSum[g] = suffixSum[g + 1]! + gapLengths[g]!;
  let numerator = 0;
  let squaredLengths = 0;
  for (const l of unitLengths) {
    squaredLengths += l * (l - 1);
    const first = lowerBound(gapLengths, l);
    const fitting = gapLengths.length - first;
    // Σ_{gaps ≥ l} (gap − l + 1)
    const placements = suffixSum[first]! - (l - 1) * fitting;
    numerator += ((unitCount - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements;
  }
  const denominator = m * length * (m * length - 1) - squaredLengths;
  const expectedDisagreement = denominator > 0 ? ((2 / length) * numerator) / denominator : 0;
  return { ...alphaFrom(observedDisagreement, expectedDisagreement, true), units: unitCount };
}

/** Σ δ² over the segment pairs of two coders that share a position (a two-pointer sweep). */
function pairDisagreement(a: readonly Segment[], b: readonly Segment[]): number {
  let sum = 0;
  let p = 0;
  let q = 0;
  while (p < a.length && q < b.length) {
    const g = a[p]!;
    const h = b[q]!;
    if (g.unit && h.unit) {
      const ds = g.start - h.start;
      const de = g.end - h.end;
      sum += ds * ds + de * de;
    } else if (g.unit && !h.unit) {
      if (h.start <= g.start && g.end <= h.end) sum += (g.end - g.start) ** 2;
    } else if (!g.unit && h.unit) {
      if (g.start <= h.start && h.end <= g.end) sum += (h.end - h.start) ** 2;
    }
    if (g.end <= h.end) p++;
    if (h.end <= g.end) q++;
  }
  return sum;
}

/** First index whose value is ≥ x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  return partitionPoint(sorted.length, (i) => sorted[i]! < x);
}

/**
 * Cohen's kappa for two raters on a nominal scale (Cohen 1960).
 *
 *   κ = (p_o − p_e) / (1 − p_e)
 *
 * p_o is the share of items both raters put in the same category; p_e is the agreement expected
 * by chance from each rater's own category proportions: p_e = Σ_k p_A(k) · p_B(k).
 *
 * Conventions (see README.md):
 * - A pair where either rating is `null` is missing and skipped; so are positions past the end of
 *   the shorter list.
 * - No usable pair: every figure is NaN.
 * - p_e = 1 (both raters used one and the same category throughout, so p_o = 1 as well): κ is 0/0;
 *   we report κ = 1 and `degenerate: true`, the choice DKPro Statistics makes for full agreement
 *   without variation (its FullAgreementTest, issue #35). scikit-learn reports NaN instead
 *   (`cohen_kappa_score(..., replace_undefined_by=np.nan)`); the flag lets a caller do the same.
 */

export interface CohenResult {
  kappa: number;
  /** Observed agreement p_o. */
  observed: number;
  /** Chance agreement p_e. */
  expected: number;
  /** Number of items rated by both raters. */
  n: number;
  /** True when κ was set by convention because p_e = 1 (see the module comment). */
  degenerate: boolean;
}

const EPSILON = 1e-12;

/** Cohen's κ over paired nominal ratings; `a[i]` and `b[i]` rate the same item. */
export function cohensKappa(a: readonly (string | null)[], b: readonly (string | null)[]): CohenResult {
  const index = new Map<string, number>();
  const pairs: [number, number][] = [];
  const length = Math.min(a.length, b.length);
  const indexOf = (value: string): number => {
    let i = index.get(value);
    if (i === undefined) {
      i = index.size;
      index.set(value, i);
    }
    return i;
  };
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    pairs.push([indexOf(x), indexOf(y)]);
  }
  const k = index.size;
  const table: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [i, j] of pairs) table[i]![j]! += 1;
  return cohensKappaFromTable(table);
}

/**
 * Cohen's κ from a square contingency table: `table[i][j]` counts (or weighs) the items rater A put
 * in category i and rater B in category j. Cells may be any non-negative number.
 */
export function cohensKappaFromTable(table: readonly (readonly number[])[]): CohenResult {
  const k = table.length;
  const cells = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cells[i * k + j] = table[i]![j] ?? 0;
  return cohensKappaFromCells(cells, k);
}

/** The margins of {@link cohensKappaFromCells}, reused from call to call. */
let rowSumBuffer = new Float64Array(16);
let colSumBuffer = new Float64Array(16);

/** {@link cohensKappaFromTable} with the k × k table row after row in one array (`cells[i · k + j]`). */
export function cohensKappaFromCells(cells: ArrayLike<number>, k: number): CohenResult {
  if (rowSumBuffer.length < k) {
    rowSumBuffer = new Float64Array(Math.max(k, 2 * rowSumBuffer.length));
    colSumBuffer = new Float64Array(rowSumBuffer.length);
  }
  const rowSums = rowSumBuffer.fill(0, 0, k);
  const colSums = colSumBuffer.fill(0, 0, k);
  let n = 0;
  let diagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = cells[i * k + j]!;
      rowSums[i]! += v;
      colSums[j]! += v;
      n += v;
      if (i === j) diagonal += v;
    }
  }
  if (n <= 0) return { kappa: NaN, observed: NaN, expected: NaN, n: 0, degenerate: false };
  const observed = diagonal / n;
  let expected = 0;
  for (let i = 0; i < k; i++) expected += (rowSums[i]! / n) * (colSums[i]! / n);
  if (expected >= 1 - EPSILON) {
    return { kappa: observed >= 1 - EPSILON ? 1 : 0, observed, expected: 1, n, degenerate: true };
  }
  return { kappa: (observed - expected) / (1 - expected), observed, expected, n, degenerate: false };
}

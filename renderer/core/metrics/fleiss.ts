/**
 * Fleiss' kappa for a fixed number of raters per subject on a nominal scale (Fleiss 1971).
 *
 * With N subjects, n raters per subject and n_ij the number of raters who put subject i in
 * category j:
 *
 *   p_j  = Σ_i n_ij / (N n)                       share of all ratings in category j
 *   P_i  = (Σ_j n_ij² − n) / (n (n − 1))          agreement on subject i
 *   P̄    = mean of P_i,  P̄_e = Σ_j p_j²
 *   κ    = (P̄ − P̄_e) / (1 − P̄_e)
 *   κ_j  = 1 − Σ_i n_ij (n − n_ij) / (N n (n − 1) p_j q_j)     category-specific (Fleiss 1971, eq. 16)
 *
 * Conventions: the function never throws. Unequal rater totals, fewer than two raters, negative or
 * fractional counts, or no subjects give κ = NaN and an `error` sentence. P̄_e = 1 (every rating
 * in one category) gives κ = 1 with `degenerate: true`, as in {@link cohensKappa}.
 */

export interface FleissResult {
  kappa: number;
  /** Mean observed agreement P̄. */
  pBar: number;
  /** Chance agreement P̄_e. */
  pE: number;
  /** Number of subjects (the sum of the weights when weights are given). */
  n: number;
  /** Raters per subject. */
  raters: number;
  /** κ_j per category (column); NaN for a category nobody or everybody used. */
  categoryKappa: number[];
  degenerate: boolean;
  /** Why the counts could not be used; absent when they could. */
  error?: string;
}

const EPSILON = 1e-12;

function failed(error: string, n = 0, raters = 0, k = 0): FleissResult {
  return {
    kappa: NaN,
    pBar: NaN,
    pE: NaN,
    n,
    raters,
    categoryKappa: new Array<number>(k).fill(NaN),
    degenerate: false,
    error,
  };
}

/**
 * Fleiss' κ from a subjects × categories table of rater counts. `weights[i]`, when given, says how
 * many identical subjects row i stands for (the agreement report folds identical tokens this way).
 */
export function fleissKappa(counts: readonly (readonly number[])[], weights?: readonly number[]): FleissResult {
  if (counts.length === 0) return failed('There are no subjects to compare.');
  const k = Math.max(...counts.map((row) => row.length));
  let raters = -1;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i]!;
    let total = 0;
    for (const c of row) {
      if (!Number.isInteger(c) || c < 0) {
        return failed(`Subject ${i + 1} has a count that is not a whole number of raters (${c}).`, 0, 0, k);
      }
      total += c;
    }
    if (raters === -1) raters = total;
    else if (total !== raters) {
      return failed(
        `Subject ${i + 1} was rated by ${total} raters but subject 1 by ${raters}; Fleiss' kappa needs the same number of raters for every subject.`,
        0,
        0,
        k,
      );
    }
  }
  if (raters < 2) return failed(`Fleiss' kappa needs at least two raters per subject; there are ${raters}.`, 0, raters, k);

  const n = raters;
  const totals = new Array<number>(k).fill(0);
  /** Σ_i w_i n_ij (n − n_ij), for κ_j. */
  const disagreementByCategory = new Array<number>(k).fill(0);
  let subjects = 0;
  let sumP = 0;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i]!;
    const w = weights?.[i] ?? 1;
    if (!(w >= 0)) return failed(`Subject ${i + 1} has a weight that is not a non-negative number (${w}).`, 0, raters, k);
    let squares = 0;
    for (let j = 0; j < k; j++) {
      const c = row[j] ?? 0;
      totals[j]! += w * c;
      squares += c * c;
      disagreementByCategory[j]! += w * c * (n - c);
    }
    sumP += (w * (squares - n)) / (n * (n - 1));
    subjects += w;
  }
  if (subjects <= 0) return failed('There are no subjects to compare.', 0, raters, k);

  const pBar = sumP / subjects;
  let pE = 0;
  const categoryKappa: number[] = [];
  for (let j = 0; j < k; j++) {
    const p = totals[j]! / (subjects * n);
    pE += p * p;
    const pq = p * (1 - p);
    categoryKappa.push(pq > EPSILON ? 1 - disagreementByCategory[j]! / (subjects * n * (n - 1) * pq) : NaN);
  }
  if (pE >= 1 - EPSILON) {
    return { kappa: 1, pBar, pE: 1, n: subjects, raters, categoryKappa, degenerate: true };
  }
  return { kappa: (pBar - pE) / (1 - pE), pBar, pE, n: subjects, raters, categoryKappa, degenerate: false };
}

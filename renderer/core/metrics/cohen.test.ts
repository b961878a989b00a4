import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohensKappa, cohensKappaFromTable } from './cohen.ts';

/** Expands a contingency table into two parallel rating lists. */
function ratingsFromTable(categories: string[], table: number[][]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        a.push(categories[i]!);
        b.push(categories[j]!);
      }
    }),
  );
  return [a, b];
}

describe('cohensKappa', () => {
  it('matches the 50 grant proposals example (Wikipedia, "Cohen\'s kappa", Simple example): κ = 0.4', () => {
    // Wikipedia "Cohen's kappa" → Examples → Simple example: A and B both say yes to 20, A yes/B no 5,
    // A no/B yes 10, both no 15. p_o = 0.7, p_e = 0.5, κ = 0.4.
    const [a, b] = ratingsFromTable(
      ['yes', 'no'],
      [
        [20, 5],
        [10, 15],
      ],
    );
    const r = cohensKappa(a, b);
    expect(r.n).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 10);
    expect(r.expected).toBeCloseTo(0.5, 10);
    expect(r.kappa).toBeCloseTo(0.4, 10);
    expect(r.degenerate).toBe(false);
  });

  it('matches Wikipedia\'s "same percentage, different kappa" tables: κ = 0.1304 and 0.2593', () => {
    // Wikipedia "Cohen's kappa" → Same percentages but different numbers: both tables have p_o = 0.60;
    // the first gives κ = 0.1304, the second κ = 0.2593.
    const first = cohensKappaFromTable([
      [45, 15],
      [25, 15],
    ]);
    expect(first.observed).toBeCloseTo(0.6, 10);
    expect(first.kappa).toBeCloseTo(0.1304, 4);
    const second = cohensKappaFromTable([
      [25, 35],
      [5, 35],
    ]);
    expect(second.observed).toBeCloseTo(0.6, 10);
    expect(second.kappa).toBeCloseTo(0.2593, 4);
  });

  it('matches Cohen (1960: 45), 200 items in 3 categories: p_o = .70, p_e = .41, κ = .492', () => {
    // Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
    // Measurement 20(1), p. 45 (table as transcribed in DKPro Statistics' Cohen1960Test.createExample2).
    const r = cohensKappaFromTable([
      [88, 14, 18],
      [10, 40, 10],
      [2, 6, 12],
    ]);
    expect(r.n).toBe(200);
    expect(r.observed).toBeCloseTo(0.7, 10);
    expect(r.expected).toBeCloseTo(0.41, 10);
    expect(r.kappa).toBeCloseTo(0.492, 3);
  });

  it('gives the same κ from rating lists as from their table, and skips missing pairs', () => {
    const [a, b] = ratingsFromTable(
      ['x', 'y', 'z'],
      [
        [88, 14, 18],
        [10, 40, 10],
        [2, 6, 12],
      ],
    );
    const withGaps = [...a, null, 'x', 'y'];
    const otherWithGaps = [...b, 'x', null, null];
    const r = cohensKappa(withGaps, otherWithGaps);
    expect(r.n).toBe(200);
    expect(r.kappa).toBeCloseTo(0.492, 3);
  });

  it('treats items past the end of the shorter list as missing', () => {
    expect(cohensKappa(['a', 'b', 'a'], ['a', 'b']).n).toBe(2);
  });

  it('reports NaN with no usable pair', () => {
    const r = cohensKappa([null, 'a'], ['b', null]);
    expect(r.n).toBe(0);
    expect(Number.isNaN(r.kappa)).toBe(true);
  });

  it('reports κ = 1, flagged degenerate, when both raters used one category throughout', () => {
    const r = cohensKappa(['O', 'O', 'O'], ['O', 'O', 'O']);
    expect(r).toMatchObject({ kappa: 1, observed: 1, expected: 1, n: 3, degenerate: true });
  });

  it('gives κ = −1 for systematic opposite ratings with balanced margins', () => {
    expect(cohensKappa(['a', 'b', 'a', 'b'], ['b', 'a', 'b', 'a']).kappa).toBeCloseTo(-1, 10);
  });

  it('never exceeds 1, is symmetric, and is 1 for identical ratings with two or more categories', () => {
    const rating = fc.constantFrom('Claim', 'Speaker', 'Source', 'O');
    fc.assert(
      fc.property(fc.array(fc.tuple(rating, rating), { minLength: 1, maxLength: 60 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const ab = cohensKappa(a, b);
        const ba = cohensKappa(b, a);
        expect(ab.kappa).toBeLessThanOrEqual(1 + 1e-12);
        expect(ab.kappa).toBeCloseTo(ba.kappa, 10);
        expect(cohensKappa(a, a).kappa).toBeCloseTo(1, 12);
      }),
    );
  });
});

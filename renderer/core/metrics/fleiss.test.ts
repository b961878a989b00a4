import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fleissKappa } from './fleiss.ts';
import { WIKIPEDIA_FLEISS_COUNTS } from './fixtures/worked-examples.ts';

/** Turns one row of rater choices (categories 1..k) into counts per category. */
function countsOf(choices: number[], k: number): number[] {
  const row = new Array<number>(k).fill(0);
  for (const c of choices) row[c - 1]! += 1;
  return row;
}

describe('fleissKappa', () => {
  it('matches the Wikipedia worked example (10 subjects, 14 raters, 5 categories): κ = 0.210', () => {
    // Wikipedia "Fleiss' kappa" → Worked example: P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
    const counts = WIKIPEDIA_FLEISS_COUNTS.map((row) => [...row]);
    const r = fleissKappa(counts);
    expect(r.error).toBeUndefined();
    expect(r.n).toBe(10);
    expect(r.raters).toBe(14);
    expect(r.pBar).toBeCloseTo(0.378, 3);
    expect(r.pE).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.21, 3);
  });

  it('matches Fleiss (1971: 379), 30 patients × 6 psychiatrists × 5 diagnoses: κ = .430', () => {
    // Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    // Bulletin 76(5), Table 1 (as transcribed in DKPro Statistics' Fleiss1971Test): P̄ = .556,
    // P̄_e = .220, κ = .430; category kappas (Table 2) .248, .248, .517, .470, .565.
    const choices = [
      [4, 4, 4, 4, 4, 4],
      [2, 2, 2, 5, 5, 5],
      [2, 3, 3, 3, 3, 5],
      [5, 5, 5, 5, 5, 5],
      [2, 2, 2, 4, 4, 4],
      [1, 1, 3, 3, 3, 3],
      [3, 3, 3, 3, 5, 5],
      [1, 1, 3, 3, 3, 4],
      [1, 1, 4, 4, 4, 4],
      [5, 5, 5, 5, 5, 5],
      [1, 4, 4, 4, 4, 4],
      [1, 2, 4, 4, 4, 4],
      [2, 2, 2, 3, 3, 3],
      [1, 4, 4, 4, 4, 4],
      [2, 2, 4, 4, 4, 5],
      [3, 3, 3, 3, 3, 5],
      [1, 1, 1, 4, 5, 5],
      [1, 1, 1, 1, 1, 2],
      [2, 2, 4, 4, 4, 4],
      [1, 3, 3, 5, 5, 5],
      [5, 5, 5, 5, 5, 5],
      [2, 4, 4, 4, 4, 4],
      [2, 2, 4, 5, 5, 5],
      [1, 1, 4, 4, 4, 4],
      [1, 4, 4, 4, 4, 5],
      [2, 2, 2, 2, 2, 4],
      [1, 1, 1, 1, 5, 5],
      [2, 2, 4, 4, 4, 4],
      [1, 3, 3, 3, 3, 3],
      [5, 5, 5, 5, 5, 5],
    ];
    const r = fleissKappa(choices.map((c) => countsOf(c, 5)));
    expect(r.n).toBe(30);
    expect(r.pBar).toBeCloseTo(0.556, 3);
    expect(r.pE).toBeCloseTo(0.22, 3);
    expect(r.kappa).toBeCloseTo(0.43, 3);
    const expected = [0.248, 0.248, 0.517, 0.47, 0.565];
    r.categoryKappa.forEach((k, j) => expect(Math.abs(k - expected[j]!)).toBeLessThan(0.005));
  });

  it('weights stand for repeated subjects', () => {
    const rows = [
      [2, 1],
      [0, 3],
      [3, 0],
    ];
    const repeated = fleissKappa([rows[0]!, rows[0]!, rows[1]!, rows[2]!, rows[2]!, rows[2]!]);
    const weighted = fleissKappa(rows, [2, 1, 3]);
    expect(weighted.kappa).toBeCloseTo(repeated.kappa, 12);
    expect(weighted.n).toBe(6);
  });

  it('returns an error, not a throw, for unequal rater totals, one rater, bad counts or no subjects', () => {
    const unequal = fleissKappa([
      [1, 1],
      [2, 1],
    ]);
    expect(Number.isNaN(unequal.kappa)).toBe(true);
    expect(unequal.error).toMatch(/subject 2 was rated by 3 raters but subject 1 by 2/i);
    expect(fleissKappa([[1, 0]]).error).toMatch(/at least two raters/);
    expect(fleissKappa([[1.5, 0.5]]).error).toMatch(/whole number/);
    expect(fleissKappa([]).error).toMatch(/no subjects/);
  });

  it('reports κ = 1, degenerate, when every rating falls in one category', () => {
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toMatchObject({ kappa: 1, degenerate: true });
  });

  it('equals 1 for unanimous subjects spread over categories, and never exceeds 1', () => {
    expect(
      fleissKappa([
        [4, 0, 0],
        [0, 4, 0],
        [0, 0, 4],
      ]).kappa,
    ).toBeCloseTo(1, 12);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        (raters, picks) => {
          // Every subject gets exactly `raters` ratings: rater r picks the category p[r mod 3].
          const counts = picks.map((p) => {
            const row = [0, 0, 0];
            for (let r = 0; r < raters; r++) row[p[r % 3]!]! += 1;
            return row;
          });
          const k = fleissKappa(counts).kappa;
          if (!Number.isNaN(k)) expect(k).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { krippendorffAlphaNominal, unitizingAlpha, type UnitSpan } from './krippendorff.ts';

/** Turns coder rows (null = missing) into unit × coder columns. */
function unitsFromCoders(coders: (number | null)[][]): (string | null)[][] {
  const units: (string | null)[][] = [];
  for (let u = 0; u < coders[0]!.length; u++) units.push(coders.map((row) => (row[u] === null ? null : String(row[u]))));
  return units;
}

describe('krippendorffAlphaNominal', () => {
  it('matches Krippendorff (2011), reliability data with missing values, 4 coders × 12 units: α = 0.743', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    // Communication, Departmental Papers 43, section C ("Nominal data, any number of observers,
    // missing values"): nominal α = 0.743. Unit 12 has one value and is not pairable; n = 40.
    const _ = null;
    const units = unitsFromCoders([
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]);
    const r = krippendorffAlphaNominal(units);
    expect(r.pairableValues).toBe(40);
    expect(r.alpha).toBeCloseTo(0.743, 3);
    expect(r.degenerate).toBe(false);
  });

  it('matches the Wikipedia computational example, 3 coders × 15 units with gaps: nominal α = 0.691', () => {
    // Wikipedia "Krippendorff's alpha" → A computational example: nominal α = 0.691 (also the value
    // dallascard/krippendorff_alpha reproduces).
    const _ = null;
    const units = unitsFromCoders([
      [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
      [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
      [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ]);
    expect(krippendorffAlphaNominal(units).alpha).toBeCloseTo(0.691, 3);
  });

  it('weights stand for repeated units', () => {
    const units = [
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
    ];
    const repeated = krippendorffAlphaNominal([units[0]!, units[0]!, units[1]!, units[2]!, units[2]!, units[2]!]);
    const weighted = krippendorffAlphaNominal(units, [2, 1, 3]);
    expect(weighted.alpha).toBeCloseTo(repeated.alpha, 12);
    expect(weighted.pairableValues).toBe(12);
  });

  it('is NaN without pairable values and 1 (degenerate) when every value is the same', () => {
    expect(
      Number.isNaN(
        krippendorffAlphaNominal([
          ['a', null],
          [null, 'b'],
        ]).alpha,
      ),
    ).toBe(true);
    expect(
      krippendorffAlphaNominal([
        ['O', 'O'],
        ['O', 'O'],
      ]),
    ).toMatchObject({ alpha: 1, degenerate: true });
  });

  it('never exceeds 1 and is 1 for identical coders using at least two values', () => {
    const value = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), (units) => {
        const r = krippendorffAlphaNominal(units);
        if (!Number.isNaN(r.alpha)) expect(r.alpha).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
    expect(
      krippendorffAlphaNominal([
        ['a', 'a', 'a'],
        ['b', 'b', null],
      ]).alpha,
    ).toBeCloseTo(1, 12);
  });
});

describe('unitizingAlpha', () => {
  // Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology, 2nd ed., p. 254:
  // two observers i, j on the continuum [150, 450); categories c and k. Expected per Krippendorff
  // (2004: 254–256) as reproduced in DKPro Statistics' unitizing/Krippendorff2004Test:
  // D_o(c) = 0.0144, D_e(c) = 0.0532, α_c = 0.7286; D_o(k) = 0, D_e(k) = 0.0490, α_k = 1; αU = 0.8591.
  const observerI: UnitSpan[] = [
    { start: 225, end: 295, label: 'c' },
    { start: 370, end: 400, label: 'c' },
    { start: 180, end: 240, label: 'k' },
    { start: 300, end: 350, label: 'k' },
  ];
  const observerJ: UnitSpan[] = [
    { start: 220, end: 300, label: 'c' },
    { start: 355, end: 375, label: 'c' },
    { start: 400, end: 420, label: 'c' },
    { start: 180, end: 240, label: 'k' },
    { start: 300, end: 350, label: 'k' },
  ];

  it('matches Krippendorff (2004: 254) per category and overall', () => {
    const r = unitizingAlpha(300, [observerI, observerJ], { begin: 150 });
    const c = r.perLabel['c']!;
    const k = r.perLabel['k']!;
    expect(c.observedDisagreement).toBeCloseTo(0.0144, 4);
    expect(c.expectedDisagreement).toBeCloseTo(0.0532, 4);
    expect(c.alpha).toBeCloseTo(0.7286, 4);
    expect(k.observedDisagreement).toBe(0);
    expect(k.expectedDisagreement).toBeCloseTo(0.049, 4);
    expect(k.alpha).toBe(1);
    expect(Math.abs(r.alpha - 0.8591)).toBeLessThan(0.0005);
  });

  it('matches the observed disagreements of Krippendorff (1995: 57), examples A–D', () => {
    // Krippendorff, K. (1995). On the reliability of unitizing continuous data. Sociological
    // Methodology 25, p. 57: four pairs of coders on a 24-unit continuum; D_o as reproduced in DKPro
    // Statistics' unitizing/Krippendorff1995Test: A 0.03125, B 2.26736, C 0.02777, D 0.38715.
    // (Its D_e values carry an error in the 1995 paper, corrected in Krippendorff 2004, so only D_o
    // is taken from there.)
    const u = (start: number, len: number, label: string): UnitSpan => ({ start, end: start + len, label });
    const first = [
      u(2, 8, 'A'),
      u(14, 6, 'A'),
      u(0, 18, 'B'),
      u(2, 6, 'C'),
      u(10, 2, 'C'),
      u(14, 4, 'C'),
      u(20, 2, 'C'),
      u(0, 2, 'D'),
      u(2, 8, 'D'),
      u(10, 4, 'D'),
      u(14, 6, 'D'),
      u(20, 4, 'D'),
    ];
    const second = [
      u(4, 4, 'A'),
      u(15, 2, 'A'),
      u(0, 2, 'B'),
      u(2, 1, 'B'),
      u(3, 1, 'B'),
      u(4, 1, 'B'),
      u(5, 1, 'B'),
      u(6, 3, 'B'),
      u(9, 1, 'B'),
      u(0, 2, 'C'),
      u(4, 4, 'C'),
      u(10, 4, 'C'),
      u(16, 2, 'C'),
      u(20, 2, 'C'),
      u(0, 4, 'D'),
      u(4, 4, 'D'),
      u(8, 7, 'D'),
      u(15, 2, 'D'),
      u(17, 7, 'D'),
    ];
    const r = unitizingAlpha(24, [first, second]);
    // The published figures are given to five decimals (C is 1/36 = 0.027777…), hence the 1e-5 tolerance.
    const published = { A: 0.03125, B: 2.26736, C: 0.02777, D: 0.38715 };
    for (const [label, value] of Object.entries(published)) {
      expect(Math.abs(r.perLabel[label]!.observedDisagreement - value)).toBeLessThan(1e-5);
    }
  });

  it('matches a small example worked by hand', () => {
    // Continuum [0, 10), two coders, one label X. Coder 1: [2, 6); coder 2: [3, 6).
    // Segments: coder 1 gap[0,2) X[2,6) gap[6,10); coder 2 gap[0,3) X[3,6) gap[6,10).
    // Pairs sharing positions: X/X → (2−3)² + (6−6)² = 1; the other pairs add 0 (no unit lies inside
    // a gap of the other coder). D_o = 2·1 / (2·1·10²) = 0.01.
    // D_e: units l = 4 and 3 (N = 2); gaps 2, 4, 3, 4.
    //   l = 4: (1)(2·64 − 48 + 4)/3 = 28;  gaps ≥ 4: 4, 4 → (1 + 1) · 16 = 32;  total 60
    //   l = 3: (1)(2·27 − 27 + 3)/3 = 10;  gaps ≥ 3: 4, 3, 4 → (2 + 1 + 2) · 9 = 45;  total 55
    //   numerator (2/10) · 115 = 23; denominator 2·10·19 − (4·3 + 3·2) = 362; D_e = 23/362.
    // α = 1 − 0.01 / (23/362) = 1 − 3.62/23 ≈ 0.842609.
    const r = unitizingAlpha(10, [[{ start: 2, end: 6, label: 'X' }], [{ start: 3, end: 6, label: 'X' }]]);
    expect(r.observedDisagreement).toBeCloseTo(0.01, 12);
    expect(r.expectedDisagreement).toBeCloseTo(23 / 362, 12);
    expect(r.alpha).toBeCloseTo(1 - 3.62 / 23, 12);
  });

  it('is 1 for identical coders and well below 0 for disjoint ones', () => {
    const a: UnitSpan[] = [
      { start: 5, end: 20, label: 'Claim' },
      { start: 40, end: 60, label: 'Claim' },
      { start: 0, end: 4, label: 'Speaker' },
    ];
    expect(unitizingAlpha(100, [a, a, a]).alpha).toBe(1);
    const b: UnitSpan[] = [
      { start: 70, end: 90, label: 'Claim' },
      { start: 25, end: 35, label: 'Speaker' },
    ];
    expect(unitizingAlpha(100, [a, b]).alpha).toBeLessThan(0);
  });

  it("merges a coder's overlapping units of one label and clips units to the continuum", () => {
    const merged = unitizingAlpha(50, [
      [
        { start: 10, end: 20, label: 'X' },
        { start: 15, end: 30, label: 'X' },
      ],
      [
        { start: 10, end: 30, label: 'X' },
        { start: 45, end: 80, label: 'X' },
      ],
    ]);
    const plain = unitizingAlpha(50, [
      [{ start: 10, end: 30, label: 'X' }],
      [
        { start: 10, end: 30, label: 'X' },
        { start: 45, end: 50, label: 'X' },
      ],
    ]);
    expect(merged.alpha).toBeCloseTo(plain.alpha, 12);
    expect(merged.units).toBe(3);
  });

  it('gives NaN with fewer than two coders and 1 (degenerate) for a label nobody used', () => {
    expect(Number.isNaN(unitizingAlpha(10, [[{ start: 0, end: 2, label: 'X' }]]).alpha)).toBe(true);
    const none = unitizingAlpha(10, [[], []], { labels: ['X'] });
    expect(none.perLabel['X']).toMatchObject({ alpha: 1, degenerate: true, units: 0 });
  });

  it('never exceeds 1 and does not depend on the order of coders', () => {
    const span = fc
      .tuple(fc.nat(59), fc.integer({ min: 1, max: 15 }), fc.constantFrom('A', 'B'))
      .map(([start, len, label]) => ({ start, end: Math.min(60, start + len), label }));
    fc.assert(
      fc.property(fc.array(fc.array(span, { maxLength: 5 }), { minLength: 2, maxLength: 4 }), (coders) => {
        const r = unitizingAlpha(60, coders);
        const reversed = unitizingAlpha(60, [...coders].reverse());
        if (!Number.isNaN(r.alpha)) {
          expect(r.alpha).toBeLessThanOrEqual(1 + 1e-12);
          expect(reversed.alpha).toBeCloseTo(r.alpha, 9);
        }
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  matchSpans,
  matchSpansBothModes,
  spanCountsBothModes,
  spanCountsByLabel,
  pairwiseSpanF1,
  sharedCharacters,
  spanF1,
  spanF1ByLabel,
  spanItemFromAnnotation,
  type SpanItem,
} from './spans.ts';

const s = (start: number, end: number, label = 'Claim'): SpanItem => ({ start, end, label });

describe('spanF1', () => {
  it('gives P = R = F1 = 1 when both layers are empty (documented convention)', () => {
    expect(spanF1([], [], 'exact')).toEqual({ precision: 1, recall: 1, f1: 1, tp: 0, fp: 0, fn: 0 });
    expect(spanF1([], [], 'overlap')).toMatchObject({ f1: 1 });
  });

  it('gives 0 when exactly one layer is empty', () => {
    expect(spanF1([s(0, 5)], [], 'exact')).toEqual({ precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, fn: 1 });
    expect(spanF1([], [s(0, 5)], 'overlap')).toEqual({ precision: 0, recall: 0, f1: 0, tp: 0, fp: 1, fn: 0 });
  });

  it('gives 1 for identical layers and 0 for disjoint ones', () => {
    const layer = [s(0, 5), s(10, 20, 'Speaker'), s(30, 31, 'Source')];
    expect(spanF1(layer, layer, 'exact').f1).toBe(1);
    expect(spanF1(layer, layer, 'overlap').f1).toBe(1);
    const elsewhere = [s(5, 10), s(20, 30, 'Speaker')];
    expect(spanF1(layer, elsewhere, 'exact').f1).toBe(0);
    expect(spanF1(layer, elsewhere, 'overlap').f1).toBe(0);
  });

  it('counts a boundary difference as a miss in exact mode and a hit in overlap mode', () => {
    // Reference: claims at 0–10 and 20–30. Candidate: 2–10 (boundary differs), 20–30 (same), 40–45 (extra).
    const ref = [s(0, 10), s(20, 30)];
    const cand = [s(2, 10), s(20, 30), s(40, 45)];
    // exact: tp 1, fp 2, fn 1 → P 1/3, R 1/2, F1 2/(2+2+1) = 0.4
    expect(spanF1(ref, cand, 'exact')).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 0.4, tp: 1, fp: 2, fn: 1 });
    // overlap: tp 2, fp 1, fn 0 → P 2/3, R 1, F1 4/5
    expect(spanF1(ref, cand, 'overlap')).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, tp: 2, fp: 1, fn: 0 });
  });

  it('requires the same label in both modes', () => {
    expect(spanF1([s(0, 10, 'Claim')], [s(0, 10, 'Source')], 'exact').f1).toBe(0);
    expect(spanF1([s(0, 10, 'Claim')], [s(2, 8, 'Source')], 'overlap').f1).toBe(0);
  });

  it('matches one-to-one, greedily by the largest overlap', () => {
    // One long reference claim 0–20 and two candidate claims inside it: only one can match.
    expect(spanF1([s(0, 20)], [s(0, 5), s(6, 20)], 'overlap')).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    // The candidate 6–20 shares 14 characters and wins over 0–5 (5 characters).
    expect(matchSpans([s(0, 20)], [s(0, 5), s(6, 20)], 'overlap')).toEqual([[0, 1]]);
    // Two references competing for one candidate: the bigger overlap wins, the other is a miss.
    expect(matchSpans([s(0, 4), s(3, 12)], [s(2, 12)], 'overlap')).toEqual([[1, 0]]);
  });

  it('pairs duplicate exact spans once each', () => {
    expect(spanF1([s(0, 5), s(0, 5)], [s(0, 5)], 'exact')).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('filters by label and micro-averages all labels under "*"', () => {
    const ref = [s(0, 5, 'Claim'), s(10, 12, 'Speaker'), s(20, 25, 'Source')];
    const cand = [s(0, 5, 'Claim'), s(10, 13, 'Speaker')];
    expect(spanF1(ref, cand, 'exact', 'Claim').f1).toBe(1);
    expect(spanF1(ref, cand, 'exact', 'Speaker').f1).toBe(0);
    const byLabel = spanF1ByLabel(ref, cand, 'exact');
    expect(byLabel['Claim']).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(byLabel['Speaker']).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(byLabel['Source']).toMatchObject({ tp: 0, fp: 0, fn: 1, f1: 0 });
    // micro: tp 1, fp 1, fn 2 → F1 = 2/(2+1+2) = 0.4
    expect(byLabel['*']).toMatchObject({ tp: 1, fp: 1, fn: 2, f1: 0.4 });
    expect(spanF1(ref, cand, 'exact', '*')).toEqual(byLabel['*']);
  });

  it('handles discontinuous spans: exact compares every range, overlap counts shared characters', () => {
    const claim = spanItemFromAnnotation({
      label: 'Claim',
      ranges: [
        { start: 20, end: 30 },
        { start: 0, end: 10 },
      ],
    });
    expect(claim).toEqual({
      start: 0,
      end: 30,
      label: 'Claim',
      ranges: [
        { start: 0, end: 10 },
        { start: 20, end: 30 },
      ],
    });
    expect(spanF1([claim], [s(0, 30)], 'exact').f1).toBe(0);
    expect(spanF1([claim], [{ ...claim }], 'exact').f1).toBe(1);
    // 12–18 falls in the gap: no shared character.
    expect(sharedCharacters(claim, s(12, 18))).toBe(0);
    expect(spanF1([claim], [s(12, 18)], 'overlap').f1).toBe(0);
    expect(sharedCharacters(claim, s(5, 25))).toBe(10);
  });

  const layerArb = fc.array(
    fc
      .tuple(fc.nat(80), fc.integer({ min: 1, max: 12 }), fc.constantFrom('Claim', 'Speaker', 'Source'))
      .map(([start, len, label]) => s(start, start + len, label)),
    { maxLength: 12 },
  );

  it('is symmetric (F1(a, b) = F1(b, a), P(a, b) = R(b, a)) and 1 for identical layers', () => {
    fc.assert(
      fc.property(layerArb, layerArb, fc.constantFrom('exact' as const, 'overlap' as const), (a, b, mode) => {
        const ab = spanF1(a, b, mode);
        const ba = spanF1(b, a, mode);
        expect(ab.f1).toBeCloseTo(ba.f1, 12);
        expect(ab.precision).toBeCloseTo(ba.recall, 12);
        expect(spanF1(a, a, mode).f1).toBe(1);
        expect(ab.f1).toBeGreaterThanOrEqual(0);
        expect(ab.f1).toBeLessThanOrEqual(1);
        // Overlap matching is never stricter than exact matching.
        expect(spanF1(a, b, 'overlap').tp).toBeGreaterThanOrEqual(spanF1(a, b, 'exact').tp);
      }),
    );
  });
});

describe('matchSpansBothModes', () => {
  const spanArb = fc
    .tuple(fc.nat(40), fc.nat(6), fc.constantFrom('Claim', 'Speaker'))
    .map(([start, len, label]) => s(start, start + len, label));
  const layerArb = fc.array(
    fc.oneof(
      spanArb,
      spanArb.map((x) => ({ ...x })),
    ),
    { maxLength: 10 },
  );

  it('gives the same pairs as matchSpans in each mode (duplicates and empty spans included)', () => {
    fc.assert(
      fc.property(layerArb, layerArb, (a, b) => {
        const both = matchSpansBothModes(a, b);
        expect(both.overlap).toEqual(matchSpans(a, b, 'overlap'));
        expect(both.exact.length).toBe(matchSpans(a, b, 'exact').length);
        for (const [i, j] of both.exact) expect([a[i]!.label, a[i]!.start, a[i]!.end]).toEqual([b[j]!.label, b[j]!.start, b[j]!.end]);
        const counts = spanCountsBothModes(a, b);
        expect(counts.exact).toEqual(spanCountsByLabel(a, b, 'exact'));
        expect(counts.overlap).toEqual(spanCountsByLabel(a, b, 'overlap'));
      }),
    );
  });

  it('does not pair discontinuous spans that only share their outer bounds in exact mode', () => {
    const split = {
      ...s(0, 10),
      ranges: [
        { start: 0, end: 4 },
        { start: 6, end: 10 },
      ],
    };
    expect(matchSpansBothModes([split], [s(0, 10)]).exact).toEqual([]);
    expect(matchSpansBothModes([split], [{ ...split }]).exact).toEqual([[0, 0]]);
  });
});

describe('pairwiseSpanF1', () => {
  it('averages F1 over every pair of layers', () => {
    const r = pairwiseSpanF1({ ana: [s(0, 10), s(20, 30)], ben: [s(0, 10)], cai: [s(0, 10), s(20, 30)] }, 'exact');
    // ana–ben: tp 1 fp 0 fn 1 → F1 2/3; ana–cai: 1; ben–cai: tp 1 fp 1 fn 0 → 2/3.
    expect(r.pairs.map((p) => [p.a, p.b, p.f1])).toEqual([
      ['ana', 'ben', 2 / 3],
      ['ana', 'cai', 1],
      ['ben', 'cai', 2 / 3],
    ]);
    expect(r.f1).toBeCloseTo((2 / 3 + 1 + 2 / 3) / 3, 12);
  });

  it('gives NaN for fewer than two layers', () => {
    expect(Number.isNaN(pairwiseSpanF1({ only: [s(0, 1)] }).f1)).toBe(true);
  });

  it('does not depend on the order of the layers', () => {
    const layers = { a: [s(0, 10), s(12, 14, 'Speaker')], b: [s(1, 10)], c: [s(0, 10), s(40, 41)] };
    const reversed = { c: layers.c, b: layers.b, a: layers.a };
    expect(pairwiseSpanF1(reversed, 'overlap').f1).toBeCloseTo(pairwiseSpanF1(layers, 'overlap').f1, 12);
  });
});

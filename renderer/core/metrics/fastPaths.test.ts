/**
 * The agreement report's fast paths against the straightforward definitions they replace, on
 * random data: token bounds against the tokeniser's expressions, span counts of prepared layers
 * against the one-sweep matching of spans.ts and the exact matching by keys, the overlap ranking
 * by numbers against its comparator, and αU against the
 * same units in another order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributionsMatch, extractAttributions, matchAttributions, type AttributionRelation } from './attribution.ts';
import { unitizingAlpha, type UnitSpan } from './krippendorff.ts';
import { OverlapRanking, prepareSpans, spanCountsPrepared } from './spanPairs.ts';
import { matchSpans, sharedCharacters, spanCountsBothModes, spanCountsByLabel, type MatchMode, type SpanItem } from './spans.ts';
import { foldTokenIds, labelTokenIds, tokenBounds, ValueInterner } from './tokenIds.ts';

/** The tokeniser's definition: a run of word characters, or any other code point that is not white space. */
function tokenizeByExpressions(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}\p{Pc}]+|\S/gu)) out.push(m.index, m.index + m[0].length);
  return out;
}

/** αU for one label as first written: units and gaps as objects, each coder's units sorted. */
function unitizingAlphaForLabelByObjects(length: number, coders: readonly (readonly UnitSpan[])[]) {
  type Segment = { start: number; end: number; unit: boolean };
  const m = coders.length;
  const segmentsByCoder: Segment[][] = [];
  const unitLengths: number[] = [];
  const gaps: number[] = [];
  for (const units of coders) {
    const ranges = units
      .map((u) => ({ start: Math.max(0, u.start), end: Math.min(length, u.end) }))
      .filter((r) => r.end > r.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: { start: number; end: number }[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ ...r });
    }
    const segments: Segment[] = [];
    let pos = 0;
    for (const r of merged) {
      if (r.start > pos) {
        segments.push({ start: pos, end: r.start, unit: false });
        gaps.push(r.start - pos);
      }
      segments.push({ start: r.start, end: r.end, unit: true });
      unitLengths.push(r.end - r.start);
      pos = r.end;
    }
    if (pos < length) {
      segments.push({ start: pos, end: length, unit: false });
      gaps.push(length - pos);
    }
    segmentsByCoder.push(segments);
  }
  let observed = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const a = segmentsByCoder[i]!;
      const b = segmentsByCoder[j]!;
      let p = 0;
      let q = 0;
      while (p < a.length && q < b.length) {
        const g = a[p]!;
        const h = b[q]!;
        if (g.unit && h.unit) observed += (g.start - h.start) ** 2 + (g.end - h.end) ** 2;
        else if (g.unit && h.start <= g.start && g.end <= h.end) observed += (g.end - g.start) ** 2;
        else if (h.unit && g.start <= h.start && h.end <= g.end) observed += (h.end - h.start) ** 2;
        if (g.end <= h.end) p++;
        if (h.end <= g.end) q++;
      }
    }
  }
  const sortedGaps = [...gaps].sort((x, y) => x - y);
  let numerator = 0;
  let squaredLengths = 0;
  for (const l of unitLengths) {
    squaredLengths += l * (l - 1);
    let placements = 0;
    for (const g of sortedGaps) if (g >= l) placements += g - l + 1;
    numerator += ((unitLengths.length - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements;
  }
  const denominator = m * length * (m * length - 1) - squaredLengths;
  return {
    observedDisagreement: (2 * observed) / (m * (m - 1) * length * length),
    expectedDisagreement: denominator > 0 ? ((2 / length) * numerator) / denominator : 0,
    units: unitLengths.length,
  };
}

const PIECES = [
  'the',
  'Lavrov',
  "'s",
  ' ',
  '  ',
  '\n',
  '\t',
  '2,000',
  '-',
  'café',
  'e\u0301',
  'naïve',
  '😀',
  'x_y',
  '‿',
  'Ж',
  '\u00a0',
  '\u3000',
  '—',
  '.',
  'ab12',
];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join(''));

const LABELS = ['Claim', 'Speaker', 'Source'];
function spansArb(length: number, allowOdd: boolean): fc.Arbitrary<SpanItem[]> {
  const span = fc
    .record({
      start: fc.integer({ min: 0, max: length }),
      size: fc.integer({ min: allowOdd ? 0 : 1, max: 12 }),
      label: fc.constantFrom(...LABELS),
      split: fc.boolean(),
    })
    .map(({ start, size, label, split }): SpanItem => {
      const end = start + size;
      if (allowOdd && split && size >= 3) {
        const cut = start + 1;
        return {
          start,
          end: end + 4,
          label,
          ranges: [
            { start, end: cut },
            { start: cut + 2, end: end + 4 },
          ],
        };
      }
      return { start, end, label };
    });
  return fc.array(span, { maxLength: 14 });
}

describe('fast paths of the agreement report', () => {
  it('token bounds equal the tokeniser expressions on any text', () => {
    fc.assert(
      fc.property(fc.oneof(texts, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(Array.from(tokenBounds(text))).toEqual(tokenizeByExpressions(text));
      }),
      { numRuns: 500 },
    );
  });

  it('token values equal the labels of the spans each token shares a character with, interned in order', () => {
    fc.assert(
      fc.property(texts, fc.array(spansArb(60, true), { minLength: 1, maxLength: 4 }), (text, layers) => {
        const bounds = tokenBounds(text);
        const values = new ValueInterner();
        const names: string[] = [];
        const expected = layers.map((spans) =>
          Array.from({ length: bounds.length >> 1 }, (_, t) => {
            const start = bounds[2 * t]!;
            const end = bounds[2 * t + 1]!;
            const labels = new Set<string>();
            for (const s of spans) {
              for (const r of s.ranges ?? [{ start: s.start, end: s.end }])
                if (r.start < end && r.end > start && r.end > r.start) labels.add(s.label);
            }
            const value = labels.size === 0 ? 'O' : [...labels].sort().join('+');
            if (!names.includes(value)) names.push(value);
            return value;
          }),
        );
        const ids = layers.map((spans) => labelTokenIds(bounds, spans, values));
        expect(ids.map((layer) => Array.from(layer, (id) => values.names[id]))).toEqual(expected);
        expect(values.names).toEqual(names);
        // Folded: every distinct tuple once, in order of first appearance, with its count.
        const present = layers.map((_, p) => p);
        const table = foldTokenIds(ids, present, layers.length);
        const naive = new Map<string, number>();
        for (let t = 0; t < bounds.length >> 1; t++) {
          const key = ids.map((layer) => layer[t]).join(',');
          naive.set(key, (naive.get(key) ?? 0) + 1);
        }
        const folded = Array.from({ length: table.size }, (_, t): [string, number] => [
          Array.from(table.ids.subarray(t * table.m, (t + 1) * table.m)).join(','),
          table.counts[t]!,
        ]);
        expect(folded).toEqual([...naive]);
      }),
      { numRuns: 400 },
    );
  });

  it('attributions without relations, and their matching, equal the general definitions', () => {
    const annotations = spansArb(40, true).map((spans) =>
      spans.map((s, k) => ({ id: `a${k % 9}`, label: s.label, ranges: s.ranges ?? [{ start: s.start, end: s.end }] })),
    );
    // All pairs, tried in the order the definition gives (exact: reference order, then candidate order).
    const byDefinition = (ref: ReturnType<typeof extractAttributions>, cand: ReturnType<typeof extractAttributions>, mode: MatchMode) => {
      const pairs: { i: number; j: number; shared: number; offset: number }[] = [];
      ref.forEach((r, i) =>
        cand.forEach((c, j) => {
          const shared = sharedCharacters(r.claim, c.claim);
          const sameClaim = r.claim.start === c.claim.start && r.claim.end === c.claim.end && r.claim.label === c.claim.label;
          if ((mode === 'exact' ? sameClaim : shared > 0) && attributionsMatch(r, c, mode))
            pairs.push({ i, j, shared, offset: Math.abs(r.claim.start - c.claim.start) + Math.abs(r.claim.end - c.claim.end) });
        }),
      );
      if (mode === 'overlap') pairs.sort((x, y) => y.shared - x.shared || x.offset - y.offset || x.i - y.i || x.j - y.j);
      const usedRef = new Set<number>();
      const usedCand = new Set<number>();
      return pairs.flatMap(({ i, j }) => {
        if (usedRef.has(i) || usedCand.has(j)) return [];
        usedRef.add(i);
        usedCand.add(j);
        return [[i, j] as [number, number]];
      });
    };
    fc.assert(
      fc.property(annotations, annotations, fc.boolean(), (a, b, copy) => {
        // A relation of another type sends extraction down the general path without changing its result.
        const unrelated: AttributionRelation[] = a.length > 0 ? [{ from: a[0]!.id, to: a[0]!.id, type: 'mentions' }] : [];
        const options = { claimLabels: ['Claim', 'Source'] };
        const ref = extractAttributions(a, [], options);
        expect(ref).toEqual(extractAttributions(a, unrelated, options));
        const cand = extractAttributions(copy ? [...b, ...a.slice(0, 4)] : b, [], options);
        for (const mode of ['exact', 'overlap'] as const) {
          const got = matchAttributions(ref, cand, mode);
          const expected = byDefinition(ref, cand, mode);
          if (mode === 'exact') expect(got).toEqual(expected);
          else expect(got.length).toBe(expected.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('prepared span counts equal the one-sweep counts and the exact matching by keys', () => {
    fc.assert(
      fc.property(spansArb(30, false), spansArb(30, false), fc.boolean(), fc.boolean(), (a, b, copy, twice) => {
        // Copies of the reference's spans (in the candidate, and twice in the reference) make exact
        // matches, duplicates and ties likely.
        const reference = twice ? [...a, ...a.slice(0, 3).map((s) => ({ ...s }))] : a;
        const candidate = copy ? [...b, ...a.slice(0, 5).map((s) => ({ ...s }))] : b;
        const fast = spanCountsPrepared(prepareSpans(reference), prepareSpans(candidate));
        expect(fast).toEqual(spanCountsBothModes(reference, candidate));
        expect(fast.exact).toEqual(spanCountsByLabel(reference, candidate, 'exact'));
        expect(fast.overlap.get('*')!.tp).toBe(matchSpans(reference, candidate, 'overlap').length);
      }),
      { numRuns: 500 },
    );
  });

  it('prepared span counts fall back for discontinuous and empty spans', () => {
    fc.assert(
      fc.property(spansArb(30, true), spansArb(30, true), (a, b) => {
        expect(spanCountsPrepared(prepareSpans(a), prepareSpans(b))).toEqual(spanCountsBothModes(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('αU does not depend on the order of the units', () => {
    const units = fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 50 }), size: fc.integer({ min: 1, max: 10 }), label: fc.constantFrom(...LABELS) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(fc.array(units, { minLength: 2, maxLength: 4 }), (coders) => {
        const asUnits = coders.map((c) => c.map(({ start, size, label }): UnitSpan => ({ start, end: start + size, label })));
        const reversed = asUnits.map((c) => [...c].reverse());
        expect(unitizingAlpha(60, reversed)).toEqual(unitizingAlpha(60, asUnits));
      }),
      { numRuns: 300 },
    );
  });

  it('αU on columns equals the object-by-object computation', () => {
    // Units that overlap, share starts, reach past the continuum or are empty, in any order.
    const unit = fc
      .record({ start: fc.integer({ min: -5, max: 60 }), size: fc.integer({ min: -2, max: 14 }), label: fc.constantFrom(...LABELS) })
      .map(({ start, size, label }): UnitSpan => ({ start, end: start + size, label }));
    fc.assert(
      fc.property(
        fc.array(fc.array(unit, { maxLength: 14 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 60 }),
        (coders, length) => {
          const r = unitizingAlpha(length, coders, { labels: LABELS });
          for (const label of LABELS) {
            const expected = unitizingAlphaForLabelByObjects(
              length,
              coders.map((c) => c.filter((u) => u.label === label)),
            );
            const got = r.perLabel[label]!;
            // Bit for bit (whole-number positions keep every sum exact).
            expect(got.units).toBe(expected.units);
            expect(Object.is(got.observedDisagreement, expected.observedDisagreement)).toBe(true);
            if (expected.expectedDisagreement > 0) expect(Object.is(got.expectedDisagreement, expected.expectedDisagreement)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it('the overlap ranking keeps the same pairs with exact numeric ranks as with the comparator', () => {
    const pairArb = fc.record({ i: fc.nat(11), j: fc.nat(9), shared: fc.integer({ min: 1, max: 40 }), offset: fc.nat(80) });
    fc.assert(
      fc.property(fc.uniqueArray(pairArb, { selector: (p) => `${p.i},${p.j}`, maxLength: 60 }), (pairs) => {
        const kept = (maxEnd: number) => {
          const ranking = new OverlapRanking();
          ranking.reset(12, 10, maxEnd);
          for (const p of pairs) ranking.add(p.i, p.j, p.shared, p.offset);
          const n = ranking.pairGreedily();
          return Array.from({ length: n }, (_, k) => [ranking.keptRef[k], ranking.keptCand[k]]);
        };
        // The greedy pairing as spans.ts defines it.
        const expected: number[][] = [];
        const usedI = new Set<number>();
        const usedJ = new Set<number>();
        for (const p of [...pairs].sort((x, y) => y.shared - x.shared || x.offset - y.offset || x.i - y.i || x.j - y.j)) {
          if (usedI.has(p.i) || usedJ.has(p.j)) continue;
          usedI.add(p.i);
          usedJ.add(p.j);
          expected.push([p.i, p.j]);
        }
        expect(kept(40)).toEqual(expected); // ranks as numbers (offsets ≤ 2 · 40)
        expect(kept(Infinity)).toEqual(expected); // the comparator
      }),
      { numRuns: 300 },
    );
  });
});

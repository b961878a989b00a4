/**
 * The agreement report's fast paths against the straightforward definitions they replace, on
 * random data: token bounds against the tokeniser's expressions, span counts of prepared layers
 * against the one-sweep matching of spans.ts and the exact matching by keys, and αU against the
 * same units in another order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unitizingAlpha, type UnitSpan } from './krippendorff.ts';
import { prepareSpans, spanCountsPrepared } from './spanPairs.ts';
import { matchSpans, spanCountsBothModes, spanCountsByLabel, type SpanItem } from './spans.ts';
import { tokenBounds } from './tokenIds.ts';

/** The tokeniser's definition: a run of word characters, or any other code point that is not white space. */
function tokenizeByExpressions(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}\p{Pc}]+|\S/gu)) out.push(m.index, m.index + m[0].length);
  return out;
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
});

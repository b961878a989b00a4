import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotationsAt,
  compareSpans,
  contains,
  coveringSpan,
  forEachOverlap,
  normalizeRanges,
  overlaps,
  quoteOf,
  rangesEqual,
  spanLength,
  validateRanges,
} from './spans.ts';
import { QUOTE_GAP, type Span } from './types.ts';

const s = (start: number, end: number): Span => ({ start, end });
const spanArb = fc.tuple(fc.nat(50), fc.nat(50)).map(([a, b]) => s(Math.min(a, b), Math.max(a, b)));

describe('overlaps', () => {
  it('is true only when a code unit is shared', () => {
    expect(overlaps(s(0, 5), s(4, 8))).toBe(true);
    expect(overlaps(s(0, 5), s(5, 8))).toBe(false);
    expect(overlaps(s(2, 3), s(0, 10))).toBe(true);
    expect(overlaps(s(3, 3), s(0, 10))).toBe(false);
  });

  it('agrees with comparing the covered code units', () => {
    fc.assert(
      fc.property(spanArb, spanArb, (a, b) => {
        let shared = false;
        for (let i = a.start; i < a.end; i++) if (i >= b.start && i < b.end) shared = true;
        expect(overlaps(a, b)).toBe(shared);
        expect(overlaps(b, a)).toBe(shared);
      }),
    );
  });
});

describe('contains, spanLength, compareSpans', () => {
  it('contains checks both edges', () => {
    expect(contains(s(0, 10), s(0, 10))).toBe(true);
    expect(contains(s(0, 10), s(3, 4))).toBe(true);
    expect(contains(s(0, 10), s(3, 11))).toBe(false);
    expect(contains(s(2, 10), s(1, 4))).toBe(false);
  });

  it('spanLength never goes negative', () => {
    expect(spanLength(s(3, 9))).toBe(6);
    expect(spanLength(s(9, 3))).toBe(0);
  });

  it('compareSpans sorts by start, then longer first', () => {
    const sorted = [s(5, 6), s(0, 2), s(0, 9), s(5, 10)].sort(compareSpans);
    expect(sorted).toEqual([s(0, 9), s(0, 2), s(5, 10), s(5, 6)]);
  });
});

describe('normalizeRanges', () => {
  it('drops empty ranges, sorts and merges overlapping or touching ones', () => {
    expect(normalizeRanges([s(10, 12), s(3, 3), s(0, 4), s(4, 6), s(11, 15), s(20, 21)])).toEqual([s(0, 6), s(10, 15), s(20, 21)]);
  });

  it('does not change its input', () => {
    const input = [s(0, 4), s(2, 6)];
    normalizeRanges(input);
    expect(input).toEqual([s(0, 4), s(2, 6)]);
  });

  it('covers exactly the same code units, with sorted, separated ranges', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 8 }), (ranges) => {
        const out = normalizeRanges(ranges);
        const covered = (rs: Span[]) => {
          const set = new Set<number>();
          for (const r of rs) for (let i = r.start; i < r.end; i++) set.add(i);
          return [...set].sort((a, b) => a - b);
        };
        expect(covered(out)).toEqual(covered(ranges));
        for (let i = 1; i < out.length; i++) expect(out[i]!.start).toBeGreaterThan(out[i - 1]!.end);
        for (const r of out) expect(r.end).toBeGreaterThan(r.start);
      }),
    );
  });
});

describe('coveringSpan and quoteOf', () => {
  it('covers all ranges', () => {
    expect(coveringSpan([s(10, 12), s(3, 5)])).toEqual(s(3, 12));
    expect(coveringSpan([])).toEqual(s(0, 0));
  });

  it('quotes a discontinuous annotation with the gap marker', () => {
    const text = 'Lavrov said on Wednesday that Russia is not violating any law.';
    const ranges = [s(0, 11), s(30, 62)];
    expect(quoteOf(text, ranges)).toBe(`Lavrov said${QUOTE_GAP}Russia is not violating any law.`);
    expect(quoteOf(text, [s(0, 6)])).toBe('Lavrov');
  });
});

describe('rangesEqual', () => {
  it('compares order and offsets', () => {
    expect(rangesEqual([s(0, 1), s(3, 4)], [s(0, 1), s(3, 4)])).toBe(true);
    expect(rangesEqual([s(0, 1), s(3, 4)], [s(3, 4), s(0, 1)])).toBe(false);
    expect(rangesEqual([s(0, 1)], [s(0, 1), s(3, 4)])).toBe(false);
    expect(rangesEqual([s(0, 2)], [s(0, 1)])).toBe(false);
  });
});

describe('validateRanges', () => {
  const text = 'Clinton said 👍 twice.';

  it('accepts good ranges, including unsorted discontinuous ones', () => {
    expect(validateRanges(text, [s(0, 7)])).toBeNull();
    expect(validateRanges(text, [s(13, 15), s(0, 7)])).toBeNull();
    expect(validateRanges(text, [s(0, text.length)])).toBeNull();
  });

  it('names each kind of problem', () => {
    expect(validateRanges(text, [])).toMatch(/no ranges/);
    expect(validateRanges(text, [s(-1, 3)])).toMatch(/before the beginning/);
    expect(validateRanges(text, [s(4, 4)])).toMatch(/empty or reversed/);
    expect(validateRanges(text, [s(5, 2)])).toMatch(/empty or reversed/);
    expect(validateRanges(text, [s(0, 99)])).toMatch(/past the end of the text, which is 22 characters/);
    expect(validateRanges(text, [s(0, 14)])).toMatch(/cuts a character/);
    expect(validateRanges(text, [s(14, 16)])).toMatch(/cuts a character/);
    expect(validateRanges(text, [s(0, 1.5)])).toMatch(/whole-number/);
    expect(validateRanges(text, [s(0, 7), s(5, 12)])).toBe('Ranges 1 (0–7) and 2 (5–12) overlap.');
  });

  it('says which range is wrong when there are several', () => {
    expect(validateRanges(text, [s(0, 7), s(8, 80)])).toMatch(/^Range 2 \(8–80\)/);
  });
});

describe('annotationsAt', () => {
  const claim = { id: 'claim', ranges: [s(0, 40)] };
  const speaker = { id: 'speaker', ranges: [s(0, 7)] };
  const split = { id: 'split', ranges: [s(2, 5), s(30, 35)] };

  it('returns the annotations covering the offset, innermost first', () => {
    expect(annotationsAt([claim, speaker, split], 3).map((a) => a.id)).toEqual(['split', 'speaker', 'claim']);
    expect(annotationsAt([claim, speaker, split], 6).map((a) => a.id)).toEqual(['speaker', 'claim']);
    expect(annotationsAt([claim, speaker, split], 32).map((a) => a.id)).toEqual(['split', 'claim']);
  });

  it('treats the end offset as outside (half-open ranges)', () => {
    expect(annotationsAt([claim, speaker], 7).map((a) => a.id)).toEqual(['claim']);
    expect(annotationsAt([claim, speaker], 40)).toEqual([]);
  });
});

describe('forEachOverlap', () => {
  it('visits exactly the pairs whose intervals meet, as a check of every pair finds them', () => {
    const span = fc.tuple(fc.nat(60), fc.nat(20)).map(([start, length]) => ({ start, end: start + length }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 25 }), fc.array(span, { maxLength: 25 }), (reference, candidate) => {
        const swept: string[] = [];
        forEachOverlap(reference, candidate, (i, j) => swept.push(`${i}:${j}`));
        const expected: string[] = [];
        reference.forEach((r, i) =>
          candidate.forEach((c, j) => r.start < c.end && c.start < r.end && r.end > c.start && expected.push(`${i}:${j}`)),
        );
        expect(swept.sort()).toEqual(expected.sort());
      }),
    );
  });
});

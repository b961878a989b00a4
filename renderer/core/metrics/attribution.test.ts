import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REPORTED_BY, SAID_BY } from '../model/types.ts';
import { attributionF1, extractAttributions, type AttributionAnnotation, type AttributionRelation } from './attribution.ts';

// "Reuters: Iranian state television said Lavrov said the United States was supplying rebels with arms."
//  Reuters 0–7, Iranian state television 9–33, Lavrov 39–45, claim 51–99.
const ann = (id: string, label: string, start: number, end: number): AttributionAnnotation => ({
  id,
  label,
  ranges: [{ start, end }],
});
const rel = (from: string, type: string, to: string): AttributionRelation => ({ from, to, type });

function layer(claimStart = 51, speakerEnd = 45) {
  const annotations = [
    ann('c1', 'Claim', claimStart, 99),
    ann('s1', 'Speaker', 39, speakerEnd),
    ann('src1', 'Source', 9, 33),
    ann('src2', 'Source', 0, 7),
  ];
  const relations = [rel('c1', SAID_BY, 's1'), rel('c1', REPORTED_BY, 'src1'), rel('src1', REPORTED_BY, 'src2')];
  return { annotations, relations };
}

describe('extractAttributions', () => {
  it('collects the speakers and follows the reported-by chain from the claim', () => {
    const { annotations, relations } = layer();
    const [a, ...rest] = extractAttributions(annotations, relations);
    expect(rest).toEqual([]);
    expect(a!.claim).toMatchObject({ id: 'c1', start: 51, end: 99 });
    expect(a!.speakers.map((s) => s.id)).toEqual(['s1']);
    expect(a!.sources.map((s) => s.id)).toEqual(['src1', 'src2']);
  });

  it('gives a flat and a nested chain with the same order the same sources, and survives cycles', () => {
    const { annotations } = layer();
    const flat = extractAttributions(annotations, [rel('c1', REPORTED_BY, 'src2'), rel('c1', REPORTED_BY, 'src1')]);
    // Same distance: ordered by position in the text (Reuters at 0 comes first).
    expect(flat[0]!.sources.map((s) => s.id)).toEqual(['src2', 'src1']);
    const cyclic = extractAttributions(annotations, [
      rel('c1', REPORTED_BY, 'src1'),
      rel('src1', REPORTED_BY, 'src2'),
      rel('src2', REPORTED_BY, 'src1'),
      rel('src2', REPORTED_BY, 'c1'),
    ]);
    expect(cyclic[0]!.sources.map((s) => s.id)).toEqual(['src1', 'src2']);
  });

  it('counts unlinked claims and relation starts of any label as attributions, ignoring dangling relations', () => {
    const annotations = [ann('c1', 'Claim', 0, 5), ann('q', 'Quote', 10, 20), ann('sp', 'Speaker', 30, 35)];
    const relations = [rel('q', SAID_BY, 'sp'), rel('c1', SAID_BY, 'gone')];
    const found = extractAttributions(annotations, relations);
    expect(found.map((a) => [a.claim.id, a.speakers.length])).toEqual([
      ['c1', 0],
      ['q', 1],
    ]);
  });
});

describe('attributionF1', () => {
  it('is 1 for identical layers', () => {
    const a = layer();
    expect(attributionF1(a.annotations, a.relations, a.annotations, a.relations, 'exact').f1).toBe(1);
  });

  it('is 1 when both layers have no attributions, 0 when one has none', () => {
    expect(attributionF1([], [], [], [], 'overlap').f1).toBe(1);
    const a = layer();
    expect(attributionF1(a.annotations, a.relations, [], [], 'overlap')).toMatchObject({ f1: 0, fn: 1, fp: 0 });
  });

  it('tolerates boundary differences in overlap mode only', () => {
    const ref = layer();
    const cand = layer(48, 46); // claim starts earlier, speaker one character longer
    expect(attributionF1(ref.annotations, ref.relations, cand.annotations, cand.relations, 'exact').f1).toBe(0);
    expect(attributionF1(ref.annotations, ref.relations, cand.annotations, cand.relations, 'overlap').f1).toBe(1);
  });

  it('fails the match when the speaker, a source or the chain order differs', () => {
    const ref = layer();
    const otherSpeaker = {
      annotations: [...ref.annotations, ann('s2', 'Speaker', 100, 110)],
      relations: [rel('c1', SAID_BY, 's2'), ref.relations[1]!, ref.relations[2]!],
    };
    expect(attributionF1(ref.annotations, ref.relations, otherSpeaker.annotations, otherSpeaker.relations, 'overlap').f1).toBe(0);
    const shortChain = { annotations: ref.annotations, relations: ref.relations.slice(0, 2) };
    expect(attributionF1(ref.annotations, ref.relations, shortChain.annotations, shortChain.relations, 'overlap').f1).toBe(0);
    const reversedChain = {
      annotations: ref.annotations,
      relations: [ref.relations[0]!, rel('c1', REPORTED_BY, 'src2'), rel('src2', REPORTED_BY, 'src1')],
    };
    expect(attributionF1(ref.annotations, ref.relations, reversedChain.annotations, reversedChain.relations, 'overlap').f1).toBe(0);
    const extraSpeaker = {
      annotations: [...ref.annotations, ann('s2', 'Speaker', 100, 110)],
      relations: [...ref.relations, rel('c1', SAID_BY, 's2')],
    };
    expect(attributionF1(ref.annotations, ref.relations, extraSpeaker.annotations, extraSpeaker.relations, 'exact').f1).toBe(0);
  });

  it('matches speaker sets regardless of order, one-to-one', () => {
    const annotations = [ann('c', 'Claim', 0, 10), ann('x', 'Speaker', 20, 25), ann('y', 'Speaker', 30, 35)];
    const one = [rel('c', SAID_BY, 'x'), rel('c', SAID_BY, 'y')];
    const other = [rel('c', SAID_BY, 'y'), rel('c', SAID_BY, 'x')];
    expect(attributionF1(annotations, one, annotations, other, 'exact').f1).toBe(1);
  });

  it('scores several attributions: P, R and F1 from matched, extra and missing ones', () => {
    // Reference: three claims, each said by its own speaker. Candidate: the first two, the second
    // with the wrong speaker, plus an extra claim. tp 1, fp 2, fn 2 → P 1/3, R 1/3, F1 1/3.
    const ref = {
      annotations: [
        ann('c1', 'Claim', 0, 10),
        ann('p1', 'Speaker', 11, 15),
        ann('c2', 'Claim', 20, 30),
        ann('p2', 'Speaker', 31, 35),
        ann('c3', 'Claim', 40, 50),
        ann('p3', 'Speaker', 51, 55),
      ],
      relations: [rel('c1', SAID_BY, 'p1'), rel('c2', SAID_BY, 'p2'), rel('c3', SAID_BY, 'p3')],
    };
    const cand = {
      annotations: [
        ann('d1', 'Claim', 0, 10),
        ann('q1', 'Speaker', 11, 15),
        ann('d2', 'Claim', 20, 30),
        ann('q2', 'Speaker', 51, 55),
        ann('d4', 'Claim', 60, 70),
      ],
      relations: [rel('d1', SAID_BY, 'q1'), rel('d2', SAID_BY, 'q2')],
    };
    expect(attributionF1(ref.annotations, ref.relations, cand.annotations, cand.relations, 'exact')).toEqual({
      precision: 1 / 3,
      recall: 1 / 3,
      f1: 1 / 3,
      tp: 1,
      fp: 2,
      fn: 2,
    });
  });

  it('is symmetric', () => {
    const spanArb = fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 8 }));
    const layerArb = fc
      .tuple(
        fc.array(spanArb, { minLength: 1, maxLength: 4 }),
        fc.array(spanArb, { maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(2)), { maxLength: 4 }),
      )
      .map(([claims, speakers, links]) => {
        const annotations = [
          ...claims.map(([s, l], i) => ann(`c${i}`, 'Claim', s, s + l)),
          ...speakers.map(([s, l], i) => ann(`s${i}`, 'Speaker', s + 50, s + 50 + l)),
        ];
        const relations = links
          .filter(([c, s]) => c < claims.length && s < speakers.length)
          .map(([c, s]) => rel(`c${c}`, SAID_BY, `s${s}`));
        return { annotations, relations };
      });
    fc.assert(
      fc.property(layerArb, layerArb, fc.constantFrom('exact' as const, 'overlap' as const), (a, b, mode) => {
        const ab = attributionF1(a.annotations, a.relations, b.annotations, b.relations, mode);
        const ba = attributionF1(b.annotations, b.relations, a.annotations, a.relations, mode);
        expect(ab.f1).toBeCloseTo(ba.f1, 12);
        expect(attributionF1(a.annotations, a.relations, a.annotations, a.relations, mode).f1).toBe(1);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { comparePartitions, groupingAgreement, itemKey, type GroupingInput } from './grouping.ts';

/** A partition written as groups of item names: `[['1','2'], ['3']]`. */
function partition(groups: string[][]): Map<string, number> {
  const m = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((item) => m.set(item, i)));
  return m;
}

const items = (s: string) => s.split('');

describe('agreement on grouping', () => {
  // Bagga & Baldwin (1998), "Algorithms for scoring coreference chains", figures 1–3: the truth
  // {1 2 3 4 5} {6 7} {8 9 A B C}; response (a) merges the last two chains, response (b) the first
  // and last. Their B-cubed precision: 76% for (a), 58% for (b); recall 100% for both.
  const truth = partition([items('12345'), items('67'), items('89ABC')]);
  const responseA = partition([items('12345'), items('6789ABC')]);
  const responseB = partition([items('1234589ABC'), items('67')]);

  it('B-cubed: the worked example of Bagga & Baldwin (1998)', () => {
    const a = comparePartitions(truth, responseA);
    // P = (5·5/5 + 2·2/7 + 5·5/7) / 12 = 64/84 = 0.7619; R = 1; F1 = 2·0.7619 / 1.7619 = 0.8649.
    expect(a.bcubed.precision).toBeCloseTo(64 / 84, 10);
    expect(a.bcubed.recall).toBe(1);
    expect(a.bcubed.f1).toBeCloseTo((2 * 64) / 84 / (64 / 84 + 1), 10);
    expect(Math.round(a.bcubed.precision * 100)).toBe(76);
    const b = comparePartitions(truth, responseB);
    // P = (10 · 5/10 + 2 · 2/2) / 12 = 7/12 = 0.5833; R = 1.
    expect(b.bcubed.precision).toBeCloseTo(7 / 12, 10);
    expect(Math.round(b.bcubed.precision * 100)).toBe(58);
    expect(b.bcubed.recall).toBe(1);
  });

  it('pairwise: pairs put together, worked by hand on the same example', () => {
    const a = comparePartitions(truth, responseA);
    // Truth pairs: C(5,2) + C(2,2) + C(5,2) = 21; response (a): C(5,2) + C(7,2) = 31; both: 21.
    expect([a.pairsA, a.pairsB, a.pairsBoth]).toEqual([21, 31, 21]);
    expect(a.pairwise.precision).toBeCloseTo(21 / 31, 10);
    expect(a.pairwise.recall).toBe(1);
    expect(a.pairwise.f1).toBeCloseTo((2 * 21) / 31 / (21 / 31 + 1), 10);
    const b = comparePartitions(truth, responseB);
    // Response (b): C(10,2) + C(2,2) = 46 pairs, of which the truth's 21 are all made.
    expect([b.pairsB, b.pairsBoth]).toEqual([46, 21]);
    expect(b.pairwise.precision).toBeCloseTo(21 / 46, 10);
  });

  it('B-cubed with both precision and recall below 1 (a split and a merge, by the definition in Amigó et al. 2009)', () => {
    // Reference {a b c} {d e}; candidate {a b} {c d e}.
    // P: a,b 2/2; c 1/3; d,e 2/3 → (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
    // R: a,b 2/3; c 1/3; d,e 2/2 → (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15.
    const r = comparePartitions(partition([items('abc'), items('de')]), partition([items('ab'), items('cde')]));
    expect(r.bcubed.precision).toBeCloseTo(11 / 15, 10);
    expect(r.bcubed.recall).toBeCloseTo(11 / 15, 10);
    // Pairs: reference ab ac bc de (4), candidate ab cd ce de (4), both ab de (2): P = R = F1 = 0.5.
    expect(r.pairwise).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('identical groupings agree fully; a claim only one layer grouped is a singleton in the other', () => {
    const same = comparePartitions(partition([items('abc')]), partition([items('abc')]));
    expect(same.pairwise).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(same.bcubed).toEqual({ precision: 1, recall: 1, f1: 1 });
    // b groups a,b,c; a groups only a,b: c is alone in a. Pairs: a ab (1); b ab ac bc (3).
    const r = comparePartitions(partition([items('ab')]), partition([items('abc')]));
    expect(r.items).toBe(3);
    expect(r.pairwise.precision).toBeCloseTo(1 / 3, 10);
    expect(r.pairwise.recall).toBe(1);
    // B-cubed P: a,b 2/3, c 1/3 → 5/9; R: 1 for all.
    expect(r.bcubed.precision).toBeCloseTo(5 / 9, 10);
    expect(r.bcubed.recall).toBe(1);
    // A layer that makes no pair: pairwise precision is undefined.
    const none = comparePartitions(partition([items('ab')]), partition([['a'], ['b']]));
    expect(none.pairwise.precision).toBeNaN();
    expect(none.pairwise.recall).toBe(0);
    expect(none.pairwise.f1).toBeNaN();
  });

  it('treats item names of any characters alike (document keys, separators)', () => {
    const odd = (s: string) => `doc\u0000${s}`;
    const r = comparePartitions(partition([[odd('a'), odd('b')]]), partition([[odd('a'), odd('b'), odd('c')]]));
    expect(r.bcubed.precision).toBeCloseTo(5 / 9, 10);
  });

  it('matches claims across layers by document and span, and compares only layers that grouped', () => {
    const claim = (documentId: string, start: number, end: number) => ({ documentId, ranges: [{ start, end }] });
    const alice: GroupingInput = { groups: [[claim('d1', 0, 10), claim('d2', 5, 20)], [claim('d3', 0, 4)]] };
    // Bob's groups name his own annotations of the same claims (same documents and spans), all in one group.
    const bob: GroupingInput = { groups: [[claim('d2', 5, 20), claim('d1', 0, 10), claim('d3', 0, 4)]] };
    const carol: GroupingInput = { groups: [] };
    const pairs = groupingAgreement({ alice, bob, carol }, ['alice', 'bob', 'carol']);
    expect(pairs.map((p) => [p.a, p.b, p.items, p.pairsA, p.pairsB, p.pairsBoth])).toEqual([['alice', 'bob', 3, 1, 3, 1]]);
    // The same span in another document, or another span in the same document, is another claim.
    expect(itemKey(claim('d1', 0, 10))).not.toBe(itemKey(claim('d2', 0, 10)));
    expect(itemKey(claim('d1', 0, 10))).not.toBe(itemKey(claim('d1', 0, 11)));
    expect(
      itemKey({
        documentId: 'd1',
        ranges: [
          { start: 9, end: 12 },
          { start: 0, end: 4 },
        ],
      }),
    ).toBe(
      itemKey({
        documentId: 'd1',
        ranges: [
          { start: 0, end: 4 },
          { start: 9, end: 12 },
        ],
      }),
    );
  });
});

/**
 * Agreement on grouping claims (claim groups, issue #15): how far two layers' groupings of the
 * corpus's claims agree, as pairwise precision/recall/F1 and B-cubed precision/recall/F1.
 *
 * Items. A grouping is a set of groups, each a set of claims in any documents. Claims are matched
 * across layers by document and span: two claims are the same item when they are in the same
 * document (by id; on the command line, by the text's hash) with exactly the same ranges — so the
 * same claim annotated by alice and by bob is one item, whichever layer's annotation a group names.
 * The items of a comparison are the claims that either layer put in a group; a claim one layer
 * grouped and the other did not is a group of its own (a singleton) in the other. Claims neither
 * layer grouped are left out: they would count as agreeing singletons and only inflate B-cubed.
 *
 * The first layer of a pair is the reference (as for span F1):
 * - Pairwise: the pairs of items a layer puts in one group. Precision = pairs both layers make /
 *   pairs the second layer makes; recall = / pairs the first makes; F1 their harmonic mean.
 *   Undefined (NaN) when the layer makes no pair.
 * - B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009): for each item e with group A(e) in the
 *   first layer and B(e) in the second, P(e) = |A(e) ∩ B(e)| / |B(e)| and R(e) = |A(e) ∩ B(e)| /
 *   |A(e)|; precision and recall are their means over the items, F1 their harmonic mean. NaN for
 *   no items.
 *
 * Both come from the contingency table n_ij = |A_i ∩ B_j|: pairs in common Σ C(n_ij, 2), B-cubed
 * P = Σ n_ij² / |B_j| / N, R = Σ n_ij² / |A_i| / N. Linear in the number of items.
 */
import type { Span } from '../model/types.ts';
import type { PRF } from './spans.ts';

/** A claim of a group, where it is: the document and the claim's ranges. */
export interface GroupingMember {
  documentId: string;
  ranges: readonly Span[];
}

/** One layer's grouping: its groups, each a list of members. */
export interface GroupingInput {
  groups: readonly (readonly GroupingMember[])[];
}

export interface GroupingPair {
  a: string;
  b: string;
  /** Claims either layer grouped (the items compared). */
  items: number;
  /** Groups of two or more items in each layer, and the pairs of items each makes. */
  groupsA: number;
  groupsB: number;
  pairsA: number;
  pairsB: number;
  /** Pairs of items both layers put together. */
  pairsBoth: number;
  pairwise: PRF;
  bcubed: PRF;
}

/** The item key of a member: its document and its ranges in order. */
export function itemKey(m: GroupingMember): string {
  const ranges = [...m.ranges].sort((x, y) => x.start - y.start || x.end - y.end);
  return `${m.documentId}\u0000${ranges.map((r) => `${r.start}-${r.end}`).join(',')}`;
}

/** The group index of each item in a grouping (an item named in two groups stays in the first). */
function clusterOf(grouping: GroupingInput): Map<string, number> {
  const map = new Map<string, number>();
  grouping.groups.forEach((members, i) => {
    for (const m of members) {
      const key = itemKey(m);
      if (!map.has(key)) map.set(key, i);
    }
  });
  return map;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

function prf(precision: number, recall: number): PRF {
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : Number.isNaN(precision + recall) ? NaN : 0;
  return { precision, recall, f1 };
}

/**
 * Compares two partitions of the same items, given as the cluster of each item (`a` the
 * reference). Items missing from one side are singletons there.
 */
export function comparePartitions(a: ReadonlyMap<string, string | number>, b: ReadonlyMap<string, string | number>) {
  const items = new Set([...a.keys(), ...b.keys()]);
  const sizeA = new Map<string, number>();
  const sizeB = new Map<string, number>();
  const cell = new Map<string, { ca: string; cb: string; n: number }>();
  const clusterA = (k: string) => (a.has(k) ? `a${String(a.get(k))}` : `s${k}`);
  const clusterB = (k: string) => (b.has(k) ? `b${String(b.get(k))}` : `s${k}`);
  for (const k of items) {
    const ca = clusterA(k);
    const cb = clusterB(k);
    sizeA.set(ca, (sizeA.get(ca) ?? 0) + 1);
    sizeB.set(cb, (sizeB.get(cb) ?? 0) + 1);
    const c = JSON.stringify([ca, cb]);
    const found = cell.get(c);
    if (found) found.n++;
    else cell.set(c, { ca, cb, n: 1 });
  }
  let pairsBoth = 0;
  let bcubedP = 0;
  let bcubedR = 0;
  for (const { ca, cb, n } of cell.values()) {
    pairsBoth += choose2(n);
    bcubedP += (n * n) / sizeB.get(cb)!;
    bcubedR += (n * n) / sizeA.get(ca)!;
  }
  let pairsA = 0;
  let groupsA = 0;
  for (const n of sizeA.values()) {
    pairsA += choose2(n);
    if (n > 1) groupsA++;
  }
  let pairsB = 0;
  let groupsB = 0;
  for (const n of sizeB.values()) {
    pairsB += choose2(n);
    if (n > 1) groupsB++;
  }
  const N = items.size;
  return {
    items: N,
    groupsA,
    groupsB,
    pairsA,
    pairsB,
    pairsBoth,
    pairwise: prf(pairsB > 0 ? pairsBoth / pairsB : NaN, pairsA > 0 ? pairsBoth / pairsA : NaN),
    bcubed: prf(N > 0 ? bcubedP / N : NaN, N > 0 ? bcubedR / N : NaN),
  };
}

/**
 * Agreement on grouping for every pair of layers that both have a grouping (at least one group),
 * in the order of `layers`, the earlier layer as reference.
 */
export function groupingAgreement(groupings: Readonly<Record<string, GroupingInput>>, layers: readonly string[]): GroupingPair[] {
  const present = layers.filter((l) => (groupings[l]?.groups.length ?? 0) > 0);
  const clusters = new Map(present.map((l) => [l, clusterOf(groupings[l]!)]));
  const out: GroupingPair[] = [];
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x]!;
      const b = present[y]!;
      out.push({ a, b, ...comparePartitions(clusters.get(a)!, clusters.get(b)!) });
    }
  }
  return out;
}

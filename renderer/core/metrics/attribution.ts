/**
 * Attribution-level agreement: does a candidate layer record the same "who claimed what, according
 * to whom" as the reference?
 *
 * An attribution is a claim with
 * - its speakers: the targets of the claim's `said by` relations (a set; order does not matter);
 * - its source chain: the sources reached from the claim through `reported by` relations, followed
 *   on from each source (nested attribution: claim → Iranian state television → Reuters), in order
 *   of distance from the claim and, at the same distance, of position in the text. A claim linked
 *   straight to two sources and a claim linked to the first which is linked to the second give the
 *   same chain when the sources appear in that order. Cycles are cut.
 *
 * Claims are the annotations labelled `Claim` (option `claimLabels`), every annotation that is the
 * start of a `said by` relation, and every annotation that starts a `reported by` chain without
 * being reported itself (a source reported by a further source is part of a chain, not a claim). A claim with no speaker and no source is an
 * attribution too: agreeing that a claim is unattributed is agreement.
 *
 * Two attributions match when their claims match, their speaker sets can be paired one-to-one with
 * every pair matching, and their chains have the same length with the i-th sources matching, all
 * under the same mode as span F1 (`exact`: same label and ranges; `overlap`: same label and at least
 * one shared character). Attributions are then paired one-to-one, greedily by the claims' shared
 * characters (as in span F1), and P/R/F1 follow with the same zero-division conventions.
 *
 * Cost: one span matching for the claims plus, per overlapping claim pair, matchings of a few
 * speakers and sources.
 */
import { overlapPairsInOrder, startOrder } from '../model/spans.ts';
import { REPORTED_BY, SAID_BY, type Span } from '../model/types.ts';
import { overlapRanking } from './spanPairs.ts';
import {
  sameSpan,
  scoreCounts,
  sharedCharacters,
  spanItemFromAnnotation,
  type MatchMode,
  type SpanF1Result,
  type SpanItem,
} from './spans.ts';

/** What attribution matching needs of an annotation. */
export interface AttributionAnnotation {
  id: string;
  label: string;
  ranges: readonly Span[];
}

/** What attribution matching needs of a relation. */
export interface AttributionRelation {
  from: string;
  to: string;
  type: string;
}

export interface Attribution {
  claim: SpanItem;
  speakers: SpanItem[];
  sources: SpanItem[];
}

export interface AttributionOptions {
  /** Labels whose annotations are claims even without relations (default `['Claim']`). */
  claimLabels?: readonly string[];
}

/** The attributions recorded in one layer. */
export function extractAttributions(
  annotations: readonly AttributionAnnotation[],
  relations: readonly AttributionRelation[],
  options: AttributionOptions = {},
): Attribution[] {
  const claimLabels = new Set(options.claimLabels ?? ['Claim']);
  if (relations.length === 0) {
    // No relations: the claims are the annotations of the claim labels, with no speaker or source
    // (unless two annotations share an id: the general path below says which one counts).
    const claims: Attribution[] = [];
    const ids = new Set<string>();
    for (const a of annotations) {
      if (ids.has(a.id)) break;
      ids.add(a.id);
      if (claimLabels.has(a.label)) claims.push({ claim: spanItemFromAnnotation(a), speakers: [], sources: [] });
    }
    if (ids.size === annotations.length) return claims.sort((x, y) => byPosition(x.claim, y.claim));
  }
  // Span items are made only for the annotations an attribution uses (claims, speakers, sources).
  const annotationById = new Map<string, AttributionAnnotation>();
  for (const a of annotations) annotationById.set(a.id, a);
  const items = new Map<string, SpanItem>();
  const byId = {
    has: (id: string) => annotationById.has(id),
    get: (id: string): SpanItem | undefined => {
      let item = items.get(id);
      const annotation = annotationById.get(id);
      if (!item && annotation) items.set(id, (item = spanItemFromAnnotation(annotation)));
      return item;
    },
  };
  const saidBy = new Map<string, string[]>();
  const reportedBy = new Map<string, string[]>();
  for (const r of relations) {
    const map = r.type === SAID_BY ? saidBy : r.type === REPORTED_BY ? reportedBy : null;
    if (!map || !byId.has(r.from) || !byId.has(r.to)) continue;
    const list = map.get(r.from);
    if (list) list.push(r.to);
    else map.set(r.from, [r.to]);
  }
  const reported = new Set<string>();
  for (const targets of reportedBy.values()) for (const t of targets) reported.add(t);
  const claimIds = new Set<string>();
  for (const a of annotations) {
    const chainStart = reportedBy.has(a.id) && !reported.has(a.id);
    if (claimLabels.has(a.label) || saidBy.has(a.id) || chainStart) claimIds.add(a.id);
  }

  const attributions: Attribution[] = [];
  for (const id of claimIds) {
    const claim = byId.get(id)!;
    if (!saidBy.has(id) && !reportedBy.has(id)) {
      attributions.push({ claim, speakers: [], sources: [] });
      continue;
    }
    const speakers = [...new Set(saidBy.get(id) ?? [])].map((s) => byId.get(s)!).sort(byPosition);
    const sources: SpanItem[] = [];
    const seen = new Set<string>([id]);
    let level = [id];
    while (level.length > 0) {
      const nextLevel: string[] = [];
      for (const from of level) {
        for (const to of reportedBy.get(from) ?? []) {
          if (seen.has(to)) continue;
          seen.add(to);
          nextLevel.push(to);
        }
      }
      const items = nextLevel.map((s) => ({ id: s, item: byId.get(s)! })).sort((x, y) => byPosition(x.item, y.item));
      for (const { item } of items) sources.push(item);
      level = items.map((x) => x.id);
    }
    attributions.push({ claim, speakers, sources });
  }
  return attributions.sort((x, y) => byPosition(x.claim, y.claim));
}

function byPosition(a: SpanItem, b: SpanItem): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** True when the claims are in the order {@link extractAttributions} gives them. */
function isByPosition(claims: readonly SpanItem[]): boolean {
  for (let k = 1; k < claims.length; k++) if (byPosition(claims[k - 1]!, claims[k]!) > 0) return false;
  return true;
}

function spansMatch(a: SpanItem, b: SpanItem, mode: MatchMode): boolean {
  return mode === 'exact' ? sameSpan(a, b) : a.label === b.label && sharedCharacters(a, b) > 0;
}

/** True when the two speaker sets can be paired one-to-one with every pair matching (bipartite matching). */
function setsMatch(a: readonly SpanItem[], b: readonly SpanItem[], mode: MatchMode): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const partnerOfB = new Array<number>(b.length).fill(-1);
  const tryAssign = (i: number, visited: boolean[]): boolean => {
    for (let j = 0; j < b.length; j++) {
      if (visited[j] || !spansMatch(a[i]!, b[j]!, mode)) continue;
      visited[j] = true;
      if (partnerOfB[j] === -1 || tryAssign(partnerOfB[j]!, visited)) {
        partnerOfB[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < a.length; i++) if (!tryAssign(i, new Array<boolean>(b.length).fill(false))) return false;
  return true;
}

function chainsMatch(a: readonly SpanItem[], b: readonly SpanItem[], mode: MatchMode): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!spansMatch(a[i]!, b[i]!, mode)) return false;
  return true;
}

/** True when two attributions agree on claim, speakers and sources under `mode`. */
export function attributionsMatch(a: Attribution, b: Attribution, mode: MatchMode): boolean {
  return spansMatch(a.claim, b.claim, mode) && setsMatch(a.speakers, b.speakers, mode) && chainsMatch(a.sources, b.sources, mode);
}

/** One-to-one matching of attributions; returns `[referenceIndex, candidateIndex]` pairs. */
export function matchAttributions(
  reference: readonly Attribution[],
  candidate: readonly Attribution[],
  mode: MatchMode,
): [number, number][] {
  const n = matchAttributionsInto(reference, candidate, mode);
  const pairs = new Array<[number, number]>(n);
  for (let k = 0; k < n; k++) pairs[k] = [matchedRef[k]!, matchedCand[k]!];
  return pairs;
}

/** How many pairs {@link matchAttributions} finds (without making them). */
export function countAttributionMatches(reference: readonly Attribution[], candidate: readonly Attribution[], mode: MatchMode): number {
  return matchAttributionsInto(reference, candidate, mode);
}

/** Scratch of the matching at hand (grown as needed, reused): the pairs kept, the candidates used. */
let matchedRef = new Int32Array(64);
let matchedCand = new Int32Array(64);
let usedCand = new Uint8Array(64);
let identityOrder = new Int32Array(0);

/** `0, 1, … n − 1`: the start order of a list already by start (a view of a shared buffer). */
function identity(n: number): Int32Array {
  if (identityOrder.length < n) {
    identityOrder = new Int32Array(Math.max(n, 2 * identityOrder.length));
    for (let k = 0; k < identityOrder.length; k++) identityOrder[k] = k;
  }
  return identityOrder.subarray(0, n);
}

/** The matching of {@link matchAttributions}: the pairs in `matchedRef` / `matchedCand`; returns how many. */
function matchAttributionsInto(reference: readonly Attribution[], candidate: readonly Attribution[], mode: MatchMode): number {
  const size = Math.max(reference.length, candidate.length);
  if (matchedRef.length < size) {
    const n = Math.max(size, 2 * matchedRef.length);
    matchedRef = new Int32Array(n);
    matchedCand = new Int32Array(n);
    usedCand = new Uint8Array(n);
  }
  const usedC = usedCand;
  usedC.fill(0, 0, candidate.length);
  let pairs = 0;
  const refClaims = reference.map((a) => a.claim);
  const candClaims = candidate.map((a) => a.claim);
  const inOrder = isByPosition(refClaims) && isByPosition(candClaims);
  if (mode === 'exact') {
    // Exact claims can repeat (two attributions of one claim); pair among equal claims by full match.
    const tryPair = (i: number, js: ArrayLike<number>, from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const j = js[k]!;
        if (!usedC[j] && attributionsMatch(reference[i]!, candidate[j]!, mode)) {
          usedC[j] = 1;
          matchedRef[pairs] = i;
          matchedCand[pairs++] = j;
          break;
        }
      }
    };
    if (inOrder) {
      // Both lists by position (as extractAttributions gives them): equal claims are neighbours.
      const order = identity(candidate.length);
      let j = 0;
      for (let i = 0; i < reference.length; i++) {
        const r = refClaims[i]!;
        while (j < candClaims.length && byPosition(candClaims[j]!, r) < 0) j++;
        let end = j;
        while (end < candClaims.length && byPosition(candClaims[end]!, r) === 0) end++;
        if (end > j) tryPair(i, order, j, end);
      }
      return pairs;
    }
    const byKey = new Map<string, number[]>();
    candidate.forEach((a, j) => {
      const key = `${a.claim.label}\u0000${a.claim.start}\u0000${a.claim.end}`;
      const list = byKey.get(key);
      if (list) list.push(j);
      else byKey.set(key, [j]);
    });
    reference.forEach((a, i) => {
      const js = byKey.get(`${a.claim.label}\u0000${a.claim.start}\u0000${a.claim.end}`) ?? [];
      tryPair(i, js, 0, js.length);
    });
    return pairs;
  }
  // Overlap: every claim pair sharing characters, best overlap first, kept when the whole attribution matches.
  const overlapping = inOrder
    ? overlapPairsInOrder(refClaims, identity(refClaims.length), candClaims, identity(candClaims.length))
    : overlapPairsInOrder(refClaims, startOrder(refClaims), candClaims, startOrder(candClaims));
  let maxEnd = 0;
  for (const claims of [refClaims, candClaims]) {
    for (const c of claims) {
      if (c.end > maxEnd) maxEnd = c.end;
      // Offsets that are not whole numbers from 0 on do not make exact ranks.
      if (!(c.start >= 0) || !Number.isInteger(c.start) || !Number.isInteger(c.end)) maxEnd = Infinity;
    }
  }
  overlapRanking.reset(reference.length, candidate.length, maxEnd);
  for (let k = 0; k < overlapping.size; k++) {
    const i = overlapping.ref[k]!;
    const j = overlapping.cand[k]!;
    if (!attributionsMatch(reference[i]!, candidate[j]!, mode)) continue;
    const r = refClaims[i]!;
    const c = candClaims[j]!;
    overlapRanking.add(i, j, sharedCharacters(r, c), Math.abs(r.start - c.start) + Math.abs(r.end - c.end));
  }
  const kept = overlapRanking.pairGreedily();
  matchedRef.set(overlapRanking.keptRef.subarray(0, kept));
  matchedCand.set(overlapRanking.keptCand.subarray(0, kept));
  return kept;
}

/** Attribution-level P/R/F1 of a candidate layer against a reference layer. */
export function attributionF1(
  refAnnotations: readonly AttributionAnnotation[],
  refRelations: readonly AttributionRelation[],
  candAnnotations: readonly AttributionAnnotation[],
  candRelations: readonly AttributionRelation[],
  mode: MatchMode,
  options: AttributionOptions = {},
): SpanF1Result {
  const reference = extractAttributions(refAnnotations, refRelations, options);
  const candidate = extractAttributions(candAnnotations, candRelations, options);
  return attributionF1FromLists(reference, candidate, mode);
}

/** Attribution-level P/R/F1 from already extracted attributions. */
export function attributionF1FromLists(
  reference: readonly Attribution[],
  candidate: readonly Attribution[],
  mode: MatchMode,
): SpanF1Result {
  const tp = countAttributionMatches(reference, candidate, mode);
  return scoreCounts(tp, candidate.length - tp, reference.length - tp);
}

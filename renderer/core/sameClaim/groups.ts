/**
 * Suggest groups: the claims of a corpus clustered into proposed groups of the same claim, at a
 * cost that grows with the corpus, not its square.
 *
 * 1. Each claim's terms get a MinHash signature (BANDS × ROWS hashes); terms in more than 10% of
 *    the claims are left out of it, so a shared "Russia" alone does not make a candidate.
 * 2. LSH banding: claims whose signatures agree on every row of some band are candidate pairs; a
 *    pair is taken in the first band it agrees on only. A bucket of more than BUCKET_CAP claims
 *    compares each with its first BUCKET_CAP only.
 * 3. Each candidate pair is scored as Find the same claim scores it (corpus.ts); pairs at or above
 *    the threshold are edges.
 * 4. Edges, best first, join clusters (union-find) — unless the two clusters are not alike as
 *    wholes: the average score between samples of their members must reach the link threshold, and
 *    no sampled pair may differ in negation, numbers or names. This keeps A≈B≈C from chaining A to a C
 *    it does not resemble.
 *
 * The result is proposals only (members, a canonical wording — the member most like the others —
 * and the group's cohesion); nothing is applied. Pure.
 */
import { indexClaims, scorePair, throwIfCancelled, type CancelSignal, type ClaimCorpus, type SameClaimInput } from './corpus.ts';

export interface SuggestGroupsOptions {
  /** Pairs scoring below this are not joined (default 0.75). */
  threshold?: number;
  /** Two clusters join only when their members score this on average (default 0.8 × threshold). */
  linkThreshold?: number;
  /** Groups smaller than this are not proposed (default 2). */
  minSize?: number;
}

export interface SuggestGroupsProgress {
  phase: 'reading' | 'signatures' | 'pairs' | 'grouping';
  done: number;
  total: number;
}

export interface ProposedGroup {
  /** The members' ids (annotation ids), the canonical one first. */
  members: string[];
  /** The members' positions in the input, in the same order. */
  indices: number[];
  /** The member whose wording is most like the others'. */
  canonical: string;
  /** The average score between the members (sampled for a large group), 0–1. */
  score: number;
}

export const BANDS = 16;
export const ROWS = 3;
const BUCKET_CAP = 64;
const SAMPLE = 6;
const COMMON_TERM = 0.1;

/** 32-bit mix (murmur3's finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => mix(0x9e3779b9 + i * 0x632be5ab));

/** Band keys: key[b * n + i] is claim i's hash of band b (0 for a claim with no usable term). */
function bandKeys(corpus: ClaimCorpus, progress: (done: number) => void, signal?: CancelSignal): Uint32Array {
  const n = corpus.claims.length;
  const keys = new Uint32Array(BANDS * n);
  const limit = Math.max(50, COMMON_TERM * n);
  const mins = new Uint32Array(BANDS * ROWS);
  for (let i = 0; i < n; i++) {
    if (i % 5000 === 0) {
      throwIfCancelled(signal);
      progress(i);
    }
    const start = corpus.termStart[i]!;
    const end = corpus.termStart[i + 1]!;
    let usable = 0;
    for (let k = start; k < end; k++) if (corpus.documentFrequency[corpus.terms[k]!]! <= limit) usable++;
    // Fewer than two terms: too little to find the same claim by.
    if (end - start < 2) continue;
    const everyTerm = usable < 2;
    mins.fill(0xffffffff);
    for (let k = start; k < end; k++) {
      const t = corpus.terms[k]!;
      if (!everyTerm && corpus.documentFrequency[t]! > limit) continue;
      for (let h = 0; h < SEEDS.length; h++) {
        const v = mix(t ^ SEEDS[h]!);
        if (v < mins[h]!) mins[h] = v;
      }
    }
    for (let b = 0; b < BANDS; b++) {
      let key = 0x811c9dc5;
      for (let r = 0; r < ROWS; r++) key = mix(key ^ mins[b * ROWS + r]!);
      keys[b * n + i] = key || 1;
    }
  }
  return keys;
}

/** Groups of the same claim proposed over `claims` (see the module comment). */
export function suggestGroups(
  claims: readonly SameClaimInput[],
  options: SuggestGroupsOptions = {},
  onProgress?: (p: SuggestGroupsProgress) => void,
  signal?: CancelSignal,
): ProposedGroup[] {
  const threshold = options.threshold ?? 0.75;
  const linkThreshold = options.linkThreshold ?? threshold * 0.8;
  const minSize = Math.max(2, options.minSize ?? 2);
  const n = claims.length;
  if (n >= 2 ** 21)
    throw new Error(
      `Suggest groups compares up to ${(2 ** 21 - 1).toLocaleString('en')} claims at a time; these are ${n.toLocaleString('en')}.`,
    );
  const corpus = indexClaims(claims, (done, total) => onProgress?.({ phase: 'reading', done, total }), signal);
  const keys = bandKeys(corpus, (done) => onProgress?.({ phase: 'signatures', done, total: n }), signal);

  // Candidate pairs, scored as they come; edges keep those that reach the threshold.
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  const edgeScore: number[] = [];
  // A band's claims sorted by key: key × 2^21 + position, sorted as numbers (no comparator to call).
  const sorted = new Float64Array(n);
  const order = new Uint32Array(n);
  const consider = (i: number, j: number, band: number) => {
    for (let e = 0; e < band; e++) if (keys[e * n + i] === keys[e * n + j]) return; // met in an earlier band
    const s = scorePair(corpus, i, j).score;
    if (s >= threshold) {
      edgeA.push(i);
      edgeB.push(j);
      edgeScore.push(s);
    }
  };
  for (let b = 0; b < BANDS; b++) {
    throwIfCancelled(signal);
    onProgress?.({ phase: 'pairs', done: b, total: BANDS });
    const base = b * n;
    for (let i = 0; i < n; i++) sorted[i] = keys[base + i]! * 2 ** 21 + i;
    sorted.sort();
    for (let i = 0; i < n; i++) order[i] = sorted[i]! % 2 ** 21;
    let start = 0;
    while (start < n) {
      const key = keys[base + order[start]!]!;
      let end = start + 1;
      while (end < n && keys[base + order[end]!] === key) end++;
      if (key !== 0 && end - start > 1) {
        for (let x = start + 1; x < end; x++) {
          const top = Math.min(x, start + BUCKET_CAP);
          for (let y = start; y < top; y++) consider(order[y]!, order[x]!, b);
        }
      }
      start = end;
    }
  }
  onProgress?.({ phase: 'pairs', done: BANDS, total: BANDS });

  // Union-find over edges, best first, with the whole-cluster check.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const members = new Map<number, number[]>();
  const membersOf = (root: number) => members.get(root) ?? [root];
  const edges = Array.from(edgeScore.keys()).sort((x, y) => edgeScore[y]! - edgeScore[x]! || x - y);
  let checked = 0;
  for (const e of edges) {
    if (++checked % 5000 === 0) {
      throwIfCancelled(signal);
      onProgress?.({ phase: 'grouping', done: checked, total: edges.length });
    }
    const ra = find(edgeA[e]!);
    const rb = find(edgeB[e]!);
    if (ra === rb) continue;
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    if ((ma.length > 1 || mb.length > 1) && !alikeAsWholes(corpus, ma, mb, linkThreshold)) continue;
    const [big, small, bigList, smallList] = ma.length >= mb.length ? [ra, rb, ma, mb] : [rb, ra, mb, ma];
    parent[small] = big;
    members.set(big, bigList.concat(smallList));
    members.delete(small);
  }
  onProgress?.({ phase: 'grouping', done: edges.length, total: edges.length });

  const groups: ProposedGroup[] = [];
  for (const list of members.values()) {
    if (list.length < minSize) continue;
    groups.push(proposal(corpus, list));
  }
  groups.sort((a, b) => b.indices.length - a.indices.length || b.score - a.score || a.indices[0]! - b.indices[0]!);
  return groups;
}

/** Up to `size` members spread evenly over the list. */
function sample(list: readonly number[], size: number): number[] {
  if (list.length <= size) return [...list];
  return Array.from({ length: size }, (_, k) => list[Math.floor((k * list.length) / size)]!);
}

function alikeAsWholes(corpus: ClaimCorpus, a: readonly number[], b: readonly number[], linkThreshold: number): boolean {
  let sum = 0;
  let count = 0;
  for (const i of sample(a, SAMPLE)) {
    for (const j of sample(b, SAMPLE)) {
      const s = scorePair(corpus, i, j);
      if (s.negationDiffers || s.numbersDiffer || s.namesDiffer) return false;
      sum += s.score;
      count++;
    }
  }
  return sum / count >= linkThreshold;
}

/** The proposal for a cluster: the member most like the others first, then by position. */
function proposal(corpus: ClaimCorpus, list: number[]): ProposedGroup {
  const probe = sample(list, 30);
  let best = list[0]!;
  let bestSum = -1;
  let total = 0;
  let pairs = 0;
  const sorted = [...list].sort((x, y) => x - y);
  for (const i of sample(sorted, 30)) {
    let s = 0;
    for (const j of probe) {
      if (i === j) continue;
      const v = scorePair(corpus, i, j).score;
      s += v;
      total += v;
      pairs++;
    }
    // Ties go to the shorter wording.
    if (s > bestSum + 1e-9 || (Math.abs(s - bestSum) <= 1e-9 && corpus.claims[i]!.text.length < corpus.claims[best]!.text.length)) {
      bestSum = s;
      best = i;
    }
  }
  const indices = [best, ...sorted.filter((i) => i !== best)];
  return {
    members: indices.map((i) => corpus.claims[i]!.id),
    indices,
    canonical: corpus.claims[best]!.text.trim(),
    score: pairs ? total / pairs : 1,
  };
}

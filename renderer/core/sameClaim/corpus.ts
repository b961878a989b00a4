/**
 * The claims of a corpus prepared once for comparison: each claim's terms (content lemmas and the
 * numbers it states) as sorted ids into one vocabulary, each term weighed by its rarity in the
 * corpus (idf) and more when it names something or is a number, each claim's total weight, its
 * polarity, and an inverted index from term to claims. Two claims are compared by the weighted
 * Dice coefficient of their terms, lowered when one is negated and the other not, when each
 * states a number the other does not ("200 helicopters" against "20 helicopters"), or when each
 * names someone or something the other does not ("Russia is sending …" against "Iran is
 * sending …"). Pure.
 */
import { claimTerms } from './text.ts';

/** A claim to compare: an annotation's id, its document and its wording. */
export interface SameClaimInput {
  id: string;
  documentId: string;
  text: string;
}

/**
 * A fingerprint of a list of claims (their ids, documents and wordings, in order): equal lists give
 * equal fingerprints, and a claim added, removed, reworded or moved changes it. Two 32-bit FNV-1a
 * hashes with different seeds and the count, so a prepared index is reused only for the claims it
 * was made from.
 */
export function claimsFingerprint(claims: readonly SameClaimInput[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    // A separator no id or wording ends with, so "ab"+"c" differs from "a"+"bc".
    a = Math.imul(a ^ 0xffff, 0x01000193);
    b = Math.imul(b ^ 0xffff, 0x01000193) ^ (b >>> 15);
  };
  for (const c of claims) {
    mix(c.id);
    mix(c.documentId);
    mix(c.text);
  }
  return `${claims.length}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}

/** Something that says whether the caller gave up; an AbortSignal is one. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export class SameClaimCancelled extends Error {
  override name = 'SameClaimCancelled';
  constructor() {
    super('Cancelled.');
  }
}

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new SameClaimCancelled();
}

/** How much more a name or a number counts than another word of the same rarity. */
export const ENTITY_WEIGHT = 1.5;
export const NUMBER_WEIGHT = 1.5;
/** What a score is multiplied by when the polarities differ, the numbers conflict, the names conflict. */
export const NEGATION_PENALTY = 0.3;
export const NUMBER_PENALTY = 0.3;
export const NAME_PENALTY = 0.6;

/** What a term is: a word, a number, a name. */
export const WORD = 0;
export const NUMBER = 1;
export const NAME = 2;

export interface ClaimCorpus {
  claims: readonly SameClaimInput[];
  vocabulary: Map<string, number>;
  /** Per term id: its weight, its kind (WORD, NUMBER, NAME), how many claims have it. */
  termWeight: Float64Array;
  termKind: Uint8Array;
  documentFrequency: Uint32Array;
  /** Claim i's term ids are terms[termStart[i] .. termStart[i + 1]), ascending. */
  termStart: Uint32Array;
  terms: Uint32Array;
  /** Sum of claim i's term weights. */
  norm: Float64Array;
  negated: Uint8Array;
  /** Claims that have term t: postings[postingStart[t] .. postingStart[t + 1]), ascending. */
  postingStart: Uint32Array;
  postings: Uint32Array;
}

/** Why two claims are less alike than their words say. */
export interface PairScore {
  score: number;
  /** One is negated and the other not. */
  negationDiffers: boolean;
  /** Each states a number the other does not. */
  numbersDiffer: boolean;
  /** Each names someone or something the other does not. */
  namesDiffer: boolean;
}

const numberTerm = (n: string) => `#${n}`;

/** Prepares the claims (see the module comment); `onProgress(done, total)` every few thousand claims. */
export function indexClaims(
  claims: readonly SameClaimInput[],
  onProgress?: (done: number, total: number) => void,
  signal?: CancelSignal,
): ClaimCorpus {
  const n = claims.length;
  const vocabulary = new Map<string, number>();
  const perClaim: number[][] = [];
  const negated = new Uint8Array(n);
  const entityVotes: number[] = [];
  const frequency: number[] = [];
  const isNumber: number[] = [];
  const idOf = (term: string, number: boolean) => {
    let id = vocabulary.get(term);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(term, id);
      entityVotes.push(0);
      frequency.push(0);
      isNumber.push(number ? 1 : 0);
    }
    return id;
  };
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (i % 2000 === 0) {
      throwIfCancelled(signal);
      onProgress?.(i, n);
    }
    const t = claimTerms(claims[i]!.text);
    negated[i] = t.negated ? 1 : 0;
    const entities = new Set(t.entities);
    const ids: number[] = [];
    for (const lemma of t.lemmas) {
      const id = idOf(lemma, false);
      if (entities.has(lemma)) entityVotes[id]!++;
      ids.push(id);
    }
    for (const num of t.numbers) ids.push(idOf(numberTerm(num), true));
    ids.sort((a, b) => a - b);
    for (const id of ids) frequency[id]!++;
    total += ids.length;
    perClaim.push(ids);
  }
  onProgress?.(n, n);
  const terms = new Uint32Array(total);
  const termStart = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    termStart[i] = at;
    terms.set(perClaim[i]!, at);
    at += perClaim[i]!.length;
  }
  termStart[n] = at;
  perClaim.length = 0;
  const v = vocabulary.size;
  const termWeight = new Float64Array(v);
  const documentFrequency = Uint32Array.from(frequency);
  const termKind = new Uint8Array(v);
  for (let t = 0; t < v; t++) {
    // A term is a name when most claims that have it write it as one.
    termKind[t] = isNumber[t] ? NUMBER : entityVotes[t]! * 2 >= frequency[t]! ? NAME : WORD;
    const boost = termKind[t] === NUMBER ? NUMBER_WEIGHT : termKind[t] === NAME ? ENTITY_WEIGHT : 1;
    termWeight[t] = Math.log(1 + (n + 1) / frequency[t]!) * boost;
  }
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = termStart[i]!; k < termStart[i + 1]!; k++) s += termWeight[terms[k]!]!;
    norm[i] = s;
  }
  const postingStart = new Uint32Array(v + 1);
  for (let t = 0; t < v; t++) postingStart[t + 1] = postingStart[t]! + documentFrequency[t]!;
  const postings = new Uint32Array(total);
  const fill = postingStart.slice(0, v);
  for (let i = 0; i < n; i++) for (let k = termStart[i]!; k < termStart[i + 1]!; k++) postings[fill[terms[k]!]!++] = i;
  return { claims, vocabulary, termWeight, termKind, documentFrequency, termStart, terms, norm, negated, postingStart, postings };
}

/** Claims i and j of the corpus compared (see the module comment). */
export function scorePair(corpus: ClaimCorpus, i: number, j: number): PairScore {
  const { terms, termStart, termWeight, termKind } = corpus;
  let a = termStart[i]!;
  const aEnd = termStart[i + 1]!;
  let b = termStart[j]!;
  const bEnd = termStart[j + 1]!;
  let common = 0;
  // Bit k set: a term of kind k (NUMBER 1, NAME 2) only in that claim.
  let onlyA = 0;
  let onlyB = 0;
  while (a < aEnd && b < bEnd) {
    const x = terms[a]!;
    const y = terms[b]!;
    if (x === y) {
      common += termWeight[x]!;
      a++;
      b++;
    } else if (x < y) {
      onlyA |= termKind[x]!;
      a++;
    } else {
      onlyB |= termKind[y]!;
      b++;
    }
  }
  for (; a < aEnd; a++) onlyA |= termKind[terms[a]!]!;
  for (; b < bEnd; b++) onlyB |= termKind[terms[b]!]!;
  const sum = corpus.norm[i]! + corpus.norm[j]!;
  const both = onlyA & onlyB;
  return finalScore(sum > 0 ? (2 * common) / sum : 0, corpus.negated[i] !== corpus.negated[j], (both & NUMBER) !== 0, (both & NAME) !== 0);
}

export function finalScore(dice: number, negationDiffers: boolean, numbersDiffer: boolean, namesDiffer: boolean): PairScore {
  let score = dice;
  if (negationDiffers) score *= NEGATION_PENALTY;
  if (numbersDiffer) score *= NUMBER_PENALTY;
  if (namesDiffer) score *= NAME_PENALTY;
  return { score, negationDiffers, numbersDiffer, namesDiffer };
}

/**
 * Two wordings compared on their own, without a corpus: every term weighs 1 (names and numbers
 * more), so this is the score the finder gives when nothing is known of the words' rarity.
 */
export function compareClaims(a: string, b: string): PairScore {
  const corpus = indexClaims([
    { id: 'a', documentId: '', text: a },
    { id: 'b', documentId: '', text: b },
  ]);
  // Rarity means nothing between two claims: weigh by kind only.
  for (let t = 0; t < corpus.termWeight.length; t++)
    corpus.termWeight[t] = corpus.termWeight[t]! / Math.log(1 + 3 / corpus.documentFrequency[t]!);
  for (let i = 0; i < 2; i++) {
    let s = 0;
    for (let k = corpus.termStart[i]!; k < corpus.termStart[i + 1]!; k++) s += corpus.termWeight[corpus.terms[k]!]!;
    corpus.norm[i] = s;
  }
  return scorePair(corpus, 0, 1);
}

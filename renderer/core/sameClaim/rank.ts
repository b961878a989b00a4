/**
 * Find the same claim: the claims of a prepared corpus ranked by how likely they make the same
 * claim as a query. Only the claims that share a term with the query are scored (through the
 * corpus's inverted index), so one query over 100,000 claims touches a few thousand. Pure.
 */
import { claimTerms } from './text.ts';
import { ENTITY_WEIGHT, finalScore, NAME, NUMBER, NUMBER_WEIGHT, WORD, type ClaimCorpus, type PairScore } from './corpus.ts';

export interface SameClaimCandidate extends PairScore {
  /** The claim's position in the corpus's claims. */
  index: number;
  id: string;
  documentId: string;
  text: string;
}

export interface RankOptions {
  /** Candidates scoring below this are left out (default 0.3). */
  minScore?: number;
}

/** A query: a claim of the corpus (by its position), or any wording. */
export type SameClaimQuery = { index: number } | { text: string };

interface QueryTerms {
  ids: number[];
  /** The query's numbers and names, by term id; -1 stands for one the corpus never saw. */
  numbers: Set<number>;
  names: Set<number>;
  norm: number;
  negated: boolean;
  self: number;
}

function queryTerms(corpus: ClaimCorpus, query: SameClaimQuery): QueryTerms {
  if ('index' in query) {
    const ids = [...corpus.terms.subarray(corpus.termStart[query.index]!, corpus.termStart[query.index + 1]!)];
    return {
      ids,
      numbers: new Set(ids.filter((t) => corpus.termKind[t] === NUMBER)),
      names: new Set(ids.filter((t) => corpus.termKind[t] === NAME)),
      norm: corpus.norm[query.index]!,
      negated: corpus.negated[query.index] === 1,
      self: query.index,
    };
  }
  const t = claimTerms(query.text);
  const n = corpus.claims.length;
  const entities = new Set(t.entities);
  const q: QueryTerms = { ids: [], numbers: new Set(), names: new Set(), norm: 0, negated: t.negated, self: -1 };
  // A term no claim has still counts in the query's weight (as the rarest there is); it cannot match.
  const add = (term: string, kind: number) => {
    const id = corpus.vocabulary.get(term);
    const known = id !== undefined;
    const seen = known ? corpus.termKind[id]! : kind;
    if (known) {
      q.ids.push(id);
      q.norm += corpus.termWeight[id]!;
    } else q.norm += Math.log(1 + (n + 1)) * (kind === NUMBER ? NUMBER_WEIGHT : kind === NAME ? ENTITY_WEIGHT : 1);
    if (seen === NUMBER) q.numbers.add(known ? id : -1);
    if (seen === NAME) q.names.add(known ? id : -1);
  };
  for (const lemma of t.lemmas) add(lemma, entities.has(lemma) ? NAME : WORD);
  for (const num of t.numbers) add(`#${num}`, NUMBER);
  return q;
}

/** The `k` claims most likely the same as `query`, best first (the query's own claim left out). */
export function rankSameClaims(query: SameClaimQuery, corpus: ClaimCorpus, k: number, options: RankOptions = {}): SameClaimCandidate[] {
  const minScore = options.minScore ?? 0.3;
  const q = queryTerms(corpus, query);
  if (q.ids.length === 0 || q.norm === 0) return [];
  const n = corpus.claims.length;
  const common = new Float64Array(n);
  const touched: number[] = [];
  for (const t of q.ids) {
    const w = corpus.termWeight[t]!;
    for (let p = corpus.postingStart[t]!; p < corpus.postingStart[t + 1]!; p++) {
      const c = corpus.postings[p]!;
      if (common[c] === 0) touched.push(c);
      common[c] = common[c]! + w;
    }
  }
  const found: SameClaimCandidate[] = [];
  for (const c of touched) {
    if (c === q.self) continue;
    const dice = (2 * common[c]!) / (q.norm + corpus.norm[c]!);
    if (dice < minScore) continue;
    const scored = finalScore(
      dice,
      (corpus.negated[c] === 1) !== q.negated,
      kindDiffers(corpus, c, q.numbers, NUMBER),
      kindDiffers(corpus, c, q.names, NAME),
    );
    if (scored.score < minScore) continue;
    const claim = corpus.claims[c]!;
    found.push({ index: c, id: claim.id, documentId: claim.documentId, text: claim.text, ...scored });
  }
  found.sort((a, b) => b.score - a.score || a.index - b.index);
  return found.slice(0, k);
}

/** Whether claim c and the query each have a term of this kind (a number, a name) the other has not. */
function kindDiffers(corpus: ClaimCorpus, c: number, queryTerms: Set<number>, kind: number): boolean {
  let candidateOnly = false;
  let shared = 0;
  for (let k = corpus.termStart[c]!; k < corpus.termStart[c + 1]!; k++) {
    const t = corpus.terms[k]!;
    if (corpus.termKind[t] !== kind) continue;
    if (queryTerms.has(t)) shared++;
    else candidateOnly = true;
  }
  return candidateOnly && shared < queryTerms.size;
}

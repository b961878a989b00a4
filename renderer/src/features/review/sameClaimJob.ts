/**
 * The same-claim work the Claims view runs in a Web Worker (sameClaim.worker.ts). *Find the same
 * claim* asks a {@link SameClaimIndex} the worker keeps between requests: the corpus's claims are
 * prepared once, under a fingerprint of those claims, and a later Find with the same fingerprint
 * only ranks; a Find with another fingerprint is answered `stale`, and the window sends the claims
 * to prepare again. *Suggest groups* is a job of its own: the claims it is given are clustered into
 * proposed groups. Both report progress, and Cancel ends the worker.
 */
import { indexClaims, type CancelSignal, type ClaimCorpus, type SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import {
  suggestGroups,
  type ProposedGroup,
  type SuggestGroupsOptions,
  type SuggestGroupsProgress,
} from '../../../core/sameClaim/groups.ts';
import { rankSameClaims, type SameClaimCandidate } from '../../../core/sameClaim/rank.ts';

/**
 * Find the claims like claim `id` among the claims fingerprinted `key`; `claims` (those claims)
 * only when the worker answered `stale`.
 */
export interface FindRequest {
  kind: 'find';
  key: string;
  id: string;
  k: number;
  claims?: SameClaimInput[];
}

export interface SuggestJob {
  kind: 'suggest';
  claims: SameClaimInput[];
  options?: SuggestGroupsOptions;
}

export type SameClaimRequest = FindRequest | SuggestJob;

export type SameClaimProgress = SuggestGroupsProgress;

export type SameClaimOutput =
  | { kind: 'find'; candidates: SameClaimCandidate[] }
  /** The index holds other claims (or none): send the claims. */
  | { kind: 'stale' }
  | { kind: 'suggest'; groups: ProposedGroup[] };

/** The prepared claims of a corpus, kept for the next Find while their fingerprint holds. */
export class SameClaimIndex {
  private prepared: { key: string; corpus: ClaimCorpus; position: Map<string, number> } | null = null;

  find(req: FindRequest, progress: (p: SameClaimProgress) => void, signal?: CancelSignal): SameClaimOutput {
    if (req.claims) {
      this.prepared = null;
      const corpus = indexClaims(req.claims, (done, total) => progress({ phase: 'reading', done, total }), signal);
      this.prepared = { key: req.key, corpus, position: new Map(req.claims.map((c, i) => [c.id, i])) };
    }
    if (this.prepared?.key !== req.key) return { kind: 'stale' };
    const index = this.prepared.position.get(req.id);
    return { kind: 'find', candidates: index === undefined ? [] : rankSameClaims({ index }, this.prepared.corpus, req.k) };
  }
}

/** Answers one request: a Find from `index`, or a suggestion of groups. */
export function runSameClaimRequest(
  req: SameClaimRequest,
  index: SameClaimIndex,
  progress: (p: SameClaimProgress) => void,
  signal?: CancelSignal,
): SameClaimOutput {
  if (req.kind === 'find') return index.find(req, progress, signal);
  return { kind: 'suggest', groups: suggestGroups(req.claims, req.options, progress, signal) };
}

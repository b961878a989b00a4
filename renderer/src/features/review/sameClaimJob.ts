/**
 * The same-claim jobs the Claims view runs in a Web Worker (sameClaim.worker.ts): *Find the same
 * claim* (the claims of the corpus ranked against one) and *Suggest groups* (the corpus clustered
 * into proposed groups). Both prepare the claims they are given, so the window never holds the
 * index; both report progress, and Cancel ends the worker.
 */
import { indexClaims, type CancelSignal, type SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import {
  suggestGroups,
  type ProposedGroup,
  type SuggestGroupsOptions,
  type SuggestGroupsProgress,
} from '../../../core/sameClaim/groups.ts';
import { rankSameClaims, type SameClaimCandidate } from '../../../core/sameClaim/rank.ts';

export type SameClaimJob =
  | { kind: 'find'; claims: SameClaimInput[]; /** The chosen claim's position in `claims`. */ index: number; k: number }
  | { kind: 'suggest'; claims: SameClaimInput[]; options?: SuggestGroupsOptions };

export type SameClaimProgress = SuggestGroupsProgress;

export type SameClaimOutput = { kind: 'find'; candidates: SameClaimCandidate[] } | { kind: 'suggest'; groups: ProposedGroup[] };

export function runSameClaimJob(job: SameClaimJob, progress: (p: SameClaimProgress) => void, signal?: CancelSignal): SameClaimOutput {
  if (job.kind === 'find') {
    const corpus = indexClaims(job.claims, (done, total) => progress({ phase: 'reading', done, total }), signal);
    return { kind: 'find', candidates: rankSameClaims({ index: job.index }, corpus, job.k) };
  }
  return { kind: 'suggest', groups: suggestGroups(job.claims, job.options, progress, signal) };
}

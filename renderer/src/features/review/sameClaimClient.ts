/**
 * The same-claim worker through the one worker runner (platform/workerJob.ts). Find the same claim
 * goes to one long-lived worker that keeps the corpus's prepared claims (a service): the first
 * Find, and the first after the claims changed, prepares them with progress; later Finds only
 * rank. Suggest groups is a job in a worker of its own. Both have progress and Cancel.
 */
import { claimsFingerprint, type SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import type { SameClaimCandidate } from '../../../core/sameClaim/rank.ts';
import { openWorkerService, startWorkerJob, type RunningJob, type WorkerService } from '../../platform/workerJob.ts';
import {
  runSameClaimRequest,
  SameClaimIndex,
  type FindRequest,
  type SameClaimOutput,
  type SameClaimProgress,
  type SuggestJob,
} from './sameClaimJob.ts';

export type SameClaimReply =
  { type: 'progress'; progress: SameClaimProgress } | { type: 'done'; output: SameClaimOutput } | { type: 'error'; message: string };

export class SameClaimJobCancelled extends Error {
  override name = 'SameClaimJobCancelled';
}

const createWorker = () => new Worker(new URL('./sameClaim.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-same-claim' });
const resultOf = (reply: SameClaimReply) => (reply.type === 'done' ? { value: reply.output } : null);
const cancelled = () => new SameClaimJobCancelled('Cancelled.');
const failure = 'Finding the same claims failed.';

export function startSuggestGroups(job: SuggestJob, onProgress: (p: SameClaimProgress) => void): RunningJob<SameClaimOutput> {
  return startWorkerJob<SameClaimOutput, SameClaimProgress, SameClaimReply>(job, {
    createWorker,
    resultOf,
    onProgress,
    inThread: () => runSameClaimRequest(job, new SameClaimIndex(), onProgress),
    cancelled,
    failure,
  });
}

let finder: WorkerService<FindRequest, SameClaimOutput, SameClaimProgress> | null = null;

/** The window's one Find worker, made at the first Find. */
function findService() {
  return (finder ??= openWorkerService<FindRequest, SameClaimOutput, SameClaimReply, SameClaimProgress>({
    createWorker,
    resultOf,
    inThread: () => {
      const index = new SameClaimIndex();
      return (req, onProgress) => index.find(req, onProgress);
    },
    cancelled,
    failure,
  }));
}

/** Ends the Find worker and what it holds (the next Find starts a new one). */
export function closeFindService(): void {
  finder?.close();
  finder = null;
}

const fingerprints = new WeakMap<readonly SameClaimInput[], string>();

/**
 * The `k` claims of `claims` most like claim `id`. The claims are sent to the worker only when it
 * does not hold them already (by their fingerprint, computed once per list).
 */
export function findSameClaims(
  claims: readonly SameClaimInput[],
  id: string,
  k: number,
  onProgress: (p: SameClaimProgress) => void,
): RunningJob<SameClaimCandidate[]> {
  const service = findService();
  let key = fingerprints.get(claims);
  if (key === undefined) fingerprints.set(claims, (key = claimsFingerprint(claims)));
  let current: RunningJob<SameClaimOutput> | null = null;
  let stopped = false;
  const ask = async (withClaims: boolean) => {
    if (stopped) throw cancelled();
    current = service.start({ kind: 'find', key, id, k, ...(withClaims && { claims: [...claims] }) }, { onProgress });
    return current.result;
  };
  const result = (async () => {
    let out = await ask(false);
    if (out.kind === 'stale') {
      onProgress({ phase: 'reading', done: 0, total: claims.length });
      out = await ask(true);
    }
    if (out.kind !== 'find') throw new Error(failure);
    return out.candidates;
  })();
  return {
    result,
    cancel() {
      stopped = true;
      current?.cancel();
    },
  };
}

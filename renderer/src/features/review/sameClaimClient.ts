/** Starts a same-claim job in its worker through the one worker-job runner: progress, Cancel, a result. */
import { startWorkerJob, type RunningJob } from '../../platform/workerJob.ts';
import { runSameClaimJob, type SameClaimJob, type SameClaimOutput, type SameClaimProgress } from './sameClaimJob.ts';

export type SameClaimReply =
  { type: 'progress'; progress: SameClaimProgress } | { type: 'done'; output: SameClaimOutput } | { type: 'error'; message: string };

export class SameClaimJobCancelled extends Error {
  override name = 'SameClaimJobCancelled';
}

export function startSameClaimJob(job: SameClaimJob, onProgress: (p: SameClaimProgress) => void): RunningJob<SameClaimOutput> {
  return startWorkerJob<SameClaimOutput, SameClaimProgress, SameClaimReply>(job, {
    createWorker: () => new Worker(new URL('./sameClaim.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-same-claim' }),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.output } : null),
    onProgress,
    inThread: () => runSameClaimJob(job, onProgress),
    cancelled: () => new SameClaimJobCancelled('Cancelled.'),
    failure: 'Finding the same claims failed.',
  });
}

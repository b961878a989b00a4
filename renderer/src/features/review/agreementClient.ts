/** Starts the agreement worker and hands back a cancellable promise with progress. */
import { startWorkerJob, type RunningJob } from '../../platform/workerJob.ts';
import type { AgreementJob, AgreementOutput, AgreementProgress } from './agreementJob.ts';

export type AgreementReply =
  { type: 'progress'; progress: AgreementProgress } | { type: 'done'; output: AgreementOutput } | { type: 'error'; message: string };

export class AgreementCancelled extends Error {
  override name = 'AgreementCancelled';
}

/** A running computation; Cancel stops the worker at once and rejects `result` with {@link AgreementCancelled}. */
export type RunningAgreement = RunningJob<AgreementOutput>;

export function startAgreement(job: AgreementJob, onProgress: (p: AgreementProgress) => void): RunningAgreement {
  return startWorkerJob<AgreementOutput, AgreementProgress, AgreementReply>(job, {
    createWorker: () => new Worker(new URL('./agreement.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-agreement' }),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.output } : null),
    onProgress,
    cancelled: () => new AgreementCancelled('Cancelled.'),
    failure: 'The agreement worker failed.',
  });
}

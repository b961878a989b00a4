/** Starts the agreement worker and hands back a cancellable promise with progress. */
import type { AgreementJob, AgreementOutput, AgreementProgress } from './agreementJob.ts';

export type AgreementReply =
  | { type: 'progress'; progress: AgreementProgress }
  | { type: 'done'; output: AgreementOutput }
  | { type: 'error'; message: string };

export class AgreementCancelled extends Error {
  override name = 'AgreementCancelled';
}

export interface RunningAgreement {
  result: Promise<AgreementOutput>;
  /** Stops the worker at once; `result` rejects with {@link AgreementCancelled}. */
  cancel(): void;
}

export function startAgreement(job: AgreementJob, onProgress: (p: AgreementProgress) => void): RunningAgreement {
  const worker = new Worker(new URL('./agreement.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-agreement' });
  let settle: { resolve(o: AgreementOutput): void; reject(e: Error): void } | null = null;
  const result = new Promise<AgreementOutput>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => worker.terminate();
  worker.onmessage = (event: MessageEvent<AgreementReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') onProgress(reply.progress);
    else if (reply.type === 'done') {
      finish();
      settle?.resolve(reply.output);
    } else {
      finish();
      settle?.reject(new Error(reply.message));
    }
  };
  worker.onerror = (event) => {
    finish();
    settle?.reject(new Error(event.message || 'The agreement worker failed.'));
  };
  worker.postMessage(job);
  return {
    result,
    cancel() {
      finish();
      settle?.reject(new AgreementCancelled('Cancelled.'));
    },
  };
}

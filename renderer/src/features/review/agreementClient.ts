/**
 * The dashboard's agreement worker, a service (platform/workerJob.ts) that keeps its last
 * computation: Compute reads and computes what the dashboard shows, with progress and Cancel; a
 * document's figures and the CSV exports are asked of the same worker afterwards.
 */
import type { DocumentAgreement } from '../../../core/metrics/report.ts';
import { openWorkerService, type RunningJob } from '../../platform/workerJob.ts';
import {
  AgreementSession,
  type AgreementAnswer,
  type AgreementCsv,
  type AgreementJob,
  type AgreementOutput,
  type AgreementProgress,
  type AgreementRequest,
} from './agreementJob.ts';

export type AgreementReply =
  { type: 'progress'; progress: AgreementProgress } | { type: 'done'; output: AgreementAnswer } | { type: 'error'; message: string };

export class AgreementCancelled extends Error {
  override name = 'AgreementCancelled';
}

/** A running computation; Cancel stops the worker at once and rejects `result` with {@link AgreementCancelled}. */
export type RunningAgreement<T = AgreementOutput> = RunningJob<T>;

export interface AgreementService {
  compute(onProgress: (p: AgreementProgress) => void): RunningAgreement;
  /** Every figure of one document; undefined when the project has no such document. */
  document(id: string): RunningAgreement<DocumentAgreement | undefined>;
  figuresCsv(onProgress: (p: AgreementProgress) => void): RunningAgreement<AgreementCsv>;
  disagreementsCsv(onProgress: (p: AgreementProgress) => void): RunningAgreement<AgreementCsv>;
  close(): void;
}

export function openAgreement(job: AgreementJob): AgreementService {
  const service = openWorkerService<AgreementRequest, AgreementAnswer, AgreementReply, AgreementProgress>({
    createWorker: () => new Worker(new URL('./agreement.worker.ts', import.meta.url), { type: 'module', name: 'claimscope-agreement' }),
    resultOf: (reply) => (reply.type === 'done' ? { value: reply.output } : null),
    inThread: () => {
      const session = new AgreementSession();
      return (req, onProgress) => session.answer(req, onProgress);
    },
    cancelled: () => new AgreementCancelled('Cancelled.'),
    failure: 'The agreement worker failed.',
  });
  const start = <T>(req: AgreementRequest, onProgress?: (p: AgreementProgress) => void) =>
    service.start(req, { onProgress }) as RunningAgreement<T>;
  return {
    compute: (onProgress) => start({ type: 'compute', job }, onProgress),
    document: (id) => start({ type: 'document', job, id }),
    figuresCsv: (onProgress) => start({ type: 'figures-csv', job }, onProgress),
    disagreementsCsv: (onProgress) => start({ type: 'disagreements-csv', job }, onProgress),
    close: () => service.close(),
  };
}

/** Computes the agreement report off the UI thread; the window terminates it on Cancel. */
import { runAgreementJob, type AgreementJob } from './agreementJob.ts';
import type { AgreementReply } from './agreementClient.ts';

const post = (reply: AgreementReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (event: MessageEvent<AgreementJob>) => {
  runAgreementJob(event.data, (progress) => post({ type: 'progress', progress })).then(
    (output) => post({ type: 'done', output }),
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};

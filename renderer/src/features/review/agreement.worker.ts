/**
 * Answers the dashboard's agreement requests (agreementJob.ts) off the UI thread, keeping the last
 * computation for the requests that follow; the window terminates it on Cancel.
 */
import { AgreementSession, type AgreementRequest } from './agreementJob.ts';
import type { AgreementReply } from './agreementClient.ts';

const post = (reply: AgreementReply) => (self as unknown as Worker).postMessage(reply);
const session = new AgreementSession();

self.onmessage = (event: MessageEvent<AgreementRequest>) => {
  session
    .answer(event.data, (progress) => post({ type: 'progress', progress }))
    .then(
      (output) => post({ type: 'done', output }),
      (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
};

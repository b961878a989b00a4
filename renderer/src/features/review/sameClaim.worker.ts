/**
 * Answers same-claim requests (sameClaimJob.ts) off the window's thread. The worker keeps the
 * prepared index between Finds; the window terminates it on Cancel.
 */
import { runSameClaimRequest, SameClaimIndex, type SameClaimRequest } from './sameClaimJob.ts';
import type { SameClaimReply } from './sameClaimClient.ts';

const post = (reply: SameClaimReply) => (self as unknown as Worker).postMessage(reply);
const index = new SameClaimIndex();

self.onmessage = (event: MessageEvent<SameClaimRequest>) => {
  try {
    post({ type: 'done', output: runSameClaimRequest(event.data, index, (progress) => post({ type: 'progress', progress })) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

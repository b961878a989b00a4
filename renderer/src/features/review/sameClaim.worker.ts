/** Runs a same-claim job (sameClaimJob.ts) off the window's thread; the window terminates it on Cancel. */
import { runSameClaimJob, type SameClaimJob } from './sameClaimJob.ts';
import type { SameClaimReply } from './sameClaimClient.ts';

const post = (reply: SameClaimReply) => (self as unknown as Worker).postMessage(reply);

self.onmessage = (event: MessageEvent<SameClaimJob>) => {
  try {
    post({ type: 'done', output: runSameClaimJob(event.data, (progress) => post({ type: 'progress', progress })) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};

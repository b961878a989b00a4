/**
 * Runs one same-claim job at a time (sameClaimClient.ts) for a pane: its progress while it runs,
 * Cancel, and its failure as a sentence. Starting another job cancels the one running; leaving the
 * pane cancels it too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunningJob } from '../../platform/workerJob.ts';
import { SameClaimJobCancelled, startSameClaimJob } from './sameClaimClient.ts';
import type { SameClaimJob, SameClaimOutput, SameClaimProgress } from './sameClaimJob.ts';

export const SAME_CLAIM_PHASES: Record<SameClaimProgress['phase'], string> = {
  reading: 'Reading the claims',
  signatures: 'Signing the claims',
  pairs: 'Comparing likely pairs',
  grouping: 'Forming groups',
};

export function useSameClaimJob(onCancelled: () => void) {
  const [progress, setProgress] = useState<SameClaimProgress | null>(null);
  const [error, setError] = useState('');
  const running = useRef<RunningJob<SameClaimOutput> | null>(null);

  useEffect(() => () => running.current?.cancel(), []);

  const run = useCallback(
    async (job: SameClaimJob): Promise<SameClaimOutput | null> => {
      running.current?.cancel();
      setError('');
      setProgress({ phase: 'reading', done: 0, total: job.claims.length });
      const started = startSameClaimJob(job, setProgress);
      running.current = started;
      try {
        return await started.result;
      } catch (err) {
        // A job another one replaced ends quietly.
        if (running.current !== started) return null;
        if (err instanceof SameClaimJobCancelled) onCancelled();
        else setError(err instanceof Error ? err.message : String(err));
        return null;
      } finally {
        if (running.current === started) {
          running.current = null;
          setProgress(null);
        }
      }
    },
    [onCancelled],
  );

  const cancel = useCallback(() => running.current?.cancel(), []);
  return { progress, error, run, cancel };
}

/** "Comparing likely pairs (12 of 24)" */
export function describeProgress(p: SameClaimProgress): string {
  return `${SAME_CLAIM_PHASES[p.phase]}${p.total > 0 ? ` (${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')})` : '…'}`;
}

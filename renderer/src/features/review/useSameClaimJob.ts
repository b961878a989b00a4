/**
 * Runs one same-claim request at a time (sameClaimClient.ts) for a pane: whether it runs, its
 * progress when the worker reports some (a Find the worker answers from its index reports none),
 * Cancel, and its failure as a sentence. Starting another cancels the one running; leaving the
 * pane cancels it too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunningJob } from '../../platform/workerJob.ts';
import { SameClaimJobCancelled } from './sameClaimClient.ts';
import type { SameClaimProgress } from './sameClaimJob.ts';

export const SAME_CLAIM_PHASES: Record<SameClaimProgress['phase'], string> = {
  reading: 'Reading the claims',
  signatures: 'Signing the claims',
  pairs: 'Comparing likely pairs',
  grouping: 'Forming groups',
};

export function useSameClaimJob(onCancelled: () => void) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<SameClaimProgress | null>(null);
  const [error, setError] = useState('');
  const running = useRef<RunningJob<unknown> | null>(null);

  useEffect(() => () => running.current?.cancel(), []);

  /** Starts a request (`first`: the progress to show until the worker reports, or null for none). */
  const run = useCallback(
    async <T>(start: (onProgress: (p: SameClaimProgress) => void) => RunningJob<T>, first: SameClaimProgress | null): Promise<T | null> => {
      running.current?.cancel();
      setError('');
      setBusy(true);
      setProgress(first);
      const started = start(setProgress);
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
          setBusy(false);
          setProgress(null);
        }
      }
    },
    [onCancelled],
  );

  const cancel = useCallback(() => running.current?.cancel(), []);
  return { busy, progress, error, run, cancel };
}

/** "Comparing likely pairs (12 of 24)" */
export function describeProgress(p: SameClaimProgress): string {
  return `${SAME_CLAIM_PHASES[p.phase]}${p.total > 0 ? ` (${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')})` : '…'}`;
}

/**
 * Runs `run` each time `request` is bumped (a view's key asks for the job again); a new `run` alone
 * does not run it, but the run that follows a request is always the latest one.
 */
import { useEffect, useRef } from 'react';

export function useOnRequest(request: number, run: () => unknown): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    if (request > 0) void latest.current();
  }, [request]);
}

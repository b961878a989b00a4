/**
 * Find the same claim: for the claim chosen in the Claims view, the claims of the whole corpus
 * ranked by how likely they make the same claim (in a worker, with progress and Cancel), each with
 * its document, its score and why it may not be the same (negated, other numbers, other names);
 * each can be added to the chosen claim's group or opened in its document.
 */
import { useCallback, useState } from 'react';
import type { SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import type { SameClaimCandidate } from '../../../core/sameClaim/rank.ts';
import { describeProgress, useSameClaimJob } from './useSameClaimJob.ts';
import type { SameClaimProgress } from './sameClaimJob.ts';
import { useOnRequest } from '../../components/useOnRequest.ts';

/** A candidate scoring this or more is marked likely the same (Suggest groups' default threshold). */
export const LIKELY_SAME = 0.75;
const LISTED = 10;

interface Props {
  /** The chosen claim, or null. */
  chosen: SameClaimInput | null;
  /** Every claim of the corpus. */
  claims: readonly SameClaimInput[];
  titles: ReadonlyMap<string, string>;
  /** Bumped by the view's key (F): runs Find for the chosen claim. */
  request: number;
  /** Whether the candidate is already in the chosen claim's group. */
  inGroup(annotationId: string): boolean;
  onAdd(candidate: SameClaimCandidate): void;
  onOpen(candidate: SameClaimCandidate): void;
  onNotice(text: string): void;
}

export function SameClaimPanel({ chosen, claims, titles, request, inGroup, onAdd, onOpen, onNotice }: Props) {
  const cancelled = useCallback(() => onNotice('Find the same claim cancelled.'), [onNotice]);
  const job = useSameClaimJob(cancelled);
  const [found, setFound] = useState<{ for: string; candidates: SameClaimCandidate[] } | null>(null);

  const find = useCallback(async () => {
    if (!chosen) return;
    const index = claims.findIndex((c) => c.id === chosen.id);
    if (index < 0) return;
    const out = await job.run({ kind: 'find', claims: [...claims], index, k: LISTED });
    if (out?.kind === 'find') setFound({ for: chosen.id, candidates: out.candidates });
  }, [chosen, claims, job]);

  // Only a new request (the view's key) runs it, not a new chosen claim.
  useOnRequest(request, find);

  if (!chosen) return null;
  const list = found?.for === chosen.id ? found.candidates : null;
  return (
    <section className="same-claim" aria-label="Find the same claim">
      <div className="same-claim-head">
        <h3>The same claim elsewhere</h3>
        <button type="button" onClick={() => void find()} disabled={job.progress !== null} aria-keyshortcuts="F">
          Find the same claim
        </button>
      </div>
      <JobProgress progress={job.progress} label="Find the same claim progress" onCancel={job.cancel} />
      {job.error && (
        <p role="alert" className="error">
          Find the same claim failed: {job.error}
        </p>
      )}
      {list && list.length === 0 && <p className="hint">No claim of the corpus is like this one.</p>}
      {list && list.length > 0 && (
        <ol className="same-claim-list" aria-label={`Claims like “${chosen.text}”`}>
          {list.map((c) => {
            const grouped = inGroup(c.id);
            return (
              <li key={c.id} className={c.score >= LIKELY_SAME ? 'likely' : undefined}>
                <div className="same-claim-score">
                  {Math.round(c.score * 100)}%{c.score >= LIKELY_SAME ? ' · likely the same' : ''}
                  {whyNot(c)}
                </div>
                <div className="quote">{c.text}</div>
                <div className="same-claim-doc">{titles.get(c.documentId) ?? c.documentId}</div>
                <div className="same-claim-actions">
                  <button
                    type="button"
                    className="link"
                    onClick={() => onAdd(c)}
                    disabled={grouped}
                    aria-label={`${grouped ? 'In the group' : 'Add to group'}: “${c.text}”`}
                  >
                    {grouped ? 'In the group' : 'Add to group'}
                  </button>
                  <button type="button" className="link" onClick={() => onOpen(c)} aria-label={`Open “${c.text}” in its document`}>
                    Open
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function whyNot(c: SameClaimCandidate): string {
  const reasons = [c.negationDiffers && 'one is negated', c.numbersDiffer && 'other numbers', c.namesDiffer && 'other names'].filter(
    Boolean,
  );
  return reasons.length ? ` · ${reasons.join(', ')}` : '';
}

/** A running job's phase, a progress bar and Cancel (shared by Find and Suggest groups). */
export function JobProgress({ progress, label, onCancel }: { progress: SameClaimProgress | null; label: string; onCancel(): void }) {
  if (!progress) return null;
  return (
    <div className="dashboard-progress" role="status" aria-live="polite">
      <span>{describeProgress(progress)}</span>
      <progress aria-label={label} max={progress.total || undefined} value={progress.total ? progress.done : undefined} />
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

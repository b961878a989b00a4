/**
 * Suggest groups: the claims shown in the Claims view clustered into proposed groups of the same
 * claim (in a worker, with progress and Cancel). Nothing is applied on its own: each proposal is
 * confirmed (which creates the group, undoable), split (members dropped), merged with another
 * proposal, or dismissed. Its wording is editable before confirming.
 */
import { useCallback, useState } from 'react';
import type { SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import { plural, pluralCount } from '../../../core/model/plural.ts';
import { JobProgress } from './SameClaimPanel.tsx';
import { useSameClaimJob } from './useSameClaimJob.ts';
import { useOnRequest } from '../../components/useOnRequest.ts';

interface Proposal {
  key: number;
  members: SameClaimInput[];
  canonical: string;
  score: number;
}

interface Props {
  /** The claims to cluster (those the view shows). */
  claims: readonly SameClaimInput[];
  titles: ReadonlyMap<string, string>;
  /** Bumped by the view's key (Shift+G): runs Suggest groups. */
  request: number;
  /** Creates the group; resolves true when it was saved. */
  onConfirm(members: readonly SameClaimInput[], canonical: string): Promise<boolean>;
  onOpen(member: SameClaimInput): void;
  onNotice(text: string): void;
  onClose(): void;
}

const PAGE = 20;

export function SuggestGroupsPanel({ claims, titles, request, onConfirm, onOpen, onNotice, onClose }: Props) {
  const cancelled = useCallback(() => onNotice('Suggest groups cancelled.'), [onNotice]);
  const job = useSameClaimJob(cancelled);
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [mergeWith, setMergeWith] = useState<Record<number, string>>({});

  const suggest = useCallback(async () => {
    const input = [...claims];
    const out = await job.run({ kind: 'suggest', claims: input });
    if (out?.kind !== 'suggest') return;
    setShown(PAGE);
    setProposals(out.groups.map((g, key) => ({ key, members: g.indices.map((i) => input[i]!), canonical: g.canonical, score: g.score })));
  }, [claims, job]);

  useOnRequest(request, suggest);

  const update = (key: number, change: (p: Proposal) => Proposal | null) =>
    setProposals((list) => list && list.flatMap((p) => (p.key === key ? (change(p) ?? []) : [p])));

  const confirm = async (p: Proposal) => {
    if (await onConfirm(p.members, p.canonical.trim() || p.members[0]!.text)) update(p.key, () => null);
  };

  const merge = (p: Proposal) => {
    const other = proposals?.find((x) => String(x.key) === mergeWith[p.key]);
    if (!other) return;
    const ids = new Set(p.members.map((m) => m.id));
    update(p.key, () => ({ ...p, members: [...p.members, ...other.members.filter((m) => !ids.has(m.id))] }));
    update(other.key, () => null);
  };

  const list = proposals ?? [];
  return (
    <section className="suggest-groups" aria-label="Suggested groups">
      <div className="same-claim-head">
        <h3>Suggested groups</h3>
        <button
          type="button"
          onClick={() => void suggest()}
          disabled={job.progress !== null || claims.length < 2}
          aria-keyshortcuts="Shift+G"
        >
          Suggest groups ({pluralCount(claims.length, 'claim')})
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <JobProgress progress={job.progress} label="Suggest groups progress" onCancel={job.cancel} />
      {job.error && (
        <p role="alert" className="error">
          Suggest groups failed: {job.error}
        </p>
      )}
      {proposals && (
        <p className="hint" aria-live="polite">
          {list.length
            ? `${plural(list.length, 'proposed group')}: confirm, split, merge or dismiss each. Nothing is grouped until you confirm.`
            : 'No groups to propose among these claims.'}
        </p>
      )}
      <ol className="proposal-list">
        {list.slice(0, shown).map((p, n) => (
          <li key={p.key} className="proposal" aria-label={`Proposed group ${n + 1}: ${p.canonical}`}>
            <label>
              Wording
              <input value={p.canonical} onChange={(e) => update(p.key, (x) => ({ ...x, canonical: e.target.value }))} />
            </label>
            <div className="same-claim-score">
              {plural(p.members.length, 'claim')} · {Math.round(p.score * 100)}% alike
            </div>
            <ul className="proposal-members">
              {p.members.map((m) => (
                <li key={m.id}>
                  <span className="quote">{m.text}</span> <span className="same-claim-doc">{titles.get(m.documentId) ?? m.documentId}</span>
                  <button type="button" className="link" onClick={() => onOpen(m)} aria-label={`Open “${m.text}” in its document`}>
                    Open
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Drop “${m.text}” from this group`}
                    onClick={() =>
                      update(p.key, (x) => (x.members.length > 2 ? { ...x, members: x.members.filter((y) => y.id !== m.id) } : null))
                    }
                  >
                    Drop
                  </button>
                </li>
              ))}
            </ul>
            <div className="same-claim-actions">
              <button type="button" onClick={() => void confirm(p)}>
                Confirm
              </button>
              <select
                aria-label={`Merge proposed group ${n + 1} with`}
                value={mergeWith[p.key] ?? ''}
                onChange={(e) => setMergeWith({ ...mergeWith, [p.key]: e.target.value })}
              >
                <option value="">Merge with…</option>
                {list.slice(0, 200).map((x, k) =>
                  x.key === p.key ? null : (
                    <option key={x.key} value={x.key}>
                      {k + 1}. {x.canonical}
                    </option>
                  ),
                )}
              </select>
              <button type="button" onClick={() => merge(p)} disabled={!mergeWith[p.key]}>
                Merge
              </button>
              <button type="button" onClick={() => update(p.key, () => null)}>
                Dismiss
              </button>
            </div>
          </li>
        ))}
      </ol>
      {list.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, list.length - shown)} more of {list.length - shown}
        </button>
      )}
    </section>
  );
}

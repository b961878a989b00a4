/**
 * The Claims view's same-claim tools beside its table: Find the same claim for the chosen claim
 * (over every claim of the corpus) and Suggest groups (over the claims the table shows). What
 * they add or confirm goes through the Workspace's claim-group writes into the grouping the view
 * shows, as one undoable step each.
 */
import { useCallback, useMemo, useState } from 'react';
import type { ClaimGroup, ClaimGroupMember } from '../../../core/model/types.ts';
import type { ClaimRow } from '../../../core/review/claims.ts';
import type { SameClaimInput } from '../../../core/sameClaim/corpus.ts';
import { SameClaimPanel } from './SameClaimPanel.tsx';
import { SuggestGroupsPanel } from './SuggestGroupsPanel.tsx';
import './sameClaim.css';
import { useWorkspace } from '../../app/WorkspaceContext.tsx';

interface Props {
  /** Every claim of the project, and those the table shows. */
  rows: readonly ClaimRow[];
  shown: readonly ClaimRow[];
  chosen: ClaimRow | null;
  /** The grouping the view shows (a layer), and the group of a claim in it. */
  grouping: string;
  groupOf(annotationId: string): ClaimGroup | undefined;
  titles: ReadonlyMap<string, string>;
  onOpen(row: Pick<ClaimRow, 'id' | 'documentId'>): void;
  /** Bumped by the view's keys: F finds the same claim, Shift+G suggests groups. */
  findRequest: number;
  suggestRequest: number;
}

const asInput = (r: ClaimRow): SameClaimInput => ({ id: r.id, documentId: r.documentId, text: r.claim });
const member = (c: Pick<SameClaimInput, 'id' | 'documentId'>): ClaimGroupMember => ({
  documentId: c.documentId as ClaimGroupMember['documentId'],
  annotationId: c.id as ClaimGroupMember['annotationId'],
});

export function SameClaimTools({ rows, shown, chosen, grouping, groupOf, titles, onOpen, findRequest, suggestRequest }: Props) {
  const workspace = useWorkspace();
  const all = useMemo(() => rows.map(asInput), [rows]);
  const visible = useMemo(() => shown.map(asInput), [shown]);
  const [status, setStatus] = useState('');
  const [suggestClosed, setSuggestClosed] = useState(suggestRequest);
  const chosenGroup = chosen ? groupOf(chosen.id) : undefined;

  const add = useCallback(
    (candidate: SameClaimInput) => {
      if (!chosen) return;
      if (chosenGroup) void workspace.claimGroups.addTo(chosenGroup, [member(candidate)]);
      else void workspace.claimGroups.group(grouping, [member(chosen), member(candidate)], chosen.claim);
    },
    [workspace, chosen, chosenGroup, grouping],
  );

  const confirm = useCallback(
    async (members: readonly SameClaimInput[], canonical: string) => {
      const made = await workspace.claimGroups.group(grouping, members.map(member), canonical);
      if (made) setStatus(`Grouped ${members.length} claims as “${canonical}”.`);
      return made !== undefined;
    },
    [workspace, grouping],
  );

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {suggestRequest > suggestClosed && (
        <SuggestGroupsPanel
          claims={visible}
          titles={titles}
          request={suggestRequest}
          onClose={() => setSuggestClosed(suggestRequest)}
          onConfirm={confirm}
          onOpen={onOpen}
          onNotice={setStatus}
        />
      )}
      <SameClaimPanel
        chosen={chosen ? asInput(chosen) : null}
        claims={all}
        titles={titles}
        request={findRequest}
        inGroup={(id) => chosenGroup !== undefined && groupOf(id) === chosenGroup}
        onAdd={add}
        onOpen={onOpen}
        onNotice={setStatus}
      />
    </>
  );
}

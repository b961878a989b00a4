/**
 * The claim groups of one grouping layer, beside the Claims table: the list of groups (each a
 * drop target for claim rows dragged from the table, and a button that opens the group) and the
 * chosen group's detail. Every write goes through `workspace.claimGroups` (one undo step each).
 */
import { useState } from 'react';
import { plural } from '../../../core/model/plural.ts';
import type { ClaimGroup, ClaimGroupMember } from '../../../core/model/types.ts';
import { CLAIMS_DRAG_TYPE, type ClaimGroupsPanelProps } from '../../app/claimGroupsPanel.ts';
import { GroupDetail } from './GroupDetail.tsx';
import './groups.css';

function droppedMembers(e: React.DragEvent): ClaimGroupMember[] {
  try {
    const parsed = JSON.parse(e.dataTransfer.getData(CLAIMS_DRAG_TYPE)) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (m): m is ClaimGroupMember =>
        typeof m === 'object' && m !== null && typeof m.documentId === 'string' && typeof m.annotationId === 'string',
    );
  } catch {
    return [];
  }
}

export function ClaimGroupsPanel(props: ClaimGroupsPanelProps) {
  const { workspace, layer, editable, groups, chosenGroupId, onChooseGroup } = props;
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const chosen = groups.find((g) => g.id === chosenGroupId) ?? null;
  const dropProps = (g: ClaimGroup) =>
    editable
      ? {
          onDragOver: (e: React.DragEvent) => {
            if (!e.dataTransfer.types.includes(CLAIMS_DRAG_TYPE)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            setDropTarget(g.id);
          },
          onDragLeave: () => setDropTarget((t) => (t === g.id ? null : t)),
          onDrop: (e: React.DragEvent) => {
            e.preventDefault();
            setDropTarget(null);
            const members = droppedMembers(e);
            if (members.length) void workspace.claimGroups.addTo(g, members).then(() => onChooseGroup(g.id));
          },
        }
      : {};
  return (
    <section className="claim-groups" aria-labelledby="claim-groups-title">
      <h2 id="claim-groups-title">
        Groups of {layer} <span className="count">{groups.length}</span>
      </h2>
      {!editable && <p className="hint">This is {layer}’s grouping: read-only here.</p>}
      {groups.length === 0 ? (
        <p className="hint">
          No groups yet. Tick claims that make the same claim (Space, Shift+↓) and press G{editable ? '' : ' in your own grouping'}.
        </p>
      ) : (
        <ul className="group-list" aria-label={`Groups of ${layer}`}>
          {groups.map((g) => (
            <li key={g.id} className={dropTarget === g.id ? 'drop-target' : undefined} {...dropProps(g)}>
              <button
                type="button"
                className="group-item"
                aria-pressed={g.id === chosenGroupId}
                onClick={() => onChooseGroup(g.id === chosenGroupId ? null : g.id)}
              >
                <span className="group-canonical">{g.canonical}</span>
                <span className="group-meta">
                  {plural(g.members.length, 'claim')}
                  {(g.removed?.length ?? 0) > 0 && ` · ${g.removed!.length} removed`}
                  {g.factChecks.length > 0 && ` · ${plural(g.factChecks.length, 'fact-check')}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* Keyed by its last change, so the fields show the group as saved after any write (an undo too). */}
      {chosen && <GroupDetail key={`${chosen.id}:${chosen.updatedAt}`} {...props} group={chosen} />}
    </section>
  );
}

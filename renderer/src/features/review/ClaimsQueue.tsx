/**
 * The claims review queue: every claim across the corpus in one table (claim, its group, speaker,
 * source chain, attributes, layer, review state, comments), filterable and sortable, virtualised.
 * A row opens the document at the claim; the thread of the chosen claim is shown beside the
 * table. Claims are ticked (Space, Shift+↑/↓, the checkbox) and grouped as the same claim (G),
 * taken out of their group (U) or dragged onto a group; the groups themselves are shown by the
 * panel App composes in (`renderGroups`, features/groups).
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { GOLD_LAYER, type ClaimGroup, type ClaimGroupMember } from '../../../core/model/types.ts';
import { plural } from '../../../core/model/plural.ts';
import { claimRows, filterClaimRows, type ClaimRow, type ClaimSortKey } from '../../../core/review/claims.ts';
import type { DocumentFacts } from '../../../core/review/claimGroupView.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useClaimGroups, useProjectReview } from '../../app/liveReads.ts';
import { handleScopedKey, keyHint, matchShortcut } from '../../app/actions.ts';
import { isEditableTarget } from '../../app/keys.ts';
import { canEditGrouping } from '../../app/claimGroupWrites.ts';
import { CLAIMS_DRAG_TYPE, type ClaimGroupsPanelProps } from '../../app/claimGroupsPanel.ts';
import { threadsOf } from '../../db/review.ts';
import { CommentThread } from './CommentThread.tsx';
import { SameClaimTools } from './SameClaimTools.tsx';
import { toggled } from '../../../core/model/sets.ts';

interface Props {
  workspace: Workspace;
  projectId: string;
  reviewer: string;
  titles: ReadonlyMap<string, string>;
  /** The project's documents' titles and metadata (dates, outlets), for the groups' timelines. */
  documents: ReadonlyMap<string, DocumentFacts>;
  onOpen(row: Pick<ClaimRow, 'id' | 'documentId'>): void;
  /** The claim-groups panel beside the table. */
  renderGroups?: (props: ClaimGroupsPanelProps) => ReactNode;
}

const ROW = 44;
const member = (r: Pick<ClaimRow, 'id' | 'documentId'>): ClaimGroupMember => ({
  documentId: r.documentId as never,
  annotationId: r.id as never,
});
const COLUMNS: { key: ClaimSortKey | null; title: string }[] = [
  { key: null, title: '' },
  { key: 'document', title: 'Document' },
  { key: 'claim', title: 'Claim' },
  { key: null, title: 'Group' },
  { key: 'speaker', title: 'Speaker' },
  { key: null, title: 'Source chain' },
  { key: null, title: 'Attributes' },
  { key: 'layer', title: 'Layer' },
  { key: 'state', title: 'Review' },
  { key: 'comments', title: 'Comments' },
];

export function ClaimsQueue({ workspace, projectId, reviewer, titles, documents, onOpen, renderGroups }: Props) {
  const data = useProjectReview(workspace.db, projectId);
  const allGroups = useClaimGroups(workspace.db, projectId);
  const threads = useMemo(() => threadsOf(data?.comments ?? []), [data]);
  const rows = useMemo(() => {
    if (!data) return [];
    const counts = new Map([...threads].map(([id, t]) => [id, { count: t.comments.length, resolved: t.resolved }]));
    return claimRows({ annotations: data.annotations, relations: data.relations, decisions: data.decisions, threads: counts });
  }, [data, threads]);
  const claims = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const [text, setText] = useState('');
  const [layer, setLayer] = useState('');
  const [state, setState] = useState('');
  const [sort, setSort] = useState<ClaimSortKey>('document');
  const [descending, setDescending] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [grouping, setGrouping] = useState(reviewer);
  const [chosenGroupId, setChosenGroupId] = useState<string | null>(null);
  const [findRequest, setFindRequest] = useState(0);
  const [suggestRequest, setSuggestRequest] = useState(0);
  const shown = useMemo(
    () => filterClaimRows(rows, { text, layer, state, sort, descending, titles }),
    [rows, text, layer, state, sort, descending, titles],
  );
  const layers = useMemo(() => [...new Set(rows.map((r) => r.layer))].sort(), [rows]);
  const groupings = useMemo(() => [...new Set([reviewer, GOLD_LAYER, ...(allGroups ?? []).map((g) => g.layer)])], [reviewer, allGroups]);
  const groups = useMemo(() => (allGroups ?? []).filter((g) => g.layer === grouping), [allGroups, grouping]);
  const groupOf = useMemo(() => {
    const map = new Map<string, ClaimGroup>();
    for (const g of groups) for (const m of g.members) map.set(m.annotationId, g);
    return map;
  }, [groups]);
  const editable = canEditGrouping(grouping, reviewer);
  const tickedMembers = useMemo(() => {
    const inTable = shown.filter((r) => ticked.has(r.id));
    const hidden = rows.filter((r) => ticked.has(r.id) && !inTable.includes(r));
    return [...inTable, ...hidden].map(member);
  }, [shown, rows, ticked]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 10,
  });
  const chosenRow = shown.find((r) => r.id === chosen) ?? null;
  const chosenAnnotation = chosenRow ? data?.annotations.find((a) => a.id === chosenRow.id) : undefined;
  const activeIndex = chosenRow ? shown.indexOf(chosenRow) : -1;

  /** Chooses a claim (its group, if it has one in the grouping shown, opens beside the table). */
  const choose = (id: string) => {
    setChosen(id);
    const g = groupOf.get(id);
    if (g) setChosenGroupId(g.id);
  };
  const tick = (ids: string[], on: boolean) => setTicked((t) => toggled(t, on, ids));
  /** The ticked claims, or the chosen one when none is ticked. */
  const targets = (): ClaimGroupMember[] => (tickedMembers.length ? tickedMembers : chosenRow ? [member(chosenRow)] : []);

  /** Groups the ticked claims: into the one group some of them are already in, else a new group. */
  const groupTicked = async () => {
    const members = targets();
    if (members.length === 0) return;
    const existing = [...new Set(members.map((m) => groupOf.get(m.annotationId)).filter((g): g is ClaimGroup => g !== undefined))];
    const into = existing.length === 1 ? existing[0]! : null;
    if (into) {
      const outside = members.filter((m) => groupOf.get(m.annotationId) !== into);
      if (outside.length) await workspace.claimGroups.addTo(into, outside);
      setChosenGroupId(into.id);
    } else {
      const made = await workspace.claimGroups.group(grouping, members, claims.get(members[0]!.annotationId)?.claim ?? '');
      if (!made) return;
      setChosenGroupId(made.id);
    }
    setTicked(new Set());
  };
  /** Takes the ticked claims out of their groups (one step per group). */
  const ungroupTicked = async () => {
    const byGroup = new Map<ClaimGroup, string[]>();
    for (const m of targets()) {
      const g = groupOf.get(m.annotationId);
      if (g) byGroup.set(g, [...(byGroup.get(g) ?? []), m.annotationId]);
    }
    for (const [g, ids] of byGroup) await workspace.claimGroups.removeFrom(g, ids);
    setTicked(new Set());
  };

  const move = (step: 1 | -1, extend: boolean) => {
    const i = Math.min(shown.length - 1, Math.max(0, activeIndex + step));
    const next = shown[i]!;
    if (extend) tick(chosenRow ? [chosenRow.id, next.id] : [next.id], true);
    choose(next.id);
    virtualizer.scrollToIndex(i);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (shown.length === 0 || e.target !== e.currentTarget) return;
    const used = handleScopedKey(e.nativeEvent, { labelKeys: new Set() }, 'claims', {
      'claims-next': () => move(1, false),
      'claims-previous': () => move(-1, false),
      'claims-tick-down': () => move(1, true),
      'claims-tick-up': () => move(-1, true),
      'claims-tick': () => chosenRow && tick([chosenRow.id], !ticked.has(chosenRow.id)),
      // In a read-only grouping the write is refused and the save status says why.
      'claims-group': () => void groupTicked(),
      'claims-ungroup': () => void ungroupTicked(),
      'claims-open': () => chosenRow && onOpen(chosenRow),
      'claims-find-same': () => chosenRow && setFindRequest((n) => n + 1),
      'claims-suggest-groups': () => setSuggestRequest((n) => n + 1),
    });
    if (used) e.preventDefault();
  };
  const allShownTicked = shown.length > 0 && shown.every((r) => ticked.has(r.id));
  /** Undo and redo (the global actions) work anywhere in the view but in a text field, which keeps its own. */
  const onHistoryKey = (e: React.KeyboardEvent) => {
    if (isEditableTarget(e.target)) return;
    const history = matchShortcut(e.nativeEvent, { labelKeys: new Set() })?.id;
    if (history !== 'undo' && history !== 'redo') return;
    e.preventDefault();
    void (history === 'undo' ? workspace.undo() : workspace.redo());
  };

  return (
    <div className="claims-queue" data-own-keys onKeyDown={onHistoryKey}>
      <main className="workspace queue-main">
        <div className="queue-filters" role="search" aria-label="Filter claims">
          <h1>Claims</h1>
          <input
            type="search"
            placeholder="Search claims, speakers, sources…"
            aria-label="Search claims"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <select aria-label="Layer" value={layer} onChange={(e) => setLayer(e.target.value)}>
            <option value="">All layers</option>
            {layers.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <select aria-label="Review state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">Any review state</option>
            {['open', 'in gold', 'rejected', 'nothing right', 'gold'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <span className="count" aria-live="polite">
            {shown.length} of {rows.length} claims
          </span>
        </div>
        <div className="queue-toolbar" role="group" aria-label="Group claims">
          <select
            aria-label="Grouping"
            value={grouping}
            onChange={(e) => {
              setGrouping(e.target.value);
              setChosenGroupId(null);
            }}
          >
            {groupings.map((g) => (
              <option key={g} value={g}>
                {g === reviewer ? `My grouping (${g})` : g === GOLD_LAYER ? 'Gold grouping' : `${g}’s grouping`}
              </option>
            ))}
          </select>
          <span aria-live="polite">{plural(ticked.size, 'claim')} ticked</span>
          <button
            type="button"
            aria-keyshortcuts="G"
            disabled={!editable || (ticked.size === 0 && !chosenRow)}
            onClick={() => void groupTicked()}
          >
            Group (G)
          </button>
          <button
            type="button"
            aria-keyshortcuts="U"
            disabled={!editable || !targets().some((m) => groupOf.has(m.annotationId))}
            onClick={() => void ungroupTicked()}
          >
            Ungroup (U)
          </button>
          <button type="button" aria-keyshortcuts="Shift+G" disabled={shown.length < 2} onClick={() => setSuggestRequest((n) => n + 1)}>
            Suggest groups (Shift+G)
          </button>
          {ticked.size > 0 && (
            <button type="button" onClick={() => setTicked(new Set())}>
              Clear ticks
            </button>
          )}
          <span className="hint">{keyHint('claims')}</span>
        </div>
        <div
          className="queue-table"
          role="grid"
          aria-label="Claims across the corpus"
          aria-rowcount={shown.length + 1}
          aria-multiselectable="true"
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-activedescendant={chosenRow ? `claim-${chosenRow.id}` : undefined}
        >
          <div role="row" className="queue-row queue-head" aria-rowindex={1}>
            {COLUMNS.map((c, i) => (
              <div
                role="columnheader"
                key={c.title || i}
                aria-sort={c.key && c.key === sort ? (descending ? 'descending' : 'ascending') : undefined}
              >
                {i === 0 ? (
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label="Tick every claim shown"
                    checked={allShownTicked}
                    onChange={(e) =>
                      tick(
                        shown.map((r) => r.id),
                        e.target.checked,
                      )
                    }
                  />
                ) : c.key ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      if (sort === c.key) setDescending(!descending);
                      else {
                        setSort(c.key!);
                        setDescending(false);
                      }
                    }}
                  >
                    {c.title}
                    {sort === c.key ? (descending ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  c.title
                )}
              </div>
            ))}
          </div>
          <div ref={scrollRef} className="queue-scroll">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const r = shown[item.index]!;
                const group = groupOf.get(r.id);
                return (
                  <div
                    role="row"
                    key={r.id}
                    id={`claim-${r.id}`}
                    aria-rowindex={item.index + 2}
                    aria-selected={ticked.has(r.id)}
                    className={`queue-row${r.id === chosen ? ' selected' : ''}${ticked.has(r.id) ? ' ticked' : ''}`}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                    onClick={() => choose(r.id)}
                    onDoubleClick={() => onOpen(r)}
                    draggable={editable}
                    onDragStart={(e) => {
                      const members = ticked.has(r.id) ? tickedMembers : [member(r)];
                      e.dataTransfer.setData(CLAIMS_DRAG_TYPE, JSON.stringify(members));
                      e.dataTransfer.setData('text/plain', r.claim);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                  >
                    <div role="gridcell">
                      <input
                        type="checkbox"
                        tabIndex={-1}
                        aria-label={`Tick “${r.claim}”`}
                        checked={ticked.has(r.id)}
                        onClick={(e) => e.stopPropagation()}
                        onChange={(e) => tick([r.id], e.target.checked)}
                      />
                    </div>
                    <div role="gridcell">{titles.get(r.documentId) ?? r.documentId}</div>
                    <div role="gridcell" className="quote">
                      {r.claim}
                    </div>
                    <div role="gridcell" className="group-cell">
                      {group ? group.canonical : '—'}
                    </div>
                    <div role="gridcell">{r.speakers.join(', ') || '—'}</div>
                    <div role="gridcell">{r.sources.join(' → ') || '—'}</div>
                    <div role="gridcell">{r.attributes || '—'}</div>
                    <div role="gridcell">{r.layer}</div>
                    <div role="gridcell">
                      <span className={`review-state review-${r.state.replace(/\s+/g, '-')}`}>{r.state}</span>
                    </div>
                    <div role="gridcell">
                      {r.comments ? `${r.comments}${r.unresolved ? ' open' : ' ✓'}` : ''}
                      <button
                        type="button"
                        className="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          onOpen(r);
                        }}
                        aria-label={`Open “${r.claim}” in its document`}
                      >
                        Open
                      </button>
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {rows.length === 0 && data && <p className="empty">No claims in this project yet.</p>}
      </main>
      <aside className="side">
        {renderGroups?.({
          workspace,
          annotator: reviewer,
          layer: grouping,
          editable,
          groups,
          claims,
          documents,
          ticked: tickedMembers,
          chosenGroupId,
          onChooseGroup: setChosenGroupId,
          onOpen: (m) => onOpen({ id: m.annotationId, documentId: m.documentId }),
        })}
        <SameClaimTools
          rows={rows}
          shown={shown}
          chosen={chosenRow}
          grouping={grouping}
          groupOf={(id) => groupOf.get(id)}
          titles={titles}
          onOpen={onOpen}
          findRequest={findRequest}
          suggestRequest={suggestRequest}
        />
        {chosenRow && chosenAnnotation ? (
          <CommentThread
            workspace={workspace}
            doc={{ id: chosenAnnotation.documentId, projectId: chosenAnnotation.projectId }}
            annotation={chosenAnnotation}
            thread={threads.get(chosenRow.id)}
            author={reviewer}
          />
        ) : (
          <p className="hint">Choose a claim (click, or ↑/↓ in the table) to see its comments; Enter or Open goes to it in its document.</p>
        )}
      </aside>
    </div>
  );
}

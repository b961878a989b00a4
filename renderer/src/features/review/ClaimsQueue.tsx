/**
 * The claims review queue: every claim across the corpus in one table (claim, speaker, source
 * chain, attributes, layer, review state, comments), filterable and sortable, virtualised. A row
 * opens the document at the claim; the thread of the chosen claim is shown beside the table.
 */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { claimRows, filterClaimRows, type ClaimRow, type ClaimSortKey } from '../../../core/review/claims.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useProjectReview } from '../../app/liveReads.ts';
import { threadsOf } from '../../db/review.ts';
import { CommentThread } from './CommentThread.tsx';

interface Props {
  workspace: Workspace;
  projectId: string;
  reviewer: string;
  titles: ReadonlyMap<string, string>;
  onOpen(row: ClaimRow): void;
}

const ROW = 44;
const COLUMNS: { key: ClaimSortKey | null; title: string }[] = [
  { key: 'document', title: 'Document' },
  { key: 'claim', title: 'Claim' },
  { key: 'speaker', title: 'Speaker' },
  { key: null, title: 'Source chain' },
  { key: null, title: 'Attributes' },
  { key: 'layer', title: 'Layer' },
  { key: 'state', title: 'Review' },
  { key: 'comments', title: 'Comments' },
];

export function ClaimsQueue({ workspace, projectId, reviewer, titles, onOpen }: Props) {
  const data = useProjectReview(workspace.db, projectId);
  const threads = useMemo(() => threadsOf(data?.comments ?? []), [data]);
  const rows = useMemo(() => {
    if (!data) return [];
    const counts = new Map([...threads].map(([id, t]) => [id, { count: t.comments.length, resolved: t.resolved }]));
    return claimRows({ annotations: data.annotations, relations: data.relations, decisions: data.decisions, threads: counts });
  }, [data, threads]);
  const [text, setText] = useState('');
  const [layer, setLayer] = useState('');
  const [state, setState] = useState('');
  const [sort, setSort] = useState<ClaimSortKey>('document');
  const [descending, setDescending] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = useMemo(
    () => filterClaimRows(rows, { text, layer, state, sort, descending, titles }),
    [rows, text, layer, state, sort, descending, titles],
  );
  const layers = useMemo(() => [...new Set(rows.map((r) => r.layer))].sort(), [rows]);
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

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (shown.length === 0) return;
    const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
    if (step) {
      e.preventDefault();
      const i = Math.min(shown.length - 1, Math.max(0, activeIndex + step));
      setChosen(shown[i]!.id);
      virtualizer.scrollToIndex(i);
    } else if (e.key === 'Enter' && chosenRow) {
      e.preventDefault();
      onOpen(chosenRow);
    }
  };

  return (
    <div className="claims-queue" data-own-keys>
      <main className="workspace queue-main">
        <div className="queue-filters" role="search" aria-label="Filter claims">
          <h2>Claims</h2>
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
        <div
          className="queue-table"
          role="grid"
          aria-label="Claims across the corpus"
          aria-rowcount={shown.length + 1}
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-activedescendant={chosenRow ? `claim-${chosenRow.id}` : undefined}
        >
          <div role="row" className="queue-row queue-head" aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <div
                role="columnheader"
                key={c.title}
                aria-sort={c.key && c.key === sort ? (descending ? 'descending' : 'ascending') : undefined}
              >
                {c.key ? (
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
                return (
                  <div
                    role="row"
                    key={r.id}
                    id={`claim-${r.id}`}
                    aria-rowindex={item.index + 2}
                    aria-selected={r.id === chosen}
                    className={`queue-row${r.id === chosen ? ' selected' : ''}`}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                    onClick={() => setChosen(r.id)}
                    onDoubleClick={() => onOpen(r)}
                  >
                    <div role="gridcell">{titles.get(r.documentId) ?? r.documentId}</div>
                    <div role="gridcell" className="quote">
                      {r.claim}
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

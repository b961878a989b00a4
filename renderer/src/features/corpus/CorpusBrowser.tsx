import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Project } from '../../../core/model/types.ts';
import {
  NO_FILTER,
  SORT_LABELS,
  applyFilter,
  facets as facetsOf,
  isFiltered,
  lazyByDocument,
  sortSummaries,
  toggleSelection,
  type CorpusFilter,
  type DocumentSummary,
  type SortDir,
  type SortKey,
} from '../../../core/corpus/browse.ts';
import { snippet as snippetOf, type ParsedQuery, type Snippet } from '../../../core/corpus/search.ts';
import type { Workspace } from '../../app/workspace.ts';
import { searchCorpus, type SearchResult } from '../../db/corpus.ts';
import { STATUSES } from '../../db/status.ts';
import { ProjectSwitcher } from './ProjectSwitcher.tsx';
import { CorpusFilters } from './CorpusFilters.tsx';
import { BulkActions } from './BulkActions.tsx';
import { useCorpusSelection, useStatusesOf } from '../../app/liveReads.ts';
import { SearchField } from '../../components/SearchField.tsx';
import { handleScopedKey } from '../../app/actions.ts';
import './corpus.css';
import { grouped, pluralCount } from '../../../core/model/plural.ts';
import { Options } from '../../components/Options.tsx';

interface Props {
  workspace: Workspace;
  project: Project;
  documents: readonly DocumentSummary[];
  /** Documents not listed yet (a large project's list is still being read at start); null until they are counted. */
  pending: number | null;
  /** The list's last rows, read ahead of the rest while it is read (see `documentsTail`). */
  tail: readonly DocumentSummary[];
  openId: string | null;
  annotator: string;
}

const ROW = 58;
const ROW_WITH_SNIPPET = 80;
const SEARCH_DELAY_MS = 120;

type View =
  | { kind: 'all' }
  | { kind: 'searching'; text: string; indexing?: { done: number; total: number } }
  | { kind: 'results'; text: string; result: SearchResult; everything: boolean };

/**
 * The corpus browser: project switcher, full-text search, filters, sorting, bulk actions and a
 * virtualised list that only renders the rows in view, so 100,000 documents scroll smoothly.
 */
/** Memoised: it re-renders when its documents or the open document change, not on every save. */
export const CorpusBrowser = memo(function CorpusBrowser({ workspace, project, documents, pending, tail, openId, annotator }: Props) {
  const db = workspace.db;
  const [query, setQuery] = useState('');
  const [view, setView] = useState<View>({ kind: 'all' });
  const [filter, setFilter] = useState<CorpusFilter>(NO_FILTER);
  const [sort, setSort] = useState<{ key: SortKey | 'relevance'; dir: SortDir }>({ key: 'added', dir: 'asc' });
  // The selection lives in the Workspace: bulk actions and the export's "Selected documents"
  // read it there. Switching projects clears it; documents that go away leave it.
  const selected = useCorpusSelection(workspace);
  const setSelected = useCallback(
    (next: Parameters<Workspace['setCorpusSelection']>[0]) => workspace.setCorpusSelection(next),
    [workspace],
  );
  const anchor = useRef<string | null>(null);
  const openDocument = useCallback((id: string) => workspace.openDocument(id), [workspace]);

  // Project switch: a fresh view.
  useEffect(() => {
    setQuery('');
    setSort({ key: 'added', dir: 'asc' });
    setView({ kind: 'all' });
    setFilter(NO_FILTER);
    anchor.current = null;
  }, [project.id]);

  // This annotator's statuses (a document without a row is "new"); live, so a status set
  // anywhere in the app updates the list and its filter.
  const statuses = useStatusesOf(db, project.id, annotator);
  const statusOf = useCallback((id: string) => statuses?.get(id) ?? 'new', [statuses]);

  // Each document's list position, worked out when a search first needs it.
  const order = useMemo(() => lazyByDocument(documents, (_, i) => i), [documents]);
  const facets = useMemo(() => facetsOf(documents), [documents]);

  // Search: debounced, the newest query wins.
  const searchSeq = useRef(0);
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setView({ kind: 'all' });
      return;
    }
    setView((v) => (v.kind === 'results' && v.text === text ? v : { kind: 'searching', text }));
    const seq = ++searchSeq.current;
    const timer = setTimeout(() => {
      const indexing = (done: number, total: number) => {
        if (seq === searchSeq.current) setView({ kind: 'searching', text, indexing: { done, total } });
      };
      void searchCorpus(db, project.id, text, order.map(), indexing).then((result) => {
        if (seq === searchSeq.current) setView({ kind: 'results', text, result, everything: false });
      });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, db, order, project.id]);
  // The rest of the hits, after the first page: asked for by scrolling to the end or *Show all*.
  const showEverything = useCallback(() => setView((v) => (v.kind === 'results' && !v.everything ? { ...v, everything: true } : v)), []);

  // Results come best first unless the user picked another order; back to the list's order after.
  const changeQuery = (text: string) => {
    const was = query.trim() !== '';
    const is = text.trim() !== '';
    if (!was && is && sort.key === 'added' && sort.dir === 'asc') setSort({ key: 'relevance', dir: 'desc' });
    if (was && !is && sort.key === 'relevance') setSort({ key: 'added', dir: 'asc' });
    setQuery(text);
  };

  const searching = view.kind !== 'all';
  const effectiveSort = sort.key === 'relevance' && !searching ? { key: 'added' as const, dir: sort.dir } : sort;

  const rows = useMemo(() => {
    let base: DocumentSummary[];
    if (view.kind === 'results') {
      base = [];
      // Filtering or another order needs every hit; the relevance order starts with the first page.
      const everything = view.everything || isFiltered(filter) || effectiveSort.key !== 'relevance';
      for (const hit of everything ? view.result.all() : view.result.hits) {
        const i = order.get(hit.id);
        if (i !== undefined) base.push(documents[i]!);
      }
    } else if (view.kind === 'searching') {
      base = [];
    } else {
      base = documents as DocumentSummary[];
    }
    const filtered = isFiltered(filter) ? applyFilter(base, filter, statusOf, facets.dateKey) : base;
    if (effectiveSort.key === 'relevance') return filtered;
    if (effectiveSort.key === 'added' && effectiveSort.dir === 'asc' && !searching) return filtered;
    return sortSummaries(filtered, effectiveSort.key, effectiveSort.dir, facets.dateKey);
  }, [view, documents, order, filter, statusOf, facets.dateKey, effectiveSort.key, effectiveSort.dir, searching]);

  const visibleIds = useMemo(() => rows.map((r) => r.id), [rows]);
  // The whole list in the order documents were added, while the rest of a large project is read:
  // its rows not read yet are placeholders, so the scroll bar has the list's length once it is
  // counted and nothing moves when they arrive.
  const wholeList = view.kind === 'all' && !isFiltered(filter) && effectiveSort.key === 'added' && effectiveSort.dir === 'asc';
  const toCome = wholeList ? (pending ?? 0) : 0;
  // Its end rows read ahead sit at the end of the counted length.
  const tailStart = rows.length + toCome - (toCome > 0 ? tail.length : 0);
  const rowAt = useCallback(
    (i: number): DocumentSummary | undefined => rows[i] ?? (toCome > 0 && i >= tailStart ? tail[i - tailStart] : undefined),
    [rows, toCome, tailStart, tail],
  );
  const setSize = wholeList && pending === null ? -1 : rows.length + toCome;
  const parsedQuery = view.kind === 'results' ? view.result.query : null;

  const onCheck = useCallback(
    (id: string, shift: boolean) => {
      setSelected((s) => toggleSelection(s, visibleIds, id, anchor.current, shift));
      anchor.current = id;
    },
    [visibleIds, setSelected],
  );
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = parsedQuery ? ROW_WITH_SNIPPET : ROW;
  // Stable callbacks: a new one on every render would make the virtualiser re-measure every row.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getItemKey = useCallback((i: number) => rowAt(i)?.id ?? i, [rowAt]);
  const virtualizer = useVirtualizer({ count: rows.length + toCome, getScrollElement, estimateSize, overscan: 6, getItemKey });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const snippets = useSnippets(
    workspace,
    parsedQuery,
    items.map((i) => rows[i.index]?.id).filter((x): x is string => !!x),
  );

  // Rows in view not read yet, nearer the list's end than the rows read from its start: read
  // from the end (the start's read shows the rest when it has read the whole list).
  const firstShown = items[0]?.index ?? 0;
  useEffect(() => {
    const total = rows.length + toCome;
    if (toCome > 0 && firstShown < tailStart && total - firstShown <= firstShown - rows.length) workspace.readListEnd(total - firstShown);
  }, [workspace, rows.length, toCome, tailStart, firstShown]);

  // More hits than the first page shows: scrolling to its end brings the rest.
  const partial = view.kind === 'results' && rows.length < view.result.total && !isFiltered(filter);
  const lastShown = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (partial && lastShown >= rows.length - 5) showEverything();
  }, [partial, lastShown, rows.length, showEverything]);

  // Home / End: the list's first / last row, scrolled to and focused once drawn (the end of a list
  // still being read is read first). Meanwhile the list itself holds the focus.
  const focusRow = useRef<number | null>(null);
  const onListKey = (e: KeyboardEvent<HTMLElement>) => {
    const count = rows.length + toCome;
    const used = handleScopedKey(e.nativeEvent, { labelKeys: new Set() }, 'corpus', {
      'corpus-ends': (key) => {
        if (count === 0) return;
        const home = key.key === 'Home';
        focusRow.current = home ? 0 : count - 1;
        scrollRef.current?.focus({ preventScroll: true });
        virtualizer.scrollToIndex(focusRow.current, { align: home ? 'start' : 'end' });
      },
    });
    if (used) e.preventDefault();
  };
  useEffect(() => {
    if (focusRow.current === null) return;
    const button = scrollRef.current?.querySelector(`[aria-posinset="${focusRow.current + 1}"] .corpus-open`);
    if (!(button instanceof HTMLElement)) return;
    focusRow.current = null;
    button.focus({ preventScroll: true });
  });

  const sortValue = sort.key;
  const status = searching
    ? view.kind === 'searching'
      ? view.indexing
        ? `Indexing new documents for search: ${grouped(view.indexing.done)} of ${grouped(view.indexing.total)}…`
        : 'Searching…'
      : partial
        ? `${grouped(view.result.total)} of ${grouped(documents.length)} documents match; the best ${grouped(rows.length)} shown`
        : `${grouped(rows.length)} of ${grouped(documents.length)} documents match`
    : isFiltered(filter)
      ? `${grouped(rows.length)} of ${grouped(documents.length)} documents`
      : pending === null
        ? 'Counting documents…'
        : pluralCount(documents.length + pending, 'document');

  return (
    <aside className="corpus" aria-label="Corpus">
      <ProjectSwitcher workspace={workspace} project={project} />
      <div className="corpus-search" role="search">
        <SearchField label="Search documents" placeholder="Search titles and text" value={query} onChange={changeQuery} />
        {parsedQuery && parsedQuery.ignored.length > 0 && parsedQuery.terms.length === 0 && (
          <p className="corpus-hint">Too common to search for: {parsedQuery.ignored.join(', ')}</p>
        )}
      </div>
      <CorpusFilters filter={filter} onChange={setFilter} facets={facets} statuses={STATUSES} annotator={annotator} />
      <div className="corpus-toolbar">
        <label className="select-all">
          <input
            type="checkbox"
            checked={allSelected}
            disabled={rows.length === 0}
            onChange={() => setSelected(allSelected ? new Set() : new Set(visibleIds))}
          />
          <span className="visually-hidden">Select all {grouped(rows.length)} listed documents</span>
        </label>
        <p className="corpus-count" role="status" aria-live="polite">
          {status}
        </p>
        <label className="sort">
          <span className="visually-hidden">Sort by</span>
          <select
            aria-label="Sort by"
            value={sortValue}
            onChange={(e) => {
              const key = e.target.value as SortKey | 'relevance';
              setSort({ key, dir: key === 'title' || key === 'added' ? 'asc' : key === 'relevance' ? 'desc' : 'desc' });
            }}
          >
            {searching && <option value="relevance">Relevance</option>}
            <Options of={Object.keys(SORT_LABELS) as SortKey[]} text={(k) => SORT_LABELS[k]} />
          </select>
        </label>
        <button
          type="button"
          className="sort-dir"
          disabled={effectiveSort.key === 'relevance'}
          aria-label={sort.dir === 'asc' ? 'Ascending order; switch to descending' : 'Descending order; switch to ascending'}
          onClick={() => setSort((s) => ({ ...s, dir: s.dir === 'asc' ? 'desc' : 'asc' }))}
        >
          {sort.dir === 'asc' ? '↑' : '↓'}
        </button>
      </div>
      {selected.size > 0 && (
        <BulkActions
          workspace={workspace}
          project={project}
          selected={selected}
          annotator={annotator}
          onDone={() => setSelected(new Set())}
        />
      )}
      <nav className="corpus-list" aria-label="Documents" onKeyDown={onListKey}>
        <div className="corpus-scroll" ref={scrollRef} data-testid="corpus-scroll" tabIndex={-1}>
          {rows.length === 0 ? (
            <p className="corpus-empty">
              {view.kind === 'searching'
                ? 'Searching…'
                : searching || isFiltered(filter)
                  ? 'No document matches.'
                  : 'This project has no documents yet.'}
            </p>
          ) : (
            <ul style={{ height: virtualizer.getTotalSize() }} aria-label="Document list" aria-busy={toCome > 0 || setSize < 0}>
              {items.map((item) => {
                const d = rowAt(item.index);
                if (!d) {
                  return (
                    <li
                      key={item.key}
                      className="corpus-row-pending"
                      style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                      aria-posinset={item.index + 1}
                      aria-setsize={setSize}
                      aria-busy="true"
                    >
                      Listing…
                    </li>
                  );
                }
                return (
                  <CorpusRow
                    key={d.id}
                    doc={d}
                    top={item.start}
                    height={rowHeight}
                    open={d.id === openId}
                    checked={selected.has(d.id)}
                    status={statusOf(d.id)}
                    dateKey={facets.dateKey}
                    snippet={parsedQuery ? (snippets.get(d.id) ?? undefined) : null}
                    onOpen={openDocument}
                    onCheck={onCheck}
                    position={item.index + 1}
                    total={setSize}
                  />
                );
              })}
            </ul>
          )}
          {partial && (
            <button type="button" className="corpus-more" onClick={showEverything}>
              Show all {grouped(view.result.total)} matches
            </button>
          )}
        </div>
      </nav>
    </aside>
  );
});

interface RowProps {
  doc: DocumentSummary;
  top: number;
  height: number;
  open: boolean;
  checked: boolean;
  status: string;
  dateKey: string | null;
  /** undefined while loading, null when not searching. */
  snippet: Snippet | null | undefined;
  onOpen(id: string): Promise<void>;
  onCheck(id: string, shift: boolean): void;
  position: number;
  total: number;
}

const CorpusRow = memo(function CorpusRow({
  doc,
  top,
  height,
  open,
  checked,
  status,
  dateKey,
  snippet,
  onOpen,
  onCheck,
  position,
  total,
}: RowProps) {
  const source = doc.meta.source ?? doc.meta.Source ?? doc.meta.publisher ?? doc.meta.site;
  const date = dateKey ? doc.meta[dateKey] : undefined;
  const details = [pluralCount(doc.annotationCount, 'annotation'), source, date ? date.slice(0, 10) : undefined].filter(Boolean);
  return (
    <li
      className={`corpus-row${open ? ' open' : ''}${checked ? ' checked' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      aria-posinset={position}
      aria-setsize={total}
    >
      <input
        type="checkbox"
        aria-label={`Select ${doc.title}`}
        checked={checked}
        onChange={() => {}}
        onClick={(e: MouseEvent<HTMLInputElement>) => onCheck(doc.id, e.shiftKey)}
      />
      <button type="button" className="corpus-open" aria-current={open ? 'page' : undefined} onClick={() => void onOpen(doc.id)}>
        <span className="doc-title">{doc.title}</span>
        <span className="doc-details">
          <span className={`doc-status status-${status.replace(/\s+/g, '-')}`}>{status}</span>
          {details.join(' · ')}
        </span>
        {snippet !== null && (
          <span className="doc-snippet" data-testid="search-snippet">
            {snippet === undefined ? (
              '\u00a0'
            ) : (
              <>
                {snippet.before}
                <mark>{snippet.match}</mark>
                {snippet.after}
              </>
            )}
          </span>
        )}
      </button>
    </li>
  );
});

/**
 * Snippets for the result rows in view: their texts are read only for those rows, and kept for
 * the current query. A document whose match is only in its title gets the text's opening.
 */
function useSnippets(workspace: Workspace, query: ParsedQuery | null, ids: string[]): Map<string, Snippet> {
  const [cache, setCache] = useState<{ query: ParsedQuery | null; map: Map<string, Snippet> }>({ query: null, map: new Map() });
  const key = ids.join(',');
  // What is already read, for this query; the effect reads the rest. It reads `cache` and `ids`
  // through refs, so it runs again only for another query or other hits (`key`), not when the
  // cache it filled changes.
  const known = useRef(cache);
  const shownIds = useRef(ids);
  useLayoutEffect(() => {
    known.current = cache;
    shownIds.current = ids;
  });
  useEffect(() => {
    if (!query) return;
    const have = known.current.query === query ? known.current.map : new Map<string, Snippet>();
    const missing = shownIds.current.filter((id) => !have.has(id));
    if (missing.length === 0) return;
    let cancelled = false;
    void workspace.db.documents.bulkGet(missing).then((docs) => {
      if (cancelled) return;
      const map = new Map(have);
      for (const d of docs) {
        if (!d) continue;
        const s = snippetOf(d.text, query) ?? { before: '', match: '', after: d.text.slice(0, 120).replace(/\s+/g, ' ') + '…' };
        map.set(d.id, s);
      }
      setCache({ query, map });
    });
    return () => {
      cancelled = true;
    };
  }, [workspace, query, key]);
  return cache.query === query ? cache.map : new Map();
}

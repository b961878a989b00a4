/**
 * The review of one document, a curation view: every annotator layer grouped into candidates
 * (agreed / partial / single, see core/review/merge.ts); the article in the middle with every
 * chosen layer's highlights (or one column per layer, side by side); the current candidate's
 * variants in their context with the words they differ in marked (core/review/context.ts), and
 * the gold layer beside it. The reviewer accepts, rejects or edits candidates
 * into the gold layer by mouse or keyboard (J/K candidate, H/L variant, A accept, R reject,
 * N nothing here is right, U reopen, C comment), or in bulk (all agreed, all of one annotator,
 * majority vote). Gold writes go through the undo log (Ctrl+Z).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { GOLD_LAYER, type Annotation, type Span } from '../../../core/model/types.ts';
import {
  agreedVariants,
  groupCandidates,
  layerVariants,
  majorityVote,
  reviewStateOf,
  signatureOf,
  variantRejected,
  type CandidateGroup,
  type ReviewState,
  type Variant,
} from '../../../core/review/merge.ts';
import { isAnnotatorLayer } from '../../../core/review/blind.ts';
import type { Workspace, WorkspaceState } from '../../app/workspace.ts';
import { useDocumentReview } from '../../app/liveReads.ts';
import { isEditableTarget } from '../../app/keys.ts';
import { handleScopedKey, keyHint, matchShortcut } from '../../app/actions.ts';
import { ArticleEditor } from '../../editor/ArticleEditor.tsx';
import { acceptIntoGold, recordDecision, reopenDecisions, threadsOf } from '../../db/review.ts';
import { CommentThread } from './CommentThread.tsx';
import { CandidateInContext } from './CandidateInContext.tsx';
import { plural } from '../../../core/model/plural.ts';
import { toggled } from '../../../core/model/sets.ts';

interface Props {
  workspace: Workspace;
  state: WorkspaceState;
  onNotice(text: string): void;
}

type Layout = 'side' | 'article';

const STATE_TEXT: Record<string, string> = { agreed: 'agreed', partial: 'partial', single: 'single' };
const REVIEW_TEXT: Record<ReviewState, string> = { open: 'open', accepted: 'in gold', rejected: 'rejected', dismissed: 'nothing right' };

export function ReviewView({ workspace, state, onNotice }: Props) {
  const { doc, annotations, labels, annotator: reviewer } = state;
  const db = workspace.db;
  const review = useDocumentReview(db, doc?.id ?? null);
  const decisions = useMemo(() => review?.decisions ?? [], [review]);
  const threads = useMemo(() => threadsOf(review?.comments ?? []), [review]);

  const allLayers = useMemo(() => [...new Set(annotations.map((a) => a.layer))].filter(isAnnotatorLayer).sort(), [annotations]);
  const [hiddenLayers, setHiddenLayers] = useState<ReadonlySet<string>>(new Set());
  const layers = useMemo(() => allLayers.filter((l) => !hiddenLayers.has(l)), [allLayers, hiddenLayers]);
  const [layout, setLayout] = useState<Layout>('article');
  const [showGold, setShowGold] = useState(true);
  const [chosenThreshold, setThreshold] = useState(2);
  const [chosenFromLayer, setFromLayer] = useState('');
  const [current, setCurrent] = useState(0);
  const [variantIndex, setVariantIndex] = useState(0);
  const [acceptAs, setAcceptAs] = useState('');
  const rootRef = useRef<HTMLElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const gold = useMemo(() => annotations.filter((a) => a.layer === GOLD_LAYER), [annotations]);
  const goldSignatures = useMemo(() => new Set(gold.map((g) => signatureOf(g))), [gold]);
  const { groups, stateOf } = useMemo(() => groupCandidates(annotations, layers), [annotations, layers]);
  const reviewStates = useMemo(() => groups.map((g) => reviewStateOf(g, goldSignatures, decisions)), [groups, goldSignatures, decisions]);
  const group: CandidateGroup<Annotation> | undefined = groups[Math.min(current, groups.length - 1)];
  const variant: Variant<Annotation> | undefined = group?.variants[Math.min(variantIndex, group.variants.length - 1)];
  const focusedAnnotation = variant?.members[0] ?? null;

  useEffect(() => rootRef.current?.focus(), []);
  // The layer to accept from is the chosen one, else the first; the vote threshold stays within the layers.
  const fromLayer = chosenFromLayer && allLayers.includes(chosenFromLayer) ? chosenFromLayer : (allLayers[0] ?? '');
  const threshold = Math.min(Math.max(1, chosenThreshold), Math.max(1, layers.length));
  // Another document starts at its first group; another group at its first variant.
  const docId = doc?.id;
  const [shownDoc, setShownDoc] = useState(docId);
  const [shownGroup, setShownGroup] = useState(current);
  if (shownDoc !== docId || shownGroup !== current) {
    setShownDoc(docId);
    setShownGroup(current);
    if (shownDoc !== docId) setCurrent(0);
    setVariantIndex(0);
    setAcceptAs('');
  }

  const counts = useMemo(() => {
    const c: Record<ReviewState, number> = { open: 0, accepted: 0, rejected: 0, dismissed: 0 };
    for (const s of reviewStates) c[s]++;
    return c;
  }, [reviewStates]);

  const accept = useCallback(
    async (variants: readonly Variant<Annotation>[], what: string, label?: string) => {
      if (!doc) return;
      const items = variants.map((v) => ({ annotation: v.members[0]!, ...(label ? { label } : {}) }));
      if (items.length === 0) {
        onNotice(`${what}: nothing to accept.`);
        return;
      }
      const result = await workspace.writeProject(what, () => acceptIntoGold(db, doc, items, reviewer, what));
      if (result) {
        onNotice(
          `${what}: ${result.added.length} added to gold${result.relations.length ? ` with ${plural(result.relations.length, 'link')}` : ''}${result.already ? `, ${result.already} already there` : ''}. Ctrl+Z undoes it.`,
        );
      }
    },
    [db, doc, reviewer, workspace, onNotice],
  );

  // A decision acts on the candidate and variant on screen; until it is saved and the view has
  // moved on, a second key press would act on the same one again, so it is ignored while the
  // workspace is still writing.
  const decide = (work: () => Promise<unknown>) => {
    if (!workspace.writing) void work();
  };
  const acceptCurrent = () => {
    if (!variant) return;
    const label = acceptAs && acceptAs !== variant.label ? acceptAs : undefined;
    decide(() =>
      accept(
        [variant],
        label ? `Accept ${variant.label} as ${label}` : `Accept ${variant.label} from ${variant.layers.join(', ')}`,
        label,
      ).then(() => next(1)),
    );
  };
  const rejectCurrent = () => {
    if (!variant || !doc) return;
    const what = `Reject ${variant.label}`;
    decide(() =>
      workspace
        .commit(what, () => recordDecision(db, doc, 'reject', variant.members, reviewer))
        .then((saved) => {
          if (!saved) return;
          onNotice(`Rejected ${variant.label} “${variant.members[0]!.quote}” (${variant.layers.join(', ')}).`);
          if (group && group.variants.every((v) => v === variant || variantRejected(v, decisions))) next(1);
          else setVariantIndex((i) => (i + 1) % (group?.variants.length ?? 1));
        }),
    );
  };
  const nothingRight = () => {
    if (!group || !doc) return;
    const members = group.variants.flatMap((v) => v.members);
    decide(() =>
      workspace
        .commit('Nothing here is right', () => recordDecision(db, doc, 'nothing-right', members, reviewer))
        .then((saved) => {
          if (!saved) return;
          onNotice('Recorded: nothing here is right. This candidate will not be asked again.');
          next(1);
        }),
    );
  };
  const reopen = () => {
    if (!group || !doc) return;
    const members = group.variants.flatMap((v) => v.members);
    void workspace
      .commit('Reopen candidate', () => reopenDecisions(db, doc, members))
      .then((n) => {
        if (n !== undefined) onNotice(n ? 'Reopened this candidate.' : 'Nothing to reopen here.');
      });
  };
  const next = (step: 1 | -1) => {
    if (groups.length === 0) return;
    // Prefer the next open candidate; fall back to the adjacent one.
    for (let k = 1; k <= groups.length; k++) {
      const i = (current + step * k + groups.length) % groups.length;
      if (reviewStates[i] === 'open') return setCurrent(i);
    }
    setCurrent((current + step + groups.length) % groups.length);
  };
  const move = (step: 1 | -1) => setCurrent((c) => Math.min(groups.length - 1, Math.max(0, c + step)));

  // The review's keys are the registry's 'review' actions (app/actions.ts); undo and redo are
  // the global ones.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const native = e.nativeEvent;
    const keyCtx = { labelKeys: new Set<string>() };
    const history = matchShortcut(native, keyCtx)?.id;
    if (history === 'undo' || history === 'redo') {
      e.preventDefault();
      void (history === 'undo' ? workspace.undo() : workspace.redo());
      return;
    }
    if (isEditableTarget(e.target)) return;
    const step = (by: 1 | -1) => group && setVariantIndex((i) => (i + by + group.variants.length) % group.variants.length);
    const handled = handleScopedKey(native, keyCtx, 'review', {
      'review-next': () => move(1),
      'review-previous': () => move(-1),
      'review-next-variant': () => step(1),
      'review-previous-variant': () => step(-1),
      'review-accept': acceptCurrent,
      'review-reject': rejectCurrent,
      'review-nothing-right': nothingRight,
      'review-reopen': reopen,
      'review-comment': () => commentRef.current?.focus(),
    });
    if (handled) e.preventDefault();
  };

  if (!doc)
    return (
      <main className="workspace review-view">
        <p className="empty">Open a document to review it.</p>
      </main>
    );

  const colors = new Map(labels.map((l) => [l.name, l.color]));
  const chip = (label: string) => (
    <span className="label-chip" style={{ ['--label-color' as string]: colors.get(label) ?? '#888' }}>
      {label}
    </span>
  );
  const groupOfAnnotation = (id: string) => groups.findIndex((g) => g.variants.some((v) => v.members.some((m) => m.id === id)));
  const inCurrent = (a: Annotation) => group?.variants.some((v) => v.members.includes(a)) ?? false;
  const quoteOfSpan = (s: Span) => doc.text.slice(s.start, s.end);

  const mergedAnnotations = annotations.filter((a) => (a.layer === GOLD_LAYER ? showGold : layers.includes(a.layer)));

  return (
    <div className="review-view" onKeyDown={onKeyDown} data-own-keys>
      <main className="workspace review-main" ref={rootRef} tabIndex={-1} aria-label="Review">
        <div className="review-toolbar" role="toolbar" aria-label="Review tools">
          <div role="group" aria-label="Layout" className="segmented">
            <button type="button" aria-pressed={layout === 'article'} onClick={() => setLayout('article')}>
              Article
            </button>
            <button type="button" aria-pressed={layout === 'side'} onClick={() => setLayout('side')}>
              Side by side
            </button>
          </div>
          <fieldset className="layer-filter">
            <legend>Layers</legend>
            {allLayers.map((l) => (
              <label key={l}>
                <input
                  type="checkbox"
                  checked={!hiddenLayers.has(l)}
                  onChange={(e) => setHiddenLayers(toggled(hiddenLayers, !e.target.checked, [l]))}
                />{' '}
                {l}
              </label>
            ))}
            <label>
              <input type="checkbox" checked={showGold} onChange={(e) => setShowGold(e.target.checked)} /> gold
            </label>
          </fieldset>
          <div role="group" aria-label="Bulk accept" className="bulk">
            <button type="button" onClick={() => void accept(agreedVariants(groups), 'Accept all agreed')} disabled={layers.length < 2}>
              Accept all agreed ({agreedVariants(groups).filter((v) => !goldSignatures.has(v.signature)).length})
            </button>
            <span className="inline">
              <select aria-label="Annotator to accept from" value={fromLayer} onChange={(e) => setFromLayer(e.target.value)}>
                {allLayers.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </select>
              <button
                type="button"
                onClick={() =>
                  void accept(
                    layerVariants(groups, fromLayer).map((v) => ({ ...v, members: v.members.filter((m) => m.layer === fromLayer) })),
                    `Accept all from ${fromLayer}`,
                  )
                }
                disabled={!fromLayer}
              >
                Accept all from {fromLayer || '…'}
              </button>
            </span>
            <span className="inline">
              <label>
                Majority: at least{' '}
                <input
                  type="number"
                  min={1}
                  max={Math.max(1, layers.length)}
                  value={threshold}
                  onChange={(e) => setThreshold(Number(e.target.value) || 1)}
                  aria-label="Votes needed"
                />{' '}
                of {layers.length}
              </label>
              <button
                type="button"
                onClick={() => void accept(majorityVote(groups, threshold), `Majority vote ${threshold} of ${layers.length}`)}
                disabled={layers.length < 1}
              >
                Accept by majority
              </button>
            </span>
          </div>
        </div>
        <p className="review-summary" aria-live="polite">
          {plural(groups.length, 'candidate')} from {plural(layers.length, 'layer')}: {counts.open} open, {counts.accepted} in gold,{' '}
          {counts.rejected} rejected, {counts.dismissed} nothing right · {plural(gold.length, 'gold annotation')}
        </p>
        {allLayers.length === 0 && (
          <p className="empty">No annotator layers on this document yet. Add teammates’ annotations (top bar) to review them.</p>
        )}
        {layout === 'side' && <h1 className="review-title">{doc.title}</h1>}
        {layout === 'side' ? (
          <div
            className="layer-columns"
            style={{ gridTemplateColumns: `repeat(${layers.length + (showGold ? 1 : 0)}, minmax(12rem, 1fr))` }}
          >
            {[...layers, ...(showGold ? [GOLD_LAYER] : [])].map((layer) => (
              <section key={layer} className="layer-column" aria-label={`Layer ${layer}`}>
                <h2>
                  {layer} <span className="count">{annotations.filter((a) => a.layer === layer).length}</span>
                </h2>
                <ul>
                  {annotations
                    .filter((a) => a.layer === layer)
                    .map((a) => {
                      const st = stateOf.get(a.id);
                      return (
                        <li key={a.id} className={inCurrent(a) ? 'current' : ''}>
                          <button
                            type="button"
                            className="layer-item"
                            onClick={() => {
                              const i = groupOfAnnotation(a.id);
                              if (i >= 0) setCurrent(i);
                            }}
                          >
                            {chip(a.label)} <span className="quote">{a.quote}</span>
                            {st && <span className={`state state-${st}`}>{STATE_TEXT[st]}</span>}
                            {threads.get(a.id) && (
                              <span className="comment-mark" title="Has comments" aria-hidden="true">
                                💬
                              </span>
                            )}
                            <span className="visually-hidden">
                              {' '}
                              ({layer}
                              {threads.get(a.id) ? ', has comments' : ''})
                            </span>
                          </button>
                        </li>
                      );
                    })}
                </ul>
              </section>
            ))}
          </div>
        ) : (
          <div className="article-scroll review-article" role="region" tabIndex={0} aria-label="Article with every chosen layer">
            <ArticleEditor
              doc={doc}
              labels={labels}
              annotations={mergedAnnotations}
              selectedId={focusedAnnotation?.id ?? null}
              revealSeq={current}
              onSelectAnnotation={(id) => {
                if (!id) return;
                const i = groupOfAnnotation(id);
                if (i >= 0) setCurrent(i);
              }}
              selectionReader={{ current: null }}
            />
          </div>
        )}
      </main>
      <aside className="side review-side">
        <section aria-labelledby="candidate-heading" className="candidate-panel">
          <h2 id="candidate-heading">
            Candidate {groups.length ? current + 1 : 0} of {groups.length}
          </h2>
          <p className="hint keys">{keyHint('review')}</p>
          {group ? (
            <div className="candidate">
              <p>
                <span className={`state state-${group.state}`}>{STATE_TEXT[group.state]}</span>{' '}
                <span className={`review-state review-${reviewStates[current]}`}>{REVIEW_TEXT[reviewStates[current]!]}</span>{' '}
                <span className="candidate-quote">“{quoteOfSpan(group.span)}”</span>
              </p>
              <ul className="variants" role="listbox" aria-label="Variants of this candidate">
                {group.variants.map((v, i) => {
                  const inGold = goldSignatures.has(v.signature);
                  const rejected = variantRejected(v, decisions);
                  return (
                    <li
                      key={v.signature}
                      role="option"
                      aria-selected={i === variantIndex}
                      className={i === variantIndex ? 'current' : ''}
                      onClick={() => setVariantIndex(i)}
                    >
                      {chip(v.label)}
                      <span className="layers">
                        {v.layers.join(', ')} ({v.layers.length}/{layers.length})
                      </span>
                      {inGold && <span className="review-state review-accepted">in gold</span>}
                      {rejected && <span className="review-state review-rejected">rejected</span>}
                      <CandidateInContext text={doc.text} span={group.span} variant={v} variants={group.variants} />
                    </li>
                  );
                })}
              </ul>
              <div className="candidate-actions">
                <label>
                  Accept as{' '}
                  <select value={acceptAs || variant?.label} onChange={(e) => setAcceptAs(e.target.value)} aria-label="Label to accept as">
                    {labels.map((l) => (
                      <option key={l.name}>{l.name}</option>
                    ))}
                  </select>
                </label>
                <button type="button" className="primary" onClick={acceptCurrent} aria-keyshortcuts="A">
                  Accept
                </button>
                <button type="button" onClick={rejectCurrent} aria-keyshortcuts="R">
                  Reject
                </button>
                <button type="button" onClick={nothingRight} aria-keyshortcuts="N">
                  Nothing here is right
                </button>
                <button type="button" onClick={reopen} aria-keyshortcuts="U">
                  Reopen
                </button>
              </div>
              {focusedAnnotation && (
                <CommentThread
                  workspace={workspace}
                  doc={doc}
                  annotation={focusedAnnotation}
                  thread={threads.get(focusedAnnotation.id)}
                  author={reviewer}
                  inputRef={commentRef}
                />
              )}
            </div>
          ) : (
            <p className="empty">No candidates in the chosen layers.</p>
          )}
        </section>
        <section aria-labelledby="gold-heading" className="gold-panel">
          <h2 id="gold-heading">
            Gold <span className="count">{gold.length}</span>
          </h2>
          <ul aria-label="Gold annotations">
            {gold.map((g) => (
              <li key={g.id}>
                {chip(g.label)} <span className="quote">{g.quote}</span> <span className="layers">from {g.createdBy}</span>
                <select
                  aria-label={`Label of gold ${g.label} “${g.quote}”`}
                  value={g.label}
                  onChange={(e) => void workspace.relabel(g.id, e.target.value)}
                >
                  {labels.map((l) => (
                    <option key={l.name}>{l.name}</option>
                  ))}
                </select>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Remove gold ${g.label} “${g.quote}”`}
                  onClick={() => void workspace.deleteAnnotation(g.id)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </section>
      </aside>
    </div>
  );
}

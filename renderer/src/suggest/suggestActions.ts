/**
 * The app's suggestion actions on the open document, each one write through the workspace's
 * queue (so it is saved, shown as "Saved", and undone by Ctrl+Z like any edit): suggest, accept
 * the selected suggestion (with what it links to), reject it, accept every open suggestion of a
 * label. Suggestions live in the `suggestions` layer; accepted ones go to the annotator's layer.
 */
import { SUGGESTIONS_LAYER, type Annotation } from '../../core/model/types.ts';
import { isRejected } from '../../core/suggest/records.ts';
import { decideSuggestions, writeSuggestions } from '../db/suggestions.ts';
import type { Workspace } from '../app/workspace.ts';
import type { ComputeSuggestions } from './suggestClient.ts';

/** Whether an annotation is an open (not yet accepted or rejected) suggestion. */
export const isOpenSuggestion = (a: Pick<Annotation, 'layer' | 'note'>) => a.layer === SUGGESTIONS_LAYER && !isRejected(a);

/**
 * Runs the engine (`compute`, a worker in the app) on the open document, with the project's own
 * outlets if its schema has them, and writes its suggestions.
 */
export async function suggestDocument(ws: Workspace, compute: ComputeSuggestions): Promise<number | undefined> {
  const { doc, annotator, project } = ws.getState();
  if (!doc) return undefined;
  const suggestions = await compute(doc.text, project?.schema.outlets);
  return ws.writeProject('Suggest', () => writeSuggestions(ws.db, doc, suggestions, annotator));
}

/**
 * Suggests for several documents (the corpus browser's selection), one after another, each its own
 * write and undo step. `onProgress` gets the count done; when `signal` aborts, the run stops after
 * the current document (what was written stays). Resolves to the number of documents done.
 */
export async function suggestDocuments(
  ws: Workspace,
  ids: readonly string[],
  compute: ComputeSuggestions,
  onProgress: (done: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const { annotator } = ws.getState();
  let done = 0;
  for (const id of ids) {
    if (signal.aborted) break;
    const doc = await ws.db.documents.get(id);
    if (doc) {
      const suggestions = await compute(doc.text, ws.getState().project?.schema.outlets);
      const written = await ws.writeCorpus(`Suggest: ${doc.title}`, () => writeSuggestions(ws.db, doc, suggestions, annotator));
      if (written === undefined) break;
    }
    onProgress(++done);
  }
  const open = ws.getState().doc;
  if (open && ids.includes(open.id)) await ws.openDocument(open.id);
  return done;
}

/** Accepts the open suggestion `id` (and what it links to) into the annotator's layer; selects the copy. */
export async function acceptSuggestion(ws: Workspace, id: string): Promise<void> {
  await decide(ws, [id], [], (copies) => copies.get(id) ?? null);
}

/** Rejects the open suggestion `id`; the next open suggestion after it is selected. */
export async function rejectSuggestion(ws: Workspace, id: string): Promise<void> {
  const next = nextOpenSuggestion(ws.getState().annotations, id);
  await decide(ws, [], [id], () => next);
}

/** Accepts every open suggestion with `label` in the open document. */
export async function acceptAllOfLabel(ws: Workspace, label: string): Promise<void> {
  const ids = ws
    .getState()
    .annotations.filter((a) => a.label === label && isOpenSuggestion(a))
    .map((a) => a.id);
  if (ids.length) await decide(ws, ids, [], () => null);
}

async function decide(
  ws: Workspace,
  accept: string[],
  reject: string[],
  select: (copies: Map<string, string>) => string | null,
): Promise<void> {
  const { doc, annotator } = ws.getState();
  if (!doc) return;
  const copies = await ws.writeProject('Suggestions', () => decideSuggestions(ws.db, doc, { accept, reject }, annotator, annotator));
  if (copies) ws.select(select(copies), true);
}

/** The open suggestion after `id` in reading order (or before it, at the end), for moving on after a decision. */
export function nextOpenSuggestion(annotations: readonly Annotation[], id: string): string | null {
  const open = annotations.filter(isOpenSuggestion);
  const i = open.findIndex((a) => a.id === id);
  return open[i + 1]?.id ?? open[i - 1]?.id ?? null;
}

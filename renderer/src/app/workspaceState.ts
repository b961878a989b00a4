/** The Workspace store's state and the ordering of the open document's annotations. */
import type { Annotation, DocumentRecord, LabelDef, Project, Relation } from '../../core/model/types.ts';
import { compareSpans } from '../../core/model/spans.ts';
import type { DocumentSummary } from '../db/documents.ts';
import type { LayerView } from '../../core/review/layerView.ts';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; what: string }
  | { kind: 'saved'; what: string; at: string }
  | { kind: 'error'; message: string; storageFull?: boolean };

export interface WorkspaceState {
  project: Project | null;
  labels: readonly LabelDef[];
  documents: DocumentSummary[];
  /**
   * Documents of the project not in `documents` yet: at start the list shows its first page while
   * the rest is read (the project's stored count less the page); null while that is not known.
   */
  documentsPending: number | null;
  /**
   * While the list is read at start: its last rows, read ahead of the pages above them when the
   * user goes to its end (End, the scroll bar dragged down) — the rows just before the end of
   * the project's count; empty once the list is whole.
   */
  documentsTail: DocumentSummary[];
  doc: DocumentRecord | null;
  /** The open document's annotations, sorted by position. */
  annotations: readonly Annotation[];
  /** The document whose annotations `annotations` holds: differs from `doc` while they load. */
  annotationsFor: string | null;
  relations: readonly Relation[];
  selectedId: string | null;
  revealSeq: number;
  /** The link picker: open for annotation `from` (and, after an Alt+click, only target `to`). */
  linking: { from: string; to: string | null } | null;
  save: SaveState;
  snapToWords: boolean;
  annotator: string;
  /** False until a name was chosen at this installation (the top bar invites one). */
  annotatorChosen: boolean;
  /** Blind mode: other layers hidden until the annotator marks a document done. */
  blindMode: boolean;
  /** The annotate view's layer switch: `mine`, `all`, or one teammate's layer (read-only). */
  layerView: LayerView;
  /** The documents ticked in the corpus browser (bulk actions, the export's "selected" scope). */
  corpusSelection: ReadonlySet<string>;
  history: { undo: string | null; redo: string | null };
}

/** Reading order: by first range, then by id. */
export const byPosition = (a: Annotation, b: Annotation) =>
  compareSpans(a.ranges[0]!, b.ranges[0]!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Inserts `item` into a list kept in reading order. */
export function insertSorted(list: readonly Annotation[], item: Annotation): Annotation[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPosition(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  const out = list.slice();
  out.splice(lo, 0, item);
  return out;
}

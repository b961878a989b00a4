/**
 * The app's state for the open project and document, kept in memory and written through to the
 * database. Every change is committed to IndexedDB first; only then is it applied here and the
 * status shows "Saved". React reads it with `useSyncExternalStore`.
 */
import type {
  Annotation,
  AnnotationId,
  DocumentRecord,
  LabelDef,
  Project,
  Relation,
  Span,
} from '../../core/model/types.ts';
import { compareSpans } from '../../core/model/spans.ts';
import type { AppDb } from '../db/db.ts';
import {
  canUndoRedo,
  createAnnotation,
  deleteAnnotations,
  listAnnotations,
  listRelations,
  redo as redoOp,
  undo as undoOp,
  updateAnnotation,
} from '../db/annotations.ts';
import { listDocumentSummaries, type DocumentSummary } from '../db/documents.ts';
import { setSetting } from '../db/settings.ts';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; what: string }
  | { kind: 'saved'; what: string; at: string }
  | { kind: 'error'; message: string };

export interface WorkspaceState {
  project: Project | null;
  labels: readonly LabelDef[];
  documents: DocumentSummary[];
  doc: DocumentRecord | null;
  /** The open document's annotations, sorted by position. */
  annotations: readonly Annotation[];
  relations: readonly Relation[];
  selectedId: string | null;
  revealSeq: number;
  save: SaveState;
  snapToWords: boolean;
  annotator: string;
  history: { undo: string | null; redo: string | null };
}

type Listener = () => void;

const byPosition = (a: Annotation, b: Annotation) =>
  compareSpans(a.ranges[0]!, b.ranges[0]!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class Workspace {
  private state: WorkspaceState;
  private listeners = new Set<Listener>();
  private renderWaiters: (() => void)[] = [];
  /** Serialises writes so two quick key presses commit in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: AppDb,
    init: { annotator: string; snapToWords: boolean },
  ) {
    this.state = {
      project: null,
      labels: [],
      documents: [],
      doc: null,
      annotations: [],
      relations: [],
      selectedId: null,
      revealSeq: 0,
      save: { kind: 'idle' },
      snapToWords: init.snapToWords,
      annotator: init.annotator,
      history: { undo: null, redo: null },
    };
  }

  getState = (): WorkspaceState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<WorkspaceState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Resolves after the editor has drawn the current state (used by the benchmark hook). */
  whenRendered(): Promise<void> {
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  /** Called by the editor once what it shows matches the state. */
  rendered = (): void => {
    const waiters = this.renderWaiters;
    this.renderWaiters = [];
    for (const w of waiters) w();
  };

  async openProject(projectId: string, documentId?: string): Promise<void> {
    const project = await this.db.projects.get(projectId);
    if (!project) throw new Error('That project no longer exists.');
    const documents = await listDocumentSummaries(this.db, projectId);
    this.set({ project, labels: project.schema.labels, documents });
    await setSetting(this.db, 'lastProjectId', projectId);
    const target = documentId ?? documents[0]?.id;
    if (target) await this.openDocument(target);
    await this.refreshHistory();
  }

  async openDocument(documentId: string): Promise<void> {
    const [doc, annotations, relations] = await Promise.all([
      this.db.documents.get(documentId),
      listAnnotations(this.db, documentId),
      listRelations(this.db, documentId),
    ]);
    if (!doc) throw new Error('That document no longer exists.');
    annotations.sort(byPosition);
    this.set({ doc, annotations, relations, selectedId: null });
    await setSetting(this.db, 'lastDocumentId', documentId);
  }

  select(id: string | null, reveal = false): void {
    this.set({ selectedId: id, revealSeq: reveal ? this.state.revealSeq + 1 : this.state.revealSeq });
  }

  /** Selects the next (or previous) annotation in reading order. */
  cycle(direction: 1 | -1): void {
    const list = this.state.annotations;
    if (list.length === 0) return;
    const i = list.findIndex((a) => a.id === this.state.selectedId);
    const next = i === -1 ? (direction === 1 ? 0 : list.length - 1) : (i + direction + list.length) % list.length;
    this.select(list[next]!.id, true);
  }

  setSnapToWords(on: boolean): void {
    this.set({ snapToWords: on });
    void setSetting(this.db, 'snapToWords', on);
  }

  private async write<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    const run = async () => {
      this.set({ save: { kind: 'saving', what } });
      try {
        const result = await action();
        this.set({ save: { kind: 'saved', what, at: new Date().toISOString() } });
        return result;
      } catch (err) {
        this.set({ save: { kind: 'error', message: `${what} was not saved: ${(err as Error).message}` } });
        return undefined;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next;
    return next;
  }

  async addAnnotation(label: string, span: Span): Promise<Annotation | undefined> {
    const doc = this.state.doc;
    if (!doc) return undefined;
    return this.write(`Add ${label}`, async () => {
      const created = await createAnnotation(
        this.db,
        doc,
        { label, ranges: [span], layer: this.state.annotator },
        this.state.annotator,
      );
      if (this.state.doc?.id === doc.id) {
        this.set({ annotations: insertSorted(this.state.annotations, created), selectedId: created.id });
        this.bumpCount(doc.id, 1);
      }
      await this.refreshHistory();
      return created;
    });
  }

  async relabel(id: string, label: string): Promise<void> {
    const doc = this.state.doc;
    const current = this.state.annotations.find((a) => a.id === id);
    if (!doc || !current || current.label === label) return;
    await this.write(`Change ${current.label} to ${label}`, async () => {
      const updated = await updateAnnotation(this.db, doc, id as AnnotationId, { label }, this.state.annotator);
      if (this.state.doc?.id === doc.id) {
        this.set({ annotations: this.state.annotations.map((a) => (a.id === id ? updated : a)) });
      }
      await this.refreshHistory();
    });
  }

  async deleteAnnotation(id: string): Promise<void> {
    const doc = this.state.doc;
    const current = this.state.annotations.find((a) => a.id === id);
    if (!doc || !current) return;
    await this.write(`Delete ${current.label}`, async () => {
      await deleteAnnotations(this.db, doc, [id as AnnotationId], this.state.annotator);
      if (this.state.doc?.id === doc.id) {
        this.set({
          annotations: this.state.annotations.filter((a) => a.id !== id),
          relations: this.state.relations.filter((r) => r.from !== id && r.to !== id),
          selectedId: this.state.selectedId === id ? null : this.state.selectedId,
        });
        this.bumpCount(doc.id, -1);
      }
      await this.refreshHistory();
    });
  }

  async undo(): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    await this.write('Undo', async () => {
      const result = await undoOp(this.db, project.id);
      if (result) await this.afterHistoryStep(result.documentId);
    });
  }

  async redo(): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    await this.write('Redo', async () => {
      const result = await redoOp(this.db, project.id);
      if (result) await this.afterHistoryStep(result.documentId);
    });
  }

  private async afterHistoryStep(documentId: string): Promise<void> {
    const selected = this.state.selectedId;
    await this.openDocument(documentId);
    if (selected && this.state.annotations.some((a) => a.id === selected)) this.select(selected);
    this.set({ documents: await listDocumentSummaries(this.db, this.state.project!.id) });
    await this.refreshHistory();
  }

  private async refreshHistory(): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    this.set({ history: await canUndoRedo(this.db, project.id) });
  }

  private bumpCount(documentId: string, by: number): void {
    this.set({
      documents: this.state.documents.map((d) =>
        d.id === documentId ? { ...d, annotationCount: d.annotationCount + by } : d,
      ),
    });
  }
}

function insertSorted(list: readonly Annotation[], item: Annotation): Annotation[] {
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

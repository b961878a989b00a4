/**
 * The Workspace's store: the state of the open project and document, its listeners (React reads
 * it with `useSyncExternalStore`), the ONE write queue every change goes through (`write`, and
 * `commit` / `writeProject` / `writeCorpus` around a `db/` function), opening projects and
 * documents, selection, settings, undo and redo. The annotation edits are in `workspace.ts`;
 * the rules (one write path, the read rule) are written there.
 */
import type { Annotation, DocumentRecord, Relation } from '../../core/model/types.ts';
import { metaSubset as summaryMeta } from '../../core/corpus/browse.ts';
import { ALL_LAYERS, annotationsInView, inLayerView, readOnlyReason, type LayerView } from '../../core/review/layerView.ts';
import type { AppDb } from '../db/db.ts';
import { canUndoRedo, listAnnotations, listRelations, redo as redoOp, undo as undoOp } from '../db/annotations.ts';
import { listDocumentSummaries, openDocumentList, readListEnd, type DocumentList, type DocumentSummary } from '../db/documents.ts';
import { setSetting } from '../db/settings.ts';
import { isQuotaError, saveFailureMessage } from '../db/storage.ts';
import { noteChange } from '../db/unbackedChanges.ts';
import { updateDocumentDetails, type DocumentDetails } from '../db/corpus.ts';
import { byPosition, type WorkspaceState } from './workspaceState.ts';

type Listener = () => void;

/** A document being read: its record, annotations and relations. */
interface DocumentRead {
  id: string;
  doc: Promise<DocumentRecord | undefined>;
  annotations: Promise<Annotation[]>;
  relations: Promise<Relation[]>;
}

/** Waits for a document read to end, whatever its outcome (so no rejection goes unhandled). */
const settle = (read: DocumentRead) => Promise.allSettled([read.doc, read.annotations, read.relations]);

/** How long a write may take before the status line says "Saving…". */
const SAVING_NOTICE_DELAY_MS = 150;

/** Summaries shown at once when a project opens; the rest follow in the background. */
const FIRST_LIST_PAGE = 200;

/** Rows read above the highest row asked for when the end of a list still being read is shown. */
const LIST_END_MARGIN = 100;

export class WorkspaceStore {
  protected state: WorkspaceState;
  private listeners = new Set<Listener>();
  private renderWaiters: (() => void)[] = [];
  /** Serialises writes so two quick key presses commit in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    readonly db: AppDb,
    init: { annotator: string; snapToWords: boolean; annotatorChosen?: boolean; blindMode?: boolean },
  ) {
    this.state = {
      project: null,
      labels: [],
      documents: [],
      documentsPending: 0,
      documentsTail: [],
      doc: null,
      annotations: [],
      annotationsFor: null,
      relations: [],
      selectedId: null,
      revealSeq: 0,
      linking: null,
      save: { kind: 'idle' },
      snapToWords: init.snapToWords,
      annotator: init.annotator,
      annotatorChosen: init.annotatorChosen ?? true,
      blindMode: init.blindMode ?? false,
      layerView: ALL_LAYERS,
      corpusSelection: new Set(),
      history: { undo: null, redo: null },
    };
  }

  getState = (): WorkspaceState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notifyQueued = false;
  /** Counts changes of `documents`, so the rest of a list read at start never overwrites a newer one. */
  private documentsSeq = 0;

  /**
   * Updates the state at once (reads see it immediately) and tells React once per microtask, so
   * the several steps of one action (the new annotation, its document's count, the history)
   * render together instead of re-rendering the whole app for each.
   */
  protected set(patch: Partial<WorkspaceState>): void {
    if (patch.documents) this.documentsSeq++;
    // A whole list needs no end rows read ahead.
    if (patch.documentsPending === 0 && this.state.documentsTail.length) patch = { ...patch, documentsTail: [] };
    this.state = { ...this.state, ...patch };
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const l of this.listeners) l();
    });
  }

  /** Resolves after the editor has drawn the current state (used by the benchmark hook). */
  whenRendered(): Promise<void> {
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  /** Called by the editor once what it shows matches the state. */
  rendered = (): void => {
    // Until the open document's annotations have arrived, the article is not fully drawn.
    if (this.state.annotationsFor !== (this.state.doc?.id ?? null)) return;
    const waiters = this.renderWaiters;
    this.renderWaiters = [];
    for (const w of waiters) w();
  };

  /**
   * Opens a project: its list's first page and count first (the list is usable then), the rest
   * in the background; `documentId` (the last one open), read meanwhile, opens if it belongs to
   * the project, else the list's first document.
   */
  async openProject(projectId: string, documentId?: string): Promise<void> {
    const reading = documentId ? this.readDocument(documentId) : null;
    const [project, list] = await Promise.all([this.db.projects.get(projectId), openDocumentList(this.db, projectId, FIRST_LIST_PAGE)]);
    if (!project) {
      if (reading) await settle(reading);
      throw new Error('That project no longer exists.');
    }
    const documents = list.first;
    const toCome = list.total - documents.length;
    this.set({
      project,
      labels: project.schema.labels,
      documents,
      // A full first page: how many follow is the project's stored count less the page (unknown
      // until the list is read if summaries wait to be built or removed).
      documentsPending: list.complete ? 0 : toCome > 0 ? toCome : null,
      documentsTail: [],
      corpusSelection: new Set(),
    });
    this.listEnd = { wanted: 0, reading: null };
    // The rest of the list (and any summary still to build) follows in the background.
    void this.finishList(projectId, list);
    void setSetting(this.db, 'lastProjectId', projectId).catch((err: Error) =>
      console.error('The open project could not be remembered:', err),
    );
    const last = reading && (await reading.doc.catch(() => undefined))?.projectId === projectId ? reading : null;
    if (reading && !last) await settle(reading);
    const target = last ?? (documents[0] ? this.readDocument(documents[0].id) : null);
    if (target) await this.showDocument(target);
    else this.set({ doc: null, annotations: [], relations: [], selectedId: null });
    await this.refreshHistory();
  }

  /** Resolves when the project's whole document list is in the state (at once unless a start is still reading it). */
  whenListed(): Promise<void> {
    return this.state.documentsPending === 0 ? Promise.resolve() : new Promise((resolve) => this.listWaiters.push(resolve));
  }

  private listWaiters: (() => void)[] = [];

  /** The end rows asked for while the list is read (at least `wanted`), and whether they are being read. */
  private listEnd: { wanted: number; reading: Promise<void> | null } = { wanted: 0, reading: null };

  /**
   * While the list is read at start: reads its end ahead of the pages above it, from the last row
   * up to `fromEnd` rows before the end (and a margin), by key from the end of the list, so a list
   * taken to its end (End, the scroll bar dragged down) shows its rows at once. One read at a time;
   * the rows are not kept when the list changed meanwhile (it is read again then). Resolves when
   * the read ends.
   */
  readListEnd(fromEnd: number): Promise<void> {
    const end = this.listEnd;
    end.wanted = Math.max(end.wanted, fromEnd + LIST_END_MARGIN);
    end.reading ??= this.readEnd(end)
      .catch((err: Error) => console.error('The end of the document list could not be read:', err))
      .finally(() => (end.reading = null));
    return end.reading;
  }

  private async readEnd(end: { wanted: number }): Promise<void> {
    for (;;) {
      const { project, documentsPending, documentsTail } = this.state;
      if (!project || !documentsPending || documentsTail.length >= end.wanted || end !== this.listEnd) return;
      const seq = this.documentsSeq;
      const tail = await readListEnd(this.db, project.id, documentsTail, end.wanted);
      if (end !== this.listEnd || seq !== this.documentsSeq || !this.state.documentsPending) return;
      if (tail.length <= documentsTail.length) return;
      this.set({ documentsTail: tail });
    }
  }

  /**
   * Reads the whole list (building missing summaries first) and puts it in the state, unless the
   * project changed meanwhile; if the list changed meanwhile (a write, a count after an edit), it
   * is read again so the change is kept. The project's count, known before the pages, says how
   * many documents are still to come.
   */
  private async finishList(projectId: string, list: DocumentList): Promise<void> {
    const counted = (total: number) => {
      if (this.state.project?.id !== projectId || this.state.documentsPending === 0) return;
      this.set({ documentsPending: Math.max(0, total - this.state.documents.length) });
    };
    try {
      for (let read = () => list.all(counted); ; read = () => listDocumentSummaries(this.db, projectId)) {
        const seq = this.documentsSeq;
        const documents = await read();
        if (this.state.project?.id !== projectId) return;
        if (seq === this.documentsSeq) {
          this.set({ documents, documentsPending: 0 });
          return;
        }
      }
    } catch (err) {
      console.error('The document list could not be read:', err);
    } finally {
      if (this.state.documentsPending === 0 || this.state.project?.id !== projectId) {
        for (const w of this.listWaiters.splice(0)) w();
      }
    }
  }

  /**
   * A corpus-wide write (bulk status, delete, move, project changes) through `write()`: after
   * it commits, the project row and its document summaries are read again; if the open document
   * is gone from the project, the first remaining one opens.
   */
  async writeCorpus<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    return this.write(what, async () => {
      const result = await action();
      await this.reloadCorpus();
      return result;
    });
  }

  /**
   * Reads the project, its documents and the open document's annotations again after changes
   * arrived from the team server (already committed by the sync engine), in turn with the write
   * queue so a local write in flight is not overtaken; opens the first document if none is open.
   */
  async reloadAfterSync(): Promise<void> {
    // Batches of incoming changes that arrive while a reload waits in the queue share it.
    if (this.syncReload) return this.syncReload;
    const run = async () => {
      this.syncReload = null;
      await this.reloadProjectAndDocument();
      const first = this.state.documents[0];
      if (!this.state.doc && first) await this.openDocument(first.id);
    };
    const next = this.queue.then(run, run);
    this.syncReload = next;
    this.queue = next.catch(() => undefined);
    await next;
  }
  private syncReload: Promise<void> | null = null;

  /** Reads the project's schema and documents again after writes made elsewhere (an import in its worker); they count as changes no backup holds. */
  async refreshDocuments(): Promise<void> {
    void noteChange(this.db).catch(() => undefined);
    await this.reloadCorpus();
  }

  private async reloadCorpus(): Promise<void> {
    const current = this.state.project;
    if (!current) return;
    const project = await this.db.projects.get(current.id);
    if (!project) return;
    const documents = await listDocumentSummaries(this.db, project.id);
    this.set({ project, labels: project.schema.labels, documents, documentsPending: 0 });
    for (const w of this.listWaiters.splice(0)) w();
    this.pruneSelection();
    const open = this.state.doc;
    if (open && documents.some((d) => d.id === open.id)) return;
    if (documents[0]) await this.openDocument(documents[0].id);
    else this.set({ doc: null, annotations: [], relations: [], selectedId: null });
    await this.refreshHistory();
  }

  /** Saves the open document's title and metadata (one transaction; "Saved" after commit). */
  async saveDocumentDetails(details: DocumentDetails): Promise<boolean> {
    const doc = this.state.doc;
    if (!doc) return false;
    const saved = await this.write('Document details', async () => {
      const updated = await updateDocumentDetails(this.db, doc.id, details);
      if (this.state.doc?.id === doc.id) this.set({ doc: updated });
      this.changeSummaries((d) =>
        d.id === doc.id ? { ...d, title: updated.title, updatedAt: updated.updatedAt, meta: summaryMeta(updated.metadata) } : d,
      );
      return true;
    });
    return saved === true;
  }

  /**
   * Opens a document. The text is shown as soon as the document record arrives, while its
   * annotations are still being read: on a long article the editor lays out the text during
   * the database read instead of after it.
   */
  async openDocument(documentId: string): Promise<void> {
    await this.showDocument(this.readDocument(documentId));
  }

  /** Starts reading a document, its annotations and relations, all at once. */
  private readDocument(documentId: string): DocumentRead {
    return {
      id: documentId,
      doc: this.db.documents.get(documentId),
      annotations: listAnnotations(this.db, documentId),
      relations: listRelations(this.db, documentId),
    };
  }

  private async showDocument(read: DocumentRead): Promise<void> {
    const documentId = read.id;
    const doc = await read.doc;
    if (!doc) {
      await settle(read);
      throw new Error('That document no longer exists.');
    }
    this.set({ doc, annotations: [], annotationsFor: null, relations: [], selectedId: null, linking: null });
    const [annotations, relations] = await Promise.all([read.annotations, read.relations]);
    if (this.state.doc?.id !== documentId) return; // another document was opened meanwhile
    annotations.sort(byPosition);
    this.set({ annotations, annotationsFor: documentId, relations });
    await setSetting(this.db, 'lastDocumentId', documentId);
  }

  select(id: string | null, reveal = false): void {
    this.set({ selectedId: id, revealSeq: reveal ? this.state.revealSeq + 1 : this.state.revealSeq });
  }

  /** Opens the link picker for an annotation (optionally for one target only). */
  startLinking(from: string, to: string | null = null): void {
    const annotation = this.state.annotations.find((a) => a.id === from);
    if (!annotation || this.refusedReadOnly(annotation, 'Link')) return;
    this.set({ linking: { from, to } });
  }

  /** The annotate view's layer switch (mine, a teammate's, all). */
  setLayerView(view: LayerView): void {
    if (view === this.state.layerView) return;
    const selected = this.state.annotations.find((a) => a.id === this.state.selectedId);
    const keep = selected && inLayerView(selected.layer, view, this.state.annotator);
    this.set({ layerView: view, selectedId: keep ? this.state.selectedId : null, linking: null });
  }

  /**
   * True (and the save status says why) when `annotation` is another person's: a teammate's
   * layer is shown read-only and never changed from this installation's view.
   */
  protected refusedReadOnly(annotation: Annotation, what: string): boolean {
    const reason = readOnlyReason(annotation.layer, this.state.annotator);
    if (reason) this.set({ save: { kind: 'error', message: `${what} ${annotation.label} was not saved: ${reason}` } });
    return reason !== null;
  }

  stopLinking(): void {
    if (this.state.linking) this.set({ linking: null });
  }

  /** Selects the next (or previous) annotation in reading order. */
  cycle(direction: 1 | -1): void {
    const list = annotationsInView(this.state.annotations, this.state.layerView, this.state.annotator);
    if (list.length === 0) return;
    const i = list.findIndex((a) => a.id === this.state.selectedId);
    const next = i === -1 ? (direction === 1 ? 0 : list.length - 1) : (i + direction + list.length) % list.length;
    this.select(list[next]!.id, true);
  }

  /** Ticks documents in the corpus browser: a new set, or a function of the current one. */
  setCorpusSelection(next: ReadonlySet<string> | ((current: ReadonlySet<string>) => ReadonlySet<string>)): void {
    const value = typeof next === 'function' ? next(this.state.corpusSelection) : next;
    if (value !== this.state.corpusSelection) this.set({ corpusSelection: value });
  }

  /** The selection keeps only documents that still exist. */
  private pruneSelection(): void {
    const selected = this.state.corpusSelection;
    if (selected.size === 0) return;
    const present = new Set(this.state.documents.map((d) => d.id as string));
    const kept = new Set([...selected].filter((id) => present.has(id)));
    if (kept.size !== selected.size) this.set({ corpusSelection: kept });
  }

  /**
   * Changes the annotator name this installation annotates under (new annotations go to that
   * layer). Existing layers keep the names they were made under.
   */
  async setAnnotator(name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('An annotator name cannot be empty.');
    const saved = await this.write('Annotator name', () => setSetting(this.db, 'annotator', trimmed).then(() => true), { setting: true });
    if (saved) this.set({ annotator: trimmed, annotatorChosen: true });
    return saved === true;
  }

  /** The switches answer at once; the stored setting follows through the write queue. */
  setSnapToWords(on: boolean): void {
    this.set({ snapToWords: on });
    void this.write(on ? 'Word snapping on' : 'Word snapping off', () => setSetting(this.db, 'snapToWords', on), { setting: true });
  }

  setBlindMode(on: boolean): void {
    this.set({ blindMode: on });
    void this.write(on ? 'Blind mode on' : 'Blind mode off', () => setSetting(this.db, 'blindMode', on), { setting: true });
  }

  /**
   * A write of records this state does not hold (comments, review decisions, statuses …): queued
   * like every other write, "Saved" after its commit; the views that show those records read
   * them live (see the read rule above). Undefined when it failed; the status says why.
   */
  commit<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    return this.write(what, action);
  }

  /** Like `commit`, for a change with an undo step: the Undo/Redo labels follow it. */
  commitUndoable<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    return this.write(what, async () => {
      const result = await action();
      await this.refreshHistory();
      return result;
    });
  }

  /** Like `commit`, but a failure is also thrown to the caller (a dialog shows it by its control). */
  async commitOrThrow<T>(what: string, action: () => Promise<T>): Promise<T> {
    let failure: { error: unknown } | null = null;
    const result = await this.write(what, () =>
      action().catch((error: unknown) => {
        failure = { error };
        throw error;
      }),
    );
    if (failure) throw (failure as { error: unknown }).error;
    return result as T;
  }

  /** True while a write is queued or committing (a view can ignore a repeated key meanwhile). */
  get writing(): boolean {
    return this.pending > 0;
  }

  /**
   * Queues a write; "Saved" after it commits. Each committed write is noted as a change no
   * backup holds yet (`db/unbackedChanges.ts`), except this installation's settings (`setting`).
   */
  protected async write<T>(what: string, action: () => Promise<T>, options: { setting?: boolean } = {}): Promise<T | undefined> {
    const run = async () => {
      // "Saving…" appears only if the commit takes noticeably long: most commit within a few
      // milliseconds, and showing it would cost a whole re-render per action. Either way the
      // status says "Saved" only after the commit.
      const slow = setTimeout(() => this.set({ save: { kind: 'saving', what } }), SAVING_NOTICE_DELAY_MS);
      try {
        const result = await action();
        const at = new Date().toISOString();
        this.set({ save: { kind: 'saved', what, at } });
        if (!options.setting) void noteChange(this.db, at).catch(() => undefined);
        return result;
      } catch (err) {
        this.set({ save: { kind: 'error', message: saveFailureMessage(what, err), ...(isQuotaError(err) ? { storageFull: true } : {}) } });
        return undefined;
      } finally {
        clearTimeout(slow);
        this.pending -= 1;
      }
    };
    this.pending += 1;
    const next = this.queue.then(run, run);
    this.queue = next;
    return next;
  }

  undo(): Promise<void> {
    return this.historyStep('Undo', undoOp);
  }

  redo(): Promise<void> {
    return this.historyStep('Redo', redoOp);
  }

  private async historyStep(what: string, step: typeof undoOp): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    await this.write(what, async () => {
      const result = await step(this.db, project.id);
      if (result) await this.afterHistoryStep(result.documentId);
    });
  }

  /**
   * A project-wide write (entity registry, schema, document attributes, status) through
   * `write()`: after it commits, the project's schema, the open document's annotations and
   * relations (mentions may have been re-pointed, labels renamed) and the history are read again.
   */
  async writeProject<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    return this.write(what, async () => {
      const result = await action();
      await this.reloadProjectAndDocument();
      return result;
    });
  }

  private async reloadProjectAndDocument(): Promise<void> {
    const current = this.state.project;
    if (!current) return;
    const project = await this.db.projects.get(current.id);
    if (project) this.set({ project, labels: project.schema.labels });
    const doc = this.state.doc;
    if (doc) {
      const selected = this.state.selectedId;
      const [annotations, relations] = await Promise.all([listAnnotations(this.db, doc.id), listRelations(this.db, doc.id)]);
      annotations.sort(byPosition);
      this.set({
        annotations,
        relations,
        selectedId: selected && annotations.some((a) => a.id === selected) ? selected : null,
      });
    }
    if (project) this.set({ documents: await listDocumentSummaries(this.db, project.id), documentsPending: 0 });
    await this.refreshHistory();
  }

  private async afterHistoryStep(documentId: string): Promise<void> {
    const selected = this.state.selectedId;
    // An undone schema change (label rename) changes the project row too.
    const project = await this.db.projects.get(this.state.project!.id);
    if (project) this.set({ project, labels: project.schema.labels });
    await this.openDocument(documentId);
    if (selected && this.state.annotations.some((a) => a.id === selected)) this.select(selected);
    await this.refreshSummary(documentId);
    await this.refreshHistory();
  }

  protected async refreshHistory(): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    this.set({ history: await canUndoRedo(this.db, project.id) });
  }

  protected bumpCount(documentId: string, by: number): void {
    this.changeSummaries((d) => (d.id === documentId ? { ...d, annotationCount: d.annotationCount + by } : d));
    void this.refreshSummary(documentId);
  }

  /** Re-reads one document's summary (labels and layers present, counts) after its annotations changed. */
  private async refreshSummary(documentId: string): Promise<void> {
    const summary = await this.db.documentSummaries.get(documentId);
    if (!summary) return;
    this.changeSummaries((d) => (d.id === documentId ? summary : d));
  }

  /** Applies `change` to every listed summary (the end rows read ahead included). */
  private changeSummaries(change: (d: DocumentSummary) => DocumentSummary): void {
    this.set({ documents: this.state.documents.map(change), documentsTail: this.state.documentsTail.map(change) });
  }
}

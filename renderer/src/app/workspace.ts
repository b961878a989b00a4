/**
 * The app's state for the open project and document, kept in memory and written through to the
 * database. React reads it with `useSyncExternalStore`.
 *
 * ONE WRITE PATH: every change goes through the Workspace's write queue (`write` in
 * workspaceStore.ts: a Workspace method, or `commit` / `writeProject` / `writeCorpus` around a
 * `db/` function): writes commit in order and
 * the status says "Saved" only after each commit. Components never write to the database. (Two
 * exceptions: the import worker commits its own batches, then calls `refreshDocuments`; and which
 * project and document were open last is remembered directly, as it changes no data. The team
 * server's sync engine commits changes that arrived from the server, then calls `reloadAfterSync`.)
 *
 * THE READ RULE: what this state holds (project, schema, document summaries, the open document
 * with its annotations and relations, settings, the corpus selection) is read from the store.
 * Other records (statuses, comments, review decisions, entities, history, the project list) may
 * be read live, and only through the named `useLiveQuery` hooks in `app/liveReads.ts`.
 */
import type { Annotation, AnnotationId, AttributeValue, RelationId, Relation, Span } from '../../core/model/types.ts';
import { newAnnotation } from '../../core/model/records.ts';
import { checkAttributeValue, isEmptyValue, ValidationError } from '../../core/model/validation.ts';
import { moveEdge as movedEdge, type Edge, type Step } from '../../core/model/edges.ts';
import { readOnlyReason } from '../../core/review/layerView.ts';
import {
  addRange as addRangeOp,
  insertAnnotations,
  createRelation,
  deleteRelation,
  deleteAnnotations,
  updateAnnotation,
  type AnnotationPatch,
} from '../db/annotations.ts';
import { insertSorted } from './workspaceState.ts';
import { WorkspaceStore } from './workspaceStore.ts';
import { ClaimGroupWrites } from './claimGroupWrites.ts';

export type { SaveState, WorkspaceState } from './workspaceState.ts';

/** The store (workspaceStore.ts) with the annotation edits of the annotate view, each one write. */
export class Workspace extends WorkspaceStore {
  /** Claim-group changes (the Claims view), each one undoable write through the queue. */
  readonly claimGroups = new ClaimGroupWrites(this);

  /**
   * Adds an annotation. It is drawn at once while the status line says "Saving…"; the
   * transaction then commits and only then does the status say "Saved". Should the commit fail,
   * the annotation is taken away again and the status says why.
   */
  async addAnnotation(label: string, span: Span): Promise<Annotation | undefined> {
    const doc = this.state.doc;
    if (!doc || this.state.annotationsFor !== doc.id) return undefined;
    const what = `Add ${label}`;
    const annotator = this.state.annotator;
    let provisional: Annotation;
    try {
      provisional = newAnnotation(doc, { label, ranges: [span], layer: annotator }, { by: annotator, at: new Date().toISOString() });
    } catch (err) {
      // Refused before anything is shown: the status line says why, as for a failed save.
      return this.write(what, () => Promise.reject(err as Error));
    }
    this.set({
      annotations: insertSorted(this.state.annotations, provisional),
      selectedId: provisional.id,
      revealSeq: this.state.revealSeq + 1,
      save: { kind: 'saving', what },
    });
    const takeBack = () => {
      if (this.state.doc?.id !== doc.id) return;
      this.set({
        annotations: this.state.annotations.filter((a) => a.id !== provisional.id),
        selectedId: this.state.selectedId === provisional.id ? null : this.state.selectedId,
      });
    };
    return this.write(what, async () => {
      let created: Annotation;
      try {
        [created] = (await insertAnnotations(this.db, doc, [provisional], annotator, undefined, { markStarted: true })) as [Annotation];
      } catch (err) {
        takeBack();
        throw err;
      }
      if (this.state.doc?.id === doc.id) {
        const list = this.state.annotations;
        const i = list.findIndex((a) => a.id === created.id);
        this.set({
          annotations: i >= 0 ? [...list.slice(0, i), created, ...list.slice(i + 1)] : insertSorted(list, created),
          selectedId: i >= 0 ? this.state.selectedId : created.id,
        });
        this.bumpCount(doc.id, 1);
      }
      await this.refreshHistory();
      return created;
    });
  }

  async relabel(id: string, label: string): Promise<void> {
    const doc = this.state.doc;
    const current = this.state.annotations.find((a) => a.id === id);
    if (!doc || !current || current.label === label || this.refusedReadOnly(current, 'Change')) return;
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
    if (!doc || !current || this.refusedReadOnly(current, 'Delete')) return;
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

  // Attribution: relations, attributes, notes, ranges and bulk deletes. Each is one write (one
  // transaction, one undo step); a refused change says why in the save status.

  /** Links two annotations; the schema decides whether `type` may join their labels. */
  async link(fromId: string, toId: string, type: string): Promise<Relation | undefined> {
    const doc = this.state.doc;
    const from = this.state.annotations.find((a) => a.id === fromId);
    const to = this.state.annotations.find((a) => a.id === toId);
    if (!doc || !from || !to || this.refusedReadOnly(from, 'Link') || this.refusedReadOnly(to, 'Link to')) return undefined;
    return this.write(`Link ${from.label} ${type} ${to.label}`, async () => {
      const relation = await createRelation(this.db, doc, { from: from.id, to: to.id, type, layer: from.layer }, this.state.annotator);
      if (this.state.doc?.id === doc.id) this.set({ relations: [...this.state.relations, relation] });
      await this.refreshHistory();
      return relation;
    });
  }

  async unlink(relationId: string): Promise<void> {
    const doc = this.state.doc;
    const relation = this.state.relations.find((r) => r.id === relationId);
    if (!doc || !relation) return;
    const reason = readOnlyReason(relation.layer, this.state.annotator);
    if (reason) {
      this.set({ save: { kind: 'error', message: `Unlink ${relation.type} was not saved: ${reason}` } });
      return;
    }
    await this.write(`Unlink ${relation.type}`, async () => {
      await deleteRelation(this.db, doc, relationId as RelationId, this.state.annotator);
      if (this.state.doc?.id === doc.id) this.set({ relations: this.state.relations.filter((r) => r.id !== relationId) });
      await this.refreshHistory();
    });
  }

  /** Sets (or, with an empty value, clears) one attribute of an annotation. */
  async setAttribute(id: string, name: string, value: AttributeValue): Promise<void> {
    const current = this.state.annotations.find((a) => a.id === id);
    if (!current || this.refusedReadOnly(current, 'Set an attribute of')) return;
    const def = this.state.labels.find((l) => l.name === current.label)?.attributes?.find((d) => d.name === name);
    const empty = isEmptyValue(value);
    const attributes = { ...current.attributes };
    if (empty) delete attributes[name];
    else attributes[name] = value;
    if (JSON.stringify(attributes) === JSON.stringify(current.attributes)) return;
    const what = empty ? `Clear ${name} of ${current.label}` : `Set ${name} of ${current.label}`;
    await this.updateSelected(id, what, () => {
      const problem = def && !empty ? checkAttributeValue(def, value) : null;
      if (problem) throw new ValidationError(problem);
      // This one attribute, on the row as it is when the change commits (another tab may have set others).
      return { attribute: { name, value } };
    });
  }

  async setNote(id: string, note: string): Promise<void> {
    const current = this.state.annotations.find((a) => a.id === id);
    if (!current || current.note === note || this.refusedReadOnly(current, 'Note on')) return;
    await this.updateSelected(id, `Note on ${current.label}`, () => ({ note }));
  }

  /** Adds the span to the annotation as a further range (a discontinuous annotation). */
  async addRange(id: string, span: Span): Promise<boolean> {
    const doc = this.state.doc;
    const current = this.state.annotations.find((a) => a.id === id);
    if (!doc || !current || this.refusedReadOnly(current, 'Add a range to')) return false;
    const updated = await this.write(`Add a range to ${current.label}`, async () => {
      const after = await addRangeOp(this.db, doc, id as AnnotationId, span, this.state.annotator);
      this.replaceAnnotation(doc.id, after);
      await this.refreshHistory();
      return after;
    });
    return updated !== undefined;
  }

  /** Moves one edge of the annotation by a word or a character; false when it cannot move. */
  async moveEdge(id: string, edge: Edge, step: Step, direction: 1 | -1): Promise<boolean> {
    const doc = this.state.doc;
    const current = this.state.annotations.find((a) => a.id === id);
    if (!doc || !current || this.refusedReadOnly(current, 'Resize')) return false;
    const ranges = movedEdge(doc.text, current.ranges, edge, step, direction);
    if (!ranges) return false;
    await this.updateSelected(id, `Resize ${current.label}`, () => ({ ranges }));
    return true;
  }

  /** Deletes several annotations (and their links) as ONE undo step. */
  async deleteAnnotationsBulk(ids: readonly string[], what: string): Promise<void> {
    const doc = this.state.doc;
    if (!doc || ids.length === 0) return;
    const readOnly = this.state.annotations.find((a) => ids.includes(a.id) && readOnlyReason(a.layer, this.state.annotator));
    if (readOnly && this.refusedReadOnly(readOnly, 'Delete')) return;
    const gone = new Set(ids);
    await this.write(what, async () => {
      await deleteAnnotations(this.db, doc, ids as AnnotationId[], this.state.annotator, what);
      if (this.state.doc?.id === doc.id) {
        const before = this.state.annotations.length;
        this.set({
          annotations: this.state.annotations.filter((a) => !gone.has(a.id)),
          relations: this.state.relations.filter((r) => !gone.has(r.from) && !gone.has(r.to)),
          selectedId: this.state.selectedId && gone.has(this.state.selectedId) ? null : this.state.selectedId,
        });
        this.bumpCount(doc.id, this.state.annotations.length - before);
      }
      await this.refreshHistory();
    });
  }

  private async updateSelected(
    id: string,
    what: string,
    patch: () => Pick<AnnotationPatch, 'ranges' | 'attribute' | 'note'>,
  ): Promise<void> {
    const doc = this.state.doc;
    if (!doc) return;
    await this.write(what, async () => {
      const updated = await updateAnnotation(this.db, doc, id as AnnotationId, patch(), this.state.annotator, what);
      this.replaceAnnotation(doc.id, updated);
      await this.refreshHistory();
    });
  }

  private replaceAnnotation(documentId: string, updated: Annotation): void {
    if (this.state.doc?.id !== documentId) return;
    const rest = this.state.annotations.filter((a) => a.id !== updated.id);
    this.set({ annotations: insertSorted(rest, updated) });
  }
}

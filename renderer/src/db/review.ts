/**
 * Team review in the database: sharing and adding annotator bundles, accepting annotations into
 * the gold layer, review decisions (reject, "nothing here is right") and reviewer comment threads.
 *
 * The pure logic is in `core/review/` (bundle.ts, merge.ts); here it is written to Dexie. Every
 * change is one transaction. Every write to the gold layer also writes an undo-log entry through
 * `record()`, so it can be undone like any edit.
 */
import type { Table } from 'dexie';
import { nanoid } from 'nanoid';
import { GOLD_LAYER, SUGGESTIONS_LAYER, type Annotation, type DocumentRecord, type Relation } from '../../core/model/types.ts';
import {
  buildBundle,
  bundleFileName,
  describeMergePlan,
  planBundleMerge,
  readBundle,
  type AnnotatorBundle,
  type BundleStatus,
  type MergePlan,
} from '../../core/review/bundle.ts';
import { layerSignatureOf, planAccept, type AcceptItem } from '../../core/review/merge.ts';
import { describeError } from '../../core/formats/types.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { record } from './annotations.ts';
import { claimGroupOf, claimGroupRow, followReplacedInGroups } from './claimGroups.ts';
import type { AppDb, CommentRecord, ReviewDecisionRecord } from './db.ts';
import { refreshSummaries, updateSummaries } from './summaries.ts';

type Doc = Pick<DocumentRecord, 'id' | 'projectId'>;

const now = () => new Date().toISOString();

// ---------------------------------------------------------------------------------------------
// Layers

/** Every layer with annotations in the project, sorted (gold and suggestions included). */
export async function listLayers(db: AppDb, projectId: string): Promise<string[]> {
  const docIds = (await db.documents.where('projectId').equals(projectId).primaryKeys()) as string[];
  const keys = (await db.annotations.orderBy('[documentId+layer]').uniqueKeys()) as unknown as [string, string][];
  const wanted = new Set(docIds);
  return [...new Set(keys.filter(([d]) => wanted.has(d)).map(([, l]) => l))].sort();
}

/** The annotator layers of a project: every layer but gold and suggestions. */
export async function listAnnotatorLayers(db: AppDb, projectId: string): Promise<string[]> {
  return (await listLayers(db, projectId)).filter((l) => l !== GOLD_LAYER && l !== SUGGESTIONS_LAYER);
}

// ---------------------------------------------------------------------------------------------
// Bundles

/** Writes the annotator's layer of the project as a bundle (bytes and a file name to save under). */
export async function shareBundle(
  db: AppDb,
  projectId: string,
  annotator: string,
  meta: { appVersion: string; created?: string },
): Promise<{ bytes: Uint8Array; fileName: string; documents: number; annotations: number }> {
  const created = meta.created ?? now();
  return db.transaction(
    'r',
    [db.projects, db.documents, db.annotations, db.relations, db.entities, db.documentStatus, db.documentAttributes, db.claimGroups],
    async () => {
      const project = await db.projects.get(projectId);
      if (!project) throw new ValidationError('That project no longer exists.');
      const [annotations, relations, statuses, entities, documentAttributes, groups] = await Promise.all([
        db.annotations
          .where('projectId')
          .equals(projectId)
          .filter((a) => a.layer === annotator)
          .toArray(),
        db.relations
          .where('projectId')
          .equals(projectId)
          .filter((r) => r.layer === annotator)
          .toArray(),
        db.documentStatus
          .where('projectId')
          .equals(projectId)
          .filter((s) => s.annotator === annotator)
          .toArray(),
        db.entities.where('projectId').equals(projectId).toArray(),
        db.documentAttributes
          .where('projectId')
          .equals(projectId)
          .filter((v) => v.layer === annotator)
          .toArray(),
        db.claimGroups.where('[projectId+layer]').equals([projectId, annotator]).toArray(),
      ]);
      const docIds = new Set<string>([
        ...annotations.map((a) => a.documentId as string),
        ...statuses.map((s) => s.documentId),
        ...documentAttributes.map((v) => v.documentId),
      ]);
      const documents = (await db.documents.bulkGet([...docIds])).filter((d): d is DocumentRecord => d !== undefined);
      const built = buildBundle({
        project,
        annotator,
        created,
        appVersion: meta.appVersion,
        documents,
        annotations,
        relations,
        entities,
        statuses: statuses as unknown as BundleStatus[],
        documentAttributes,
        claimGroups: groups.map(claimGroupOf),
      });
      return {
        bytes: built.bytes,
        fileName: bundleFileName(project.name, annotator, created),
        documents: built.documents,
        annotations: built.annotations,
      };
    },
  );
}

/** A bundle file as picked: its name (for messages) and its bytes. */
export interface BundleFile {
  name: string;
  data: Uint8Array;
}

export interface AddBundleResult {
  plan: MergePlan | null;
  /** What happened, worded for the user (added, replaced, refused, or why the file is unreadable). */
  message: string;
  ok: boolean;
}

/**
 * Adds a teammate's bundle as its own layer: documents matched by text hash, the layer replaced
 * as a whole in ONE transaction (its annotations, relations, document statuses, document-level
 * values and claim groups), no other
 * layer read for writing. Refusals and unreadable files come back as a message, not an exception.
 */
/** The plan of adding a bundle to the project as it is now (read inside the caller's transaction). */
async function planAdding(db: AppDb, projectId: string, annotator: string, bundle: AnnotatorBundle): Promise<MergePlan> {
  const project = await db.projects.get(projectId);
  if (!project) throw new ValidationError('That project no longer exists.');
  const documents = await db.documents.where('projectId').equals(projectId).toArray();
  const imports = await db.layerImports.where('projectId').equals(projectId).toArray();
  const localLayers = new Set(await listLayers(db, projectId));
  const entityIds = new Set((await db.entities.where('projectId').equals(projectId).primaryKeys()) as string[]);
  return planBundleMerge(bundle, {
    project,
    annotator,
    documents,
    importedLayers: new Map(imports.map((i) => [i.layer, i.created])),
    localLayers,
    entityIds,
    labels: new Set(project.schema.labels.map((l) => l.name)),
  });
}

/**
 * What adding the bundle would do, without writing anything: the plan (documents matched and not,
 * counts, add or replace, notes) or the refusal, or why the file cannot be read.
 */
export async function previewBundle(db: AppDb, projectId: string, annotator: string, file: BundleFile): Promise<AddBundleResult> {
  const read = readBundle(file.name, file.data);
  if (!read.ok) return { plan: null, message: describeError(read.error), ok: false };
  const plan = await db.transaction('r', [db.projects, db.documents, db.annotations, db.entities, db.layerImports], () =>
    planAdding(db, projectId, annotator, read.value),
  );
  return plan.action === 'refuse' ? { plan, message: plan.reason, ok: false } : { plan, message: describeMergePlan(plan), ok: true };
}

export async function addBundle(db: AppDb, projectId: string, annotator: string, file: BundleFile): Promise<AddBundleResult> {
  const read = readBundle(file.name, file.data);
  if (!read.ok) return { plan: null, message: describeError(read.error), ok: false };
  const bundle = read.value;
  const layer = bundle.info.layer;
  return db.transaction(
    'rw',
    [
      db.projects,
      db.documents,
      db.annotations,
      db.relations,
      db.entities,
      db.documentStatus,
      db.documentAttributes,
      db.layerImports,
      db.documentSummaries,
      db.claimGroups,
    ],
    async () => {
      const plan = await planAdding(db, projectId, annotator, bundle);
      if (plan.action === 'refuse') return { plan, message: plan.reason, ok: false };
      // Replace exactly this layer: its annotations, relations and statuses in this project.
      const oldAnnotations = await keysInProject(db.annotations, projectId, (a) => a.layer === layer);
      const oldRelations = await keysInProject(db.relations, projectId, (r) => r.layer === layer);
      const oldStatuses = await keysInProject(db.documentStatus, projectId, (s) => s.annotator === layer);
      const oldValues = await keysInProject(db.documentAttributes, projectId, (v) => v.layer === layer);
      const replaced = (await db.annotations.bulkGet(oldAnnotations)).filter((a): a is Annotation => a !== undefined);
      const touchedDocs = new Set<string>(replaced.map((a) => a.documentId as string));
      await db.annotations.bulkDelete(oldAnnotations);
      await db.relations.bulkDelete(oldRelations);
      await db.documentStatus.bulkDelete(oldStatuses);
      await db.documentAttributes.bulkDelete(oldValues);
      const oldGroups = (await db.claimGroups.where('[projectId+layer]').equals([projectId, layer]).primaryKeys()) as string[];
      await db.claimGroups.bulkDelete(oldGroups);
      await db.claimGroups.bulkAdd(plan.claimGroups.map(claimGroupRow));
      await db.annotations.bulkAdd(plan.annotations);
      // Other layers' groups that held the layer's claims follow them to their new ids.
      await followReplacedInGroups(db, replaced, plan.annotations, annotator);
      await db.relations.bulkAdd(plan.relations);
      await db.documentStatus.bulkPut(plan.statuses.map((s) => ({ ...s, status: s.status as 'new' })));
      await db.documentAttributes.bulkPut(plan.documentAttributes);
      if (plan.entities.length) await db.entities.bulkAdd(plan.entities);
      await db.layerImports.put({
        projectId,
        layer,
        created: bundle.info.created,
        importedAt: now(),
        fileName: file.name,
        schemaFingerprint: bundle.info.schemaFingerprint,
      });
      for (const a of plan.annotations) touchedDocs.add(a.documentId);
      await refreshSummaries(db, touchedDocs);
      return { plan, message: describeMergePlan(plan), ok: true };
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The review of one document

export interface ReviewData {
  annotations: Annotation[];
  relations: Relation[];
  decisions: ReviewDecisionRecord[];
  comments: CommentRecord[];
}

export async function loadReview(db: AppDb, documentId: string): Promise<ReviewData> {
  const [annotations, relations, decisions, comments] = await Promise.all([
    db.annotations.where('documentId').equals(documentId).toArray(),
    db.relations.where('documentId').equals(documentId).toArray(),
    db.reviewDecisions.where('documentId').equals(documentId).toArray(),
    db.comments.where('documentId').equals(documentId).toArray(),
  ]);
  comments.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  return { annotations, relations, decisions, comments };
}

/**
 * Copies annotator annotations into gold (with their relations where both ends are in gold) as
 * ONE undo step, and records the acceptance. Returns the gold annotations now standing for them.
 */
export async function acceptIntoGold(
  db: AppDb,
  doc: Doc,
  items: readonly AcceptItem[],
  reviewer: string,
  description?: string,
): Promise<{ added: Annotation[]; relations: Relation[]; already: number }> {
  if (items.length === 0) return { added: [], relations: [], already: 0 };
  return db.transaction('rw', [db.annotations, db.relations, db.operations, db.reviewDecisions, db.documentSummaries], async () => {
    const all = await db.annotations.where('documentId').equals(doc.id).toArray();
    const rels = await db.relations.where('documentId').equals(doc.id).toArray();
    const fresh = items.map((it) => {
      const current = all.find((a) => a.id === it.annotation.id);
      if (!current) throw new ValidationError('That annotation no longer exists; reopen the review.');
      if (current.layer === GOLD_LAYER) throw new ValidationError('That annotation is already in gold.');
      return { ...it, annotation: current };
    });
    const at = now();
    const plan = planAccept({
      items: fresh,
      source: { annotations: all.filter((a) => a.layer !== GOLD_LAYER), relations: rels.filter((r) => r.layer !== GOLD_LAYER) },
      gold: { annotations: all.filter((a) => a.layer === GOLD_LAYER), relations: rels.filter((r) => r.layer === GOLD_LAYER) },
      reviewer,
      at,
    });
    if (plan.annotations.length || plan.relations.length) {
      await db.annotations.bulkAdd(plan.annotations);
      await db.relations.bulkAdd(plan.relations);
      await updateSummaries(db, plan.annotations, []);
      const what =
        description ??
        (fresh.length === 1
          ? `Accept ${fresh[0]!.label ?? fresh[0]!.annotation.label} from ${fresh[0]!.annotation.layer}`
          : `Accept ${plan.annotations.length} annotations into gold`);
      await record(
        db,
        doc,
        reviewer,
        what,
        { annotations: [], relations: [] },
        { annotations: plan.annotations, relations: plan.relations },
      );
    }
    await db.reviewDecisions.bulkAdd(
      fresh.map((it) => ({
        id: nanoid(),
        projectId: doc.projectId,
        documentId: doc.id,
        kind: 'accept' as const,
        signatures: [layerSignatureOf(it.annotation)],
        goldId: plan.goldFor.get(it.annotation.id)?.id,
        by: reviewer,
        at,
      })),
    );
    return { added: plan.annotations, relations: plan.relations, already: plan.alreadyInGold.length };
  });
}

/** Records a rejection or "nothing here is right" for annotator annotations (by layer signature). */
export async function recordDecision(
  db: AppDb,
  doc: Doc,
  kind: 'reject' | 'nothing-right',
  annotations: readonly Pick<Annotation, 'layer' | 'label' | 'ranges'>[],
  by: string,
): Promise<ReviewDecisionRecord> {
  if (annotations.length === 0) throw new ValidationError('Nothing to decide about.');
  const row: ReviewDecisionRecord = {
    id: nanoid(),
    projectId: doc.projectId,
    documentId: doc.id,
    kind,
    signatures: annotations.map((a) => layerSignatureOf(a)),
    by,
    at: now(),
  };
  await db.reviewDecisions.add(row);
  return row;
}

/** Takes back rejections and "nothing here is right" that cover these annotations (reopens them). */
export async function reopenDecisions(
  db: AppDb,
  doc: Doc,
  annotations: readonly Pick<Annotation, 'layer' | 'label' | 'ranges'>[],
): Promise<number> {
  const sigs = new Set(annotations.map((a) => layerSignatureOf(a)));
  return db.transaction('rw', db.reviewDecisions, async () => {
    const rows = await db.reviewDecisions
      .where('documentId')
      .equals(doc.id)
      .filter((d) => d.kind !== 'accept' && d.signatures.some((s) => sigs.has(s)))
      .toArray();
    await db.reviewDecisions.bulkDelete(rows.map((r) => r.id));
    return rows.length;
  });
}

// ---------------------------------------------------------------------------------------------
// Comments

/** Adds a comment to an annotation's thread. */
export async function addComment(db: AppDb, doc: Doc, annotationId: string, author: string, text: string): Promise<CommentRecord> {
  const body = text.trim();
  if (!body) throw new ValidationError('A comment needs some text.');
  if (!author.trim()) throw new ValidationError('A comment needs an author.');
  return db.transaction('rw', [db.annotations, db.comments], async () => {
    const target = await db.annotations.get(annotationId);
    if (!target || target.documentId !== doc.id) throw new ValidationError('That annotation no longer exists.');
    const row: CommentRecord = {
      id: nanoid(),
      projectId: doc.projectId,
      documentId: doc.id,
      annotationId,
      author,
      text: body,
      createdAt: now(),
    };
    await db.comments.add(row);
    return row;
  });
}

/** Resolves (or reopens) an annotation's thread: the mark sits on its first comment. */
export async function resolveThread(db: AppDb, annotationId: string, by: string, resolved: boolean): Promise<void> {
  await db.transaction('rw', db.comments, async () => {
    const thread = await db.comments.where('annotationId').equals(annotationId).toArray();
    if (thread.length === 0) throw new ValidationError('That annotation has no comments.');
    thread.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    const first = thread[0]!;
    const next: CommentRecord = { ...first };
    if (resolved) {
      next.resolvedBy = by;
      next.resolvedAt = now();
    } else {
      delete next.resolvedBy;
      delete next.resolvedAt;
    }
    await db.comments.put(next);
  });
}

export interface CommentThread {
  annotationId: string;
  documentId: string;
  comments: CommentRecord[];
  resolved: boolean;
  resolvedBy?: string;
}

/** Groups comments into threads, one per annotation, oldest comment first. */
export function threadsOf(comments: readonly CommentRecord[]): Map<string, CommentThread> {
  const out = new Map<string, CommentThread>();
  const sorted = [...comments].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  for (const c of sorted) {
    let t = out.get(c.annotationId);
    if (!t) out.set(c.annotationId, (t = { annotationId: c.annotationId, documentId: c.documentId, comments: [], resolved: false }));
    t.comments.push(c);
  }
  for (const t of out.values()) {
    const first = t.comments[0]!;
    t.resolved = first.resolvedAt !== undefined;
    if (first.resolvedBy) t.resolvedBy = first.resolvedBy;
  }
  return out;
}

/** The gold annotation ids of a document (used to check what an accept produced). */
export async function goldOf(db: AppDb, documentId: string): Promise<Annotation[]> {
  return db.annotations.where('[documentId+layer]').equals([documentId, GOLD_LAYER]).toArray();
}

/** The keys of a project's rows in `table` that pass `test`. */
function keysInProject<T, K>(table: Table<T, K>, projectId: string, test: (row: T) => boolean): Promise<K[]> {
  return table.where('projectId').equals(projectId).filter(test).primaryKeys();
}

/**
 * Annotation and relation writes. Each user action is one Dexie transaction that writes the
 * records and their undo-log entry together; the promise resolves only after it commits, so the
 * UI can show a change as saved only when it is.
 */
import type {
  Annotation,
  AnnotationId,
  ClaimGroup,
  AttributeValue,
  DocumentRecord,
  Origin,
  Relation,
  RelationId,
  Span,
} from '../../core/model/types.ts';
import { checkedRanges, newAnnotation, newRelation } from '../../core/model/records.ts';
import { checkRelation, isEmptyValue, ValidationError } from '../../core/model/validation.ts';
import { normalizeRanges, quoteOf } from '../../core/model/spans.ts';
import { touchedAnnotationIds, type AppDb, type OperationRecord, type OperationSnapshot } from './db.ts';
import { updateSummaries } from './summaries.ts';
import { markStarted } from './status.ts';
import { claimGroupRow, pruneDeletedClaims } from './claimGroups.ts';

export interface NewAnnotation {
  /** A chosen id, for an annotation the UI already shows while it is being saved. */
  id?: AnnotationId;
  label: string;
  ranges: Span[];
  layer: string;
  attributes?: Record<string, AttributeValue>;
  note?: string;
  origin?: Origin;
}

export interface AnnotationPatch {
  label?: string;
  ranges?: Span[];
  attributes?: Record<string, AttributeValue>;
  /**
   * One attribute set (or, with an empty value, cleared) on the attributes as they are in the
   * database when the change commits, so a change another tab made to another attribute is kept.
   */
  attribute?: { name: string; value: AttributeValue };
  note?: string;
}

type Doc = Pick<DocumentRecord, 'id' | 'projectId' | 'text'>;

const now = () => new Date().toISOString();

function checkLabel(label: string, allowed: ReadonlySet<string> | undefined): void {
  if (!label.trim()) throw new ValidationError('An annotation needs a label.');
  if (allowed && !allowed.has(label)) {
    throw new ValidationError(`The label "${label}" is not in this project's schema.`);
  }
}

async function labelsOf(db: AppDb, doc: Doc): Promise<Set<string>> {
  const project = await db.projects.get(doc.projectId);
  if (!project) throw new ValidationError('The document belongs to no project.');
  return new Set(project.schema.labels.map((l) => l.name));
}

/**
 * Writes an undo-log entry; call it inside the transaction that made the change. `doc` is the
 * document the change happened in (for project-wide changes: the one that was open).
 */
export async function record(
  db: AppDb,
  doc: Pick<Doc, 'id' | 'projectId'>,
  by: string,
  description: string,
  before: OperationRecord['before'],
  after: OperationRecord['after'],
): Promise<void> {
  // A new action discards the redo branch.
  await db.operations.where('[projectId+undone]').equals([doc.projectId, 1]).delete();
  const seq = await db.operations.add({
    projectId: doc.projectId,
    documentId: doc.id,
    description,
    at: now(),
    by,
    before,
    after,
    undone: 0,
    annotationIds: touchedAnnotationIds(before, after),
  });
  if (seq % UNDO_LOG_TRIM_EVERY === 0) await trimUndoLog(db, doc.projectId);
}

/**
 * The undo log keeps a project's latest {@link UNDO_LOG_LIMIT} steps (each step holds full
 * snapshots of what it touched). Older steps are dropped, checked every
 * {@link UNDO_LOG_TRIM_EVERY} writes so a write does not count the log each time.
 */
export const UNDO_LOG_LIMIT = 1000;
export const UNDO_LOG_TRIM_EVERY = 50;

/** Drops a project's oldest undo steps beyond the limit; returns how many. */
export async function trimUndoLog(db: AppDb, projectId: string, limit = UNDO_LOG_LIMIT): Promise<number> {
  const count = await db.operations.where('projectId').equals(projectId).count();
  if (count <= limit) return 0;
  // Index order within one projectId is by primary key (seq): the oldest come first.
  return db.operations
    .where('projectId')
    .equals(projectId)
    .limit(count - limit)
    .delete();
}

/** Builds and writes new annotations (one undo step); see {@link insertAnnotations}. */
export async function createAnnotations(
  db: AppDb,
  doc: Doc,
  inputs: NewAnnotation[],
  by: string,
  ...rest: InsertTail
): Promise<Annotation[]> {
  const at = now();
  // Built before the transaction: a refused input then writes nothing.
  const created = inputs.map((input) => newAnnotation(doc, input, { by, at }));
  return insertAnnotations(db, doc, created, by, ...rest);
}

/** What follows the annotations and their author: the undo step's description, and whether to mark the document started. */
type InsertTail = [description?: string, options?: { markStarted?: boolean }];

/**
 * Writes annotations built by the record factory (`newAnnotation`) as one undo step, after
 * checking their labels against the project's schema. The workspace builds the record it shows
 * at once and saves that same record here. With `markStarted`, a `new` document becomes
 * `in progress` for its annotator in the same transaction.
 */
export async function insertAnnotations(
  db: AppDb,
  doc: Doc,
  created: Annotation[],
  by: string,
  description?: string,
  options: { markStarted?: boolean } = {},
): Promise<Annotation[]> {
  return db.transaction('rw', [db.projects, db.annotations, db.operations, db.documentSummaries, db.documentStatus], async () => {
    const labels = await labelsOf(db, doc);
    for (const a of created) checkLabel(a.label, labels);
    await db.annotations.bulkAdd(created);
    await updateSummaries(db, created, []);
    const what = description ?? (created.length === 1 ? `Add ${created[0]!.label}` : `Add ${created.length} annotations`);
    await record(db, doc, by, what, { annotations: [], relations: [] }, { annotations: created, relations: [] });
    // A `new` document becomes `in progress` for its annotator in the same transaction.
    if (options.markStarted) await markStarted(db, doc, by);
    return created;
  });
}

export async function createAnnotation(
  db: AppDb,
  doc: Doc,
  input: NewAnnotation,
  by: string,
  options: { markStarted?: boolean } = {},
): Promise<Annotation> {
  const [created] = await createAnnotations(db, doc, [input], by, undefined, options);
  return created!;
}

export async function updateAnnotation(
  db: AppDb,
  doc: Doc,
  id: AnnotationId,
  patch: AnnotationPatch,
  by: string,
  description?: string,
): Promise<Annotation> {
  return db.transaction('rw', [db.projects, db.annotations, db.operations, db.documentSummaries], async () => {
    const before = await db.annotations.get(id);
    if (!before || before.documentId !== doc.id) throw new ValidationError('That annotation no longer exists.');
    const after: Annotation = { ...before, updatedBy: by, updatedAt: now() };
    if (patch.label !== undefined) {
      checkLabel(patch.label, await labelsOf(db, doc));
      after.label = patch.label;
    }
    if (patch.ranges !== undefined) {
      after.ranges = checkedRanges(doc.text, patch.ranges);
      after.quote = quoteOf(doc.text, after.ranges);
    }
    if (patch.attributes !== undefined) after.attributes = patch.attributes;
    if (patch.attribute !== undefined) {
      const { name, value } = patch.attribute;
      const attributes = { ...after.attributes };
      if (isEmptyValue(value)) delete attributes[name];
      else attributes[name] = value;
      after.attributes = attributes;
    }
    if (patch.note !== undefined) after.note = patch.note;
    await db.annotations.put(after);
    if (after.label !== before.label) await updateSummaries(db, [after], [before]);
    const what =
      description ??
      (patch.label !== undefined && patch.label !== before.label
        ? `Change ${before.label} to ${patch.label}`
        : patch.ranges !== undefined
          ? `Resize ${before.label}`
          : `Edit ${before.label}`);
    await record(db, doc, by, what, { annotations: [before], relations: [] }, { annotations: [after], relations: [] });
    return after;
  });
}

/**
 * Deletes annotations and every relation that touches them, as ONE undo step however many there
 * are (a bulk delete is undone in one go). Deleted claims leave their claim groups in the same step.
 */
export async function deleteAnnotations(db: AppDb, doc: Doc, ids: AnnotationId[], by: string, description?: string): Promise<void> {
  await db.transaction('rw', [db.annotations, db.relations, db.operations, db.documentSummaries, db.claimGroups], async () => {
    const found = (await db.annotations.bulkGet(ids)).filter((a): a is Annotation => a !== undefined && a.documentId === doc.id);
    if (found.length === 0) return;
    const idSet = new Set(found.map((a) => a.id as string));
    const touching = await db.relations
      .where('documentId')
      .equals(doc.id)
      .filter((r) => idSet.has(r.from) || idSet.has(r.to))
      .toArray();
    await db.annotations.bulkDelete(found.map((a) => a.id));
    await db.relations.bulkDelete(touching.map((r) => r.id));
    await updateSummaries(db, [], found);
    const groups = await pruneDeletedClaims(
      db,
      found.map((a) => a.id),
      by,
    );
    const what = description ?? (found.length === 1 ? `Delete ${found[0]!.label}` : `Delete ${found.length} annotations`);
    await record(
      db,
      doc,
      by,
      what,
      { annotations: found, relations: touching, ...(groups.before.length ? { claimGroups: groups.before } : {}) },
      { annotations: [], relations: [], ...(groups.after.length ? { claimGroups: groups.after } : {}) },
    );
  });
}

export async function createRelation(
  db: AppDb,
  doc: Doc,
  input: { from: AnnotationId; to: AnnotationId; type: string; layer: string },
  by: string,
): Promise<Relation> {
  return db.transaction('rw', [db.projects, db.annotations, db.relations, db.operations], async () => {
    const [from, to] = await db.annotations.bulkGet([input.from, input.to]);
    if (!from || !to || from.documentId !== doc.id || to.documentId !== doc.id) {
      throw new ValidationError('Both ends of a relation must be annotations of this document.');
    }
    if (from.id === to.id) throw new ValidationError('An annotation cannot be linked to itself.');
    const project = await db.projects.get(doc.projectId);
    if (!project) throw new ValidationError('The document belongs to no project.');
    const refused = checkRelation(project.schema, from.label, to.label, input.type);
    if (refused) throw new ValidationError(refused);
    const same = await db.relations
      .where('from')
      .equals(input.from)
      .filter((r) => r.to === input.to && r.type === input.type && r.layer === input.layer)
      .count();
    if (same > 0) throw new ValidationError(`These two are already linked by "${input.type}".`);
    const relation = newRelation(doc, input, { by, at: now() });
    await db.relations.add(relation);
    await record(
      db,
      doc,
      by,
      `Link ${from.label} ${input.type} ${to.label}`,
      { annotations: [], relations: [] },
      {
        annotations: [],
        relations: [relation],
      },
    );
    return relation;
  });
}

/** Removes one relation (one undo step). */
export async function deleteRelation(db: AppDb, doc: Doc, id: RelationId, by: string): Promise<void> {
  await db.transaction('rw', [db.annotations, db.relations, db.operations], async () => {
    const relation = await db.relations.get(id);
    if (!relation || relation.documentId !== doc.id) throw new ValidationError('That link no longer exists.');
    const [from, to] = await db.annotations.bulkGet([relation.from, relation.to]);
    await db.relations.delete(id);
    const what = `Unlink ${from?.label ?? 'annotation'} ${relation.type} ${to?.label ?? 'annotation'}`;
    await record(db, doc, by, what, { annotations: [], relations: [relation] }, { annotations: [], relations: [] });
  });
}

/**
 * Adds a further range to an annotation, making it discontinuous (a claim interrupted by "he
 * said"). A range overlapping or touching an existing one merges with it; a range already wholly
 * inside the annotation is refused, since it would change nothing.
 */
export async function addRange(db: AppDb, doc: Doc, id: AnnotationId, span: Span, by: string): Promise<Annotation> {
  const current = await db.annotations.get(id);
  if (!current || current.documentId !== doc.id) throw new ValidationError('That annotation no longer exists.');
  const ranges = normalizeRanges([...current.ranges, span]);
  if (
    ranges.length === current.ranges.length &&
    ranges.every((r, i) => r.start === current.ranges[i]!.start && r.end === current.ranges[i]!.end)
  ) {
    throw new ValidationError('That text is already part of the annotation.');
  }
  return updateAnnotation(db, doc, id, { ranges }, by, `Add a range to ${current.label}`);
}

/** The undo-log entries that touch an annotation (its own changes and its links), newest first. */
export async function annotationHistory(db: AppDb, id: string): Promise<OperationRecord[]> {
  const ops = await db.operations.where('annotationIds').equals(id).toArray();
  return ops.sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
}

export interface UndoResult {
  documentId: string;
  description: string;
}

/**
 * Undoes the project's latest operation: puts back its "before" records and removes what it
 * created. The operation stays in the log, marked undone, so redo can apply it again.
 */
export function undo(db: AppDb, projectId: string): Promise<UndoResult | null> {
  return step(db, projectId, 'undo');
}

/** Re-applies the earliest undone operation. */
export function redo(db: AppDb, projectId: string): Promise<UndoResult | null> {
  return step(db, projectId, 'redo');
}

async function step(db: AppDb, projectId: string, direction: 'undo' | 'redo'): Promise<UndoResult | null> {
  const undoing = direction === 'undo';
  return db.transaction('rw', UNDO_TABLES(db), async () => {
    const pending = db.operations.where('[projectId+undone]').equals([projectId, undoing ? 0 : 1]);
    const op = await (undoing ? pending.last() : pending.first());
    if (!op) return null;
    await checkOwned(db, op);
    const [from, to] = undoing ? [op.after, op.before] : [op.before, op.after];
    await swap(db, from, to);
    await updateSummaries(db, to.annotations, from.annotations);
    // Claims this step takes away leave the groups made since (a teammate's, on a team server);
    // the step remembers them, so going the other way puts the claims back in.
    const kept = new Set(to.annotations.map((a) => a.id as string));
    const gone = from.annotations.filter((a) => !kept.has(a.id)).map((a) => a.id);
    const groups = await pruneDeletedClaims(db, gone, op.by);
    const sides = groups.before.length ? rememberGroups(from, to, groups) : {};
    const [before, after] = undoing ? [sides.to, sides.from] : [sides.from, sides.to];
    await db.operations.update(op.seq!, { undone: undoing ? 1 : 0, ...(before && after ? { before, after } : {}) });
    return { documentId: op.documentId, description: op.description };
  });
}

/** The two sides of a step with the groups it pruned: as they were on the side it left, as they are on the side it put. */
function rememberGroups(
  from: OperationSnapshot,
  to: OperationSnapshot,
  groups: { before: ClaimGroup[]; after: ClaimGroup[] },
): { from?: OperationSnapshot; to?: OperationSnapshot } {
  const merged = (side: OperationSnapshot, put: ClaimGroup[]): OperationSnapshot => {
    const ids = new Set(put.map((g) => g.id as string));
    return { ...side, claimGroups: [...(side.claimGroups ?? []).filter((g) => !ids.has(g.id)), ...put] };
  };
  return { from: merged(from, groups.before), to: merged(to, groups.after) };
}

/** Every table an undo-log entry can touch. */
const UNDO_TABLES = (db: AppDb) => [
  db.annotations,
  db.relations,
  db.operations,
  db.entities,
  db.projects,
  db.documentAttributes,
  db.documentSummaries,
  db.claimGroups,
];

/**
 * Refuses an undo-log entry that would write or delete a record of another project: every
 * snapshot record, and every stored record with the same id, must belong to the entry's project.
 * (Restore validates archived entries the same way; this guards whatever is in the log.)
 */
async function checkOwned(db: AppDb, op: OperationRecord): Promise<void> {
  const p = op.projectId;
  const sides = [op.before, op.after];
  const refuse = () => {
    throw new ValidationError(`The step "${op.description}" names records of another project; it was not applied.`);
  };
  for (const side of sides) {
    const records = [
      ...side.annotations,
      ...side.relations,
      ...(side.entities ?? []),
      ...(side.documentAttributes ?? []),
      ...(side.claimGroups ?? []),
    ];
    if (records.some((r) => r.projectId !== p) || (side.projects ?? []).some((x) => x.id !== p)) refuse();
  }
  const ids = (pick: (s: OperationRecord['before']) => { id: string }[] | undefined) =>
    sides.flatMap((s) => (pick(s) ?? []).map((r) => r.id));
  const stored = [
    ...(await db.annotations.bulkGet(ids((s) => s.annotations))),
    ...(await db.relations.bulkGet(ids((s) => s.relations))),
    ...(await db.entities.bulkGet(ids((s) => s.entities))),
    ...(await db.claimGroups.bulkGet(ids((s) => s.claimGroups))),
    ...(await db.documentAttributes.bulkGet(
      sides.flatMap((s) => (s.documentAttributes ?? []).map((r): [string, string] => [r.documentId, r.layer])),
    )),
  ];
  if (stored.some((r) => r !== undefined && r.projectId !== p)) refuse();
}

async function swap(db: AppDb, remove: OperationRecord['before'], put: OperationRecord['before']): Promise<void> {
  const keepAnnotations = new Set(put.annotations.map((a) => a.id as string));
  const keepRelations = new Set(put.relations.map((r) => r.id as string));
  await db.annotations.bulkDelete(remove.annotations.filter((a) => !keepAnnotations.has(a.id)).map((a) => a.id));
  await db.relations.bulkDelete(remove.relations.filter((r) => !keepRelations.has(r.id)).map((r) => r.id));
  await db.annotations.bulkPut(put.annotations);
  await db.relations.bulkPut(put.relations);
  // Entity registry, schema and document-attribute changes (db version 5); absent in older entries.
  const keepEntities = new Set((put.entities ?? []).map((e) => e.id as string));
  await db.entities.bulkDelete((remove.entities ?? []).filter((e) => !keepEntities.has(e.id)).map((e) => e.id));
  await db.entities.bulkPut(put.entities ?? []);
  await db.projects.bulkPut(put.projects ?? []);
  const attrKey = (r: { documentId: string; layer: string }) => `${r.documentId}\u0000${r.layer}`;
  const keepAttrs = new Set((put.documentAttributes ?? []).map(attrKey));
  await db.documentAttributes.bulkDelete(
    (remove.documentAttributes ?? []).filter((r) => !keepAttrs.has(attrKey(r))).map((r): [string, string] => [r.documentId, r.layer]),
  );
  await db.documentAttributes.bulkPut(put.documentAttributes ?? []);
  // Claim groups (db version 9); absent in older entries.
  const keepGroups = new Set((put.claimGroups ?? []).map((g) => g.id as string));
  await db.claimGroups.bulkDelete((remove.claimGroups ?? []).filter((g) => !keepGroups.has(g.id)).map((g) => g.id));
  await db.claimGroups.bulkPut((put.claimGroups ?? []).map(claimGroupRow));
}

export async function canUndoRedo(db: AppDb, projectId: string): Promise<{ undo: string | null; redo: string | null }> {
  const [u, r] = await Promise.all([
    db.operations.where('[projectId+undone]').equals([projectId, 0]).last(),
    db.operations.where('[projectId+undone]').equals([projectId, 1]).first(),
  ]);
  return { undo: u?.description ?? null, redo: r?.description ?? null };
}

export function listAnnotations(db: AppDb, documentId: string): Promise<Annotation[]> {
  return db.annotations.where('documentId').equals(documentId).toArray();
}

export function listRelations(db: AppDb, documentId: string): Promise<Relation[]> {
  return db.relations.where('documentId').equals(documentId).toArray();
}

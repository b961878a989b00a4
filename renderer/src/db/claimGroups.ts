/**
 * Claim groups in the database. A change is built by the pure operations of
 * `core/model/claimGroups.ts` from the project's groups as they are inside the transaction, then
 * written with its undo-log entry (claim-group snapshots) in that same transaction, so Ctrl+Z
 * undoes it like any annotation edit. Members must be annotations of the project.
 */
import type { Annotation, AnnotationId, ClaimGroup, DocumentId, ProjectId } from '../../core/model/types.ts';
import {
  followReplacedClaims,
  memberIndex,
  pruneMembers,
  type ClaimPlace,
  type GroupChange,
  type GroupStamp,
} from '../../core/model/claimGroups.ts';
import { ValidationError } from '../../core/model/validation.ts';
import type { AppDb, ClaimGroupRow, OperationSnapshot } from './db.ts';
import { record } from './annotations.ts';

/** Where a group change is made: the open document (its undo step returns there) and who makes it. */
export interface GroupContext {
  projectId: string;
  documentId: string;
  by: string;
}

/** The stored row of a group: the group with its members' annotation and document ids. */
export function claimGroupRow(group: ClaimGroup): ClaimGroupRow {
  return { ...group, ...memberIndex(group) };
}

/** The group a stored row holds, without the derived index fields. */
export function claimGroupOf(row: ClaimGroupRow): ClaimGroup {
  const { annotationIds: _a, documentIds: _d, ...group } = row;
  return group;
}

/** The project's claim groups (of one layer when given), oldest first. */
export async function listClaimGroups(db: AppDb, projectId: string, layer?: string): Promise<ClaimGroup[]> {
  const rows =
    layer === undefined
      ? await db.claimGroups.where('projectId').equals(projectId).toArray()
      : await db.claimGroups.where('[projectId+layer]').equals([projectId, layer]).toArray();
  return rows.map(claimGroupOf).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The groups (of any layer) an annotation is a member of. */
export async function groupsOfAnnotation(db: AppDb, annotationId: string): Promise<ClaimGroup[]> {
  return (await db.claimGroups.where('annotationIds').equals(annotationId).toArray()).map(claimGroupOf);
}

/** Every member a change adds must be an annotation of the project, in the document it names. */
async function checkMembers(db: AppDb, projectId: string, change: GroupChange, before: ReadonlyMap<string, ClaimGroup>): Promise<void> {
  const added = new Map<string, DocumentId>();
  for (const g of change.put) {
    if (g.projectId !== projectId) throw new ValidationError('A claim group can only hold claims of its own project.');
    const had = new Set(before.get(g.id)?.members.map((m) => m.annotationId as string) ?? []);
    for (const m of g.members) if (!had.has(m.annotationId)) added.set(m.annotationId, m.documentId);
  }
  if (added.size === 0) return;
  const found = await db.annotations.bulkGet([...added.keys()]);
  for (const [i, id] of [...added.keys()].entries()) {
    const a = found[i];
    if (!a || a.projectId !== projectId || a.documentId !== added.get(id)) {
      throw new ValidationError('A claim chosen for the group no longer exists.');
    }
  }
}

/** Writes a change's groups and removals; returns the snapshots for its undo-log entry. */
async function applyChange(
  db: AppDb,
  change: GroupChange,
  before: ReadonlyMap<string, ClaimGroup>,
): Promise<[OperationSnapshot, OperationSnapshot]> {
  const ids = new Set([...change.put, ...change.remove].map((g) => g.id as string));
  await db.claimGroups.bulkDelete(change.remove.map((g) => g.id));
  await db.claimGroups.bulkPut(change.put.map(claimGroupRow));
  const was = [...ids].map((id) => before.get(id)).filter((g): g is ClaimGroup => g !== undefined);
  return [
    { annotations: [], relations: [], claimGroups: was },
    { annotations: [], relations: [], claimGroups: change.put },
  ];
}

/**
 * Builds a change from the project's groups (inside the transaction, so it sees every write
 * before it), checks its new members, writes it and its undo step. An empty change writes
 * nothing. Returns what `build` returned.
 */
export async function commitGroupChange<C extends GroupChange>(
  db: AppDb,
  ctx: GroupContext,
  description: string,
  build: (groups: ClaimGroup[], stamp: GroupStamp) => C,
): Promise<C> {
  return db.transaction('rw', [db.claimGroups, db.annotations, db.operations], async () => {
    const groups = await listClaimGroups(db, ctx.projectId);
    const change = build(groups, { by: ctx.by, at: new Date().toISOString() });
    if (change.put.length === 0 && change.remove.length === 0) return change;
    const before = new Map(groups.map((g) => [g.id as string, g]));
    await checkMembers(db, ctx.projectId, change, before);
    const [was, is] = await applyChange(db, change, before);
    await record(db, { id: ctx.documentId as DocumentId, projectId: ctx.projectId as ProjectId }, ctx.by, description, was, is);
    return change;
  });
}

/**
 * Inside a transaction that deletes annotations (it must include `claimGroups`): takes them out
 * of every group that holds them and returns the groups before and after, for the same undo step.
 */
export async function pruneDeletedClaims(
  db: AppDb,
  annotationIds: readonly AnnotationId[],
  by: string,
): Promise<{ before: ClaimGroup[]; after: ClaimGroup[] }> {
  if (annotationIds.length === 0) return { before: [], after: [] };
  const rows = await db.claimGroups
    .where('annotationIds')
    .anyOf([...annotationIds])
    .distinct()
    .toArray();
  if (rows.length === 0) return { before: [], after: [] };
  const before = rows.map(claimGroupOf);
  const { put } = pruneMembers(before, annotationIds, { by, at: new Date().toISOString() });
  await db.claimGroups.bulkPut(put.map(claimGroupRow));
  return { before, after: put };
}

/**
 * Inside a transaction that replaces annotations by new ones (it must include `claimGroups`): the
 * groups that held them follow (`followReplacedClaims`: to the annotation `moved` names or the
 * one at the same place, else into the group's removed list). Returns the groups before and
 * after, for an undo step where there is one.
 */
export async function followReplacedInGroups(
  db: AppDb,
  replaced: readonly Annotation[],
  replacements: readonly ClaimPlace[],
  by: string,
  moved?: ReadonlyMap<string, AnnotationId>,
): Promise<{ before: ClaimGroup[]; after: ClaimGroup[] }> {
  if (replaced.length === 0) return { before: [], after: [] };
  const rows = await db.claimGroups
    .where('annotationIds')
    .anyOf(replaced.map((a) => a.id as string))
    .distinct()
    .toArray();
  if (rows.length === 0) return { before: [], after: [] };
  const projectId = rows[0]!.projectId;
  // Every group of those layers, so a claim stays in one group of a layer.
  const layers = new Set(rows.map((r) => r.layer));
  const before = (await listClaimGroups(db, projectId)).filter((g) => layers.has(g.layer));
  const { put } = followReplacedClaims(before, replaced, replacements, { by, at: new Date().toISOString() }, moved);
  await db.claimGroups.bulkPut(put.map(claimGroupRow));
  const changed = new Set(put.map((g) => g.id as string));
  return { before: before.filter((g) => changed.has(g.id)), after: put };
}

/** An undo step's snapshot sides with the groups a change touched, when it touched any. */
export const withGroups = (groups: readonly ClaimGroup[]) => (groups.length ? { claimGroups: [...groups] } : {});

/**
 * Inside a transaction that deletes or moves documents (it must include `claimGroups`): takes
 * their claims (and removed claims) out of the groups of the projects they were in. Not an undo step: those documents'
 * undo steps go with them.
 */
export async function pruneDocumentsFromGroups(db: AppDb, documentIds: readonly string[]): Promise<number> {
  if (documentIds.length === 0) return 0;
  const docs = new Set(documentIds);
  const rows = await db.claimGroups
    .where('documentIds')
    .anyOf([...documentIds])
    .distinct()
    .toArray();
  const at = new Date().toISOString();
  await db.claimGroups.bulkPut(
    rows.map((r) => {
      const { removed, ...group } = claimGroupOf(r);
      const left = (removed ?? []).filter((m) => !docs.has(m.documentId));
      return claimGroupRow({
        ...group,
        members: r.members.filter((m) => !docs.has(m.documentId)),
        ...(left.length ? { removed: left } : {}),
        updatedAt: at,
      });
    }),
  );
  return rows.length;
}

/**
 * The references between an archive's tables, checked on reading after each row's own shape: ids
 * unique, annotations on documents of the archive with ranges inside their text, relations between
 * annotations of their document, claim groups of annotations of the archive, undo-log snapshots
 * of the archived project only, and any row naming a document naming one of the archive.
 */
import { validateRanges } from '../model/spans.ts';
import { factCheckProblem } from '../model/validation.ts';
import type { Annotation, ClaimGroup, DocumentRecord, Entity, Relation, RemovedClaimMember } from '../model/types.ts';
import { archiveFileFor, type ArchiveRow } from './archive-tables.ts';
import { fail, type Result } from './types.ts';

export function checkReferences(name: string, tables: Record<string, ArchiveRow[]>, projectId: string): Result<never> | null {
  const docs = new Map<string, DocumentRecord>();
  for (const d of (tables.documents ?? []) as unknown as DocumentRecord[]) {
    if (docs.has(d.id)) return fail(`${name}: documents.jsonl`, `the document id "${d.id}" appears twice.`);
    docs.set(d.id, d);
    for (const [i, b] of d.blocks.entries()) {
      const problem = validateRanges(d.text, [b]);
      if (problem) return fail(`${name}: documents.jsonl`, `document "${d.id}", block ${i + 1}: ${problem}`);
    }
  }
  const annotations = new Map<string, Annotation>();
  for (const [i, a] of ((tables.annotations ?? []) as unknown as Annotation[]).entries()) {
    const where = `${name}: annotations.jsonl`;
    if (annotations.has(a.id)) return fail(where, `the annotation id "${a.id}" appears twice.`, i + 1);
    annotations.set(a.id, a);
    const doc = docs.get(a.documentId);
    if (!doc) return fail(where, `annotation "${a.id}" belongs to document "${a.documentId}", which is not in the archive.`, i + 1);
    const problem = validateRanges(doc.text, a.ranges);
    if (problem) return fail(where, `annotation "${a.id}": ${problem}`, i + 1);
  }
  const relationIds = new Set<string>();
  for (const [i, r] of ((tables.relations ?? []) as unknown as Relation[]).entries()) {
    const where = `${name}: relations.jsonl`;
    if (relationIds.has(r.id)) return fail(where, `the relation id "${r.id}" appears twice.`, i + 1);
    relationIds.add(r.id);
    for (const end of [r.from, r.to]) {
      const a = annotations.get(end);
      if (!a || a.documentId !== r.documentId) {
        return fail(
          where,
          `relation "${r.id}" (${r.type}) points to annotation "${end}", which is not an annotation of its document.`,
          i + 1,
        );
      }
    }
  }
  const entityIds = new Set<string>();
  for (const [i, e] of ((tables.entities ?? []) as unknown as Entity[]).entries()) {
    if (entityIds.has(e.id)) return fail(`${name}: entities.jsonl`, `the entity id "${e.id}" appears twice.`, i + 1);
    entityIds.add(e.id);
  }
  const groups = checkClaimGroups(name, tables, annotations);
  if (groups) return groups;
  const history = checkHistory(name, tables, projectId, docs);
  if (history) return history;
  for (const [table, rows] of Object.entries(tables)) {
    if (table === 'documents') continue;
    for (const [i, row] of rows.entries()) {
      if (typeof row.documentId === 'string' && !docs.has(row.documentId)) {
        return fail(
          `${name}: ${archiveFileFor(table)}`,
          `the row belongs to document "${row.documentId}", which is not in the archive.`,
          i + 1,
        );
      }
    }
  }
  return null;
}

/**
 * Every record inside every undo-log snapshot must belong to the archived project and, where it
 * names a document, to a document of the archive: Undo and Redo write these records back, so a
 * snapshot naming another project's records would let a crafted archive change that project.
 */
export function checkHistory(
  name: string,
  tables: Record<string, ArchiveRow[]>,
  projectId: string,
  docs: { has(id: string): boolean },
  firstLine = 1,
): Result<never> | null {
  const where = `${name}: ${archiveFileFor('operations')}`;
  for (const [k, op] of (tables.operations ?? []).entries()) {
    const i = k + firstLine - 1;
    for (const side of ['before', 'after'] as const) {
      const snap = op[side] as Record<string, ArchiveRow[] | undefined>;
      for (const kind of ['annotations', 'relations', 'entities', 'documentAttributes', 'claimGroups', 'projects'] as const) {
        for (const rec of snap[kind] ?? []) {
          const owner = kind === 'projects' ? rec.id : rec.projectId;
          const what =
            kind === 'projects'
              ? 'a project'
              : kind === 'documentAttributes'
                ? 'document attributes'
                : kind === 'claimGroups'
                  ? `claim group "${String(rec.id)}"`
                  : `${kind.slice(0, -1)} "${String(rec.id)}"`;
          if (owner !== projectId) {
            return fail(
              where,
              `the undo step's "${side}" names ${what} of project "${String(owner)}", not of the archived project "${projectId}".`,
              i + 1,
            );
          }
          if (rec.documentId !== undefined && !docs.has(String(rec.documentId))) {
            return fail(
              where,
              `the undo step's "${side}" names ${what} of document "${String(rec.documentId)}", which is not in the archive.`,
              i + 1,
            );
          }
        }
      }
    }
  }
  return null;
}

/**
 * Claim-group rows checked one at a time, in the archive's order (after the annotations): every
 * group's id is unique, and each member names an annotation of the archive in the document the
 * member names; a claim is in at most one group of a layer. Shared by reading an archive and by
 * the streamed check (`archive-check.ts`).
 */
export class ClaimGroupRows {
  private readonly ids = new Set<string>();
  private readonly grouped = new Map<string, string>();

  /** `documentOf`: the document of an annotation of the archive, undefined for one it does not hold. */
  constructor(private readonly documentOf: (annotationId: string) => string | undefined) {}

  /** What is wrong with the next row, or null. */
  problem(g: ClaimGroup): string | null {
    if (this.ids.has(g.id)) return `the claim group id "${g.id}" appears twice.`;
    this.ids.add(g.id);
    if (g.canonical.trim() === '') return `claim group "${g.id}" has no canonical wording.`;
    for (const f of g.factChecks) {
      const problem = factCheckProblem(f);
      if (problem) return `claim group "${g.id}": ${problem}`;
    }
    const removed: unknown = g.removed;
    if (removed !== undefined) {
      const ok =
        Array.isArray(removed) &&
        removed.every(
          (r: unknown) => typeof (r as RemovedClaimMember)?.quote === 'string' && typeof (r as RemovedClaimMember)?.documentId === 'string',
        );
      if (!ok) return `claim group "${g.id}" has a removed-claims list that is not a list of quotes with their documents.`;
    }
    for (const m of g.members) {
      const documentId = this.documentOf(m.annotationId);
      if (documentId === undefined)
        return `claim group "${g.id}" has annotation "${m.annotationId}" as a member, which is not in the archive.`;
      if (documentId !== m.documentId)
        return `claim group "${g.id}" names annotation "${m.annotationId}" as in document "${m.documentId}", but it is in document "${documentId}".`;
      const slot = `${g.layer}\u0000${m.annotationId}`;
      const other = this.grouped.get(slot);
      if (other !== undefined)
        return `annotation "${m.annotationId}" is in claim group "${other}" and "${g.id}" of the same layer "${g.layer}".`;
      this.grouped.set(slot, g.id);
    }
    return null;
  }
}

function checkClaimGroups(
  name: string,
  tables: Record<string, ArchiveRow[]>,
  annotations: ReadonlyMap<string, Annotation>,
): Result<never> | null {
  const where = `${name}: ${archiveFileFor('claimGroups')}`;
  const rows = new ClaimGroupRows((id) => annotations.get(id)?.documentId);
  for (const [i, g] of ((tables.claimGroups ?? []) as unknown as ClaimGroup[]).entries()) {
    const problem = rows.problem(g);
    if (problem) return fail(where, problem, i + 1);
  }
  return null;
}

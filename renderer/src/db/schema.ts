/**
 * Saving a project's schema, and document-level attribute values. Saving a schema is one
 * transaction that also rewrites existing annotations, relations and document values (renames
 * carry over; annotations of a removed label are deleted with their relations), with one undo
 * entry holding the project row and every touched record before and after.
 */
import type { Annotation, AttributeValue, DocumentId, ProjectId, Relation, Schema } from '../../core/model/types.ts';
import {
  applySchemaChange,
  applyToDocumentValues,
  diffSchemas,
  schemaChangeImpact,
  type SchemaChangeImpact,
  type SchemaOrigins,
} from '../../core/model/schemaChanges.ts';
import { canonicalJson, parseSchema } from '../../core/model/schema.ts';
import { validateDocumentAttributes } from '../../core/model/validation.ts';
import type { AppDb, DocumentAttributesRecord } from './db.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { record } from './annotations.ts';
import { pruneDeletedClaims } from './claimGroups.ts';
import { corpusIndexTables, refreshSummaries } from './summaries.ts';

export interface SchemaContext {
  projectId: string;
  /** The open document (the undo step returns there); '' when none is open. */
  documentId: string;
  by: string;
  /**
   * The schema the edit began from (the editor's, when it opened): the save is refused when the
   * project's schema is no longer it, so a change another window or tab made is never undone
   * unseen (its labels deleted with their annotations).
   */
  base?: Schema;
}

/** Refuses an edit made from a schema that another window has changed since. */
function checkBase(current: Schema, base: Schema | undefined): void {
  if (base && canonicalJson(current) !== canonicalJson(base)) {
    throw new ValidationError(
      'The schema was changed in another window or tab since this editor opened, so nothing was saved. Close the editor and open it again to see that change, then make yours.',
    );
  }
}

async function projectData(db: AppDb, projectId: string): Promise<{ annotations: Annotation[]; relations: Relation[] }> {
  const [annotations, relations] = await Promise.all([
    db.annotations.where('projectId').equals(projectId).toArray(),
    db.relations.where('projectId').equals(projectId).toArray(),
  ]);
  return { annotations, relations };
}

/** Re-checks a schema through the same rules as a schema file; throws a ValidationError. */
function checkSchema(schema: Schema): Schema {
  const parsed = parseSchema('schema', JSON.stringify(schema));
  if (!parsed.ok) throw new ValidationError(parsed.error.message);
  return parsed.value;
}

/** What saving `next` would do to the project's annotations, for the confirmation (refused as the save would be, `base`). */
export async function previewSchemaChange(
  db: AppDb,
  projectId: string,
  next: Schema,
  origins: SchemaOrigins,
  base?: Schema,
): Promise<SchemaChangeImpact> {
  const project = await db.projects.get(projectId);
  if (!project) throw new ValidationError('That project no longer exists.');
  checkBase(project.schema, base);
  const change = diffSchemas(project.schema, next, origins);
  const { annotations, relations } = await projectData(db, projectId);
  return schemaChangeImpact(change, annotations, relations);
}

/** Saves the schema and carries the change over to the project's data (one undo step). */
export async function saveSchema(
  db: AppDb,
  ctx: SchemaContext,
  next: Schema,
  origins: SchemaOrigins,
  description = 'Change schema',
): Promise<SchemaChangeImpact> {
  const schema = checkSchema(next);
  return db.transaction(
    'rw',
    [db.projects, db.annotations, db.relations, db.documentAttributes, db.operations, db.claimGroups, ...corpusIndexTables(db)],
    async () => {
      const project = await db.projects.get(ctx.projectId);
      if (!project) throw new ValidationError('That project no longer exists.');
      checkBase(project.schema, ctx.base);
      const change = diffSchemas(project.schema, schema, origins);
      const { annotations, relations } = await projectData(db, ctx.projectId);
      const at = new Date().toISOString();
      const result = applySchemaChange(change, annotations, relations, { by: ctx.by, at });
      const impact = schemaChangeImpact(change, annotations, relations);
      const valueRows = await db.documentAttributes.where('projectId').equals(ctx.projectId).toArray();
      const valuesBefore: DocumentAttributesRecord[] = [];
      const valuesAfter: DocumentAttributesRecord[] = [];
      for (const row of valueRows) {
        const values = applyToDocumentValues(change, row.values);
        if (!values) continue;
        valuesBefore.push(row);
        valuesAfter.push({ ...row, values, updatedBy: ctx.by, updatedAt: at });
      }
      const updatedProject = { ...project, schema, updatedAt: at };
      await db.projects.put(updatedProject);
      await db.annotations.bulkDelete(result.deletedAnnotations.map((a) => a.id));
      await db.relations.bulkDelete(result.deletedRelations.map((r) => r.id));
      // Claims deleted with their label leave their claim groups in the same undo step.
      const groups = await pruneDeletedClaims(
        db,
        result.deletedAnnotations.map((a) => a.id),
        ctx.by,
      );
      await db.annotations.bulkPut(result.updatedAnnotations);
      await db.relations.bulkPut(result.updatedRelations);
      await db.documentAttributes.bulkPut(valuesAfter);
      await refreshSummaries(
        db,
        [...result.deletedAnnotations, ...result.updatedAnnotations].map((a) => a.documentId),
      );
      const changedIds = new Set(result.updatedAnnotations.map((a) => a.id as string));
      const changedRelIds = new Set(result.updatedRelations.map((r) => r.id as string));
      await record(
        db,
        { id: ctx.documentId as DocumentId, projectId: ctx.projectId as ProjectId },
        ctx.by,
        description,
        {
          annotations: [...annotations.filter((a) => changedIds.has(a.id)), ...result.deletedAnnotations],
          relations: [...relations.filter((r) => changedRelIds.has(r.id)), ...result.deletedRelations],
          projects: [project],
          documentAttributes: valuesBefore,
          ...(groups.before.length ? { claimGroups: groups.before } : {}),
        },
        {
          annotations: result.updatedAnnotations,
          relations: result.updatedRelations,
          projects: [updatedProject],
          documentAttributes: valuesAfter,
          ...(groups.after.length ? { claimGroups: groups.after } : {}),
        },
      );
      return impact;
    },
  );
}

/** One layer's document-level values for a document ({} when none are stored). */
export async function getDocumentAttributes(db: AppDb, documentId: string, layer: string): Promise<Record<string, AttributeValue>> {
  return (await db.documentAttributes.get([documentId, layer]))?.values ?? {};
}

/**
 * Sets one document-level attribute for a layer (null or empty clears it). Checked against the
 * schema; one transaction with an undo entry.
 */
export async function setDocumentAttribute(
  db: AppDb,
  doc: { id: string; projectId: string },
  layer: string,
  name: string,
  value: AttributeValue,
  by: string,
): Promise<DocumentAttributesRecord> {
  return db.transaction('rw', [db.projects, db.documentAttributes, db.operations], async () => {
    const project = await db.projects.get(doc.projectId);
    if (!project) throw new ValidationError('That project no longer exists.');
    const def = project.schema.documentAttributes?.find((a) => a.name === name);
    if (!def) throw new ValidationError(`The schema has no document attribute "${name}".`);
    const before = await db.documentAttributes.get([doc.id, layer]);
    const values = { ...(before?.values ?? {}) };
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) delete values[name];
    else values[name] = value;
    const problem = validateDocumentAttributes(project.schema, values).find((p) => p.field === name && !empty);
    if (problem) throw new ValidationError(problem.message);
    const after: DocumentAttributesRecord = {
      documentId: doc.id,
      projectId: doc.projectId,
      layer,
      values,
      updatedBy: by,
      updatedAt: new Date().toISOString(),
    };
    await db.documentAttributes.put(after);
    await record(
      db,
      { id: doc.id as DocumentId, projectId: doc.projectId as ProjectId },
      by,
      `Set document ${name}`,
      { annotations: [], relations: [], documentAttributes: before ? [before] : [] },
      { annotations: [], relations: [], documentAttributes: [after] },
    );
    return after;
  });
}

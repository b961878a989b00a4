import type { Dataset } from '../../../core/formats/types.ts';
import { claimGroupOf } from '../../db/claimGroups.ts';
import type { AppDb } from '../../db/db.ts';

/** Reads a whole project from the database in one read transaction, so the export is consistent. */
export async function loadDataset(db: AppDb, projectId: string): Promise<Dataset> {
  return db.transaction(
    'r',
    [db.projects, db.documents, db.annotations, db.relations, db.entities, db.documentAttributes, db.documentStatus, db.claimGroups],
    async () => {
      const project = await db.projects.get(projectId);
      if (!project) throw new Error('That project no longer exists.');
      const [documents, annotations, relations, entities, documentAttributes, statuses, groups] = await Promise.all([
        db.documents.where('projectId').equals(projectId).toArray(),
        db.annotations.where('projectId').equals(projectId).toArray(),
        db.relations.where('projectId').equals(projectId).toArray(),
        db.entities.where('projectId').equals(projectId).toArray(),
        db.documentAttributes.where('projectId').equals(projectId).toArray(),
        db.documentStatus.where('projectId').equals(projectId).toArray(),
        db.claimGroups.where('projectId').equals(projectId).toArray(),
      ]);
      documents.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title));
      return {
        project,
        documents,
        annotations,
        relations,
        entities,
        documentAttributes: documentAttributes.map((r) => ({ documentId: r.documentId, layer: r.layer, values: r.values })),
        documentStatuses: statuses.map((r) => ({
          documentId: r.documentId,
          annotator: r.annotator,
          status: r.status,
          updatedAt: r.updatedAt,
          ...(r.overriddenProblems ? { overriddenProblems: r.overriddenProblems } : {}),
        })),
        claimGroups: groups.map(claimGroupOf),
      };
    },
  );
}

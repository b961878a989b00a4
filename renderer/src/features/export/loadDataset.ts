import type { PagedDataset } from '../../../core/formats/exports.ts';
import type { Dataset } from '../../../core/formats/types.ts';
import { claimGroupOf } from '../../db/claimGroups.ts';
import type { DocumentRecord } from '../../../core/model/types.ts';
import type { AppDb } from '../../db/db.ts';
import { rowsOfDocuments } from '../../db/archive.ts';

/** Documents per page of a streamed export: a page and its records are all that is held at once. */
export const PAGE_DOCUMENTS = 200;

/**
 * The project's document ids in export order — by creation time, then title (as the corpus
 * browser lists them), then id — read from the document summaries, so no text is loaded; from
 * the documents themselves where the summaries are not complete.
 */
export async function documentOrder(db: AppDb, projectId: string): Promise<string[]> {
  return db.transaction('r', [db.documents, db.documentSummaries], async () => {
    const count = await db.documents.where('projectId').equals(projectId).count();
    let keys: { id: string; createdAt: string; title: string }[] = await db.documentSummaries
      .where('projectId')
      .equals(projectId)
      .toArray();
    if (keys.length !== count) {
      keys = [];
      await db.documents
        .where('projectId')
        .equals(projectId)
        .each((d) => void keys.push({ id: d.id, createdAt: d.createdAt, title: d.title }));
    }
    keys.sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return keys.map((k) => k.id);
  });
}

/** One page: the documents (in the given order) with all their records, in one read transaction. */
async function readPage(db: AppDb, project: Dataset['project'], ids: readonly string[]): Promise<Dataset> {
  return db.transaction('r', [db.documents, db.annotations, db.relations, db.documentAttributes, db.documentStatus], async () => {
    const [documents, annotations, relations, documentAttributes, statuses] = await Promise.all([
      db.documents.bulkGet([...ids]),
      rowsOfDocuments(db.annotations, ids),
      rowsOfDocuments(db.relations, ids),
      rowsOfDocuments(db.documentAttributes, ids),
      rowsOfDocuments(db.documentStatus, ids),
    ]);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return {
      project,
      documents: documents.filter((d): d is DocumentRecord => d !== undefined && d.projectId === project.id),
      annotations: annotations.filter((a) => a.projectId === project.id).sort(byId),
      relations: relations.filter((r) => r.projectId === project.id).sort(byId),
      documentAttributes: documentAttributes.map((r) => ({ documentId: r.documentId, layer: r.layer, values: r.values })),
      documentStatuses: statuses.map((r) => ({
        documentId: r.documentId,
        annotator: r.annotator,
        status: r.status,
        updatedAt: r.updatedAt,
        ...(r.overriddenProblems ? { overriddenProblems: r.overriddenProblems } : {}),
      })),
    };
  });
}

/**
 * The project (or the chosen documents of it) a page of documents at a time, each page read in
 * its own transaction: what a streamed export reads. Only a page and the project's entities are
 * held at once (and the project's claim groups, which are few). A document deleted while the export runs is left out.
 */
export async function pagedDataset(
  db: AppDb,
  projectId: string,
  documentIds: readonly string[] | null,
  pageSize = PAGE_DOCUMENTS,
): Promise<PagedDataset> {
  const project = await db.projects.get(projectId);
  if (!project) throw new Error('That project no longer exists.');
  const entities = await db.entities.where('projectId').equals(projectId).toArray();
  const claimGroups = (await db.claimGroups.where('projectId').equals(projectId).toArray()).map(claimGroupOf);
  const order = await documentOrder(db, projectId);
  const chosen = documentIds ? new Set(documentIds) : null;
  const ids = chosen ? order.filter((id) => chosen.has(id)) : order;
  return {
    head: { project, entities, claimGroups },
    documents: ids.length,
    async *pages() {
      for (let i = 0; i < ids.length; i += pageSize) yield readPage(db, project, ids.slice(i, i + pageSize));
    },
  };
}

/** Reads a whole project at once (for tests that compare a paged export with the whole one). */
export async function loadDataset(db: AppDb, projectId: string, documentIds: readonly string[] | null = null): Promise<Dataset> {
  const paged = await pagedDataset(db, projectId, documentIds, Number.MAX_SAFE_INTEGER);
  const dataset: Dataset = {
    project: paged.head.project,
    documents: [],
    annotations: [],
    relations: [],
    entities: [...paged.head.entities],
    claimGroups: [...(paged.head.claimGroups ?? [])],
  };
  dataset.documentAttributes = [];
  dataset.documentStatuses = [];
  for await (const page of paged.pages()) {
    dataset.documents.push(...page.documents);
    dataset.annotations.push(...page.annotations);
    dataset.relations.push(...page.relations);
    dataset.documentAttributes.push(...(page.documentAttributes ?? []));
    dataset.documentStatuses.push(...(page.documentStatuses ?? []));
  }
  return dataset;
}

/**
 * Keeping the corpus index in step with writes: a summary row per document. These functions run
 * inside the caller's transaction (which must include {@link corpusIndexTables}), so the index
 * commits or rolls back with the change it describes. New documents' search rows are written by the
 * text index (textIndex.ts); a renamed, moved or deleted document's number is retired
 * (`retireNumbers`, in the same transaction) so that it is indexed again or no longer found.
 */
import type { Annotation, DocumentRecord } from '../../core/model/types.ts';
import { applyAnnotationDelta, summarize } from '../../core/corpus/browse.ts';
import type { AppDb } from './db.ts';

const now = () => new Date().toISOString();

type Doc = Pick<DocumentRecord, 'id' | 'projectId' | 'title' | 'text' | 'createdAt' | 'updatedAt' | 'metadata'>;
export type AnnotationFacts = Pick<Annotation, 'documentId' | 'label' | 'layer'>;

/** The tables a transaction that writes documents or annotations must include for the index (summaries, document numbers). */
export function corpusIndexTables(db: AppDb) {
  return [db.documentSummaries, db.textNumbers];
}

/**
 * Summary rows for new documents. Call inside the transaction that adds the documents (include
 * {@link corpusIndexTables}); `annotations` are the ones added with them. Their search rows are
 * left to the text index pass (textIndex.ts), which search runs when it needs to.
 */
export async function indexDocuments(db: AppDb, docs: readonly Doc[], annotations: readonly AnnotationFacts[] = []): Promise<void> {
  const byDoc = new Map<string, AnnotationFacts[]>();
  for (const a of annotations) {
    let list = byDoc.get(a.documentId);
    if (!list) byDoc.set(a.documentId, (list = []));
    list.push(a);
  }
  await db.documentSummaries.bulkPut(docs.map((d) => summarize(d, byDoc.get(d.id) ?? [])));
}

/**
 * Recounts the annotations, labels and layers of these documents' summaries after their
 * annotations changed. Call inside the transaction that changed them (it needs the annotations
 * and documentSummaries tables). A document without a summary is left to `ensureCorpusIndex`.
 */
export async function refreshSummaries(db: AppDb, documentIds: Iterable<string>): Promise<void> {
  const at = now();
  for (const id of new Set(documentIds)) {
    const summary = await db.documentSummaries.get(id);
    if (!summary) continue;
    const facts: AnnotationFacts[] = [];
    await db.annotations
      .where('documentId')
      .equals(id)
      .each((a) => facts.push({ documentId: a.documentId, label: a.label, layer: a.layer }));
    const { labelCounts, layerCounts, labels, layers, annotationCount } = summarize(
      { ...summary, id: summary.id as DocumentRecord['id'], projectId: summary.projectId as DocumentRecord['projectId'], metadata: {} },
      facts,
    );
    const fresh = { labelCounts, layerCounts, labels, layers, annotationCount };
    await db.documentSummaries.put({ ...summary, ...fresh, updatedAt: at });
  }
}

/**
 * Updates summaries from the annotations a change added and removed (an edit is both), without
 * reading the documents' other annotations: adding one annotation to a document with 10,000
 * costs one row read and one write. Rows without per-label counts are recounted once. Call
 * inside the transaction that made the change.
 */
export async function updateSummaries(db: AppDb, added: readonly AnnotationFacts[], removed: readonly AnnotationFacts[]): Promise<void> {
  const byDoc = new Map<string, { added: AnnotationFacts[]; removed: AnnotationFacts[] }>();
  const entry = (id: string) => {
    let e = byDoc.get(id);
    if (!e) byDoc.set(id, (e = { added: [], removed: [] }));
    return e;
  };
  for (const a of added) entry(a.documentId).added.push(a);
  for (const a of removed) entry(a.documentId).removed.push(a);
  const at = now();
  const recount: string[] = [];
  for (const [id, delta] of byDoc) {
    const summary = await db.documentSummaries.get(id);
    if (!summary) continue;
    const next = applyAnnotationDelta(summary, delta.added, delta.removed);
    if (next) await db.documentSummaries.put({ ...next, updatedAt: at });
    else recount.push(id);
  }
  if (recount.length) await refreshSummaries(db, recount);
}

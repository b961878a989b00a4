/**
 * Keeping the corpus index in step with writes: a summary row and a search-terms row per
 * document. These functions run inside the caller's transaction (which must include
 * {@link corpusIndexTables}), so the index commits or rolls back with the change it describes.
 */
import type { Annotation, DocumentRecord } from '../../core/model/types.ts';
import { summarize } from '../../core/corpus/browse.ts';
import { indexTerms } from '../../core/corpus/search.ts';
import type { AppDb, SearchTermsRecord } from './db.ts';

const now = () => new Date().toISOString();

type Doc = Pick<DocumentRecord, 'id' | 'projectId' | 'title' | 'text' | 'createdAt' | 'updatedAt' | 'metadata'>;
export type AnnotationFacts = Pick<Annotation, 'documentId' | 'label' | 'layer'>;

/** The tables a transaction that writes documents or annotations must include for the index. */
export function corpusIndexTables(db: AppDb) {
  return [db.documentSummaries, db.searchTerms];
}

export function searchRowOf(doc: Doc): SearchTermsRecord {
  return { id: doc.id, projectId: doc.projectId, ...indexTerms(doc.title, doc.text) };
}

/**
 * Summary and search rows for new documents. Call inside the transaction that adds the
 * documents (include {@link corpusIndexTables}); `annotations` are the ones added with them.
 */
export async function indexDocuments(db: AppDb, docs: readonly Doc[], annotations: readonly AnnotationFacts[] = []): Promise<void> {
  const byDoc = new Map<string, AnnotationFacts[]>();
  for (const a of annotations) {
    let list = byDoc.get(a.documentId);
    if (!list) byDoc.set(a.documentId, (list = []));
    list.push(a);
  }
  await db.documentSummaries.bulkPut(docs.map((d) => summarize(d, byDoc.get(d.id) ?? [])));
  await db.searchTerms.bulkPut(docs.map(searchRowOf));
}

/**
 * Recounts the annotations, labels and layers of these documents' summaries after their
 * annotations changed. Call inside the transaction that changed them (it needs the annotations
 * and documentSummaries tables). A document without a summary is left to {@link ensureCorpusIndex}.
 */
export async function refreshSummaries(db: AppDb, documentIds: Iterable<string>): Promise<void> {
  const at = now();
  for (const id of new Set(documentIds)) {
    const summary = await db.documentSummaries.get(id);
    if (!summary) continue;
    const labels = new Set<string>();
    const layers = new Set<string>();
    let count = 0;
    await db.annotations
      .where('documentId')
      .equals(id)
      .each((a) => {
        count++;
        labels.add(a.label);
        layers.add(a.layer);
      });
    await db.documentSummaries.put({
      ...summary,
      annotationCount: count,
      labels: [...labels].sort(),
      layers: [...layers].sort(),
      updatedAt: at,
    });
  }
}


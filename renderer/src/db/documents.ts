/** Projects and documents. */
import type { Block, DocumentRecord, Metadata, ProjectId } from '../../core/model/types.ts';
import { newDocument } from '../../core/model/records.ts';
import type { AppDb } from './db.ts';
import { ensureCorpusIndex, loadSummaries } from './corpus.ts';
import { corpusIndexTables, indexDocuments } from './summaries.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';

export type { DocumentSummary } from '../../core/corpus/browse.ts';

const now = () => new Date().toISOString();

export interface NewDocument {
  title: string;
  text: string;
  blocks: Block[];
  metadata: Metadata;
}

export function buildDocument(projectId: ProjectId, input: NewDocument): DocumentRecord {
  return newDocument(projectId, input, now());
}

export async function addDocument(db: AppDb, projectId: ProjectId, input: NewDocument): Promise<DocumentRecord> {
  const doc = buildDocument(projectId, input);
  await db.transaction('rw', [db.documents, ...corpusIndexTables(db)], async () => {
    await db.documents.add(doc);
    await indexDocuments(db, [doc]);
  });
  return doc;
}

/** Adds many documents in one transaction, with their summary and search rows. */
export async function addDocuments(db: AppDb, projectId: ProjectId, inputs: readonly NewDocument[]): Promise<DocumentRecord[]> {
  const docs = inputs.map((input) => buildDocument(projectId, input));
  await db.transaction('rw', [db.documents, ...corpusIndexTables(db)], async () => {
    await db.documents.bulkAdd(docs);
    await indexDocuments(db, docs);
  });
  return docs;
}

/**
 * The project's document summaries (title, metadata subset, annotation count, labels, layers —
 * never the text), in the order documents were added. Builds any that are missing first.
 */
export async function listDocumentSummaries(db: AppDb, projectId: string): Promise<DocumentSummary[]> {
  await ensureCorpusIndex(db, projectId);
  return loadSummaries(db, projectId);
}

/** Projects and documents. */
import type { Block, DocumentRecord, Metadata, ProjectId } from '../../core/model/types.ts';
import { newDocument } from '../../core/model/records.ts';
import type { AppDb } from './db.ts';
import { ensureCorpusIndex, loadSummaries, loadSummariesBefore } from './corpus.ts';
import { corpusIndexTables, indexDocuments } from './summaries.ts';
import { storedCounts } from './projectCounts.ts';
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
 * never the text), in the order documents were added, read a page per task, each page from the
 * last row read. Builds any that are missing first; `onCounted` hears how many there are as soon
 * as that is known (before the pages). `start`, the list's first rows already read, is continued
 * when no summary had to be built (one built may come anywhere in the list).
 */
export async function listDocumentSummaries(
  db: AppDb,
  projectId: string,
  onCounted?: (documents: number) => void,
  start: readonly DocumentSummary[] = [],
): Promise<DocumentSummary[]> {
  const built = await ensureCorpusIndex(db, projectId, { onCounted });
  const out: DocumentSummary[] = built === 0 ? [...start] : [];
  // Until a short page: documents added meanwhile are listed too.
  for (;;) {
    const page = await loadSummaries(db, projectId, out[out.length - 1] ?? null, LIST_PAGE);
    out.push(...page);
    if (page.length < LIST_PAGE) return out;
  }
}

/**
 * The list's last `rows` summaries at least, read backwards page by page from its end, continuing
 * before `tail` (the end rows already read); the whole list when it is shorter.
 */
export async function readListEnd(
  db: AppDb,
  projectId: string,
  tail: readonly DocumentSummary[],
  rows: number,
): Promise<DocumentSummary[]> {
  let out = [...tail];
  while (out.length < rows) {
    const want = Math.min(LIST_PAGE, rows - out.length);
    const page = await loadSummariesBefore(db, projectId, out[0] ?? null, want);
    out = page.concat(out);
    if (page.length < want) break;
  }
  return out;
}

/** Summaries read per task (about 50 ms of work each at 100,000 documents). */
const LIST_PAGE = 5000;

export interface DocumentList {
  /** The first summaries in list order. */
  first: DocumentSummary[];
  /** True when `first` is the whole list (a short page). */
  complete: boolean;
  /** How many documents the project has (its stored count, read with `first`). */
  total: number;
  /** Every summary in list order, read page by page (each its own task); `onCounted` hears the project's count first. */
  all(onCounted?: (documents: number) => void): Promise<DocumentSummary[]>;
}

/**
 * The project's summaries for a start that shows the list at once: the first `count`, read through
 * the list-order index with the project's stored count of documents in one read (never counting
 * the project through an index, which walks every entry: seconds at 100,000 documents, with every
 * other request waiting); every one from `all()`. When the stored counts say documents have no
 * summary yet (a database from before version 3, just upgraded; a restore; a writer that did not
 * index) and the first page is short, a page's worth is built first, so the list shows the
 * documents at once; `all()` builds the rest.
 */
export async function openDocumentList(db: AppDb, projectId: string, count: number): Promise<DocumentList> {
  const read = () =>
    db.transaction('r', [db.documentSummaries, db.projectCounts], () =>
      Promise.all([loadSummaries(db, projectId, null, count), storedCounts(db, projectId)]),
    );
  let [first, counts] = await read();
  let complete = first.length < count;
  if (complete && counts.documents !== counts.summaries) {
    const room = count - first.length;
    const missing = await ensureCorpusIndex(db, projectId, { limit: room });
    [first, counts] = await read();
    complete = missing <= room && first.length < count;
  }
  return {
    first,
    complete,
    total: counts.documents,
    all: (onCounted) => listDocumentSummaries(db, projectId, onCounted, first),
  };
}

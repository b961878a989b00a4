/**
 * The text index built after an import, not during it. A bulk import writes each document with
 * its summary (the list shows it at once) and leaves its search rows — the title words and the
 * text posting lists — to this pass: writing them was four fifths of an import's time (see the
 * import profile in bench/README.md), mostly because of how many rows one batch's posting lists
 * are. Built here in chunks of thousands of documents, the same words take a fraction of the
 * rows.
 *
 * A document is pending while it has no `searchTerms` row: its title row and its postings are
 * written together in one transaction, so a pass stopped at any point (a closed window, a
 * terminated worker) leaves each document either fully indexed or pending, never half. Search
 * runs the pass first when the project has pending documents (`searchCorpus`), so a document
 * is found as soon as its import has committed. The pass yields to the event loop between small
 * steps, so on the main thread no task runs long.
 */
import { FREQUENT, tokens } from '../../core/corpus/search.ts';
import type { DocumentId, ProjectId } from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';
import type { AppDb, TextPostingRecord } from './db.ts';
import { searchRowOf } from './summaries.ts';

/** Documents per pass transaction: one posting row per word and chunk. */
export const TEXT_INDEX_CHUNK = 5000;
/** Documents read, or tokenised, per task. */
const SLICE = 100;
/** Posting rows handed to IndexedDB per task (each is cloned when it is added). */
const WRITE_SLICE = 1000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The project's documents that have no search rows yet, in the order they were written. */
export async function pendingTextIndex(db: AppDb, projectId: string): Promise<string[]> {
  const [docCount, searchCount] = await Promise.all([
    db.documents.where('projectId').equals(projectId).count(),
    db.searchTerms.where('projectId').equals(projectId).count(),
  ]);
  if (docCount === searchCount) return [];
  const [docIds, searchIds] = await Promise.all([
    db.documents.where('projectId').equals(projectId).primaryKeys(),
    db.searchTerms.where('projectId').equals(projectId).primaryKeys(),
  ]);
  const indexed = new Set(searchIds);
  return docIds.filter((id) => !indexed.has(id));
}

export interface TextIndexOptions {
  chunk?: number;
  /** Documents indexed so far, of those pending when the pass began. */
  onProgress?(done: number, total: number): void;
  /** Checked between steps: true stops the pass (what is committed stays). */
  isCancelled?(): boolean;
}

/**
 * Indexes the project's pending documents; returns how many it indexed. Only one pass per
 * project runs at a time in this origin (a Web Lock where there is one), so search waiting for
 * the pass an import worker is running does not tokenise the same documents again.
 */
export async function buildTextIndex(db: AppDb, projectId: string, options: TextIndexOptions = {}): Promise<number> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  const run = () => indexPending(db, projectId, options);
  return locks ? locks.request(`claimscope-text-index:${db.name}:${projectId}`, run) : run();
}

async function indexPending(db: AppDb, projectId: string, options: TextIndexOptions): Promise<number> {
  const pending = await pendingTextIndex(db, projectId);
  const chunk = Math.max(1, options.chunk ?? TEXT_INDEX_CHUNK);
  let done = 0;
  for (let start = 0; start < pending.length; start += chunk) {
    if (options.isCancelled?.()) break;
    // The chunk's posting lists, filled a slice of documents per task.
    const rows = new Map<string, TextPostingRecord>();
    const ids: string[] = [];
    for (const slice of slices(pending.slice(start, start + chunk), SLICE)) {
      for (const d of await db.documents.bulkGet(slice)) {
        if (!d) continue;
        ids.push(d.id);
        const counts = new Map<string, number>();
        for (const t of tokens(d.text)) counts.set(t, (counts.get(t) ?? 0) + 1);
        for (const [term, n] of counts) {
          let row = rows.get(term);
          if (!row) rows.set(term, (row = { term, projectId, ids: [], frequent: [] }));
          row.ids.push(d.id);
          if (n >= FREQUENT) row.frequent.push(d.id);
        }
      }
      await nextTask();
    }
    await db.transaction('rw', [db.documentSummaries, db.searchTerms, db.textPostings], async () => {
      // Only documents still in this project (their summary says so, with the current title)
      // and still without search rows.
      const [summaries, indexed] = await Promise.all([db.documentSummaries.bulkGet(ids), db.searchTerms.bulkGet(ids)]);
      const fresh = summaries.filter((s, i): s is DocumentSummary => s?.projectId === projectId && !indexed[i]);
      let postings = [...rows.values()];
      if (fresh.length < ids.length) {
        const keep = new Set(fresh.map((s) => s.id));
        postings = postings
          .map((r) => ({ ...r, ids: r.ids.filter((id) => keep.has(id)), frequent: r.frequent.filter((id) => keep.has(id)) }))
          .filter((r) => r.ids.length > 0);
      }
      await db.searchTerms.bulkAdd(
        fresh.map((s) => searchRowOf({ id: s.id as DocumentId, projectId: projectId as ProjectId, title: s.title })),
      );
      for (const slice of slices(postings, WRITE_SLICE)) await db.textPostings.bulkAdd(slice);
      done += fresh.length;
    });
    options.onProgress?.(done, pending.length);
  }
  return done;
}

function* slices<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * The text index, built after documents are written, not with them. Every writer of documents
 * (a bulk import, adding one, a synced or moved-in document) writes the document with its summary
 * (the list shows it at once) and leaves its search rows — its title words and its place in the
 * text's word blocks — to this pass: tokenising and writing them was most of an import's time
 * (see the import profile in bench/README.md).
 *
 * The pass numbers the documents it indexes (0, 1, 2 … per project; `textNumbers` keeps which
 * document each number is) and writes, per chunk of thousands of documents, one block per word
 * with the numbers of the documents that contain it, as a Uint32Array: stored and cloned as
 * bytes, where a list of ids was thousands of strings. While one chunk commits, the next is read
 * and tokenised.
 *
 * A document is pending while it has no `searchTerms` row: its title row, its number and its
 * blocks are written together in one transaction, so a pass stopped at any point (a closed
 * window, a terminated worker) leaves each document either fully indexed or pending, never half.
 * Search runs the pass first when the project has pending documents (`searchCorpus`), so a
 * document is found as soon as its write has committed. The pass yields to the event loop between
 * small steps, so on the main thread no task runs long.
 */
import Dexie from 'dexie';
import { FREQUENT, forEachToken } from '../../core/corpus/search.ts';
import type { DocumentId, ProjectId } from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';
import type { AppDb, TextBlockRecord } from './db.ts';
import { searchRowOf } from './summaries.ts';

/** The tables of the text index: derived from the documents, rebuilt by the pass, never archived or replicated. */
export const TEXT_INDEX_TABLES = ['searchTerms', 'textPostings', 'textBlocks', 'textNumbers'] as const;

/** Documents per pass transaction: one block per word and chunk. */
export const TEXT_INDEX_CHUNK = 5000;
/** Documents read per request, and tokenised per task (100 would take 50 ms on a quiet machine). */
const READ_SLICE = 100;
const SLICE = 25;
/** Blocks (or title rows) built per task, and handed to IndexedDB per request (each is cloned as it is added). */
const WRITE_SLICE = 1000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The project's documents that have no search rows yet. */
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

/** A chunk's words, each with the chunk's documents (by their place in `ids`) that contain it and use it often. */
export interface Chunk {
  ids: string[];
  words: Map<string, WordPostings>;
}

interface WordPostings {
  docs: number[];
  frequent: number[];
  /** The document last counted, and how often the word occurred in it so far. */
  last: number;
  count: number;
}

export const newChunk = (): Chunk => ({ ids: [], words: new Map() });

/** Adds a document's words to the chunk. */
export function tokeniseInto(chunk: Chunk, id: string, text: string): void {
  const n = chunk.ids.length;
  chunk.ids.push(id);
  forEachToken(text, (term) => {
    let w = chunk.words.get(term);
    if (!w) chunk.words.set(term, (w = { docs: [], frequent: [], last: -1, count: 0 }));
    if (w.last !== n) {
      w.last = n;
      w.count = 1;
      w.docs.push(n);
    } else if (++w.count === FREQUENT) w.frequent.push(n);
  });
}

/** The chunk's word blocks, its documents by their place in `ids` (renumbered when written). */
export function blocksOf(chunk: Chunk, projectId: string): TextBlockRecord[] {
  return [...chunk.words].map(([term, w]) => blockOf(projectId, term, w));
}

const blockOf = (projectId: string, term: string, w: WordPostings): TextBlockRecord => ({
  projectId,
  term,
  docs: Uint32Array.from(w.docs),
  frequent: Uint32Array.from(w.frequent),
});

/**
 * Gives the blocks' documents their numbers in the project: `numbers[i]` for the document at
 * place i of the chunk, −1 to leave it out (blocks left with no document are dropped).
 */
function renumber(blocks: TextBlockRecord[], numbers: Int32Array): TextBlockRecord[] {
  const first = numbers[0]!;
  if (numbers.every((n, i) => n === first + i)) {
    for (const b of blocks) {
      for (let i = 0; i < b.docs.length; i++) b.docs[i]! += first;
      for (let i = 0; i < b.frequent.length; i++) b.frequent[i]! += first;
    }
    return blocks;
  }
  const numbered = (list: Uint32Array) => {
    const out = new Uint32Array(list.length);
    let k = 0;
    for (const i of list) if (numbers[i]! >= 0) out[k++] = numbers[i]!;
    return out.slice(0, k);
  };
  return blocks.map((b) => ({ ...b, docs: numbered(b.docs), frequent: numbered(b.frequent) })).filter((b) => b.docs.length > 0);
}

/** The next free document number of the project (inside the caller's transaction, which includes `textNumbers`). */
async function nextNumber(db: AppDb, projectId: string): Promise<number> {
  const last = await db.textNumbers.where('[projectId+first]').between([projectId, Dexie.minKey], [projectId, Dexie.maxKey]).last();
  return last ? last.first + last.ids.length : 0;
}

/**
 * Ends the numbers these documents have in the projects they leave (deleted, or moved away), so
 * one that comes back is indexed again there. Call inside the transaction that removes or moves
 * them (it must include `textNumbers`), with each document's project before the change.
 */
export async function retireNumbers(db: AppDb, docs: readonly { id: string; projectId: string }[]): Promise<void> {
  const byProject = new Map<string, string[]>();
  for (const d of docs) byProject.set(d.projectId, [...(byProject.get(d.projectId) ?? []), d.id]);
  for (const [projectId, ids] of byProject)
    await db.textNumbers.add({ projectId, first: await nextNumber(db, projectId), ids, retired: true });
}

/** Reads and tokenises a chunk of documents, a slice per task; returns its ids and word blocks. */
async function tokenise(
  db: AppDb,
  projectId: string,
  ids: readonly string[],
  isCancelled?: () => boolean,
): Promise<{ ids: string[]; blocks: TextBlockRecord[] } | null> {
  const chunk = newChunk();
  for (let start = 0; start < ids.length; start += READ_SLICE) {
    if (isCancelled?.()) return null;
    const docs = await db.documents.bulkGet(ids.slice(start, start + READ_SLICE));
    for (let i = 0; i < docs.length; i += SLICE) {
      for (const d of docs.slice(i, i + SLICE)) if (d) tokeniseInto(chunk, d.id, d.text);
      await nextTask();
    }
  }
  // The words' lists into typed arrays, a slice of words per task.
  const blocks: TextBlockRecord[] = [];
  const words = [...chunk.words];
  for (let start = 0; start < words.length; start += WRITE_SLICE) {
    for (const [term, w] of words.slice(start, start + WRITE_SLICE)) blocks.push(blockOf(projectId, term, w));
    await nextTask();
  }
  return { ids: chunk.ids, blocks };
}

/** Writes a tokenised chunk: numbers, title rows and word blocks of its documents still pending in the project. */
async function writeChunk(db: AppDb, projectId: string, chunk: { ids: string[]; blocks: TextBlockRecord[] }): Promise<number> {
  return db.transaction('rw', [db.documentSummaries, db.searchTerms, db.textBlocks, db.textNumbers], async () => {
    // Only documents still in this project (their summary says so, with the current title) and
    // still without search rows.
    const [summaries, indexed, first] = await Promise.all([
      db.documentSummaries.bulkGet(chunk.ids),
      db.searchTerms.bulkGet(chunk.ids),
      nextNumber(db, projectId),
    ]);
    // Each fresh document's number in the project; -1 for one left out.
    const numbers = new Int32Array(chunk.ids.length).fill(-1);
    const fresh: DocumentSummary[] = [];
    summaries.forEach((s, i) => {
      if (s?.projectId !== projectId || indexed[i]) return;
      numbers[i] = first + fresh.length;
      fresh.push(s);
    });
    if (fresh.length === 0) return 0;
    const blocks = renumber(chunk.blocks, numbers);
    await db.textNumbers.add({ projectId, first, ids: fresh.map((s) => s.id) });
    for (let i = 0; i < fresh.length; i += WRITE_SLICE) {
      const titles = fresh.slice(i, i + WRITE_SLICE);
      await db.searchTerms.bulkAdd(
        titles.map((s) => searchRowOf({ id: s.id as DocumentId, projectId: projectId as ProjectId, title: s.title })),
      );
    }
    for (let i = 0; i < blocks.length; i += WRITE_SLICE) await db.textBlocks.bulkAdd(blocks.slice(i, i + WRITE_SLICE));
    return fresh.length;
  });
}

async function indexPending(db: AppDb, projectId: string, options: TextIndexOptions): Promise<number> {
  const pending = await pendingTextIndex(db, projectId);
  const size = Math.max(1, options.chunk ?? TEXT_INDEX_CHUNK);
  let done = 0;
  // One chunk is written while the next is read and tokenised.
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < pending.length; start += size) {
    const chunk = await tokenise(db, projectId, pending.slice(start, start + size), options.isCancelled);
    await writing;
    if (!chunk || options.isCancelled?.()) break;
    writing = writeChunk(db, projectId, chunk).then((n) => {
      done += n;
      options.onProgress?.(done, pending.length);
    });
    // Its failure is seen at the next await of it; until then it is not an unhandled one.
    writing.catch(() => undefined);
  }
  await writing;
  return done;
}

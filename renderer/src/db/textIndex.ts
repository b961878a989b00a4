/**
 * The text index, built from documents' texts after or as they are written, never in their own
 * transactions. Every writer of documents (a bulk import, adding one, a synced or moved-in
 * document) writes the document with its summary (the list shows it at once) and leaves its search
 * rows — its title words and its place in the word rows — to this module: an import tokenises the
 * texts it has just written (`indexWhileWriting`), anything else is indexed by the pass
 * (`buildTextIndex`), which reads the pending texts back.
 *
 * Documents are numbered as they are indexed (0, 1, 2 … per project; `textNumbers` keeps which
 * document each number is), and per chunk of thousands of documents their words are written as
 * the numbers of the documents that contain them, in Uint32Arrays (stored and cloned as bytes).
 * A row holds a word in many of the chunk's documents on its own, or every other word sharing its
 * first two characters (`groupKey`), so a chunk writes hundreds of rows rather than one per word:
 * a row costs its clone, its index entries and its share of the commit whatever it holds.
 *
 * A document is pending while it has no `searchTerms` row: its title row, its number and its
 * word rows are written together in one transaction, so indexing stopped at any point (a closed
 * window, a terminated worker) leaves each document either fully indexed or pending, never half.
 * Search runs the pass first when the project has pending documents (`searchCorpus`), so a
 * document is found as soon as its write has committed. On the main thread the pass yields to the
 * event loop between small steps, so no task runs long.
 */
import Dexie from 'dexie';
import { FREQUENT, forEachToken } from '../../core/corpus/search.ts';
import type { DocumentId, DocumentRecord, ProjectId } from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';
import type { AppDb, TextGroupRecord } from './db.ts';
import { searchRowOf } from './summaries.ts';

/** The tables of the text index: derived from the documents, rebuilt by the pass, never archived or replicated. */
export const TEXT_INDEX_TABLES = ['searchTerms', 'textPostings', 'textBlocks', 'textGroups', 'textNumbers'] as const;

/** Documents per pass transaction: one row per word group (or frequent word) and chunk. */
export const TEXT_INDEX_CHUNK = 5000;
/** Documents read per request, and tokenised per task on the main thread (100 would take 50 ms on a quiet machine). */
const READ_SLICE = 100;
const SLICE = 25;
/** Rows built per task, and handed to IndexedDB per request (each is cloned as it is added). */
const WRITE_SLICE = 200;
/** Title rows handed to IndexedDB per request. */
const TITLE_SLICE = 1000;
/**
 * A word in at least this share of a chunk's documents (and at least {@link MIN_OWN} of them) gets
 * a row of its own; the others share their group's row. A search for a common word then reads its
 * own rows, not every word of its group.
 */
const OWN_SHARE = 1 / 32;
const MIN_OWN = 64;
/** A chunk of fewer documents is merged into the rows before it (`mergedIntoTails`), up to this many numbers a row. */
const MERGE_CHUNK = 1000;
const MERGE_LIMIT = 16_384;

/** Between steps on the main thread, a new task (a window must stay responsive); a worker runs on. */
const inWindow = typeof (globalThis as { document?: unknown }).document !== 'undefined';
const nextTask = (): Promise<void> => (inWindow ? yieldToEventLoop() : Promise.resolve());

/** A new task without setTimeout's 4 ms clamp on nested timers (scheduler.yield where there is one). */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

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
  return underLock(db, projectId, () => indexPending(db, projectId, options));
}

function underLock<T>(db: AppDb, projectId: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
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
  const words = chunk.words;
  forEachToken(text, (term) => {
    let w = words.get(term);
    if (!w) words.set(term, (w = { docs: [], frequent: [], last: -1, count: 0 }));
    if (w.last !== n) {
      w.last = n;
      w.count = 1;
      w.docs.push(n);
    } else if (++w.count === FREQUENT) w.frequent.push(n);
  });
}

/**
 * The key of the row holding a word in a chunk: the word itself when it has a row of its own,
 * else its group's, the word's first two characters (code points) and a space (which no word
 * holds, so a group never meets a word's own key). A prefix of three or more characters has all
 * its words in one group.
 */
export function groupKey(term: string): string {
  const first = term.codePointAt(0);
  if (first === undefined) return ' ';
  const one = String.fromCodePoint(first);
  const second = term.codePointAt(one.length);
  return (second === undefined ? one : one + String.fromCodePoint(second)) + ' ';
}

/** Rows of a chunk: a word in many of its documents alone, the others by group (`words` ascending). */
function rowsOf(chunk: Chunk): [key: string, terms: string[]][] {
  const own = Math.max(MIN_OWN, Math.ceil(chunk.ids.length * OWN_SHARE));
  const groups = new Map<string, string[]>();
  const rows: [string, string[]][] = [];
  for (const [term, w] of chunk.words) {
    if (w.docs.length >= own) rows.push([term, [term]]);
    else {
      const key = groupKey(term);
      const list = groups.get(key);
      if (list) list.push(term);
      else groups.set(key, [term]);
    }
  }
  for (const [key, terms] of groups) rows.push([key, terms.sort()]);
  return rows;
}

/** One row: its words' documents (by place in the chunk) end to end, with where each word's end. */
function rowOf(chunk: Chunk, projectId: string, key: string, terms: readonly string[]): TextGroupRecord {
  let docCount = 0;
  let frequentCount = 0;
  const postings = terms.map((t) => chunk.words.get(t)!);
  for (const w of postings) {
    docCount += w.docs.length;
    frequentCount += w.frequent.length;
  }
  const docs = new Uint32Array(docCount);
  const frequent = new Uint32Array(frequentCount);
  const docEnds = new Uint32Array(terms.length);
  const frequentEnds = new Uint32Array(terms.length);
  let d = 0;
  let f = 0;
  postings.forEach((w, i) => {
    for (const n of w.docs) docs[d++] = n;
    for (const n of w.frequent) frequent[f++] = n;
    docEnds[i] = d;
    frequentEnds[i] = f;
  });
  return { projectId, key, words: terms.join(' '), docEnds, frequentEnds, docs, frequent };
}

/** The chunk's rows, its documents by their place in `ids` (numbered when written). */
export function blocksOf(chunk: Chunk, projectId: string): TextGroupRecord[] {
  return rowsOf(chunk).map(([key, terms]) => rowOf(chunk, projectId, key, terms));
}

/**
 * Gives the rows' documents their numbers in the project: `numbers[i]` for the document at
 * place i of the chunk, −1 to leave it out (a word left with no document keeps an empty range).
 */
function renumber(rows: TextGroupRecord[], numbers: Int32Array): TextGroupRecord[] {
  const first = numbers[0]!;
  if (numbers.every((n, i) => n === first + i)) {
    for (const r of rows) {
      for (let i = 0; i < r.docs.length; i++) r.docs[i]! += first;
      for (let i = 0; i < r.frequent.length; i++) r.frequent[i]! += first;
    }
    return rows;
  }
  const numbered = (list: Uint32Array, ends: Uint32Array) => {
    const out = new Uint32Array(list.length);
    const outEnds = new Uint32Array(ends.length);
    let k = 0;
    let start = 0;
    ends.forEach((end, w) => {
      for (let i = start; i < end; i++) if (numbers[list[i]!]! >= 0) out[k++] = numbers[list[i]!]!;
      outEnds[w] = k;
      start = end;
    });
    return [out.slice(0, k), outEnds] as const;
  };
  return rows
    .map((r) => {
      const [docs, docEnds] = numbered(r.docs, r.docEnds);
      const [frequent, frequentEnds] = numbered(r.frequent, r.frequentEnds);
      return { ...r, docs, docEnds, frequent, frequentEnds };
    })
    .filter((r) => r.docs.length > 0);
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

/** A chunk tokenised and built into rows, ready to write. */
interface Tokenised {
  ids: string[];
  rows: TextGroupRecord[];
}

/** The chunk's rows, a slice of them per task. */
async function built(chunk: Chunk, projectId: string): Promise<Tokenised> {
  const rows: TextGroupRecord[] = [];
  const keyed = rowsOf(chunk);
  for (let start = 0; start < keyed.length; start += WRITE_SLICE) {
    for (const [key, terms] of keyed.slice(start, start + WRITE_SLICE)) rows.push(rowOf(chunk, projectId, key, terms));
    await nextTask();
  }
  return { ids: chunk.ids, rows };
}

/** Reads and tokenises a chunk of documents, a slice per task. */
async function tokenise(db: AppDb, projectId: string, ids: readonly string[], isCancelled?: () => boolean): Promise<Tokenised | null> {
  const chunk = newChunk();
  for (let start = 0; start < ids.length; start += READ_SLICE) {
    if (isCancelled?.()) return null;
    const docs = await db.documents.bulkGet(ids.slice(start, start + READ_SLICE));
    for (let i = 0; i < docs.length; i += SLICE) {
      for (const d of docs.slice(i, i + SLICE)) if (d) tokeniseInto(chunk, d.id, d.text);
      await nextTask();
    }
  }
  return built(chunk, projectId);
}

/** Writes a tokenised chunk: numbers, title rows and word rows of its documents still pending in the project. */
async function writeChunk(db: AppDb, projectId: string, chunk: Tokenised): Promise<number> {
  return db.transaction('rw', [db.documentSummaries, db.searchTerms, db.textGroups, db.textNumbers], async () => {
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
    const rows = renumber(chunk.rows, numbers);
    await db.textNumbers.add({ projectId, first, ids: fresh.map((s) => s.id) });
    for (let i = 0; i < fresh.length; i += TITLE_SLICE) {
      const titles = fresh.slice(i, i + TITLE_SLICE);
      await db.searchTerms.bulkAdd(
        titles.map((s) => searchRowOf({ id: s.id as DocumentId, projectId: projectId as ProjectId, title: s.title })),
      );
    }
    const written = fresh.length < MERGE_CHUNK ? await mergedIntoTails(db, projectId, rows) : rows;
    for (let i = 0; i < written.length; i += WRITE_SLICE) await db.textGroups.bulkPut(written.slice(i, i + WRITE_SLICE));
    return fresh.length;
  });
}

/**
 * A small chunk's rows (a document added, a few synced) merged into the project's last row of
 * the same key while that holds fewer than {@link MERGE_LIMIT} numbers: otherwise documents
 * indexed a few at a time would leave a row per key and pass, and a search would read them all.
 * Inside the caller's transaction.
 */
async function mergedIntoTails(db: AppDb, projectId: string, rows: readonly TextGroupRecord[]): Promise<TextGroupRecord[]> {
  const tails = await Promise.all(rows.map((r) => db.textGroups.where('[projectId+key]').equals([projectId, r.key]).last()));
  return rows.map((row, i) => {
    const tail = tails[i];
    return tail && tail.docs.length + row.docs.length <= MERGE_LIMIT ? merged(tail, row) : row;
  });
}

/** Two rows of one key as one (`later`'s documents after `earlier`'s for a word in both), with `earlier`'s place. */
function merged(earlier: TextGroupRecord, later: TextGroupRecord): TextGroupRecord {
  const a = earlier.words.split(' ');
  const b = later.words.split(' ');
  const words: string[] = [];
  const docs: number[] = [];
  const frequent: number[] = [];
  const docEnds: number[] = [];
  const frequentEnds: number[] = [];
  const copy = (row: TextGroupRecord, w: number) => {
    for (let k = w === 0 ? 0 : row.docEnds[w - 1]!; k < row.docEnds[w]!; k++) docs.push(row.docs[k]!);
    for (let k = w === 0 ? 0 : row.frequentEnds[w - 1]!; k < row.frequentEnds[w]!; k++) frequent.push(row.frequent[k]!);
  };
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    const fromA = j >= b.length || (i < a.length && a[i]! <= b[j]!);
    const fromB = i >= a.length || (j < b.length && b[j]! <= a[i]!);
    words.push(fromA ? a[i]! : b[j]!);
    if (fromA) copy(earlier, i++);
    if (fromB) copy(later, j++);
    docEnds.push(docs.length);
    frequentEnds.push(frequent.length);
  }
  return {
    ...earlier,
    words: words.join(' '),
    docEnds: Uint32Array.from(docEnds),
    frequentEnds: Uint32Array.from(frequentEnds),
    docs: Uint32Array.from(docs),
    frequent: Uint32Array.from(frequent),
  };
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

/** Indexes documents as they are written, from their texts in memory: {@link indexWhileWriting}. */
export interface WritingIndexer {
  /** Tokenises documents just written (or being written); writes a chunk's rows when it is full. */
  add(docs: readonly Pick<DocumentRecord, 'id' | 'text'>[]): Promise<void>;
  /** Writes the last chunk, then indexes whatever else is pending (a pass); returns how many it indexed in all. */
  finish(options?: TextIndexOptions): Promise<number>;
}

/**
 * The text index of an import, built from the texts the import has in memory rather than read
 * back after it: each batch's documents are tokenised as they are written, and a chunk's rows are
 * written once it holds `chunk` documents, while the next batches are tokenised. The rows follow
 * the documents' own transactions, so until its chunk commits a document is pending as after any
 * write (whole, found by a search through the pass); a document that was not written (its batch
 * failed, a duplicate) is left out when its chunk is written.
 */
export function indexWhileWriting(db: AppDb, projectId: string, options: { chunk?: number } = {}): WritingIndexer {
  const size = Math.max(1, options.chunk ?? TEXT_INDEX_CHUNK);
  let chunk = newChunk();
  let written = 0;
  let added = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (chunk.ids.length === 0) return;
    const rows = await built(chunk, projectId);
    chunk = newChunk();
    await writing;
    writing = writeChunk(db, projectId, rows).then((n) => {
      written += n;
    });
    writing.catch(() => undefined);
  };
  return {
    async add(docs) {
      added += docs.length;
      for (let i = 0; i < docs.length; i += SLICE) {
        for (const d of docs.slice(i, i + SLICE)) tokeniseInto(chunk, d.id, d.text);
        await nextTask();
      }
      if (chunk.ids.length >= size) await flush();
    },
    // Under the pass's lock: a search meanwhile waits for these documents rather than reading them back.
    // Progress counts the documents added to it; a pass over others pending reports its own.
    finish: (passOptions = {}) =>
      underLock(db, projectId, async () => {
        if (added > 0) passOptions.onProgress?.(added - chunk.ids.length, added);
        await flush();
        await writing;
        if (added > 0) passOptions.onProgress?.(added, added);
        return written + (await indexPending(db, projectId, passOptions));
      }),
  };
}

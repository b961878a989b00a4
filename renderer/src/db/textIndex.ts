/**
 * The text index, built from documents' texts after or as they are written, never in their own
 * transactions. Every writer of documents (a bulk import, adding one, a synced or moved-in
 * document) writes the document with its summary (the list shows it at once) and leaves its place
 * in the word rows to this module: an import tokenises the texts it has just written
 * (`indexWhileWriting`), anything else is indexed by the pass (`buildTextIndex`), which reads the
 * pending texts back.
 *
 * Documents are numbered as they are indexed (0, 1, 2 … per project; textNumbers.ts), and per
 * chunk of thousands of documents their words are written as the numbers of the documents that
 * contain them, in Uint32Arrays (stored and cloned as bytes): for each word, the documents with it
 * in their text or title, those that use it often, and those with it in their title. A row holds
 * a word in many of the chunk's documents on its own, or every other word sharing its first two
 * characters (`groupKey`), so a chunk writes hundreds of rows rather than one per word: a row costs
 * its clone, its index entries and its share of the commit whatever it holds. A list of a row of
 * one word is kept as a bitmap of the chunk's numbers where that is smaller (a word in most of the
 * chunk's documents), and every row says which numbers it covers. A group's row larger than
 * {@link RUN_BYTES} is split by its words' next characters (`bySubgroup`), so a prefix or a rare
 * word reads its subgroup's rows, not the whole group's. A renamed document's number is retired,
 * and it is indexed again under a new one with its new title's words.
 *
 * A document is pending while it has no live number: its number and its word rows are written
 * together in one transaction, so indexing stopped at any point (a closed window, a terminated
 * worker) leaves each document either fully indexed or pending, never half.
 * Search runs the pass first when the project has pending documents (`searchCorpus`), so a
 * document is found as soon as its write has committed. On the main thread the pass yields to the
 * event loop between small steps, so no task runs long.
 */
import { FREQUENT } from '../../core/corpus/search.ts';
import { TokenTable } from '../../core/corpus/tokenTable.ts';
import type { DocumentRecord } from '../../core/model/types.ts';
import type { DocumentSummary } from '../../core/corpus/browse.ts';
import type { AppDb, TextGroupRecord } from './db.ts';
import { isNumbered, nextNumber, numbering } from './textNumbers.ts';

export { retireNumbers } from './textNumbers.ts';

/**
 * The tables of the text index (with those of earlier versions, which old archives may hold):
 * derived from the documents, rebuilt by the pass, never archived or replicated.
 */
export const TEXT_INDEX_TABLES = ['searchTerms', 'textPostings', 'textBlocks', 'textGroups', 'textNumbers'] as const;

/** Documents per pass transaction: one row per word group (or frequent word) and chunk. */
export const TEXT_INDEX_CHUNK = 5000;
/** Documents read per request, and tokenised per task on the main thread (100 would take 50 ms on a quiet machine). */
const READ_SLICE = 100;
const SLICE = 25;
/** Rows built per task, and handed to IndexedDB per request (each is cloned as it is added). */
const WRITE_SLICE = 200;
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
/**
 * A group's row of more bytes than this (its numbers and words) is split into subgroups: the
 * group's 350 words in a chunk of 5,000 generated articles took 65 KB, all read by a search for
 * any one of them or a prefix of them.
 */
export const RUN_BYTES = 8192;

/** Between steps on the main thread, a new task (a window must stay responsive); a worker runs on. */
const inWindow = typeof (globalThis as { document?: unknown }).document !== 'undefined';
const nextTask = (): Promise<void> => (inWindow ? yieldToEventLoop() : Promise.resolve());

/** A new task without setTimeout's 4 ms clamp on nested timers (scheduler.yield where there is one). */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The project's documents that have no live number yet (never indexed, or renamed or moved back since). */
export async function pendingTextIndex(db: AppDb, projectId: string): Promise<string[]> {
  return db.transaction('r', [db.documents, db.textNumbers], async () => {
    const [docIds, known] = await Promise.all([db.documents.where('projectId').equals(projectId).primaryKeys(), numbering(db, projectId)]);
    return docIds.filter((id) => !isNumbered(known, id));
  });
}

export interface TextIndexOptions {
  chunk?: number;
  /** Documents indexed so far, of those pending when the pass began. */
  onProgress?(done: number, total: number): void;
  /** Checked between steps: true stops the pass (what is committed stays). */
  isCancelled?(): boolean;
  /** {@link RUN_BYTES}, for tests with small texts. */
  runBytes?: number;
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

/**
 * A chunk's words, each with the chunk's documents (by their place in `ids`) that contain it, use
 * it often, and have it in their title; `titles[i]` is the title document i was tokenised with,
 * `created[i]` its creation time where known (a batch's documents share one: their summaries are
 * then read back by it, a request per batch rather than one per document).
 */
export interface Chunk {
  ids: string[];
  titles: string[];
  created: (string | undefined)[];
  /** The chunk's words as its texts are scanned; `words` is its map of them. */
  table: TokenTable<WordPostings>;
  words: Map<string, WordPostings>;
}

interface WordPostings {
  docs: number[];
  frequent: number[];
  titles: number[];
  /** The document last counted, and how often the word occurred in its text so far. */
  last: number;
  count: number;
}

export function newChunk(): Chunk {
  const table = new TokenTable<WordPostings>(() => ({ docs: [], frequent: [], titles: [], last: -1, count: 0 }));
  return { ids: [], titles: [], created: [], table, words: table.values };
}

/** Adds a document's words, those of its text and those of its title, to the chunk. */
export function tokeniseInto(chunk: Chunk, id: string, title: string, text: string, createdAt?: string): void {
  const n = chunk.ids.length;
  chunk.ids.push(id);
  chunk.titles.push(title);
  chunk.created.push(createdAt);
  chunk.table.forEachToken(text, (w) => {
    if (w.last !== n) {
      w.last = n;
      w.count = 1;
      w.docs.push(n);
    } else if (++w.count === FREQUENT) w.frequent.push(n);
  });
  chunk.table.forEachToken(title, (w) => {
    if (w.last !== n) {
      w.last = n;
      w.count = 0;
      w.docs.push(n);
    }
    if (w.titles[w.titles.length - 1] !== n) w.titles.push(n);
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

/** A word row whose lists are all numbers (none a bitmap): as rows are built, numbered and merged. */
type NumberRow = TextGroupRecord & { docs: Uint32Array; frequent: Uint32Array; titles: Uint32Array };

/** The three lists of a row: every word's documents end to end, with where each word's end. */
const LISTS = [
  ['docs', 'docEnds'],
  ['frequent', 'frequentEnds'],
  ['titles', 'titleEnds'],
] as const;

/** One row: its words' documents (by place in the chunk) end to end, per list, with where each word's end. */
function rowOf(chunk: Chunk, projectId: string, key: string, terms: readonly string[]): NumberRow {
  const postings = terms.map((t) => chunk.words.get(t)!);
  const row = { projectId, key, first: 0, end: chunk.ids.length, words: terms.join(' ') } as NumberRow;
  for (const [list, ends] of LISTS) {
    let count = 0;
    for (const w of postings) count += w[list].length;
    const out = new Uint32Array(count);
    const outEnds = new Uint32Array(terms.length);
    let k = 0;
    postings.forEach((w, i) => {
      for (const n of w[list]) out[k++] = n;
      outEnds[i] = k;
    });
    row[list] = out;
    row[ends] = outEnds;
  }
  return row;
}

/** The chunk's rows, its documents by their place in `ids` (numbered when written). */
export function blocksOf(chunk: Chunk, projectId: string): NumberRow[] {
  return rowsOf(chunk).map(([key, terms]) => rowOf(chunk, projectId, key, terms));
}

/**
 * Gives the rows' documents their numbers in the project: `numbers[i]` for the document at
 * place i of the chunk, −1 to leave it out (a word left with no document keeps an empty range);
 * the chunk's numbers are `first` … `end − 1`.
 */
function renumber(rows: NumberRow[], numbers: Int32Array, first: number, end: number): NumberRow[] {
  if (numbers.every((n, i) => n === first + i)) {
    for (const r of rows) {
      r.first = first;
      r.end = end;
      for (const [list] of LISTS) {
        const nums = r[list];
        for (let i = 0; i < nums.length; i++) nums[i]! += first;
      }
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
      const out = { ...r, first, end };
      for (const [list, ends] of LISTS) [out[list], out[ends]] = numbered(r[list], r[ends]);
      return out;
    })
    .filter((r) => r.docs.length > 0);
}

/** A row as written: each list of a row of one word as a bitmap of the row's numbers where that is smaller. */
function packed(row: NumberRow): TextGroupRecord {
  if (row.words.includes(' ')) return row;
  const bytes = (row.end - row.first + 7) >> 3;
  const out: TextGroupRecord = { ...row };
  for (const [list] of LISTS) {
    const nums = row[list];
    if (nums.length * 4 <= bytes) continue;
    const bits = new Uint8Array(bytes);
    for (const n of nums) bits[(n - row.first) >> 3]! |= 1 << ((n - row.first) & 7);
    out[list] = bits;
  }
  return out;
}

/** A list of a row as document numbers (a bitmap read out), every word's end to end. */
export function numbersOf(row: TextGroupRecord, list: 'docs' | 'frequent' | 'titles'): Uint32Array {
  const nums = row[list];
  if (nums instanceof Uint32Array) return nums;
  const out: number[] = [];
  nums.forEach((byte, i) => {
    for (let b = 0; b < 8; b++) if (byte & (1 << b)) out.push(row.first + i * 8 + b);
  });
  return Uint32Array.from(out);
}

/** A row with every list as numbers (a tail about to be merged). */
function unpacked(row: TextGroupRecord): NumberRow {
  if (row.words.includes(' ')) return row as NumberRow;
  return { ...row, docs: numbersOf(row, 'docs'), frequent: numbersOf(row, 'frequent'), titles: numbersOf(row, 'titles') };
}

/**
 * A key's rows in the project, ascending by the numbers they cover. (Spelled out rather than
 * Dexie's `where('[projectId+key]')`, which pads both missing parts with one and the same array,
 * a key IndexedDB refuses.)
 */
export function rowsOfKey(db: AppDb, projectId: string, key: string) {
  return db.textGroups.where('[projectId+key+first+end]').between([projectId, key, -Infinity, -Infinity], [projectId, key, [[]], [[]]]);
}

/** A row's key is a group's or subgroup's (its words' first two characters and a space, and more of them), not a word's own. */
const isGroupKey = (key: string): boolean => key.includes(' ');

/** A group's row is split by its words' next characters down to keys of this many more characters (`ro fi`). */
export const SPLIT_DEPTH = 2;

/**
 * The keys that may hold `term` (a word, or with `prefix` the words it begins) besides its own:
 * its group's and the subgroups' (`bySubgroup`) whose characters begin it, `exact`; and for a
 * prefix ending within the subgroups' depth, the subgroup it names with every one below it, `below`.
 */
export function groupKeysOf(term: string, prefix: boolean): { exact: string[]; below: string | null } {
  const group = groupKey(term);
  const rest = [...term].slice([...group].length - 1);
  const exact: string[] = [];
  const deepest = prefix && rest.length <= SPLIT_DEPTH ? rest.length - 1 : Math.min(rest.length, SPLIT_DEPTH);
  for (let k = 0; k <= deepest; k++) exact.push(group + rest.slice(0, k).join(''));
  return { exact, below: prefix && rest.length <= SPLIT_DEPTH ? group + rest.join('') : null };
}

/**
 * A group's row of more than `runBytes` split by its words' next character into subgroups (`ro
 * f`: the words beginning `rof`), and those again, down to {@link SPLIT_DEPTH} characters; a word
 * that is a subgroup's characters themselves keeps a row of that key. A row of a key holds only
 * words its characters begin, so a search reads the keys a word or prefix names (`groupKeysOf`),
 * and rows of one key may be merged (`mergedIntoTails`) whatever their chunks split.
 */
function bySubgroup(row: NumberRow, runBytes = RUN_BYTES): NumberRow[] {
  if (!isGroupKey(row.key)) return [row];
  const words = row.words.split(' ');
  const count = (ends: Uint32Array, w: number) => ends[w]! - (w === 0 ? 0 : ends[w - 1]!);
  // A word's share: its numbers, its three ends, its characters and the space after it.
  const bytes = words.map(
    (word, w) => 4 * (count(row.docEnds, w) + count(row.frequentEnds, w) + count(row.titleEnds, w) + 3) + word.length + 1,
  );
  const rows: NumberRow[] = [];
  const slice = (from: number, to: number, key: string) => {
    const out = { ...row, key, words: words.slice(from, to).join(' ') };
    for (const [list, ends] of LISTS) {
      const start = from === 0 ? 0 : row[ends][from - 1]!;
      out[list] = row[list].slice(start, row[ends][to - 1]!);
      out[ends] = row[ends].slice(from, to).map((e) => e - start);
    }
    if (out.docs.length > 0) rows.push(out);
  };
  const head = row.key.slice(0, -1);
  // Words `from` … `to − 1` all begin with the group's characters and `sub` (ascending, so side by side).
  const split = (from: number, to: number, sub: string[]) => {
    let size = 0;
    for (let w = from; w < to; w++) size += bytes[w]!;
    const key = row.key + sub.join('');
    if (size <= runBytes || sub.length === SPLIT_DEPTH || to - from === 1) return slice(from, to, key);
    const stem = head + sub.join('');
    let w = from;
    if (words[w] === stem) slice(w, ++w, key);
    while (w < to) {
      const next = String.fromCodePoint(words[w]!.codePointAt(stem.length)!);
      let end = w;
      while (end < to && words[end]!.startsWith(stem + next)) end++;
      split(w, end, [...sub, next]);
      w = end;
    }
  };
  if (words.length > 0) split(0, words.length, []);
  return rows;
}

/** A chunk tokenised and built into rows, ready to write. */
interface Tokenised {
  ids: string[];
  titles: string[];
  created: (string | undefined)[];
  rows: NumberRow[];
}

/** The chunk's rows, a slice of them per task. */
async function built(chunk: Chunk, projectId: string): Promise<Tokenised> {
  const rows: NumberRow[] = [];
  const keyed = rowsOf(chunk);
  for (let start = 0; start < keyed.length; start += WRITE_SLICE) {
    for (const [key, terms] of keyed.slice(start, start + WRITE_SLICE)) rows.push(rowOf(chunk, projectId, key, terms));
    await nextTask();
  }
  return { ids: chunk.ids, titles: chunk.titles, created: chunk.created, rows };
}

/** Reads and tokenises a chunk of documents (the title from the summary, which a rename updates), a slice per task. */
async function tokenise(db: AppDb, projectId: string, ids: readonly string[], isCancelled?: () => boolean): Promise<Tokenised | null> {
  const chunk = newChunk();
  for (let start = 0; start < ids.length; start += READ_SLICE) {
    if (isCancelled?.()) return null;
    const slice = ids.slice(start, start + READ_SLICE);
    const [docs, summaries] = await Promise.all([db.documents.bulkGet(slice), db.documentSummaries.bulkGet(slice)]);
    for (let i = 0; i < docs.length; i += SLICE) {
      for (let k = i; k < Math.min(i + SLICE, docs.length); k++) {
        const d = docs[k];
        if (d) tokeniseInto(chunk, d.id, summaries[k]?.title ?? d.title, d.text, summaries[k]?.createdAt);
      }
      await nextTask();
    }
  }
  return built(chunk, projectId);
}

/** Writes a tokenised chunk: the numbers and word rows of its documents still pending in the project. */
async function writeChunk(db: AppDb, projectId: string, chunk: Tokenised, runBytes?: number): Promise<number> {
  return db.transaction('rw', [db.documentSummaries, db.textGroups, db.textNumbers], async () => {
    // Only documents still in this project (their summary says so), still without a live number,
    // and with the title they were tokenised with (one renamed meanwhile stays pending for the pass).
    const [summaries, known, first] = await Promise.all([
      summariesOf(db, projectId, chunk),
      numbering(db, projectId),
      nextNumber(db, projectId),
    ]);
    // Each fresh document's number in the project; -1 for one left out.
    const numbers = new Int32Array(chunk.ids.length).fill(-1);
    const fresh: string[] = [];
    summaries.forEach((s, i) => {
      if (s?.projectId !== projectId || s.title !== chunk.titles[i] || isNumbered(known, s.id)) return;
      numbers[i] = first + fresh.length;
      fresh.push(s.id);
    });
    if (fresh.length === 0) return 0;
    const rows = renumber(chunk.rows, numbers, first, first + fresh.length).flatMap((r) => bySubgroup(r, runBytes));
    await db.textNumbers.add({ projectId, first, ids: fresh });
    const written = (fresh.length < MERGE_CHUNK ? await mergedIntoTails(db, projectId, rows) : rows).map(packed);
    for (let i = 0; i < written.length; i += WRITE_SLICE) await db.textGroups.bulkPut(written.slice(i, i + WRITE_SLICE));
    return fresh.length;
  });
}

/** Documents of a creation time with fewer than this many in the chunk are read back one by one. */
const MIN_BY_TIME = 50;

/**
 * The current summaries of the chunk's documents (undefined for one gone), inside the caller's
 * transaction. The documents of one creation time (an import's batch) are read with one request
 * on `[projectId+createdAt]`, where the project holds not many more of that time than the chunk
 * does; any other, and any not found so, one by one. A summary found by its time is the one a read
 * by id gives, so this only saves requests.
 */
async function summariesOf(db: AppDb, projectId: string, chunk: Tokenised): Promise<(DocumentSummary | undefined)[]> {
  const byTime = new Map<string, number>();
  for (const at of chunk.created) if (at !== undefined) byTime.set(at, (byTime.get(at) ?? 0) + 1);
  const found = new Map<string, DocumentSummary>();
  await Promise.all(
    [...byTime].map(async ([at, n]) => {
      if (n < MIN_BY_TIME) return;
      const of = db.documentSummaries.where('[projectId+createdAt]').equals([projectId, at]);
      if ((await of.count()) > 2 * n) return;
      for (const s of await of.toArray()) found.set(s.id, s);
    }),
  );
  const rest = chunk.ids.filter((id) => !found.has(id));
  const read = rest.length ? await db.documentSummaries.bulkGet(rest) : [];
  rest.forEach((id, i) => {
    const s = read[i];
    if (s) found.set(id, s);
  });
  return chunk.ids.map((id) => found.get(id));
}

/**
 * A small chunk's rows (a document added, a few synced) merged into the project's last row of
 * the same key while that holds fewer than {@link MERGE_LIMIT} numbers: otherwise documents
 * indexed a few at a time would leave a row per key and pass, and a search would read them all.
 * A word's own row is merged only with the chunk right after it, so it still holds every document
 * with the word in the numbers it covers (a search relies on that to skip the group's rows).
 * Inside the caller's transaction.
 */
async function mergedIntoTails(db: AppDb, projectId: string, rows: readonly NumberRow[]): Promise<NumberRow[]> {
  const tails = await Promise.all(rows.map((r) => rowsOfKey(db, projectId, r.key).last()));
  return rows.map((row, i) => {
    const tail = tails[i];
    const fits = tail && tail.docEnds[tail.docEnds.length - 1]! + row.docs.length <= MERGE_LIMIT;
    return tail && fits && (isGroupKey(row.key) || tail.end === row.first) ? merged(unpacked(tail), row) : row;
  });
}

/** Two rows of one key as one (`later`'s documents after `earlier`'s for a word in both), with `earlier`'s place. */
function merged(earlier: NumberRow, later: NumberRow): NumberRow {
  const a = earlier.words.split(' ');
  const b = later.words.split(' ');
  const words: string[] = [];
  const lists = LISTS.map(() => ({ nums: [] as number[], ends: [] as number[] }));
  const copy = (row: NumberRow, w: number) =>
    LISTS.forEach(([list, ends], l) => {
      for (let k = w === 0 ? 0 : row[ends][w - 1]!; k < row[ends][w]!; k++) lists[l]!.nums.push(row[list][k]!);
    });
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    const fromA = j >= b.length || (i < a.length && a[i]! <= b[j]!);
    const fromB = i >= a.length || (j < b.length && b[j]! <= a[i]!);
    words.push(fromA ? a[i]! : b[j]!);
    if (fromA) copy(earlier, i++);
    if (fromB) copy(later, j++);
    for (const l of lists) l.ends.push(l.nums.length);
  }
  const row = { ...earlier, end: later.end, words: words.join(' ') };
  LISTS.forEach(([list, ends], l) => {
    row[list] = Uint32Array.from(lists[l]!.nums);
    row[ends] = Uint32Array.from(lists[l]!.ends);
  });
  return row;
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
    writing = writeChunk(db, projectId, chunk, options.runBytes).then((n) => {
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
  add(docs: readonly (Pick<DocumentRecord, 'id' | 'title' | 'text'> & { createdAt?: string })[]): Promise<void>;
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
export function indexWhileWriting(db: AppDb, projectId: string, options: { chunk?: number; runBytes?: number } = {}): WritingIndexer {
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
    writing = writeChunk(db, projectId, rows, options.runBytes).then((n) => {
      written += n;
    });
    writing.catch(() => undefined);
  };
  return {
    async add(docs) {
      added += docs.length;
      for (let i = 0; i < docs.length; i += SLICE) {
        for (const d of docs.slice(i, i + SLICE)) tokeniseInto(chunk, d.id, d.title, d.text, d.createdAt);
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

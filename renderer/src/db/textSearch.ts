/**
 * Search over the text index (textIndex.ts): a query's words are looked up in the word rows (the
 * numbers of the documents that contain each word, use it often, have it in their title: its own
 * rows, and its group's rows where its own do not cover them), made bitsets over the project's
 * document numbers, and ranked in the corpus list's order (`rankNumbers`), the first page without
 * putting every hit in order. A word in every one of 100,000 documents reads its bitmaps, about
 * 2 KB per 5,000 documents, where it read 100,000 numbers three times over and its group's rows.
 *
 * Which document a number is comes from the project's `textNumbers` rows (textNumbers.ts); which
 * list position it has is worked out once per list (`order`) and extended as numbers are added. A
 * number whose document is not in the list (deleted, moved away, not yet listed) is skipped, and so
 * is an older number of a document numbered again (moved away and back, renamed).
 */
import {
  parseQuery,
  rankNumbers,
  type NumberMatches,
  type ParsedQuery,
  type PositionHit,
  type RankedHit,
} from '../../core/corpus/search.ts';
import type { AppDb, TextGroupRecord } from './db.ts';
import { buildTextIndex, groupKeysOf, rowsOfKey } from './textIndex.ts';
import { numbering, type Numbering } from './textNumbers.ts';

export interface SearchResult {
  query: ParsedQuery;
  /** The first page of hits, best first (`SEARCH_PAGE` of them; all when there are no more). */
  hits: RankedHit[];
  /** How many documents match. */
  total: number;
  /** Every hit, best first (ranked when first asked for). */
  all(): RankedHit[];
}

/** For one list: each document number's position in it (−1 when not listed), and each position's id. */
interface Positions {
  /** The numbering it follows. */
  numbering: Numbering;
  /** Numbers covered so far. */
  known: number;
  posOf: Int32Array;
  /** Bitset of the numbers with a position (`posOf` ≥ 0). */
  listed: Uint32Array;
  /** The number each listed document has now (its latest), −1 when none. */
  numberAt: Int32Array;
  /** Listed documents without a number: pending for the text index pass. */
  unnumbered: number;
  idAt: string[];
}

const positionsOf = new WeakMap<ReadonlyMap<string, number>, Positions>();

function positions(order: ReadonlyMap<string, number>, numbering: Numbering): Positions {
  let p = positionsOf.get(order);
  if (p?.numbering !== numbering) {
    const idAt: string[] = [];
    for (const [id, i] of order) idAt[i] = id;
    p = {
      numbering,
      known: 0,
      posOf: new Int32Array(0),
      listed: new Uint32Array(0),
      numberAt: new Int32Array(idAt.length).fill(-1),
      unnumbered: order.size,
      idAt,
    };
    positionsOf.set(order, p);
  }
  const { ids, retired } = numbering;
  if (p.known < ids.length) {
    const posOf = new Int32Array(Math.max(ids.length, p.posOf.length * 2)).fill(-1);
    posOf.set(p.posOf.subarray(0, p.known));
    const listed = new Uint32Array(Math.ceil(posOf.length / 32));
    listed.set(p.listed);
    for (let num = p.known; num < ids.length; num++) {
      const id = ids[num];
      const pos = id === undefined ? undefined : order.get(id);
      if (pos === undefined) continue;
      const older = p.numberAt[pos]!;
      if (older >= 0) {
        posOf[older] = -1;
        listed[older >> 5]! &= ~(1 << (older & 31));
      } else if (!retired[num]) p.unnumbered--;
      if (retired[num]) {
        if (older >= 0) p.unnumbered++;
        p.numberAt[pos] = -1;
      } else {
        p.numberAt[pos] = num;
        posOf[num] = pos;
        listed[num >> 5]! |= 1 << (num & 31);
      }
    }
    p.posOf = posOf;
    p.listed = listed;
    p.known = ids.length;
  }
  return p;
}

/**
 * Ranked documents of the project that contain every word of the query (the last one also as
 * a prefix while typing): the first page at once, the rest on demand. `order` gives each known
 * document's position in the list (ties keep it); documents it does not know are left out.
 * Listed documents still waiting for the text index pass are indexed first, so a document is found
 * as soon as it is written and listed; `onIndexing` hears how far that has got.
 */
export async function searchCorpus(
  db: AppDb,
  projectId: string,
  text: string,
  order: ReadonlyMap<string, number>,
  onIndexing?: (done: number, total: number) => void,
): Promise<SearchResult> {
  const query = parseQuery(text);
  if (query.terms.length === 0) return { query, hits: [], total: 0, all: () => [] };
  let found = await lookUp(db, projectId, query, order);
  // A listed document without a number is pending: the pass indexes it (and any other pending
  // one), and the words are looked up again. Otherwise no pass is waited for, nor counted.
  if (found.unnumbered > 0) {
    await buildTextIndex(db, projectId, onIndexing ? { onProgress: onIndexing } : {});
    found = await lookUp(db, projectId, query, order);
  }
  const { matches, list } = found;
  const { idAt } = list;
  // The first page is ranked now; the rest, when asked for, by the numbers' positions as they are now.
  const page = rankNumbers(matches, { posOf: list.posOf, listed: list.listed, numberAt: list.numberAt }, order.size);
  const named = (hits: PositionHit[]): RankedHit[] => hits.map((h) => ({ id: idAt[h.pos]!, score: h.score }));
  let everything: RankedHit[] | null = null;
  return { query, hits: named(page.hits), total: page.total, all: () => (everything ??= named(page.all())) };
}

/** The query's words as bitsets over the project's document numbers, in one read transaction; with the list's numbering. */
async function lookUp(
  db: AppDb,
  projectId: string,
  query: ParsedQuery,
  order: ReadonlyMap<string, number>,
): Promise<{ matches: NumberMatches[]; list: Positions; unnumbered: number }> {
  return db.transaction('r', [db.textGroups, db.textNumbers], async () => {
    const [known, lookups] = await Promise.all([
      numbering(db, projectId),
      Promise.all(query.terms.map((term, i) => rowsFor(db, projectId, term, query.prefixLast && i === query.terms.length - 1))),
    ]);
    const list = positions(order, known);
    const words = list.listed.length;
    const matches = lookups.map((rows, i): NumberMatches => {
      const m = { term: query.terms[i]!, has: new Uint32Array(words), title: new Uint32Array(words), often: new Uint32Array(words) };
      const prefix = query.prefixLast && i === query.terms.length - 1;
      for (const row of rows) {
        forEachWord(row, query.terms[i]!, prefix, (w) => {
          addList(m.has, row, 'docs', row.docEnds, w);
          addList(m.often, row, 'frequent', row.frequentEnds, w);
          addList(m.title, row, 'titles', row.titleEnds, w);
        });
      }
      return m;
    });
    return { matches, list, unnumbered: list.unnumbered };
  });
}

/**
 * The rows that may hold `term` (or, for a prefix, the words it begins): its own rows (every word's
 * a prefix begins), and its group's and subgroups' rows (textIndex.ts, `groupKeysOf`); for a word,
 * not the group's rows whose numbers its own rows cover (a word's own row holds every document
 * with it in its numbers), found from the index alone, without reading them. A subgroup's rows
 * are a few KB a chunk: they are read whole.
 */
async function rowsFor(db: AppDb, projectId: string, term: string, prefix: boolean): Promise<TextGroupRecord[]> {
  const ofKey = (key: string) => rowsOfKey(db, projectId, key);
  const startingWith = (key: string) =>
    db.textGroups
      .where('[projectId+key+first+end]')
      .between([projectId, key], [projectId, key + '\uffff'], true, true)
      .toArray();
  const { exact, below } = groupKeysOf(term, prefix);
  if (prefix) {
    const lists = await Promise.all([startingWith(term), ...exact.map((k) => ofKey(k).toArray()), ...(below ? [startingWith(below)] : [])]);
    return lists.flat();
  }
  const [group, ...subgroups] = exact;
  const [own, groupKeys, groupSeqs, ...inSubgroups] = await Promise.all([
    ofKey(term).toArray(),
    ofKey(group!).keys(),
    ofKey(group!).primaryKeys(),
    ...subgroups.map((k) => ofKey(k).toArray()),
  ]);
  // The numbers the word's own rows cover, as runs (first, end), ascending.
  const runs: [number, number][] = [];
  for (const r of own) {
    const last = runs[runs.length - 1];
    if (last && last[1] === r.first) last[1] = r.end;
    else runs.push([r.first, r.end]);
  }
  const covered = (first: number, end: number) => runs.some(([f, e]) => f <= first && end <= e);
  const needed = groupSeqs.filter((_, i) => {
    const [, , first, end] = groupKeys[i] as unknown as [string, string, number, number];
    return !covered(first, end);
  });
  const inGroup = needed.length === 0 ? [] : await db.textGroups.bulkGet(needed);
  return own.concat(
    inGroup.filter((r): r is TextGroupRecord => r !== undefined),
    inSubgroups.flat().filter((r) => !covered(r.first, r.end)),
  );
}

/** Adds word `w`'s documents in one list of `row` to a bitset over document numbers (numbers past it are not known yet). */
function addList(bits: Uint32Array, row: TextGroupRecord, list: 'docs' | 'frequent' | 'titles', ends: Uint32Array, w: number): void {
  const nums = row[list];
  const size = bits.length * 32;
  if (nums instanceof Uint8Array) {
    // A bitmap of the row's numbers from `first`: each byte shifted into place.
    for (let i = 0; i < nums.length; i++) {
      const byte = nums[i]!;
      if (byte === 0) continue;
      const at = row.first + i * 8;
      if (at >= size) break;
      const shift = at & 31;
      bits[at >> 5]! |= byte << shift;
      if (shift > 24 && (at >> 5) + 1 < bits.length) bits[(at >> 5) + 1]! |= byte >>> (32 - shift);
    }
    return;
  }
  for (let k = w === 0 ? 0 : ends[w - 1]!, to = ends[w]!; k < to; k++) {
    const n = nums[k]!;
    if (n < size) bits[n >> 5]! |= 1 << (n & 31);
  }
}

/**
 * Calls `visit` with the place in `row` of the word `term`, or of every word it begins (`prefix`).
 * A group row's words are ascending, so those a prefix begins are side by side; they are found in
 * the joined string, without splitting a row of thousands of words.
 */
function forEachWord(row: TextGroupRecord, term: string, prefix: boolean, visit: (word: number) => void): void {
  if (row.key === term) {
    visit(0);
    return;
  }
  const words = ` ${row.words} `;
  const at = words.indexOf(prefix ? ` ${term}` : ` ${term} `);
  if (at < 0) return;
  // The word's place: the spaces before it.
  let w = 0;
  for (let i = 0; i < at; i++) if (words.charCodeAt(i) === 32) w++;
  if (!prefix) {
    visit(w);
    return;
  }
  for (let start = at + 1; start < words.length && words.startsWith(term, start); start = words.indexOf(' ', start) + 1) visit(w++);
}

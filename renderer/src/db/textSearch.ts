/**
 * Search over the text index (textIndex.ts): a query's words are looked up in the word rows (the
 * numbers of the documents that contain each word, use it often, have it in their title: its own
 * rows, or its group's), turned into positions in the corpus list, and ranked there in typed arrays
 * (`rankPositions`). A word in every one of 100,000 documents reads a few hundred kilobytes of
 * numbers, where it read 100,000 ids as strings.
 *
 * Which document a number is comes from the project's `textNumbers` rows (textNumbers.ts); which
 * list position it has is worked out once per list (`order`) and extended as numbers are added. A
 * number whose document is not in the list (deleted, moved away, not yet listed) is skipped, and so
 * is an older number of a document numbered again (moved away and back, renamed).
 */
import {
  HAS,
  IN_TITLE,
  OFTEN,
  parseQuery,
  rankPositions,
  type ParsedQuery,
  type PositionHit,
  type PositionMatches,
  type RankedHit,
} from '../../core/corpus/search.ts';
import type { AppDb, TextGroupRecord } from './db.ts';
import { buildTextIndex, groupKey } from './textIndex.ts';
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
    p = { numbering, known: 0, posOf: new Int32Array(0), numberAt: new Int32Array(idAt.length).fill(-1), unnumbered: order.size, idAt };
    positionsOf.set(order, p);
  }
  const { ids, retired } = numbering;
  if (p.known < ids.length) {
    const posOf = new Int32Array(Math.max(ids.length, p.posOf.length * 2)).fill(-1);
    posOf.set(p.posOf.subarray(0, p.known));
    for (let num = p.known; num < ids.length; num++) {
      const id = ids[num];
      const pos = id === undefined ? undefined : order.get(id);
      if (pos === undefined) continue;
      const older = p.numberAt[pos]!;
      if (older >= 0) posOf[older] = -1;
      else if (!retired[num]) p.unnumbered--;
      if (retired[num]) {
        if (older >= 0) p.unnumbered++;
        p.numberAt[pos] = -1;
      } else {
        p.numberAt[pos] = num;
        posOf[num] = pos;
      }
    }
    p.posOf = posOf;
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
  const { matches, idAt } = found;
  const page = rankPositions(matches, order.size);
  const named = (hits: PositionHit[]): RankedHit[] => hits.map((h) => ({ id: idAt[h.pos]!, score: h.score }));
  let everything: RankedHit[] | null = null;
  return { query, hits: named(page.hits), total: page.total, all: () => (everything ??= named(page.all())) };
}

/** The query's words as list positions, in one read transaction; with how many listed documents have no number yet. */
async function lookUp(
  db: AppDb,
  projectId: string,
  query: ParsedQuery,
  order: ReadonlyMap<string, number>,
): Promise<{ matches: PositionMatches[]; idAt: string[]; unnumbered: number }> {
  return db.transaction('r', [db.textGroups, db.textNumbers], async () => {
    const [known, lookups] = await Promise.all([
      numbering(db, projectId),
      Promise.all(
        query.terms.map((term, i) => {
          const prefix = query.prefixLast && i === query.terms.length - 1;
          const rows = db.textGroups.where('[projectId+key]');
          return prefix
            ? Promise.all([
                rows.between([projectId, term], [projectId, term + '\uffff'], true, true).toArray(),
                rows.equals([projectId, groupKey(term)]).toArray(),
              ]).then(([own, group]) => own.concat(group))
            : rows.anyOf([projectId, term], [projectId, groupKey(term)]).toArray();
        }),
      ),
    ]);
    const list = positions(order, known);
    const size = list.idAt.length;
    const matches = lookups.map((rows, i): PositionMatches => {
      const flags = new Uint8Array(size);
      const at: number[] = [];
      const mark = (pos: number, flag: number) => {
        if (!(flags[pos]! & HAS)) at.push(pos);
        flags[pos]! |= HAS | flag;
      };
      const prefix = query.prefixLast && i === query.terms.length - 1;
      const posOf = list.posOf;
      const markAll = (nums: Uint32Array, from: number, to: number, flag: number) => {
        for (let k = from; k < to; k++) {
          const pos = posOf[nums[k]!] ?? -1;
          if (pos >= 0) mark(pos, flag);
        }
      };
      for (const row of rows) {
        forEachWord(row, query.terms[i]!, prefix, (w) => {
          markAll(row.docs, w === 0 ? 0 : row.docEnds[w - 1]!, row.docEnds[w]!, 0);
          markAll(row.frequent, w === 0 ? 0 : row.frequentEnds[w - 1]!, row.frequentEnds[w]!, OFTEN);
          markAll(row.titles, w === 0 ? 0 : row.titleEnds[w - 1]!, row.titleEnds[w]!, IN_TITLE);
        });
      }
      return { term: query.terms[i]!, positions: ascending(at, flags), flags };
    });
    return { matches, idAt: list.idAt, unnumbered: list.unnumbered };
  });
}

/** The marked positions in ascending order: read off the flags when they are many (a common word), else sorted. */
function ascending(at: readonly number[], flags: Uint8Array): Int32Array {
  if (at.length * 16 < flags.length) return Int32Array.from(at).sort();
  const out = new Int32Array(at.length);
  let k = 0;
  for (let p = 0; p < flags.length; p++) if (flags[p]! & HAS) out[k++] = p;
  return out;
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

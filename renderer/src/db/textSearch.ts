/**
 * Search over the text index (textIndex.ts): a query's words are looked up as word blocks (the
 * numbers of the documents that contain each word) and title rows, turned into positions in the
 * corpus list, and ranked there in typed arrays (`rankPositions`). A word in every one of 100,000
 * documents reads a few hundred kilobytes of numbers, where it read 100,000 ids as strings.
 *
 * Which document a number is comes from the project's `textNumbers` rows, kept in memory per
 * database connection and project and read again only from the first number not yet seen (rows are
 * only appended); which list position it has is worked out once per list (`order`) and extended as
 * numbers are added. A number whose document is not in the list (deleted, moved away, not yet
 * listed) is skipped, and so is an older number of a document numbered again (moved away and back).
 */
import Dexie from 'dexie';
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
import type { AppDb } from './db.ts';
import { buildTextIndex } from './textIndex.ts';

export interface SearchResult {
  query: ParsedQuery;
  /** The first page of hits, best first (`SEARCH_PAGE` of them; all when there are no more). */
  hits: RankedHit[];
  /** How many documents match. */
  total: number;
  /** Every hit, best first (ranked when first asked for). */
  all(): RankedHit[];
}

/** Document number → id, per connection and project (append-only, like the rows it is read from). */
const numberings = new WeakMap<AppDb, Map<string, string[]>>();

/** Reads the numbers added since this connection last looked (inside the caller's transaction). */
async function numbering(db: AppDb, projectId: string): Promise<string[]> {
  let projects = numberings.get(db);
  if (!projects) numberings.set(db, (projects = new Map()));
  let ids = projects.get(projectId);
  if (!ids) projects.set(projectId, (ids = []));
  const rows = await db.textNumbers.where('[projectId+first]').between([projectId, ids.length], [projectId, Dexie.maxKey]).toArray();
  for (const row of rows) row.ids.forEach((id, i) => (ids[row.first + i] = id));
  return ids;
}

/** For one list: each document number's position in it (−1 when not listed), and each position's id. */
interface Positions {
  /** The numbering it follows. */
  ids: readonly string[];
  /** Numbers covered so far. */
  known: number;
  posOf: Int32Array;
  /** The number each listed document has now (its latest), −1 when none. */
  numberAt: Int32Array;
  idAt: string[];
}

const positionsOf = new WeakMap<ReadonlyMap<string, number>, Positions>();

function positions(order: ReadonlyMap<string, number>, ids: readonly string[]): Positions {
  let p = positionsOf.get(order);
  if (p?.ids !== ids) {
    const idAt: string[] = [];
    for (const [id, i] of order) idAt[i] = id;
    p = { ids, known: 0, posOf: new Int32Array(0), numberAt: new Int32Array(idAt.length).fill(-1), idAt };
    positionsOf.set(order, p);
  }
  if (p.known < ids.length) {
    const posOf = new Int32Array(Math.max(ids.length, p.posOf.length * 2)).fill(-1);
    posOf.set(p.posOf.subarray(0, p.known));
    for (let num = p.known; num < ids.length; num++) {
      const id = ids[num];
      const pos = id === undefined ? undefined : order.get(id);
      if (pos === undefined) continue;
      const older = p.numberAt[pos]!;
      if (older >= 0) posOf[older] = -1;
      p.numberAt[pos] = num;
      posOf[num] = pos;
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
 * Documents still waiting for the text index pass are indexed first, so a document is found as
 * soon as it is written; `onIndexing` hears how far that has got.
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
  await buildTextIndex(db, projectId, onIndexing ? { onProgress: onIndexing } : {});
  const { matches, idAt } = await db.transaction('r', [db.searchTerms, db.textBlocks, db.textNumbers], async () => {
    const list = positions(order, await numbering(db, projectId));
    const size = list.idAt.length;
    const found = await Promise.all(
      query.terms.map(async (term, i): Promise<PositionMatches> => {
        const prefix = query.prefixLast && i === query.terms.length - 1;
        const [blocks, titleIds] = await Promise.all([
          db.textBlocks
            .where('[projectId+term]')
            .between([projectId, term], [projectId, prefix ? term + '\uffff' : term], true, true)
            .toArray(),
          (prefix ? db.searchTerms.where('titleTerms').startsWith(term) : db.searchTerms.where('titleTerms').equals(term)).primaryKeys(),
        ]);
        const flags = new Uint8Array(size);
        const at: number[] = [];
        const mark = (pos: number, flag: number) => {
          if (!(flags[pos]! & HAS)) at.push(pos);
          flags[pos]! |= HAS | flag;
        };
        for (const block of blocks) {
          for (const num of block.docs) {
            const pos = list.posOf[num] ?? -1;
            if (pos >= 0) mark(pos, 0);
          }
          for (const num of block.frequent) {
            const pos = list.posOf[num] ?? -1;
            if (pos >= 0) mark(pos, OFTEN);
          }
        }
        for (const id of titleIds) {
          const pos = order.get(id);
          if (pos !== undefined) mark(pos, IN_TITLE);
        }
        return { term, positions: Int32Array.from(at).sort(), flags };
      }),
    );
    return { matches: found, idAt: list.idAt };
  });
  const page = rankPositions(matches, order.size);
  const named = (hits: PositionHit[]): RankedHit[] => hits.map((h) => ({ id: idAt[h.pos]!, score: h.score }));
  let everything: RankedHit[] | null = null;
  return { query, hits: named(page.hits), total: page.total, all: () => (everything ??= named(page.all())) };
}

/**
 * Full-text search over a corpus, the pure half: folding (case and accents), tokens, the terms a
 * document is indexed under, query parsing, ranking and snippets. The storage half keeps one row
 * per document with these term lists under multi-entry indexes, so IndexedDB itself maintains
 * the inverted index (term → documents) incrementally as documents are added, renamed, deleted.
 */

/** Lower case, accents removed: `Élysée` → `elysee`, `MÜNCHEN` → `munchen`. */
export function fold(text: string): string {
  // Most corpus text is plain ASCII: nothing to decompose.
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** English words too common to help a search; they are not indexed and ignored in queries. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by for from had has have he her his i if in into is it its ' +
    'of on or our she so than that the their them then there these they this those to was we ' +
    'were which who will with would you'
  ).split(' '),
);

/** Longer words are cut to this many characters. */
export const MAX_TERM = 40;
/** A word counts as frequent in a document (ranked higher) from this many occurrences. */
export const FREQUENT = 3;

/** The folded words of a text, in order, stopwords and one-letter words dropped. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => out.push(t));
  return out;
}

/**
 * Calls `visit` with each of {@link tokens}' words, in order, without building the list. ASCII
 * text (most of a corpus) is scanned character by character; other text is folded and split.
 */
export function forEachToken(text: string, visit: (token: string) => void): void {
  const keep = (w: string) => {
    if (w.length < 2 && !(w.length === 1 && w >= '0' && w <= '9')) return;
    if (!STOPWORDS.has(w)) visit(w.length > MAX_TERM ? w.slice(0, MAX_TERM) : w);
  };
  if (/[^\x00-\x7f]/.test(text)) {
    for (const w of fold(text).split(/[^\p{L}\p{N}]+/u)) keep(w);
    return;
  }
  const lower = text.toLowerCase();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      keep(lower.slice(start, i));
      start = -1;
    }
  }
}

export interface IndexTerms {
  /** Every distinct word of the title and text. */
  terms: string[];
  /** The title's distinct words. */
  titleTerms: string[];
  /** Words occurring at least {@link FREQUENT} times in the text. */
  frequentTerms: string[];
}

/** What a document is indexed under. */
export function indexTerms(title: string, text: string): IndexTerms {
  const counts = new Map<string, number>();
  for (const t of tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const titleTerms = [...new Set(tokens(title))];
  const all = new Set(counts.keys());
  for (const t of titleTerms) all.add(t);
  const frequentTerms: string[] = [];
  for (const [t, n] of counts) if (n >= FREQUENT) frequentTerms.push(t);
  return { terms: [...all], titleTerms, frequentTerms };
}

export interface ParsedQuery {
  /** Folded words that must all occur (exactly, or as a prefix for the last one). */
  terms: string[];
  /** The last word is also matched as a prefix while the user is still typing it. */
  prefixLast: boolean;
  /** Words of the query that were dropped as too common. */
  ignored: string[];
}

/** A prefix must be at least this long (shorter ones would match most of the corpus). */
export const MIN_PREFIX = 3;

export function parseQuery(query: string): ParsedQuery {
  const ignored: string[] = [];
  const terms: string[] = [];
  for (const m of fold(query).matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if ((w.length < 2 && !/\d/.test(w)) || STOPWORDS.has(w)) ignored.push(w);
    else if (!terms.includes(w)) terms.push(w.slice(0, MAX_TERM));
  }
  const last = terms[terms.length - 1];
  const stillTyping = /[\p{L}\p{N}]$/u.test(query);
  return { terms, prefixLast: stillTyping && last !== undefined && last.length >= MIN_PREFIX, ignored };
}

/** For one query term: the documents that contain it, have it in the title, use it often. */
export interface TermMatches {
  term: string;
  all: ReadonlySet<string>;
  title: ReadonlySet<string>;
  frequent: ReadonlySet<string>;
}

export interface RankedHit {
  id: string;
  score: number;
}

/**
 * Documents containing every term, best first. Each term adds its inverse document frequency
 * (rare words weigh more), tripled when the word is in the title and doubled when the text uses
 * it often. `order` breaks ties (e.g. the list's current order) and limits to known documents.
 */
export function rank(matches: readonly TermMatches[], totalDocuments: number, order?: (id: string) => number): RankedHit[] {
  if (matches.length === 0) return [];
  const sorted = [...matches].sort((a, b) => a.all.size - b.all.size);
  const hits: RankedHit[] = [];
  const n = Math.max(totalDocuments, 1);
  for (const id of sorted[0]!.all) {
    let score = 0;
    let every = true;
    for (const m of sorted) {
      if (!m.all.has(id)) {
        every = false;
        break;
      }
      const idf = Math.log(1 + n / Math.max(m.all.size, 1));
      score += idf * (1 + (m.title.has(id) ? 2 : 0) + (m.frequent.has(id) ? 1 : 0));
    }
    if (every) hits.push({ id, score });
  }
  hits.sort((a, b) => b.score - a.score || (order ? order(a.id) - order(b.id) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits;
}

/** Hits shown before the user asks for more (by scrolling to the end, or *Show all*). */
export const SEARCH_PAGE = 100;

/**
 * One query term's matches over a project's document numbers, as bitsets (number n is bit n & 31
 * of word n >> 5): the documents that contain the word (in their text or title), have it in their
 * title, use it often. A word in every one of 100,000 documents is 12.5 KB per list, and lists are
 * combined 32 documents at a time.
 */
export interface NumberMatches {
  term: string;
  has: Uint32Array;
  title: Uint32Array;
  often: Uint32Array;
}

/** The list the documents are ranked in (its positions break ties), by number. */
export interface NumberedList {
  /** Each number's position in the list; −1 when it is not listed (deleted, moved away, an older number). */
  posOf: Int32Array;
  /** Each position's number; −1 when it has none. */
  numberAt: Int32Array;
  /** Bitset of the numbers with a position (the bitsets of {@link NumberMatches} have its length). */
  listed: Uint32Array;
}

export interface PositionHit {
  pos: number;
  score: number;
}

export interface RankedPage {
  /** The best `limit` hits, best first (all of them when there are no more). */
  hits: PositionHit[];
  /** How many documents match. */
  total: number;
  /** Every hit, best first: ranked on the first call, kept after. */
  all(): PositionHit[];
}

/** Set bits of a 32-bit word. */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function popcount(bits: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < bits.length; w++) if (bits[w]) n += popcount32(bits[w]!);
  return n;
}

/** Calls `visit` with each set bit's number, ascending. */
function forEachBit(bits: Uint32Array, visit: (n: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    for (let x = bits[w]!; x !== 0; x &= x - 1) visit((w << 5) + (31 - Math.clz32(x & -x)));
  }
}

/** Terms up to this many are ranked class by class (4^terms classes); more are scored hit by hit. */
const MAX_CLASS_TERMS = 3;

/**
 * {@link rank}'s order over the documents of a list (ties by position), from the terms' bitsets:
 * a document's score depends only on whether each term is in its title and used often, so the
 * hits fall into at most 4^terms classes of equal score. The first page takes the best classes
 * in turn, each class's documents in list order: where a class is dense it walks the list from
 * its start and stops when the page is full, so a word in every one of 100,000 documents puts a
 * few hundred documents in order, not 100,000. Counting the matches (for each term's weight and
 * the total) is a popcount of the bitsets. Every hit is scored and sorted when asked for (`all`).
 */
export function rankNumbers(
  matches: readonly NumberMatches[],
  list: NumberedList,
  totalDocuments: number,
  limit = SEARCH_PAGE,
): RankedPage {
  if (matches.length === 0) return { hits: [], total: 0, all: () => [] };
  const { posOf, listed } = list;
  const words = listed.length;
  // Only listed documents count; a title match or a frequent use is a match.
  const terms = matches.map((m) => {
    const has = new Uint32Array(words);
    const title = new Uint32Array(words);
    const often = new Uint32Array(words);
    for (let w = 0; w < words; w++) {
      const h = ((m.has[w] ?? 0) | (m.title[w] ?? 0) | (m.often[w] ?? 0)) & listed[w]!;
      has[w] = h;
      title[w] = (m.title[w] ?? 0) & h;
      often[w] = (m.often[w] ?? 0) & h;
    }
    return { has, title, often, count: popcount(has) };
  });
  const sorted = [...terms].sort((a, b) => a.count - b.count);
  const n = Math.max(totalDocuments, 1);
  const idf = sorted.map((t) => Math.log(1 + n / Math.max(t.count, 1)));
  const every = new Uint32Array(words);
  every.set(sorted[0]!.has);
  for (const t of sorted.slice(1)) for (let w = 0; w < words; w++) every[w]! &= t.has[w]!;
  const total = popcount(every);
  /** A document's score, summed term by term as {@link rank} sums it. */
  const scoreOf = (num: number): number => {
    const w = num >> 5;
    const bit = 1 << (num & 31);
    let s = 0;
    for (let t = 0; t < sorted.length; t++)
      s += idf[t]! * (1 + (sorted[t]!.title[w]! & bit ? 2 : 0) + (sorted[t]!.often[w]! & bit ? 1 : 0));
    return s;
  };
  const before = (a: PositionHit, b: PositionHit) => b.score - a.score || a.pos - b.pos;
  let everything: PositionHit[] | null = null;
  const classes = sorted.length <= MAX_CLASS_TERMS;
  const all = () => {
    if (!everything && classes) everything = byClass(sorted, idf, every, list, Infinity, false);
    if (!everything) {
      const hits: PositionHit[] = [];
      forEachBit(every, (num) => hits.push({ pos: posOf[num]!, score: scoreOf(num) }));
      everything = hits.sort(before);
    }
    return everything;
  };
  if (total <= limit || !classes) return { hits: all().slice(0, limit), total, all };
  return { hits: byClass(sorted, idf, every, list, limit, true), total, all };
}

/**
 * The best `limit` hits, class by class: every combination of "in the title" and "used often"
 * over the terms, the classes of equal score merged, best first; within a class, list order.
 * `walk`: a dense class may be taken by walking the list (`numberAt` as it is now; later, only
 * `posOf` is read, which a later search does not change).
 */
function byClass(
  sorted: readonly { has: Uint32Array; title: Uint32Array; often: Uint32Array }[],
  idf: readonly number[],
  every: Uint32Array,
  { posOf, numberAt }: NumberedList,
  limit: number,
  walk: boolean,
): PositionHit[] {
  const words = every.length;
  // Pattern p: term t is in the title when bit 2t is set, used often when bit 2t + 1 is.
  const patterns = Array.from({ length: 1 << (2 * sorted.length) }, (_, p) => {
    let s = 0;
    for (let t = 0; t < sorted.length; t++) s += idf[t]! * (1 + (p & (1 << (2 * t)) ? 2 : 0) + (p & (1 << (2 * t + 1)) ? 1 : 0));
    return { p, score: s };
  }).sort((a, b) => b.score - a.score);
  const page: PositionHit[] = [];
  const members = new Uint32Array(words);
  for (let i = 0; i < patterns.length && page.length < limit;) {
    // The patterns of one score make one class.
    const score = patterns[i]!.score;
    members.fill(0);
    let count = 0;
    for (; i < patterns.length && patterns[i]!.score === score; i++) {
      const p = patterns[i]!.p;
      for (let w = 0; w < words; w++) {
        let x = every[w]!;
        for (let t = 0; t < sorted.length && x !== 0; t++) {
          const { title, often } = sorted[t]!;
          x &= p & (1 << (2 * t)) ? title[w]! : ~title[w]!;
          x &= p & (1 << (2 * t + 1)) ? often[w]! : ~often[w]!;
        }
        if (x !== 0) {
          members[w]! |= x;
          count += popcount32(x);
        }
      }
    }
    if (count === 0) continue;
    const need = Math.min(limit - page.length, count);
    if (walk && (need * numberAt.length) / count < words + count) {
      // Dense: the class's first documents in list order, walking the list from its start.
      for (let pos = 0, taken = 0; pos < numberAt.length && taken < need; pos++) {
        const num = numberAt[pos]!;
        if (num >= 0 && members[num >> 5]! & (1 << (num & 31))) {
          page.push({ pos, score });
          taken++;
        }
      }
    } else {
      const positions = new Int32Array(count);
      let k = 0;
      forEachBit(members, (num) => (positions[k++] = posOf[num]!));
      for (const pos of positions.sort().subarray(0, need)) page.push({ pos, score });
    }
  }
  return page;
}
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

/**
 * A piece of the text around the first occurrence of a query word (whole word, or a word's start
 * for a prefix), for showing in the result list; null when no word occurs in the text.
 */
export function snippet(text: string, query: ParsedQuery, context = 60): Snippet | null {
  if (query.terms.length === 0) return null;
  // Fold code point by code point, remembering where each folded unit came from.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(text.length);
  let best: { start: number; end: number } | null = null;
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  query.terms.forEach((term, i) => {
    const prefix = query.prefixLast && i === query.terms.length - 1;
    let from = 0;
    while (from <= folded.length) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      const end = at + term.length;
      if (!isWord(folded[at - 1]) && (prefix || !isWord(folded[end]))) {
        let wordEnd = end;
        while (prefix && isWord(folded[wordEnd])) wordEnd++;
        if (!best || at < best.start) best = { start: at, end: wordEnd };
        break;
      }
      from = at + 1;
    }
  });
  if (!best) return null;
  const { start, end } = best;
  const s = origin[start]!;
  const e = origin[end]!;
  let from = Math.max(0, s - context);
  let to = Math.min(text.length, e + context);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < s) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > e) to = space;
  }
  const squash = (t: string) => t.replace(/\s+/g, ' ');
  return {
    before: (from > 0 ? '…' : '') + squash(text.slice(from, s)),
    match: text.slice(s, e),
    after: squash(text.slice(e, to)) + (to < text.length ? '…' : ''),
  };
}

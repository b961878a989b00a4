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

/** Flags of {@link PositionMatches}: the document contains the word, has it in its title, uses it often. */
export const HAS = 1;
export const IN_TITLE = 2;
export const OFTEN = 4;

/**
 * One query term's matches over the documents of a list, each named by its position in the list
 * (0 … size − 1): {@link TermMatches} in typed arrays, so a word in every one of 100,000
 * documents is 100,000 integers rather than 100,000 strings in sets.
 */
export interface PositionMatches {
  term: string;
  /** The positions of the documents that contain the word, ascending, each once. */
  positions: Int32Array;
  /** Per position: {@link HAS} | {@link IN_TITLE} | {@link OFTEN}. */
  flags: Uint8Array;
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

/**
 * {@link rank}'s order over list positions (ties by position), but only the first page is put in
 * order at once: the scores are computed for every matching document and the best `limit` are
 * picked in one pass (a bounded heap), so a word in every document does not sort 100,000 hits
 * before the first is shown.
 */
export function rankPositions(matches: readonly PositionMatches[], totalDocuments: number, limit = SEARCH_PAGE): RankedPage {
  if (matches.length === 0) return { hits: [], total: 0, all: () => [] };
  const sorted = [...matches].sort((a, b) => a.positions.length - b.positions.length);
  const n = Math.max(totalDocuments, 1);
  const idf = sorted.map((m) => Math.log(1 + n / Math.max(m.positions.length, 1)));
  const first = sorted[0]!.positions;
  const pos = new Int32Array(first.length);
  const score = new Float64Array(first.length);
  let total = 0;
  for (const p of first) {
    let s = 0;
    let every = true;
    for (let t = 0; t < sorted.length; t++) {
      const f = sorted[t]!.flags[p]!;
      if (!(f & HAS)) {
        every = false;
        break;
      }
      s += idf[t]! * (1 + (f & IN_TITLE ? 2 : 0) + (f & OFTEN ? 1 : 0));
    }
    if (!every) continue;
    pos[total] = p;
    score[total++] = s;
  }
  /** Negative when hit i comes before hit j. */
  const before = (i: number, j: number) => score[j]! - score[i]! || pos[i]! - pos[j]!;
  const hit = (i: number): PositionHit => ({ pos: pos[i]!, score: score[i]! });
  let everything: PositionHit[] | null = null;
  const all = () =>
    (everything ??= Array.from({ length: total }, (_, i) => i)
      .sort(before)
      .map(hit));
  if (total <= limit) return { hits: all(), total, all };
  // A heap of the best `limit` so far (indexes into pos/score), its worst at the root.
  const heap: number[] = [];
  const worse = (a: number, b: number) => before(heap[a]!, heap[b]!) > 0;
  const swap = (a: number, b: number) => ([heap[a], heap[b]] = [heap[b]!, heap[a]!]);
  for (let i = 0; i < total; i++) {
    if (heap.length < limit) {
      heap.push(i);
      for (let k = heap.length - 1; k > 0 && worse(k, (k - 1) >> 1); k = (k - 1) >> 1) swap(k, (k - 1) >> 1);
    } else if (before(i, heap[0]!) < 0) {
      heap[0] = i;
      for (let k = 0; ;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let w = k;
        if (l < heap.length && worse(l, w)) w = l;
        if (r < heap.length && worse(r, w)) w = r;
        if (w === k) break;
        swap(k, w);
        k = w;
      }
    }
  }
  return { hits: heap.sort(before).map(hit), total, all };
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

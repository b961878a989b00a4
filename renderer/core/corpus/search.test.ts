import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fold,
  indexTerms,
  parseQuery,
  rank,
  rankNumbers,
  snippet,
  STOPWORDS,
  tokens,
  type NumberMatches,
  type TermMatches,
} from './search.ts';

describe('folding and tokens', () => {
  it('ignores case and accents', () => {
    expect(fold('Élysée MÜNCHEN Ångström café')).toBe('elysee munchen angstrom cafe');
    expect(tokens("The Président's café, São Paulo")).toEqual(['president', 'cafe', 'sao', 'paulo']);
  });
  it('drops stopwords and one-letter words but keeps numbers', () => {
    expect(tokens('It was a 5 to 4 vote in the UN')).toEqual(['5', '4', 'vote', 'un']);
  });
});

describe('tokens of ASCII text (scanned, not split)', () => {
  it('property: the same words as folding and splitting on what is not a letter or digit', () => {
    const split = (text: string) =>
      fold(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => (w.length >= 2 || /^[0-9]$/.test(w)) && !STOPWORDS.has(w))
        .map((w) => w.slice(0, 40));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('The', 'arms', 'A', '7', 'x', 'Syria', "n't", '-', ' ', '\n', '.', '_', 'é'), fc.string()), {
          maxLength: 40,
        }),
        (parts) => {
          const text = parts.join('');
          expect(tokens(text)).toEqual(split(text));
        },
      ),
    );
    expect(tokens('a'.repeat(50))).toEqual(['a'.repeat(40)]);
  });
});

describe('indexTerms', () => {
  it('lists each word once, the title words, and the words used often', () => {
    const t = indexTerms('Arms for Syria', 'Russia sells arms. Arms again, and arms. Syria waits.');
    expect(t.terms.sort()).toEqual(['again', 'arms', 'russia', 'sells', 'syria', 'waits']);
    expect(t.titleTerms.sort()).toEqual(['arms', 'syria']);
    expect(t.frequentTerms).toEqual(['arms']);
  });
});

describe('parseQuery', () => {
  it('folds the words, drops the common ones, and treats a word being typed as a prefix', () => {
    expect(parseQuery('The Élysée pal')).toEqual({ terms: ['elysee', 'pal'], prefixLast: true, ignored: ['the'] });
    expect(parseQuery('elysee pal ')).toMatchObject({ prefixLast: false });
    expect(parseQuery('elysee pa')).toMatchObject({ prefixLast: false }); // too short for a prefix
    expect(parseQuery('the of')).toEqual({ terms: [], prefixLast: false, ignored: ['the', 'of'] });
  });
});

const set = (...ids: string[]) => new Set(ids);
describe('rank', () => {
  const m = (term: string, all: string[], title: string[] = [], frequent: string[] = []): TermMatches => ({
    term,
    all: set(...all),
    title: set(...title),
    frequent: set(...frequent),
  });
  it('keeps only documents with every word', () => {
    const hits = rank([m('arms', ['a', 'b', 'c']), m('syria', ['b', 'c', 'd'])], 10);
    expect(hits.map((h) => h.id).sort()).toEqual(['b', 'c']);
  });
  it('puts a title match above a text match, and frequent use above a single mention', () => {
    const hits = rank([m('arms', ['a', 'b', 'c'], ['c'], ['b'])], 10);
    expect(hits.map((h) => h.id)).toEqual(['c', 'b', 'a']);
  });
  it('weighs a rare word more than a common one', () => {
    const hits = rank([m('rare', ['x', 'y'], ['x']), m('common', ['x', 'y', 'p', 'q', 'r'], ['y'])], 5);
    expect(hits.map((h) => h.id)).toEqual(['x', 'y']);
  });
  it('breaks ties by the given order', () => {
    const order = new Map([
      ['c', 0],
      ['a', 1],
      ['b', 2],
    ]);
    expect(rank([m('w', ['a', 'b', 'c'])], 3, (id) => order.get(id)!).map((h) => h.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('snippet', () => {
  it('finds the word whatever its case and accents, and quotes the original text', () => {
    const text = 'Talks resumed on Monday. Officials at the ÉLYSÉE palace said nothing more about it.';
    const s = snippet(text, parseQuery('elysee'), 20)!;
    expect(s.match).toBe('ÉLYSÉE');
    expect(s.before.startsWith('…')).toBe(true);
    expect(`${s.before}${s.match}${s.after}`.replace(/…/g, '')).toContain('the ÉLYSÉE palace');
  });
  it('matches whole words, or a word start for the word being typed', () => {
    const text = 'Armstrong spoke. Later the arms shipments were discussed.';
    expect(snippet(text, parseQuery('arms '))!.match).toBe('arms');
    expect(snippet(text, parseQuery('armst'))!.match).toBe('Armstrong');
    expect(snippet(text, parseQuery('rms '))).toBeNull();
  });
  it('maps offsets correctly after emoji and decomposed characters', () => {
    const text = '👍🏽 Cafe\u0301 owners in Mu\u0308nchen protested.';
    const s = snippet(text, parseQuery('munchen '), 200)!;
    expect(s.match).toBe('Mu\u0308nchen');
    expect(s.before).toBe('👍🏽 Cafe\u0301 owners in ');
  });
  it('property: the match, folded, is the query word', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Élan', 'élan', 'ÉLAN', 'x', '👍', ' ', '. ', 'naïve', 'NAÏVE', 'é'), { maxLength: 30 }),
        (parts) => {
          const text = parts.join(' ');
          const s = snippet(text, parseQuery('naive '));
          const expected = /\bnaive\b/.test(fold(text).replace(/[^\p{L}\p{N}]+/gu, ' '));
          expect(s !== null).toBe(expected);
          if (s) expect(fold(s.match)).toBe('naive');
        },
      ),
    );
  });
});

describe('rankNumbers', () => {
  /** Bitset of `numbers` over `size` numbers. */
  const bits = (numbers: Iterable<number>, size: number) => {
    const out = new Uint32Array(Math.ceil(size / 32));
    for (const n of numbers) out[n >> 5]! |= 1 << (n & 31);
    return out;
  };

  it('property: the same hits, scores and order as rank, the first page first, over numbers not all listed', () => {
    // Numbers 0 … 69, of which some are not listed (deleted, older numbers); the list shuffles the rest.
    const numbers = 70;
    const everyNumber = Array.from({ length: numbers }, (_, i) => i);
    const some = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max: numbers - 1 }), { maxLength: max });
    // A rare word, or one in most documents and used often in many (its classes are large).
    const rare = fc.record({ all: some(8), title: some(20), frequent: some(8) });
    const common = fc.record({
      all: fc.subarray(everyNumber, { minLength: 50 }),
      title: some(20),
      frequent: fc.subarray(everyNumber, { minLength: 30 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(rare, common), { minLength: 1, maxLength: 4 }),
        fc.shuffledSubarray(everyNumber),
        fc.integer({ min: 1, max: 30 }),
        (terms, listedNumbers, limit) => {
          const size = listedNumbers.length;
          const posOf = new Int32Array(numbers).fill(-1);
          listedNumbers.forEach((num, pos) => (posOf[num] = pos));
          const list = { posOf, numberAt: Int32Array.from(listedNumbers), listed: bits(listedNumbers, numbers) };
          // As search gives them: a title match or a frequent use is a match; the unlisted are left out.
          const listedOnly = (ns: number[]) => new Set(ns.filter((num) => posOf[num]! >= 0).map((num) => String(posOf[num])));
          const expected = rank(
            terms.map((t, i): TermMatches => ({
              term: `t${i}`,
              all: listedOnly([...t.all, ...t.title, ...t.frequent]),
              title: listedOnly(t.title),
              frequent: listedOnly(t.frequent),
            })),
            size,
            Number,
          ).map((h) => ({ pos: Number(h.id), score: h.score }));
          const matches = terms.map((t, i): NumberMatches => ({
            term: `t${i}`,
            has: bits(t.all, numbers),
            title: bits(t.title, numbers),
            often: bits(t.frequent, numbers),
          }));
          const page = rankNumbers(matches, list, size, limit);
          expect(page.total).toBe(expected.length);
          expect(page.hits.map((h) => h.pos)).toEqual(expected.slice(0, limit).map((h) => h.pos));
          page.hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 9));
          const all = page.all();
          expect(all.map((h) => h.pos)).toEqual(expected.map((h) => h.pos));
          expect(all.slice(0, limit)).toEqual(page.hits);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts a word in every one of 100,000 documents in order by its classes: title and frequent first, then the list', () => {
    const numbers = 100_000;
    // Listed in reverse number order; every fifth document has the word in its title, every other uses it often.
    const numberAt = Int32Array.from({ length: numbers }, (_, pos) => numbers - 1 - pos);
    const posOf = new Int32Array(numbers);
    numberAt.forEach((num, pos) => (posOf[num] = pos));
    const all = Array.from({ length: numbers }, (_, i) => i);
    const page = rankNumbers(
      [
        {
          term: 'w',
          has: bits(all, numbers),
          title: bits(
            all.filter((n) => n % 5 === 0),
            numbers,
          ),
          often: bits(
            all.filter((n) => n % 2 === 0),
            numbers,
          ),
        },
      ],
      { posOf, numberAt, listed: bits(all, numbers) },
      numbers,
      100,
    );
    expect(page.total).toBe(numbers);
    // Title and often: numbers divisible by 10, the list's first (the highest numbers) first.
    expect(page.hits.map((h) => numberAt[h.pos])).toEqual(Array.from({ length: 100 }, (_, i) => 99_990 - 10 * i));
    expect(page.all().slice(0, 100)).toEqual(page.hits);
  });
});

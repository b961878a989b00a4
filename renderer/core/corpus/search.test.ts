import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fold,
  HAS,
  IN_TITLE,
  indexTerms,
  OFTEN,
  parseQuery,
  rank,
  rankPositions,
  snippet,
  STOPWORDS,
  tokens,
  type PositionMatches,
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

describe('rankPositions', () => {
  it('property: the same hits, scores and order as rank, with the first page first', () => {
    const size = 30;
    const term = fc.record({
      all: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: size }),
      title: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 8 }),
      frequent: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 12 }), (terms, limit) => {
        // As search gives them: a title match or a frequent use is a match.
        const matches = terms.map((t, i) => {
          const all = new Set([...t.all, ...t.title, ...t.frequent]);
          return { term: `t${i}`, all, title: new Set(t.title), frequent: new Set(t.frequent) };
        });
        const positional: PositionMatches[] = matches.map((m) => {
          const flags = new Uint8Array(size);
          for (const p of m.all) flags[p]! |= HAS;
          for (const p of m.title) flags[p]! |= IN_TITLE;
          for (const p of m.frequent) flags[p]! |= OFTEN;
          return { term: m.term, positions: Int32Array.from(m.all).sort(), flags };
        });
        const named = (m: (typeof matches)[number]): TermMatches => ({
          term: m.term,
          all: new Set([...m.all].map(String)),
          title: new Set([...m.title].map(String)),
          frequent: new Set([...m.frequent].map(String)),
        });
        const expected = rank(matches.map(named), size, Number).map((h) => ({ pos: Number(h.id), score: h.score }));
        const page = rankPositions(positional, size, limit);
        expect(page.total).toBe(expected.length);
        const all = page.all();
        expect(all.map((h) => h.pos)).toEqual(expected.map((h) => h.pos));
        all.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 9));
        expect(page.hits).toEqual(all.slice(0, limit));
      }),
    );
  });
});

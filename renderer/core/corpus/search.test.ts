import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, indexTerms, parseQuery, rank, snippet, tokens, type TermMatches } from './search.ts';

describe('folding and tokens', () => {
  it('ignores case and accents', () => {
    expect(fold('Élysée MÜNCHEN Ångström café')).toBe('elysee munchen angstrom cafe');
    expect(tokens("The Président's café, São Paulo")).toEqual(['president', 'cafe', 'sao', 'paulo']);
  });
  it('drops stopwords and one-letter words but keeps numbers', () => {
    expect(tokens('It was a 5 to 4 vote in the UN')).toEqual(['5', '4', 'vote', 'un']);
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

import { describe, expect, it } from 'vitest';
import { forEachToken } from './search.ts';
import { TokenTable } from './tokenTable.ts';

/** A seeded random text of words, digits, stopwords, long words, punctuation and, now and then, accents. */
function randomText(seed: number, words: number): string {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pieces = [
    'the',
    'And',
    'a',
    'I',
    '7',
    'x',
    'Lavrov',
    'SYRIA',
    'weapons',
    'élysée',
    'Über',
    'co-op',
    "it's",
    'e.g.',
    '42nd',
    '2026',
  ];
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    if (r < 0.5) out.push(pieces[Math.floor(next() * pieces.length)]!);
    else if (r < 0.52) out.push('w'.repeat(35 + Math.floor(next() * 10)) + String(Math.floor(next() * 3)));
    else {
      const n = 1 + Math.floor(next() * 9);
      let w = '';
      for (let k = 0; k < n; k++) w += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(next() * 36)];
      out.push(next() < 0.2 ? w.toUpperCase() : w);
    }
    out.push([' ', ', ', '. ', '\n', ' — ', '('][Math.floor(next() * 6)]!);
  }
  return out.join('');
}

describe('TokenTable', () => {
  it("gives each text's words in forEachToken's order, one value per distinct word across texts", () => {
    const table = new TokenTable((term) => ({ term }));
    const expected = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      // Most texts plain ASCII (the fast scan), some with accents (forEachToken's own path).
      const text = randomText(seed, 400).replace(/[éÜ]/g, seed % 7 === 0 ? '$&' : 'e');
      const words: string[] = [];
      forEachToken(text, (t) => words.push(t));
      const got: string[] = [];
      table.forEachToken(text, (v) => got.push(v.term));
      expect(got).toEqual(words);
      for (const w of words) expected.set(w, (expected.get(w) ?? 0) + 1);
    }
    expect([...table.values.keys()].sort()).toEqual([...expected.keys()].sort());
    // The same word always gets the same value.
    const seen = new Map<string, object>();
    table.forEachToken(randomText(5, 2000), (v) => {
      if (!seen.has(v.term)) seen.set(v.term, v);
      expect(seen.get(v.term)).toBe(v);
      expect(table.values.get(v.term)).toBe(v);
    });
  });

  it('keeps a digit alone, drops a letter alone and stopwords, and cuts long words to 40 characters', () => {
    const table = new TokenTable((term) => term);
    const got: string[] = [];
    table.forEachToken(`The 7 x ${'a'.repeat(45)} ${'a'.repeat(41)} Lavrov`, (t) => got.push(t));
    expect(got).toEqual(['7', 'a'.repeat(40), 'a'.repeat(40), 'lavrov']);
  });
});

import { describe, expect, it } from 'vitest';
import { findQuotes, looksStripped } from './quotes.ts';

const inner = (text: string) => findQuotes(text).map((q) => text.slice(q.start, q.end));

describe('findQuotes', () => {
  it('finds curly and straight quotes, without the marks or the comma closing the quote', () => {
    expect(inner('“We have confronted the Russians,” Clinton said.')).toEqual(['We have confronted the Russians']);
    expect(inner('"We are not violating any law," Lavrov said.')).toEqual(['We are not violating any law']);
  });

  it('lets a straight mark close a curly opening (mixed marks)', () => {
    expect(inner('“The focus really needs to be more," said Kirby.')).toEqual(['The focus really needs to be more']);
  });

  it('leaves out scare quotes shorter than four words', () => {
    expect(inner('He called it a “very mild decline” of sorts.')).toEqual([]);
  });

  it('runs a quote left open at the end of a paragraph on to the paragraph end', () => {
    const text = '"First part of the speech goes here\n\n"and it goes on."';
    const q = findQuotes(text);
    expect(q[0]!.runsOn).toBe(true);
    expect(text.slice(q[0]!.start, q[0]!.end)).toBe('First part of the speech goes here');
  });
});

describe('looksStripped', () => {
  it('recognises text whose quotation marks became spaces', () => {
    expect(looksStripped('  we re surprised   said dz bank economist bernd weidensteiner.')).toBe(true);
    expect(looksStripped('"We are," said Lavrov.  Two spaces.')).toBe(false);
    expect(looksStripped('One space only. Fine.')).toBe(false);
  });
});

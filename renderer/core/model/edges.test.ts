import { describe, expect, it } from 'vitest';
import { moveEdge } from './edges.ts';

const TEXT = 'Lavrov said the United States was supplying arms.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
const quote = (r: { start: number; end: number }[] | null) => (r ? r.map((x) => TEXT.slice(x.start, x.end)).join('|') : null);

describe('moveEdge', () => {
  const span = [at('the United States')];
  it('moves the end by a word in both directions', () => {
    expect(quote(moveEdge(TEXT, span, 'end', 'word', 1))).toBe('the United States was');
    expect(quote(moveEdge(TEXT, span, 'end', 'word', -1))).toBe('the United');
  });
  it('moves the start by a word in both directions', () => {
    expect(quote(moveEdge(TEXT, span, 'start', 'word', -1))).toBe('said the United States');
    expect(quote(moveEdge(TEXT, span, 'start', 'word', 1))).toBe('United States');
  });
  it('moves an edge by a character, never splitting an emoji', () => {
    expect(quote(moveEdge(TEXT, span, 'end', 'char', -1))).toBe('the United State');
    expect(quote(moveEdge(TEXT, span, 'start', 'char', -1))).toBe(' the United States');
    const emoji = 'ok 👍🏽 yes';
    const r = moveEdge(emoji, [{ start: 0, end: 2 }], 'end', 'char', 1)!;
    expect(emoji.slice(0, r[0]!.end)).toBe('ok ');
    const r2 = moveEdge(emoji, r, 'end', 'char', 1)!;
    expect(emoji.slice(0, r2[0]!.end)).toBe('ok 👍🏽');
  });
  it('refuses to empty the annotation or leave the text', () => {
    const one = [at('Lavrov')];
    expect(moveEdge(TEXT, one, 'end', 'word', -1)).toBeNull();
    expect(moveEdge(TEXT, one, 'start', 'word', 1)).toBeNull();
    expect(moveEdge(TEXT, one, 'start', 'word', -1)).toBeNull();
    expect(moveEdge(TEXT, one, 'start', 'char', -1)).toBeNull();
    expect(moveEdge(TEXT, [at('arms.')], 'end', 'char', 1)).toBeNull();
  });
  it('moves the outer edges of a discontinuous annotation and keeps its gap', () => {
    const ranges = [at('Lavrov'), at('the United States')];
    expect(quote(moveEdge(TEXT, ranges, 'end', 'word', 1))).toBe('Lavrov|the United States was');
    expect(quote(moveEdge(TEXT, ranges, 'start', 'char', 1))).toBe('avrov|the United States');
  });
});

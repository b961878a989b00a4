import { describe, expect, it } from 'vitest';
import { contextWindow, variantInContext } from './context.ts';

const TEXT = 'Intro line.\nRussia accused the United States with arms of stoking the war, Lavrov said on Monday.\nNext.';
const at = (q: string) => ({ start: TEXT.indexOf(q), end: TEXT.indexOf(q) + q.length });

describe('variantInContext', () => {
  const long = at('the United States with arms');
  const short = at('the United States');
  const cover = long;

  it('marks the words one variant has and another has not', () => {
    const v = variantInContext(TEXT, cover, [long], [[long], [short]]);
    expect(v.pieces.filter((p) => p.kind === 'differs').map((p) => p.text)).toEqual([' with arms']);
    expect(v.pieces.filter((p) => p.kind === 'shared').map((p) => p.text)).toEqual(['the United States']);
    const s = variantInContext(TEXT, cover, [short], [[long], [short]]);
    expect(s.pieces.some((p) => p.kind === 'differs')).toBe(false);
    expect(s.pieces.map((p) => p.text).join('')).toContain('the United States with arms of stoking');
  });

  it('keeps the context inside the paragraph', () => {
    const v = variantInContext(TEXT, cover, [long], [[long]]);
    const all = v.pieces.map((p) => p.text).join('');
    expect(all.startsWith('Russia accused')).toBe(true);
    expect(all.endsWith('on Monday.')).toBe(true);
    expect(v.cutBefore).toBe(true);
    expect(v.cutAfter).toBe(true);
  });

  it('cuts a long context at a space', () => {
    const w = contextWindow(TEXT, at('stoking'), 12);
    expect(TEXT.slice(w.start, w.end)).toBe('arms of stoking the war,');
  });
});

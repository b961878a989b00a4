import { describe, expect, it } from 'vitest';
import { IdIndex } from './id-index.ts';

describe('IdIndex', () => {
  it('finds every id added, with its value, and no other, across growth', () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 50_000 }, (_, i) => `a-${i.toString(36)}-${(i * 7919) % 1000}`);
    expect(ids.filter((id, i) => !index.add(id, i % 100_000))).toEqual([]);
    expect(index.size).toBe(ids.length);
    expect(ids.filter((id, i) => index.get(id) !== i % 100_000)).toEqual([]);
    expect(index.has('a-zzzzzz-1')).toBe(false);
    expect(index.get('')).toBe(-1);
  });

  it('refuses an id added twice and keeps its first value', () => {
    const index = new IdIndex();
    expect(index.add('doc-1', 3)).toBe(true);
    expect(index.add('doc-1', 4)).toBe(false);
    expect(index.get('doc-1')).toBe(3);
    expect(index.size).toBe(1);
  });

  it('tells apart ids that differ only beyond ASCII, or by a prefix', () => {
    const index = new IdIndex();
    const ids = ['é', 'e\u0301', 'Ā', '\u0100\u0000', '\u{1F600}', 'ab', 'a', 'abc', '\u4e00', '\u4e01'];
    ids.forEach((id, i) => index.add(id, i));
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
    expect(index.has('\u0101')).toBe(false);
    expect(index.has('b')).toBe(false);
  });
});

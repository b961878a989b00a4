import { describe, expect, it } from 'vitest';
import { toggled } from './sets.ts';

describe('toggled', () => {
  it('adds or removes the items in a copy, leaving the set it was given as it was', () => {
    const before = new Set(['a', 'b']);
    expect([...toggled(before, true, ['c'])]).toEqual(['a', 'b', 'c']);
    expect([...toggled(before, false, ['a', 'x'])]).toEqual(['b']);
    expect([...toggled(before, true, ['a'])]).toEqual(['a', 'b']);
    expect([...before]).toEqual(['a', 'b']);
  });
});

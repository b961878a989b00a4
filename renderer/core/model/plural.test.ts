import { describe, expect, it } from 'vitest';
import { grouped, pluralCount } from './plural.ts';

describe('grouped', () => {
  it('writes numbers as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 12345, 100000, 999999, 1234567, 2_000_000, -1234, -999, Number.MAX_SAFE_INTEGER, 1234.5, 0.25]) {
      expect(grouped(n)).toBe(n.toLocaleString('en'));
    }
  });

  it('counts in sentences', () => {
    expect(pluralCount(100000, 'document')).toBe('100,000 documents');
    expect(pluralCount(1, 'annotation')).toBe('1 annotation');
  });
});

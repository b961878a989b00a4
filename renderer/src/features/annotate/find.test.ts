import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findAll, matchAfter } from './find.ts';

const TEXT = "“We are not violating any law,” Lavrov said.\nThe   foreign minister said Lavrov's view…";
const quotes = (q: string) => findAll(TEXT, q).map((m) => TEXT.slice(m.start, m.end));

describe('findAll', () => {
  it('ignores case', () => {
    expect(quotes('lavrov')).toEqual(['Lavrov', 'Lavrov']);
  });
  it('matches straight and curly quotes and any white space', () => {
    expect(quotes('"we are not')).toEqual(['“We are not']);
    expect(quotes('foreign minister')).toEqual(['foreign minister']);
    expect(quotes('lavrov’s')).toEqual(["Lavrov's"]);
  });
  it('treats regular-expression characters literally and finds nothing for an empty query', () => {
    expect(quotes('law,”')).toEqual(['law,”']);
    expect(quotes('view…')).toEqual(['view…']);
    expect(findAll(TEXT, '.*')).toEqual([]);
    expect(findAll(TEXT, '   ')).toEqual([]);
  });
  it('every match of a plain substring is where indexOf finds it (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '.', '(') }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '('), minLength: 1, maxLength: 3 }),
        (text, q) => {
          for (const m of findAll(text, q)) expect(text.slice(m.start, m.end)).toBe(q);
          const first = findAll(text, q)[0];
          expect(first?.start ?? -1).toBe(text.indexOf(q));
        },
      ),
    );
  });
  it('picks the first match at or after a position, wrapping around', () => {
    const ms = [
      { start: 2, end: 3 },
      { start: 8, end: 9 },
    ];
    expect(matchAfter(ms, 0)).toBe(0);
    expect(matchAfter(ms, 3)).toBe(1);
    expect(matchAfter(ms, 9)).toBe(0);
    expect(matchAfter([], 0)).toBe(-1);
  });
});

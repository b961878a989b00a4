import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointToUtf16, OffsetMap, utf16ToCodePoint } from './offsets.ts';

/** Reference: code point offset by counting the code points of the prefix. */
const refToCodePoint = (text: string, u: number) => [...text.slice(0, u)].length;

describe('code point offsets', () => {
  const text = 'Hi 👍🏽 from 🇺🇸, cafe\u0301 北京 ok';

  it('counts an emoji with a skin tone as two code points (four code units)', () => {
    const start = text.indexOf('👍');
    expect(start).toBe(3);
    expect(utf16ToCodePoint(text, start)).toBe(3);
    expect(utf16ToCodePoint(text, start + 4)).toBe(5); // after 👍 and 🏽
    const map = new OffsetMap(text);
    expect(map.toCodePoint(start + 2)).toBe(4); // between 👍 and 🏽
    expect(map.toUtf16(5)).toBe(7);
  });

  it('counts a flag as two regional indicator code points', () => {
    const flag = text.indexOf('🇺🇸');
    const map = new OffsetMap(text);
    expect(map.toCodePoint(flag + 4) - map.toCodePoint(flag)).toBe(2);
    expect(map.toUtf16(map.toCodePoint(flag) + 1)).toBe(flag + 2);
  });

  it('counts a combining mark and CJK as one code unit each', () => {
    const e = text.indexOf('e\u0301');
    const cjk = text.indexOf('北京');
    const map = new OffsetMap(text);
    expect(map.toCodePoint(e + 2) - map.toCodePoint(e)).toBe(2);
    expect(map.toCodePoint(cjk + 2) - map.toCodePoint(cjk)).toBe(2);
    expect(map.codePointLength).toBe([...text].length);
    expect(map.utf16Length).toBe(text.length);
  });

  it('maps an offset between the halves of a surrogate pair to that character, without throwing', () => {
    const t = 'a😀b';
    expect(utf16ToCodePoint(t, 2)).toBe(1);
    expect(new OffsetMap(t).toCodePoint(2)).toBe(1);
    expect(new OffsetMap(t).toCodePoint(3)).toBe(2);
  });

  it('counts a lone surrogate as one code point', () => {
    const t = 'a\ud83db😀';
    const map = new OffsetMap(t);
    expect(map.codePointLength).toBe(4);
    expect(map.toCodePoint(3)).toBe(3);
    expect(map.toUtf16(4)).toBe(5);
    expect(utf16ToCodePoint(t, 5)).toBe(4);
    expect(codePointToUtf16(t, 3)).toBe(3);
  });

  it('clamps offsets outside the text', () => {
    const map = new OffsetMap('a😀');
    expect(map.toCodePoint(-3)).toBe(0);
    expect(map.toCodePoint(99)).toBe(2);
    expect(map.toUtf16(99)).toBe(3);
    expect(codePointToUtf16('a😀', 99)).toBe(3);
  });

  const textArb = fc.string({
    unit: fc.oneof(fc.constantFrom('👍🏽', '🇺🇸', 'e\u0301', '北', '\ud800'), fc.string({ unit: 'binary', maxLength: 3 })),
  });

  it('agrees with counting code points, for every offset (property)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const map = new OffsetMap(text);
        for (let u = 0; u <= text.length; u++) {
          const splits = u > 0 && u < text.length && /[\ud800-\udbff]/.test(text[u - 1]!) && /[\udc00-\udfff]/.test(text[u]!);
          const expected = refToCodePoint(text, splits ? u - 1 : u);
          expect(map.toCodePoint(u)).toBe(expected);
          expect(utf16ToCodePoint(text, u)).toBe(expected);
        }
      }),
    );
  });

  it('round-trips every code point offset and is monotonic (property)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const map = new OffsetMap(text);
        let prev = -1;
        for (let cp = 0; cp <= map.codePointLength; cp++) {
          const u = map.toUtf16(cp);
          expect(u).toBe(codePointToUtf16(text, cp));
          expect(map.toCodePoint(u)).toBe(cp);
          expect(u).toBeGreaterThan(prev);
          prev = u;
        }
        let prevCp = 0;
        for (let u = 0; u <= text.length; u++) {
          const cp = map.toCodePoint(u);
          expect(cp).toBeGreaterThanOrEqual(prevCp);
          prevCp = cp;
        }
      }),
    );
  });

  it('handles a 600k-character text quickly', () => {
    const text = 'Lavrov said 👍 that 北京 was fine. '.repeat(20_000);
    expect(text.length).toBeGreaterThan(600_000);
    const t0 = performance.now();
    const map = new OffsetMap(text);
    let sum = 0;
    for (let u = 0; u <= text.length; u += 7) sum += map.toUtf16(map.toCodePoint(u));
    const ms = performance.now() - t0;
    expect(sum).toBeGreaterThan(0);
    expect(map.toCodePoint(text.length)).toBe([...text].length);
    expect(ms).toBeLessThan(1000);
  });
});

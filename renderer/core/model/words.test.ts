import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeText } from './text.ts';
import type { Span } from './types.ts';
import { isCharacterBoundary, snapToWords, wordAt, wordBoundary } from './words.ts';

const article = canonicalizeText(readFileSync(new URL('../../../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8'));

/** Selects `part` inside the first occurrence of `context` in the text and snaps it. */
function snap(text: string, context: string, part: string): string | null {
  const at = text.indexOf(context);
  if (at < 0) throw new Error(`context not found: ${context}`);
  const off = context.indexOf(part);
  if (off < 0) throw new Error(`part not found: ${part}`);
  const span = snapToWords(text, { start: at + off, end: at + off + part.length });
  return span && text.slice(span.start, span.end);
}

describe('snapToWords on the sample article', () => {
  it('widens a selection that starts and ends inside words', () => {
    expect(snap(article, 'minister Sergei Lavrov defended', 'ergei Lavro')).toBe('Sergei Lavrov');
    expect(snap(article, 'minister Sergei Lavrov defended', 'i L')).toBe('Sergei Lavrov');
  });

  it('keeps Clinton apart from the possessive', () => {
    expect(snap(article, "against Hillary Clinton's claims", 'linto')).toBe('Clinton');
    expect(snap(article, "against Hillary Clinton's claims", 'Hillary Clinto')).toBe('Hillary Clinton');
    expect(snap(article, "against Hillary Clinton's claims", "linton's")).toBe("Clinton's");
    expect(snap(article, 'we shouldn’t worry', 'shouldn')).toBe('shouldn');
  });

  it('treats hyphenated words as one word', () => {
    expect(snap(article, "Syria's pro-Assad forces", 'ssad')).toBe('pro-Assad');
    expect(snap(article, "Syria's pro-Assad forces", 'pr')).toBe('pro-Assad');
    expect(snap(article, 'dictator Bashar al-Assad', 'Bashar al')).toBe('Bashar al-Assad');
  });

  it('keeps punctuation the user selected and does not widen past it', () => {
    expect(snap(article, '"We are not violating', '"We ar')).toBe('"We are');
    expect(snap(article, '“We have confronted', '“We ha')).toBe('“We have');
    expect(snap(article, 'these contracts," Lavrov said', 'contracts,"')).toBe('contracts,"');
    expect(snap(article, 'according to Reuters.', 'euters.')).toBe('Reuters.');
  });

  it('drops white space at the edges, including no-break spaces', () => {
    expect(snap(article, 'minister Sergei Lavrov defended', ' Sergei ')).toBe('Sergei');
    expect(snap(article, 'More from GlobalPost:\u00a0Hillary', ':\u00a0Hill')).toBe(':\u00a0Hillary');
    expect(snap(article, 'minister Sergei Lavrov defended', 'r Sergei L')).toBe('minister Sergei Lavrov');
  });

  it('returns null for an empty or white-space-only selection', () => {
    expect(snapToWords(article, { start: 10, end: 10 })).toBeNull();
    expect(snap(article, 'Sergei Lavrov', ' ')).toBeNull();
    expect(snapToWords('a \n\n b', { start: 1, end: 5 })).toBeNull();
    // A collapsed selection inside an emoji or a word selects nothing.
    expect(snapToWords('👍🏽 ok', { start: 2, end: 2 })).toBeNull();
    expect(snapToWords('Lavrov', { start: 3, end: 3 })).toBeNull();
  });

  it('accepts a reversed span', () => {
    const at = article.indexOf('Lavrov');
    expect(snapToWords(article, { start: at + 4, end: at + 1 })).toEqual({ start: at, end: at + 6 });
  });
});

describe('snapToWords with emoji and combining marks', () => {
  it('never splits an emoji with a skin tone, a flag or a ZWJ family', () => {
    const text = 'Great 👍🏽 from 🇺🇸🇫🇷 and 👩‍👩‍👧 today';
    const thumb = text.indexOf('👍');
    // Start between 👍 and 🏽, end in the middle of the 🏽 surrogate pair.
    expect(snapToWords(text, { start: thumb + 2, end: thumb + 3 })).toEqual({ start: thumb, end: thumb + 4 });
    const flags = text.indexOf('🇺🇸');
    // A selection from the middle of the US flag to the middle of the French flag.
    expect(snapToWords(text, { start: flags + 2, end: flags + 6 })).toEqual({ start: flags, end: flags + 8 });
    const family = text.indexOf('👩');
    expect(snapToWords(text, { start: family + 3, end: family + 4 })).toEqual({ start: family, end: family + 8 });
  });

  it('keeps combining marks with their letters', () => {
    const text = 'Zoe\u0308 and q\u0307uark and हिन्दी here';
    expect(snap(text, 'Zoe\u0308 and', 'Zoe')).toBe('Zoe\u0308');
    expect(snap(text, 'q\u0307uark', 'q')).toBe('q\u0307uark');
    expect(snap(text, 'हिन्दी', 'न्')).toBe('हिन्दी');
  });
});

describe('wordAt', () => {
  const text = "Clinton's pro-Assad claims, 42 times.";

  it('finds the word under an offset', () => {
    expect(wordAt(text, 3)).toEqual({ start: 0, end: 7 });
    expect(wordAt(text, 12)).toEqual({ start: 10, end: 19 });
    expect(wordAt(text, text.indexOf('42') + 1)).toEqual({ start: 28, end: 30 });
  });

  it('finds the word just before a caret on punctuation or space, else null', () => {
    expect(wordAt(text, 7)).toEqual({ start: 0, end: 7 });
    expect(wordAt(text, 26)).toEqual({ start: 20, end: 26 });
    expect(wordAt(text, 27)).toBeNull();
    expect(wordAt('', 0)).toBeNull();
  });
});

describe('wordBoundary', () => {
  const text = 'Sergei Lavrov, "pro-Assad" man.';

  it('moves forward to word ends', () => {
    const stops: number[] = [];
    for (let i = 0; i < text.length;) stops.push((i = wordBoundary(text, i, 1)));
    expect(stops.map((i) => text.slice(0, i))).toEqual([
      'Sergei',
      'Sergei Lavrov',
      'Sergei Lavrov, "pro-Assad',
      'Sergei Lavrov, "pro-Assad" man',
      text,
    ]);
  });

  it('moves backward to word starts', () => {
    const stops: number[] = [];
    for (let i = text.length; i > 0;) stops.push((i = wordBoundary(text, i, -1)));
    expect(stops.map((i) => text.slice(i))).toEqual(['man.', 'pro-Assad" man.', 'Lavrov, "pro-Assad" man.', text]);
  });

  it('moves within a word from its middle', () => {
    expect(wordBoundary(text, 3, 1)).toBe(6);
    expect(wordBoundary(text, 3, -1)).toBe(0);
  });
});

describe('properties', () => {
  const pieces = fc.constantFrom(
    'word',
    'pro-Assad',
    "Clinton's",
    '’s',
    ' ',
    '\u00a0',
    '\n',
    ',',
    '"',
    '👍🏽',
    '🇺🇸',
    'e\u0301',
    '北京',
    '42',
    '-',
  );
  const textArb = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));
  const spanArb = (text: string) => fc.tuple(fc.nat(text.length), fc.nat(text.length)).map(([a, b]): Span => ({ start: a, end: b }));

  it('snapping covers the trimmed selection, never splits characters and is idempotent', () => {
    fc.assert(
      fc.property(
        textArb.chain((text) => fc.tuple(fc.constant(text), spanArb(text))),
        ([text, span]) => {
          const out = snapToWords(text, span);
          const lo = Math.min(span.start, span.end);
          const hi = Math.max(span.start, span.end);
          if (text.slice(lo, hi).trim() === '') {
            expect(out).toBeNull();
            return;
          }
          expect(out).not.toBeNull();
          const r = out!;
          expect(r.start).toBeLessThan(r.end);
          expect(text.slice(r.start, r.end)).toBe(text.slice(r.start, r.end).trim());
          expect(isCharacterBoundary(text, r.start)).toBe(true);
          expect(isCharacterBoundary(text, r.end)).toBe(true);
          expect(snapToWords(text, r)).toEqual(r);
          // Every non-space character the user selected is still inside.
          const firstNonSpace = lo + (text.slice(lo, hi).length - text.slice(lo, hi).trimStart().length);
          const lastNonSpace = hi - (text.slice(lo, hi).length - text.slice(lo, hi).trimEnd().length);
          expect(r.start).toBeLessThanOrEqual(firstNonSpace);
          expect(r.end).toBeGreaterThanOrEqual(lastNonSpace);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('wordBoundary always moves in its direction, or stays at the text edge', () => {
    fc.assert(
      fc.property(
        textArb.chain((text) => fc.tuple(fc.constant(text), fc.nat(text.length))),
        ([text, offset]) => {
          const f = wordBoundary(text, offset, 1);
          const b = wordBoundary(text, offset, -1);
          if (offset < text.length) expect(f).toBeGreaterThan(offset);
          else expect(f).toBe(text.length);
          if (offset > 0) expect(b).toBeLessThan(offset);
          else expect(b).toBe(0);
        },
      ),
    );
  });
});

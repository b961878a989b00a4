import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeText } from '../model/text.ts';
import { parseArticle, type ParsedArticle } from './article.ts';
import { describeError } from './types.ts';

const SAMPLE = 'seeds/globalpost-russia-syria-arms.txt';
const raw = readFileSync(new URL(`../../../${SAMPLE}`, import.meta.url), 'utf8');

function parsed(name: string, input: string): ParsedArticle {
  const r = parseArticle(name, input);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

function errorOf(name: string, input: string): string {
  const r = parseArticle(name, input);
  if (r.ok) throw new Error('expected an error');
  return describeError(r.error);
}

describe('parseArticle on the sample article', () => {
  const a = parsed(SAMPLE, raw);
  const slice = (b: { start: number; end: number }) => a.text.slice(b.start, b.end);
  const nonBlankLines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

  it('keeps the canonical text exactly', () => {
    expect(a.text).toBe(canonicalizeText(raw));
  });

  it('recognises section, headline and standfirst', () => {
    expect(a.blocks.slice(0, 3).map((b) => [b.kind, slice(b)])).toEqual([
      ['section', 'Conflict & Justice'],
      ['headline', 'Russia defends arms sales to Syria, says US is arming rebels'],
      [
        'standfirst',
        "Russia defended itself against Hillary Clinton's claims that they are supplying Syria's pro-Assad forces with weapons.",
      ],
    ]);
    expect(a.title).toBe('Russia defends arms sales to Syria, says US is arming rebels');
    expect(a.metadata).toEqual({
      fileName: SAMPLE,
      section: 'Conflict & Justice',
      standfirst: "Russia defended itself against Hillary Clinton's claims that they are supplying Syria's pro-Assad forces with weapons.",
    });
  });

  it('makes every other non-blank line a body paragraph, including "More from GlobalPost" lines', () => {
    const body = a.blocks.slice(3);
    expect(body.every((b) => b.kind === 'paragraph')).toBe(true);
    expect(body).toHaveLength(nonBlankLines.length - 3);
    expect(body).toHaveLength(12);
    const more = a.blocks.filter((b) => slice(b).startsWith('More from GlobalPost'));
    expect(more).toHaveLength(2);
    expect(more.every((b) => b.kind === 'paragraph')).toBe(true);
  });

  it('gives every block exactly its trimmed line, in order', () => {
    expect(a.blocks.map(slice)).toEqual(nonBlankLines.map((l) => l.normalize('NFC')));
    // The no-break space that ends some lines is left out of the block.
    const regime = a.blocks.find((b) => slice(b).endsWith("Bashar al-Assad's regime."))!;
    expect(a.text[regime.end]).toBe('\u00a0');
  });
});

describe('parseArticle: encodings and line ends', () => {
  const plain = parsed('x.txt', raw);

  it('reads CRLF input to the same text and blocks', () => {
    const crlf = parsed('x.txt', raw.replace(/\n/g, '\r\n'));
    expect(crlf.text).toBe(plain.text);
    expect(crlf.blocks).toEqual(plain.blocks);
  });

  it('drops a byte-order mark', () => {
    const bom = parsed('x.txt', '\ufeff' + raw);
    expect(bom.text).toBe(plain.text);
    expect(bom.metadata.section).toBe('Conflict & Justice');
  });

  it('composes NFD input to NFC', () => {
    const nfd = parsed('x.txt', 'Politique\n\nLe président a parlé\n\nIl a dit que tout allait bien.\n'.normalize('NFD'));
    expect(nfd.text).toBe('Politique\n\nLe président a parlé\n\nIl a dit que tout allait bien.\n');
    expect(nfd.title).toBe('Le président a parlé');
    expect(nfd.text.slice(nfd.blocks[1]!.start, nfd.blocks[1]!.end)).toBe('Le président a parlé');
  });
});

describe('parseArticle: texts without the news layout', () => {
  it('titles by the first line and makes every line a paragraph', () => {
    const a = parsed('notes/speech.txt', '  We will not back down.  \nThe minister said so twice.\n\nEnd.');
    expect(a.title).toBe('We will not back down.');
    expect(a.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph']);
    expect(a.blocks[0]).toEqual({ kind: 'paragraph', start: 2, end: 24 });
    expect(a.metadata).toEqual({ fileName: 'notes/speech.txt' });
  });

  it('does not take a body sentence for a headline', () => {
    const a = parsed('a.txt', 'Breaking\n\nThe minister resigned on Tuesday.\n\nHe gave no reason.');
    expect(a.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
    expect(a.title).toBe('Breaking');
  });

  it('leaves out the standfirst when it is too long or nothing follows it', () => {
    const long = parsed('a.txt', `World\n\nHeadline here\n\n${'word '.repeat(100)}\n\nBody.`);
    expect(long.blocks.map((b) => b.kind)).toEqual(['section', 'headline', 'paragraph', 'paragraph']);
    expect(long.metadata.standfirst).toBeUndefined();
    const short = parsed('a.txt', 'World\n\nHeadline here\n\nOnly paragraph.');
    expect(short.blocks.map((b) => b.kind)).toEqual(['section', 'headline', 'paragraph']);
  });

  it('falls back to the file name when the first line is too long for a title', () => {
    const a = parsed('C:\\news\\long-piece.txt', 'x'.repeat(121) + '\nmore');
    expect(a.title).toBe('long-piece');
  });
});

describe('parseArticle: bad input', () => {
  it('names the file and the problem', () => {
    expect(errorOf('empty.txt', '')).toBe('empty.txt: The file is empty.');
    expect(errorOf('blank.txt', ' \n\t\r\n  \n')).toBe('blank.txt: The file contains only white space.');
    expect(errorOf('photo.jpg', 'JFIF\n\n\u0000\u0010')).toBe(
      'photo.jpg:3: This looks like a binary file, not text: it contains NUL bytes.',
    );
  });

  it('never throws, and its blocks are sorted, non-empty, trimmed and inside the text (property)', () => {
    const unit = fc.constantFrom(
      'a',
      'Word',
      ' ',
      '\n',
      '\n\n',
      '\r\n',
      '.',
      '\u00a0',
      '👍🏽',
      'e\u0301',
      '\t',
      '&',
      '\u0000',
      '\u202f',
      '\u2028',
      '\ufeff',
      '\u3000',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(unit).map((u) => u.join('')),
          fc.string({ unit: 'binary' }),
        ),
        (input) => {
          const r = parseArticle('f.txt', input);
          if (!r.ok) {
            expect(r.error.file).toBe('f.txt');
            return;
          }
          const { text, blocks } = r.value;
          expect(text).toBe(canonicalizeText(input));
          let prevEnd = 0;
          for (const b of blocks) {
            expect(b.start).toBeGreaterThanOrEqual(prevEnd);
            expect(b.end).toBeGreaterThan(b.start);
            expect(b.end).toBeLessThanOrEqual(text.length);
            const s = text.slice(b.start, b.end);
            expect(s).not.toContain('\n');
            expect(s.trim()).toBe(s);
            prevEnd = b.end;
          }
          expect(blocks.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

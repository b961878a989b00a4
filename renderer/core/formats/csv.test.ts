import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvTextStructure, parseCsv, previewCsv, titleFromText } from './csv.ts';
import type { Result } from './types.ts';

const fixture = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const BBC = fixture('../../../e2e/fixtures/bbc-news-10.csv');
const TSV = fixture('./fixtures/csv/articles.tsv');
const SEMI = fixture('./fixtures/csv/articles-semicolon.csv');
const RAGGED = fixture('./fixtures/csv/ragged.csv');

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.file}:${r.error.line}: ${r.error.message}`);
  return r.value;
}

describe('BBC news sample (one column "Text", 10 rows)', () => {
  // The expected cells, read independently with papaparse's own header mode.
  const expected = Papa.parse<{ Text: string }>(BBC.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data.map((r) => r.Text);

  it('previews one column and 10 rows', () => {
    const p = value(previewCsv('bbc-news-10.csv', BBC));
    expect(p.columns).toEqual(['Text']);
    expect(p.rowCount).toBe(10);
    expect(p.rows).toHaveLength(10);
    expect(p.rows.map((r) => r[0])).toEqual(expected);
  });

  it('imports 10 documents, each in its paragraphs, with a short title from its first sentence', () => {
    const r = parseCsv('bbc-news-10.csv', BBC, { textColumn: 'Text' });
    expect(r.ok && r.warnings).toEqual([]);
    const docs = value(r);
    expect(docs).toHaveLength(10);
    expect(docs.map((d) => d.text)).toEqual(expected);
    for (const d of docs) {
      // The paragraphs were flattened to "sentence.  Next paragraph": each is a block again.
      expect(d.blocks.length).toBeGreaterThan(1);
      expect(d.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
      const gaps = d.blocks.slice(1).map((b, i) => d.text.slice(d.blocks[i]!.end, b.start));
      expect(gaps.every((g) => /^ {2,}$/.test(g))).toBe(true);
      expect(d.blocks[0]!.start).toBe(0);
      expect(d.blocks[d.blocks.length - 1]!.end).toBe(d.text.trimEnd().length);
      expect(Array.from(d.title).length).toBeLessThanOrEqual(100);
      expect(d.text.replace(/\s+/g, ' ').startsWith(d.title.replace(/…$/, ''))).toBe(true);
      expect(d.metadata).toEqual({});
      expect(d.sourceFile).toBe('bbc-news-10.csv');
    }
    expect(docs[0]!.title).toMatch(/^worldcom ex-boss launches defence lawyers/);
    expect(docs[0]!.title.endsWith('…')).toBe(true);
    const para = (i: number) => docs[0]!.text.slice(docs[0]!.blocks[i]!.start, docs[0]!.blocks[i]!.end);
    expect(para(0).endsWith('as their first witness.')).toBe(true);
    expect(para(1).startsWith('cynthia cooper  worldcom s ex-head')).toBe(true);
  });

  it('names the columns when the text column does not exist', () => {
    const r = parseCsv('bbc-news-10.csv', BBC, { textColumn: 'text' });
    expect(r).toEqual({
      ok: false,
      error: { file: 'bbc-news-10.csv', message: 'There is no text column "text". The columns are: "Text".' },
    });
  });
});

describe('delimiters, quoting and metadata', () => {
  it('reads TSV with a title column, keeping the other columns as metadata', () => {
    expect(value(previewCsv('a.tsv', TSV)).delimiter).toBe('\t');
    const docs = value(parseCsv('a.tsv', TSV, { textColumn: 'text', titleColumn: 'title' }));
    expect(docs.map((d) => [d.title, d.text, d.metadata])).toEqual([
      ['Lavrov defends arms sales', 'Russia defended itself on Wednesday.', { source: 'GlobalPost', date: '2012-06-13' }],
      [
        'Clinton accuses Russia',
        'Clinton said Russia was sending helicopters; "patently untrue", she said.',
        { source: 'Reuters', date: '2012-06-12' },
      ],
    ]);
  });

  it('reads semicolons with a BOM, CRLF, quoted line breaks and doubled quotes; skips empty text with a warning', () => {
    const p = value(previewCsv('s.csv', SEMI));
    expect(p).toMatchObject({ columns: ['id', 'headline', 'body', 'section'], rowCount: 3, delimiter: ';' });
    const r = parseCsv('s.csv', SEMI, { textColumn: 'body', metadataColumns: ['section'] });
    const docs = value(r);
    expect(docs.map((d) => d.text)).toEqual([
      'Lavrov said: "We are not violating any law."\nHe spoke in Tehran.',
      'Texas Senator John Cornyn said the US bought helicopters, according to the Times.',
    ]);
    expect(docs[0]!.blocks.map((b) => docs[0]!.text.slice(b.start, b.end))).toEqual([
      'Lavrov said: "We are not violating any law."',
      'He spoke in Tehran.',
    ]);
    expect(docs[0]!.title).toBe('Lavrov said: "We are not violating any law."');
    expect(docs.map((d) => d.metadata)).toEqual([{ section: 'World' }, { section: 'US' }]);
    // Header row 1, first row spans lines 2–3, so row 3 starts on line 4.
    expect(r.ok && r.warnings).toEqual([{ file: 's.csv', line: 4, message: 'Row 3 has no text in column "body" and was skipped.' }]);
  });

  it('reports a ragged row with its row and line number', () => {
    const r = parseCsv('ragged.csv', RAGGED, { textColumn: 'Text' });
    expect(r).toEqual({
      ok: false,
      error: { file: 'ragged.csv', line: 3, message: 'Row 3 has 3 fields, but the header has 2 columns (comma-separated).' },
    });
    expect(previewCsv('ragged.csv', RAGGED).ok).toBe(false);
  });

  it('reports an unterminated quote, unknown title or metadata columns, and empty files', () => {
    const bad = parseCsv('q.csv', 'Text,Source\nfine,A\n"never closed,B\n', { textColumn: 'Text' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ file: 'q.csv', line: 3, message: expect.stringMatching(/^Row 3: .*quoted field/i) });
    expect(parseCsv('a.tsv', TSV, { textColumn: 'text', titleColumn: 'headline' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no title column "headline"') },
    });
    expect(parseCsv('a.tsv', TSV, { textColumn: 'text', metadataColumns: ['url'] })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('"title", "text", "source", "date"') },
    });
    expect(parseCsv('e.csv', '\ufeff \n', { textColumn: 'Text' })).toEqual({
      ok: false,
      error: { file: 'e.csv', message: 'The file is empty.' },
    });
    expect(parseCsv('h.csv', 'Text\n\n', { textColumn: 'Text' })).toMatchObject({
      ok: false,
      error: { message: 'No row has text in column "Text".' },
    });
  });

  it('reads a header of 200,000 columns in one pass over it, keeping the metadata of the last', () => {
    const n = 200_000;
    const header = ['Text', ...Array.from({ length: n - 1 }, (_, i) => `c${i + 1}`)].join(',');
    const row = `A claim was made.${','.repeat(n - 2)},last`;
    const [doc] = value(parseCsv('wide.csv', `${header}\n${row}\n`, { textColumn: 'Text' }));
    expect(doc!.text).toBe('A claim was made.');
    expect(doc!.metadata).toEqual({ [`c${n - 1}`]: 'last' });
  });

  it('names unnamed and repeated columns so each can be chosen', () => {
    expect(value(previewCsv('d.csv', 'a,,a\n1,2,3\n')).columns).toEqual(['a', 'column 2', 'a (2)']);
    const [d] = value(parseCsv('d.csv', 'a,,a\n1,2,3\n', { textColumn: 'a (2)' }));
    expect(d!.text).toBe('3');
    expect(d!.metadata).toEqual({ a: '1', 'column 2': '2' });
  });

  it('previews only the first 20 rows but counts them all', () => {
    const content = `Text\n${Array.from({ length: 45 }, (_, i) => `row ${i}`).join('\n')}\n`;
    const p = value(previewCsv('many.csv', content));
    expect(p.rowCount).toBe(45);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[19]).toEqual(['row 19']);
  });

  it('reads back whatever papaparse writes, for any cells (fast-check)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', ';', '\t', '"', '\n', 'é', '😀', '.'), maxLength: 12 });
    fc.assert(
      fc.property(fc.constantFrom(',', '\t', ';'), fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 6 }), (delimiter, rows) => {
        const content = Papa.unparse({ fields: ['Text', 'Other'], data: rows }, { delimiter, quotes: true });
        const r = parseCsv('gen.csv', content, { textColumn: 'Text' });
        const kept = rows.filter(([t]) => t.trim() !== '');
        if (kept.length === 0) {
          expect(r.ok).toBe(false);
          return;
        }
        const docs = value(r);
        expect(docs.map((d) => d.text)).toEqual(kept.map(([t]) => t));
        expect(docs.map((d) => d.metadata.Other ?? '')).toEqual(kept.map(([, o]) => (o.trim() === '' ? '' : o)));
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseCsv('x.csv', s, { textColumn: 'Text' });
        if (!r.ok) expect(r.error.message).not.toBe('');
        expect(previewCsv('x.csv', s)).toHaveProperty('ok');
      }),
    );
  });
});

describe('titleFromText', () => {
  it('takes the first sentence and cuts long ones at a word boundary', () => {
    expect(titleFromText('  Russia defends arms sales.  It says the US arms rebels.')).toBe('Russia defends arms sales.');
    expect(titleFromText('No full stop here')).toBe('No full stop here');
    const long = `${'word '.repeat(40)}end.`;
    const t = titleFromText(long);
    expect(Array.from(t).length).toBeLessThanOrEqual(100);
    expect(t).toMatch(/^word( word)+…$/);
    expect(titleFromText('😀'.repeat(150))).toBe(`${'😀'.repeat(99)}…`);
  });
});

describe('the structure of a text cell', () => {
  const parts = (text: string) => csvTextStructure(text).blocks.map((b) => [b.kind, text.slice(b.start, b.end)]);

  it('takes a short first line as the headline and title, and the other lines as paragraphs', () => {
    const text = 'Russia defends arms sales\n\nLavrov said Moscow sells no arms.\nHe spoke in Tehran.\n';
    expect(csvTextStructure(text).title).toBe('Russia defends arms sales');
    expect(parts(text)).toEqual([
      ['headline', 'Russia defends arms sales'],
      ['paragraph', 'Lavrov said Moscow sells no arms.'],
      ['paragraph', 'He spoke in Tehran.'],
    ]);
    const docs = value(parseCsv('h.csv', `Text\n"${text}"\n`, { textColumn: 'Text' }));
    expect(docs[0]!.title).toBe('Russia defends arms sales');
  });

  it('keeps a first line that is a sentence, or a lone line, as a paragraph', () => {
    expect(csvTextStructure('Lavrov spoke on Wednesday.\nHe denied it.').title).toBeUndefined();
    expect(parts('Lavrov spoke on Wednesday.\nHe denied it.').map(([k]) => k)).toEqual(['paragraph', 'paragraph']);
    expect(parts('Only a headline\n')).toEqual([['paragraph', 'Only a headline']]);
  });

  it('splits flattened paragraphs at a sentence end and two spaces, not at single spaces', () => {
    expect(parts('One. Two  still two.  Three?  "Four."  five')).toEqual([
      ['paragraph', 'One. Two  still two.'],
      ['paragraph', 'Three?'],
      ['paragraph', '"Four."'],
      ['paragraph', 'five'],
    ]);
    expect(parts('no breaks at all')).toEqual([['paragraph', 'no breaks at all']]);
  });
});

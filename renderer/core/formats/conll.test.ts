import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeText } from '../model/text.ts';
import type { Schema } from '../model/types.ts';
import { parseConll, serializeConll, splitSentences, tokenize } from './conll.ts';
import { datasetFrom } from './fixtures/make-dataset.ts';
import type { ImportedAnnotation, ImportedDocument, Result } from './types.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/conll/${name}`, import.meta.url), 'utf8');
const ARTICLE = canonicalizeText(readFileSync(new URL('../../../seeds/globalpost-russia-syria-arms.txt', import.meta.url), 'utf8'));

const SCHEMA: Schema = {
  version: 1,
  labels: ['Claim', 'Speaker', 'Source', 'Cue'].map((name, i) => ({ name, color: `#00000${i}` })),
  relationTypes: [],
};

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.file}:${r.error.line}: ${r.error.message}`);
  return r.value;
}

function span(text: string, quote: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(quote, from);
  if (start < 0) throw new Error(`"${quote}" not in text`);
  return { start, end: start + quote.length };
}

function doc(title: string, text: string, anns: Omit<ImportedAnnotation, 'key'>[]): ImportedDocument {
  return {
    title,
    text,
    blocks: [],
    metadata: {},
    relations: [],
    sourceFile: 'x',
    annotations: anns.map((a, i) => ({ key: `k${i}`, ...a })),
  };
}

/** Token lines of the output, with the document and sentence structure dropped. */
function tokenLines(content: string): [string, string][] {
  return content
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('-DOCSTART-'))
    .map((l) => l.split('\t') as [string, string]);
}

describe('tokenize', () => {
  it('separates words and punctuation and keeps emoji sequences whole', () => {
    const text = 'Lavrov said: "We don\'t 👍🏽 🇷🇺 👩‍👩‍👧 U.S. 3.5 naïve नमस्ते"';
    expect(tokenize(text).map((t) => t.text)).toEqual([
      'Lavrov',
      'said',
      ':',
      '"',
      'We',
      'don',
      "'",
      't',
      '👍🏽',
      '🇷🇺',
      '👩‍👩‍👧',
      'U',
      '.',
      'S',
      '.',
      '3',
      '.',
      '5',
      'naïve',
      'नमस्ते',
      '"',
    ]);
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('splitSentences', () => {
  it('splits at . ! ? before a capital or a quote, and at line breaks', () => {
    const text = 'He left. "We stay," she said. It costs 3.5 dollars. really? Yes! “No.” Then\nnext line';
    expect(splitSentences(text).map((s) => s.map((t) => t.text).join(' '))).toEqual([
      'He left .',
      '" We stay , " she said .',
      'It costs 3 . 5 dollars . really ?',
      'Yes !',
      '“ No . ”',
      'Then',
      'next line',
    ]);
  });
});

describe('serializeConll', () => {
  const claim = 'They are providing arms and weapons to the Syrian opposition that can be used in fighting against the Damascus government';
  const claimSpan = span(ARTICLE, claim);
  const sample = doc('Russia defends arms sales', ARTICLE, [
    { label: 'Claim', ranges: [claimSpan] },
    { label: 'Speaker', ranges: [span(ARTICLE, 'Lavrov', claimSpan.end)] },
    { label: 'Cue', ranges: [span(ARTICLE, 'said', claimSpan.end)] },
    { label: 'Source', ranges: [span(ARTICLE, 'Iranian state television')] },
    { label: 'Source', ranges: [span(ARTICLE, 'Reuters', span(ARTICLE, 'Iranian state television').end)] },
    { label: 'Speaker', ranges: [span(ARTICLE, "Russia's foreign minister Sergei Lavrov")] },
  ]);
  const ds = datasetFrom([sample], SCHEMA);

  it.each(['BIO', 'BILOU'] as const)('%s: tokens align with the spans', (scheme) => {
    const { content, report } = serializeConll(ds, { scheme });
    expect(report).toEqual({ overlapsDropped: 0, documentsAffected: 0, spansWidened: 0, discontinuousJoined: 0, emptyDropped: 0 });
    const lines = tokenLines(content);
    // The token column is exactly the article's tokens, in order.
    expect(lines.map(([t]) => t)).toEqual(tokenize(ARTICLE).map((t) => t.text));
    // Each span: the B-/U- token starts its quote, the tokens of the span spell out the quote.
    const begins = lines.flatMap(([tok, tag], i) => (/^[BU]-/.test(tag) ? [[tok, tag, i] as const] : []));
    expect(begins).toHaveLength(sample.annotations.length);
    for (const [tok, tag, i] of begins) {
      const label = tag.slice(2);
      const a = sample.annotations.find(
        (x) =>
          x.label === label &&
          ARTICLE.slice(x.ranges[0]!.start).startsWith(tok) &&
          tokenize(ARTICLE).findIndex((t) => t.start === x.ranges[0]!.start) === i,
      )!;
      expect(a).toBeDefined();
      const quote = ARTICLE.slice(a.ranges[0]!.start, a.ranges[0]!.end);
      expect(quote.startsWith(tok)).toBe(true);
      const inside: string[] = [tok];
      let j = i + 1;
      while (j < lines.length && lines[j]![1] !== 'O' && !/^[BU]-/.test(lines[j]![1])) inside.push(lines[j++]![0]);
      expect(inside.join('')).toBe(quote.replace(/\s+/g, ''));
      if (scheme === 'BILOU') expect(lines[j - 1]![1]).toBe(inside.length === 1 ? `U-${label}` : `L-${label}`);
      expect(quote.endsWith(inside[inside.length - 1]!)).toBe(true);
    }
  });

  it('writes -DOCSTART-, the document id and title, and one sentence per block', () => {
    const two = datasetFrom([doc('First', 'Lavrov spoke. Then he left.', []), doc('Second', 'Hi.', [])], SCHEMA);
    expect(serializeConll(two, { scheme: 'BIO' }).content).toBe(
      [
        '-DOCSTART-\tO',
        '# doc_id = d1',
        '# title = First',
        '',
        'Lavrov\tO',
        'spoke\tO',
        '.\tO',
        '',
        'Then\tO',
        'he\tO',
        'left\tO',
        '.\tO',
        '',
        '-DOCSTART-\tO',
        '# doc_id = d2',
        '# title = Second',
        '',
        'Hi\tO',
        '.\tO',
        '',
        '',
      ].join('\n'),
    );
  });

  it('keeps a span whole across a sentence boundary', () => {
    const text = 'He said. They lie. Done.';
    const d = datasetFrom([doc('t', text, [{ label: 'Claim', ranges: [span(text, 'said. They')] }])], SCHEMA);
    const blocks = serializeConll(d, { scheme: 'BIO' }).content.split('\n\n').slice(1, -1);
    expect(blocks).toEqual(['He\tO\nsaid\tB-Claim\n.\tI-Claim\nThey\tI-Claim\nlie\tO\n.\tO', 'Done\tO\n.\tO']);
  });

  it('applies the overlap rule: longest, then earliest, then label order, and counts the drops', () => {
    const t1 = "Russia's foreign minister Sergei Lavrov defended his country";
    const t2 = 'Clinton said Russia lies';
    const d = datasetFrom(
      [
        doc('a', t1, [
          { label: 'Speaker', ranges: [span(t1, 'Sergei Lavrov')] },
          { label: 'Source', ranges: [span(t1, "Russia's foreign minister Sergei Lavrov")] }, // longest: kept
          { label: 'Claim', ranges: [span(t1, 'Lavrov defended his')] }, // overlaps the longest: dropped
          { label: 'Cue', ranges: [span(t1, 'defended')] }, // free after the drop: kept
        ]),
        doc('b', t2, [
          { label: 'Cue', ranges: [span(t2, 'Clinton said')] }, // same length as "said Russia", earlier: kept
          { label: 'Claim', ranges: [span(t2, 'said Russia')] },
          { label: 'Source', ranges: [span(t2, 'lies')] }, // same span, label order Claim < Source
          { label: 'Claim', ranges: [span(t2, 'lies')] },
        ]),
      ],
      SCHEMA,
    );
    const { content, report } = serializeConll(d, { scheme: 'BILOU' });
    expect(report.overlapsDropped).toBe(4);
    expect(report.documentsAffected).toBe(2);
    expect(tokenLines(content).map(([, tag]) => tag)).toEqual([
      'B-Source',
      'I-Source',
      'I-Source',
      'I-Source',
      'I-Source',
      'I-Source',
      'L-Source',
      'U-Cue',
      'O',
      'O',
      'B-Cue',
      'L-Cue',
      'O',
      'U-Claim',
    ]);
    // The labels option filters and sets the priority.
    const onlyTwo = serializeConll(d, { scheme: 'BIO', labels: ['Source', 'Claim'] });
    expect(
      tokenLines(onlyTwo.content)
        .slice(10)
        .map(([, tag]) => tag),
    ).toEqual(['O', 'B-Claim', 'I-Claim', 'B-Source']);
    expect(onlyTwo.report.overlapsDropped).toBe(2);
  });

  it('widens spans that cut tokens, joins discontinuous ranges, drops white-space spans, filters layers', () => {
    const text = 'Sergei Lavrov said it';
    const d = datasetFrom(
      [
        doc('w', text, [
          { label: 'Speaker', ranges: [{ start: 1, end: 5 }] },
          { label: 'Claim', ranges: [span(text, 'said'), span(text, 'it')] },
          { label: 'Cue', ranges: [{ start: 6, end: 7 }] },
          { label: 'Source', ranges: [span(text, 'Lavrov')], layer: 'anna' },
        ]),
      ],
      SCHEMA,
    );
    const gold = serializeConll(d, { scheme: 'BIO', layer: 'gold' });
    expect(gold.report).toMatchObject({ spansWidened: 1, discontinuousJoined: 1, emptyDropped: 1, overlapsDropped: 0 });
    expect(tokenLines(gold.content)).toEqual([
      ['Sergei', 'B-Speaker'],
      ['Lavrov', 'O'],
      ['said', 'B-Claim'],
      ['it', 'I-Claim'],
    ]);
    expect(tokenLines(serializeConll(d, { scheme: 'BIO', layer: 'anna' }).content).map(([, t]) => t)).toEqual(['O', 'B-Source', 'O', 'O']);
  });

  it('keeps a span that ends in white space after the last token (no crash)', () => {
    const text = 'Putin said it ';
    const d = datasetFrom(
      [
        doc('t', text, [
          { label: 'Claim', ranges: [{ start: 11, end: 14 }] },
          { label: 'Speaker', ranges: [{ start: 13, end: 14 }] },
        ]),
      ],
      SCHEMA,
    );
    const { content, report } = serializeConll(d, { scheme: 'BILOU' });
    expect(tokenLines(content)).toEqual([
      ['Putin', 'O'],
      ['said', 'O'],
      ['it', 'U-Claim'],
    ]);
    expect(report.emptyDropped).toBe(1);
  });

  it('round-trips non-overlapping annotations: labels and token spans are equal (fast-check)', () => {
    const words = ['Lavrov', 'said', 'Reuters', '.', ',', '"', 'We', 'arms', '😀', '👍🏽', 'नमस्ते', "don't", 'U.S.', '\n', 'The'];
    const arbDoc = fc
      .array(fc.constantFrom(...words), { minLength: 1, maxLength: 30 })
      .map((ws) => ws.join(' ').replace(/ ?\n ?/g, '\n'))
      .filter((text) => tokenize(text).length > 0) // CoNLL cannot hold a document without tokens
      .chain((text) => {
        const n = tokenize(text).length;
        return fc.tuple(
          fc.constant(text),
          fc.uniqueArray(fc.nat(Math.max(0, n)), { maxLength: 8 }),
          fc.array(fc.constantFrom('Claim', 'Speaker', 'Cue'), { minLength: 8, maxLength: 8 }),
        );
      });
    fc.assert(
      fc.property(fc.array(arbDoc, { minLength: 1, maxLength: 3 }), fc.constantFrom('BIO' as const, 'BILOU' as const), (docs, scheme) => {
        const originals = docs.map(([text, cuts, labels], i) => {
          const tokens = tokenize(text);
          const c = [...cuts].filter((x) => x < tokens.length).sort((a, b) => a - b);
          const anns: Omit<ImportedAnnotation, 'key'>[] = [];
          for (let k = 0; k + 1 < c.length; k += 2) {
            anns.push({
              label: labels[k]!,
              ranges: [{ start: tokens[c[k]!]!.start, end: tokens[c[k + 1]! - 1 < c[k]! ? c[k]! : c[k + 1]! - 1]!.end }],
            });
          }
          return doc(`doc ${i}`, text, anns);
        });
        const { content, report } = serializeConll(datasetFrom(originals, SCHEMA), { scheme });
        expect(report.overlapsDropped).toBe(0);
        const back = value(parseConll('round.conll', content));
        expect(back).toHaveLength(originals.length);
        const tokenSpans = (d: ImportedDocument) => {
          const toks = tokenize(d.text);
          return d.annotations
            .map(
              (a) =>
                [
                  a.label,
                  toks.findIndex((t) => t.start === a.ranges[0]!.start),
                  toks.findIndex((t) => t.end === a.ranges[0]!.end),
                ] as const,
            )
            .sort((x, y) => x[1] - y[1]);
        };
        back.forEach((b, i) => {
          expect(tokenize(b.text).map((t) => t.text)).toEqual(tokenize(originals[i]!.text).map((t) => t.text));
          expect(tokenSpans(b)).toEqual(tokenSpans(originals[i]!));
          expect(b.metadata).toEqual({ doc_id: `d${i + 1}` });
          expect(b.title).toBe(`doc ${i}`);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseConll', () => {
  it('reads a CoNLL-2003 file (four columns, tag last) into documents with text and spans', () => {
    const docs = value(parseConll('conll2003.txt', fixture('conll2003.txt'), { layer: 'gold' }));
    expect(docs).toHaveLength(2);
    const [a, b] = docs as [ImportedDocument, ImportedDocument];
    expect(a.text).toBe('EU rejects German call to boycott British lamb .\nPeter Blackburn');
    expect(a.annotations.map((x) => [x.label, a.text.slice(x.ranges[0]!.start, x.ranges[0]!.end), x.layer])).toEqual([
      ['ORG', 'EU', 'gold'],
      ['MISC', 'German', 'gold'],
      ['MISC', 'British', 'gold'],
      ['PER', 'Peter Blackburn', 'gold'],
    ]);
    expect(a.blocks).toHaveLength(2);
    expect(a.title).toBe('EU rejects German call to boycott British lamb .');
    expect(b.text).toBe('BRUSSELS 1996-08-22');
    expect(b.annotations.map((x) => x.label)).toEqual(['LOC']);
  });

  it('accepts IOB1: I-X after O or another label starts a span', () => {
    const [d] = value(parseConll('iob1.tsv', fixture('iob1.tsv')));
    expect(d!.metadata).toEqual({ doc_id: 'iob1-sample' });
    expect(d!.annotations.map((x) => [x.label, d!.text.slice(x.ranges[0]!.start, x.ranges[0]!.end)])).toEqual([
      ['ORG', 'U.N.'],
      ['PER', 'Ekeus'],
      ['LOC', 'Baghdad'],
      ['PER', 'Sergei Lavrov'],
      ['LOC', 'Russia'],
    ]);
  });

  it('reads BILOU and BIOES tags, a B- right after a span, and an L- without a start', () => {
    const content = 'a\tU-X\nb\tB-X\nc\tL-X\nd\tB-Y\ne\tB-Y\nf\tS-Z\ng\tB-Z\nh\tE-Z\ni\tL-W\n';
    const [d] = value(parseConll('t.conll', content));
    expect(d!.annotations.map((x) => `${x.label}:${d!.text.slice(x.ranges[0]!.start, x.ranges[0]!.end)}`)).toEqual([
      'X:a',
      'X:b c',
      'Y:d',
      'Y:e',
      'Z:f',
      'Z:g h',
      'W:i',
    ]);
  });

  it.each([
    ['Lavrov\tB-PER\nsaid\tX-CUE\n', 2, /"X-CUE" is not a BIO\/BILOU tag/],
    ['Lavrov\tB-PER\n\nsaid\n', 3, /a token and a tag/],
    ['Lavrov B-\n', 1, /not a BIO/],
    ['\tO\n', 1, /token column is empty/],
  ])('reports a malformed line in %j at line %i', (content, line, pattern) => {
    const r = parseConll('bad.conll', content);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ file: 'bad.conll', line });
      expect(r.error.message).toMatch(pattern);
    }
  });

  it('fails on a file without tokens and warns about empty documents', () => {
    expect(parseConll('e.conll', '\n# only a comment\n').ok).toBe(false);
    const r = parseConll('e.conll', '-DOCSTART-\tO\n\n-DOCSTART-\tO\n\nHi\tO\n');
    expect(r.ok && r.warnings).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/without tokens/) })]);
  });

  it('never throws on arbitrary input, and every span lies inside its text', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('O', 'B-X', 'I-X', 'L-X', 'U-Y', 'E-Y', 'S-X', 'I-Y'))
        .map(([t, g]) => `${t}\t${g}`),
      fc.constant(''),
      fc.constant('-DOCSTART- -X- O'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 15 }), (lines) => {
        const r = parseConll('any.conll', lines.join('\n'));
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
        else
          for (const d of r.value)
            for (const a of d.annotations)
              for (const g of a.ranges) expect(0 <= g.start && g.start < g.end && g.end <= d.text.length).toBe(true);
      }),
    );
  });
});

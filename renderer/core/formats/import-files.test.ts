import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.ts';
import { detectFormat } from './detect.ts';
import { ARTICLE_PAGES, makePdf } from './fixtures/pdf/make-pdf.ts';
import { jsdomDom } from './fixtures/html/jsdom-dom.ts';
import { guessCsvOptions } from './csv.ts';
import { importFiles, type FileImportResult, type ImportFile } from './import-files.ts';
import type { PdfJs } from './pdf.ts';
import { describeError } from './types.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)));
const lib = pdfjs as unknown as PdfJs;
const file = (name: string, content: string | Uint8Array): ImportFile => ({
  name,
  data: typeof content === 'string' ? enc(content) : content,
});

function byFile(results: FileImportResult[]): Record<string, string> {
  return Object.fromEntries(
    results.map((r) => [
      r.file,
      r.status === 'parsed'
        ? `${r.format}: ${r.documents!.length} docs, ${r.documents!.reduce((n, d) => n + d.annotations.length, 0)} annotations`
        : `${r.format} failed: ${describeError(r.error!)}`,
    ]),
  );
}

describe('detectFormat', () => {
  it('tells formats apart by extension and content', () => {
    const cases: [string, string, string][] = [
      ['a.txt', 'Hello world.', 'txt'],
      ['a', 'Hello world.', 'txt'],
      ['a.md', '# Hi', 'md'],
      ['page.htm', '<p>x</p>', 'html'],
      ['saved', '<!DOCTYPE html><html>', 'html'],
      ['x.bin', '%PDF-1.7 …', 'pdf'],
      ['a.csv', 'Text\n"x"', 'csv'],
      ['a.tsv', 'title\ttext\nx\ty', 'tsv'],
      ['a.tsv', 'EU\tB-ORG\nrejects\tO\nGerman\tB-MISC\ncall\tO', 'conll'],
      ['a.txt', '-DOCSTART- -X- O\n\nEU B-ORG', 'conll'],
      ['a.jsonl', '{"title":"t","text":"x","textHash":"h","annotations":[]}', 'jsonl'],
      ['a.jsonl', '{"text":"x","label":[[0,1,"A"]]}', 'doccano'],
      ['a.jsonl', '{"text":"x","spans":[]}', 'spacy'],
      ['a.jsonl', '{"data":{"text":"x"},"annotations":[]}', 'labelstudio'],
      ['a.json', '[{"id":1,"data":{"text":"x"}}]', 'labelstudio'],
      ['a.json', '{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection"}', 'w3c'],
      ['a.json', '[{"text":"x"}]', 'json'],
      ['a.ann', 'T1\tClaim 0 1\tx', 'brat'],
      ['dir/annotation.conf', '[entities]', 'brat-conf'],
      ['a.zip', 'PK\u0003\u0004', 'archive'],
      ['photo.png', '\u0089PNG', 'unknown'],
    ];
    for (const [name, head, format] of cases) expect([name, detectFormat(name, enc(head))]).toEqual([name, format]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM and UTF-16 with either BOM', () => {
    const text = 'Lavrov 🇷🇺 said';
    const le = new Uint8Array([
      0xff,
      0xfe,
      ...[...text].flatMap((c) => [...Array(c.length).keys()].flatMap((k) => [c.charCodeAt(k) & 0xff, c.charCodeAt(k) >> 8])),
    ]);
    const be = new Uint8Array([
      0xfe,
      0xff,
      ...Array.from({ length: text.length }, (_, i) => [text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff]).flat(),
    ]);
    for (const bytes of [enc(text), new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)]), le, be]) {
      const r = decodeText('a.txt', bytes);
      expect(r.ok && r.value).toBe(text);
    }
  });

  it('fails on invalid UTF-8 with the file, line and byte', () => {
    const r = decodeText('old.txt', new Uint8Array([...enc('line one\nline two caf'), 0xe9, ...enc(' ok')]));
    expect(r.ok ? 'ok' : describeError(r.error)).toBe(
      'old.txt:2: The file is not valid UTF-8 text (byte 0xE9 at position 21). Save it as UTF-8 and import it again.',
    );
  });

  it('agrees with a strict decoder on arbitrary bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const body =
          bytes[0] === 0xff || bytes[0] === 0xfe || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
            ? bytes.subarray(0, 0)
            : bytes;
        let expected: string | null;
        try {
          expected = strict.decode(body);
        } catch {
          expected = null;
        }
        const r = decodeText('f', body);
        expect(r.ok ? r.value : null).toBe(expected);
      }),
    );
  });
});

describe('importFiles', () => {
  it('pairs brat .txt and .ann, reads annotation.conf as a schema, and reads an unpaired .txt as an article', async () => {
    const results = await importFiles([
      { name: 'brat/lavrov.txt', data: fixture('brat/lavrov.txt') },
      { name: 'brat/lavrov.ann', data: fixture('brat/lavrov.ann') },
      { name: 'brat/annotation.conf', data: fixture('brat/annotation.conf') },
      file('notes/readme.txt', 'Just a note.\n\nSecond paragraph.'),
      file('orphan.ann', 'T1\tClaim 0 3\tabc'),
    ]);
    expect(byFile(results)).toEqual({
      'brat/lavrov.ann': expect.stringMatching(/^brat: 1 docs, [1-9]\d* annotations$/),
      'brat/annotation.conf': 'brat-conf: 0 docs, 0 annotations',
      'notes/readme.txt': 'txt: 1 docs, 0 annotations',
      'orphan.ann': 'brat failed: orphan.ann: There is no text file orphan.txt beside it; brat annotations need their .txt.',
    });
    const brat = results.find((r) => r.file === 'brat/lavrov.ann')!.documents![0]!;
    expect(brat.annotations.every((a) => a.layer === 'suggestions')).toBe(true);
    expect(brat.relations.length).toBeGreaterThan(0);
    expect(results.find((r) => r.format === 'brat-conf')!.schema!.labels.map((l) => l.name)).toContain('Claim');
  });

  it('dispatches each format to its parser and keeps other files going when one fails', async () => {
    const results = await importFiles(
      [
        file('a.md', '# Title\n\nBody 😀'),
        file('b.html', '<html><body><article><p>Some article text here.</p></article></body></html>'),
        { name: 'c.pdf', data: await makePdf(ARTICLE_PAGES) },
        { name: 'd.jsonl', data: fixture('doccano/relations.jsonl') },
        { name: 'e.json', data: fixture('labelstudio/tasks.json') },
        { name: 'f.conll', data: fixture('conll/conll2003.txt') },
        file('g.jsonl', '{"text":"ok"}\n{broken\n'),
        file('h.pdf', 'not a pdf at all'),
        { name: 'i.txt', data: new Uint8Array([0x61, 0xff, 0x62]) },
        file('j.png', '\u0089PNG'),
        file('.DS_Store', 'junk'),
      ],
      { html: jsdomDom, pdfjs: lib },
    );
    const summary = byFile(results);
    expect(summary['a.md']).toBe('md: 1 docs, 0 annotations');
    expect(summary['b.html']).toBe('html: 1 docs, 0 annotations');
    expect(summary['c.pdf']).toBe('pdf: 1 docs, 0 annotations');
    expect(summary['d.jsonl']).toMatch(/^doccano: \d+ docs, [1-9]\d* annotations$/);
    expect(summary['e.json']).toMatch(/^labelstudio: \d+ docs, [1-9]\d* annotations$/);
    expect(summary['f.conll']).toMatch(/^conll: \d+ docs, [1-9]\d* annotations$/);
    expect(summary['g.jsonl']).toMatch(/^doccano failed: g\.jsonl:2: /);
    expect(summary['h.pdf']).toBe('pdf failed: h.pdf: This is not a PDF file: it does not start with "%PDF-".');
    expect(summary['i.txt']).toMatch(/^txt failed: i\.txt:1: The file is not valid UTF-8 text \(byte 0xFF/);
    expect(summary['j.png']).toMatch(/^unknown failed: j\.png: Claimscope does not import \.png files/);
    expect(summary['.DS_Store']).toBeUndefined();
  });

  it('fails HTML and PDF clearly when no DOM or pdf.js is given', async () => {
    const results = await importFiles([file('a.html', '<p>x</p>'), { name: 'b.pdf', data: await makePdf(ARTICLE_PAGES) }]);
    expect(byFile(results)).toEqual({
      'a.html': 'html failed: a.html: HTML pages cannot be read here (no DOM is available).',
      'b.pdf': 'pdf failed: b.pdf: PDF files cannot be read here (no PDF reader is available).',
    });
  });

  it('reads CSV with chosen options, or guesses the text column', async () => {
    const csv = 'id,Headline,Body,section\n1,First,"Body one, long enough.",world\n2,Second,"Body two.",sport\n';
    const [guessed] = await importFiles([file('news.csv', csv)]);
    expect(guessed!.csv!.options).toEqual({ textColumn: 'Body', titleColumn: 'Headline', metadataColumns: ['id', 'section'] });
    expect(guessed!.documents!.map((d) => [d.title, d.text, d.metadata['section']])).toEqual([
      ['First', 'Body one, long enough.', 'world'],
      ['Second', 'Body two.', 'sport'],
    ]);
    const [chosen] = await importFiles([file('news.csv', csv)], { csv: { 'news.csv': { textColumn: 'Headline', metadataColumns: [] } } });
    expect(chosen!.documents!.map((d) => d.text)).toEqual(['First', 'Second']);
    const [missing] = await importFiles([file('news.csv', csv)], { csv: { 'news.csv': { textColumn: 'Nope' } } });
    expect(missing!.status).toBe('failed');
    expect(missing!.error!.message).toMatch(/There is no text column "Nope"/);
  });

  it('guesses the longest column as text when none is named like text', () => {
    expect(
      guessCsvOptions({
        columns: ['a', 'b'],
        rows: [
          ['x', 'a much longer cell'],
          ['y', 'another long cell'],
        ],
        rowCount: 2,
        delimiter: ',',
      }).textColumn,
    ).toBe('b');
  });

  it('opens zip archives and names entries by archive path', async () => {
    const zip = zipSync({ 'inside/one.txt': enc('One article.'), 'inside/two.md': enc('# Two\n\nText'), '__MACOSX/._one.txt': enc('x') });
    const results = await importFiles([{ name: 'batch.zip', data: zip }, file('broken.zip', 'PK\u0003\u0004garbage')]);
    expect(byFile(results)).toEqual({
      'batch.zip/inside/one.txt': 'txt: 1 docs, 0 annotations',
      'batch.zip/inside/two.md': 'md: 1 docs, 0 annotations',
      'broken.zip': expect.stringMatching(/^archive failed: broken\.zip: The zip archive cannot be opened/),
    });
  });

  it('passes the chosen layer to formats without layers', async () => {
    const [r] = await importFiles([{ name: 'd.jsonl', data: fixture('doccano/relations.jsonl') }], { layer: 'gold' });
    expect(new Set(r!.documents!.flatMap((d) => d.annotations.map((a) => a.layer)))).toEqual(new Set(['gold']));
  });

  it('never throws on arbitrary bytes under any name; every offset lies inside its text', async () => {
    const names = [
      'x.txt',
      'x.md',
      'x.csv',
      'x.tsv',
      'x.jsonl',
      'x.json',
      'x.ann',
      'x.conll',
      'x.zip',
      'x',
      'annotation.conf',
      'x.pdf',
      'x.html',
    ];
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map(enc),
      fc
        .constantFrom('{"text":"abc","label":[[0,9,"X"]]}', 'T1\tClaim 0 99\tx', 'a\tB-X\nb\tI-X\n', 'text\n"x"', '[{"data":{"text":"é"}}]')
        .map(enc),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...names), content), { minLength: 1, maxLength: 3 }), async (list) => {
        const files = list.map(([name, data], i) => ({ name: `${i}/${name}`, data }));
        files.push(...list.filter(([n]) => n === 'x.ann').map(([, data], i) => ({ name: `p${i}/x.ann`, data })), {
          name: 'p0/x.txt',
          data: enc('some text 😀 here'),
        });
        const results = await importFiles(files, { html: jsdomDom, pdfjs: lib });
        for (const r of results) {
          if (r.status === 'failed') {
            expect(r.error!.message.length).toBeGreaterThan(0);
            continue;
          }
          for (const d of r.documents!) {
            for (const b of d.blocks) expect(b.start >= 0 && b.start <= b.end && b.end <= d.text.length).toBe(true);
            for (const a of d.annotations)
              for (const s of a.ranges) expect(s.start >= 0 && s.start < s.end && s.end <= d.text.length).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});

/**
 * The importers under fuzz, each called through its own parse function (the stable entry points
 * of renderer/core/formats), with a generator of hostile inputs built from that format's valid
 * fixtures: random bytes decoded as the app decodes them, BOMs, CRLF, mutations of valid files
 * (insertions, deletions, duplicated and truncated parts, odd characters, JSON leaves replaced
 * by values of other types), huge fields, deep nesting and, for zip inputs, zip bombs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readArchive, writeArchive } from '../renderer/core/formats/archive.ts';
import { txtFormat } from '../renderer/core/formats/article.ts';
import { parseAnnotationConf } from '../renderer/core/formats/brat-conf.ts';
import { parseBrat } from '../renderer/core/formats/brat.ts';
import { parseConll } from '../renderer/core/formats/conll.ts';
import { guessCsvOptions, parseCsv, previewCsv } from '../renderer/core/formats/csv.ts';
import { decodeText } from '../renderer/core/formats/decode.ts';
import { parseDoccano } from '../renderer/core/formats/doccano.ts';
import { jsdomDom } from '../renderer/core/formats/fixtures/html/jsdom-dom.ts';
import { ARTICLE_PAGES, makePdf } from '../renderer/core/formats/fixtures/pdf/make-pdf.ts';
import { PROJECT, sampleDataset } from '../renderer/core/formats/fixtures/roundtrip.ts';
import { parseHtml } from '../renderer/core/formats/html.ts';
import { parseLabelStudio } from '../renderer/core/formats/labelstudio-parse.ts';
import { parseMarkdown } from '../renderer/core/formats/markdown.ts';
import { parseJsonl, serializeJsonl } from '../renderer/core/formats/native-jsonl.ts';
import { parsePdf, type PdfJs } from '../renderer/core/formats/pdf.ts';
import { parseSpacy } from '../renderer/core/formats/spacy.ts';
import { concatBytes } from '../renderer/core/formats/stream.ts';
import { ok, type ImportedDocument, type Result } from '../renderer/core/formats/types.ts';
import { parseW3c } from '../renderer/core/formats/w3c.ts';
import { settings } from './settings.ts';
import { zipWith } from './zip-bomb.ts';

const fixture = (path: string) => readFileSync(new URL(`../renderer/core/formats/fixtures/${path}`, import.meta.url), 'utf8');
const seedText = (path: string) => readFileSync(new URL(`../seeds/${path}`, import.meta.url), 'utf8');

/** What one fuzz case gives an importer: the file's name and its bytes. */
export interface FuzzInput {
  name: string;
  data: Uint8Array;
  /** Files read with it (brat's `.txt` and `annotation.conf`). */
  siblings?: { name: string; data: Uint8Array }[];
}

/** An importer's answer: documents (or other parsed content) or its error result. */
export type ImportOutcome = Result<ImportedDocument[]> | Result<unknown>;

export interface Importer {
  id: string;
  /** Calls the format's parse function the way the app does (text decoded first). */
  parse(input: FuzzInput): Promise<ImportOutcome>;
  arbitrary: fc.Arbitrary<FuzzInput>;
}

// ---------------------------------------------------------------------------------------------
// Building blocks of hostile text

const BOMS = ['\uFEFF', '\uFEFF\uFEFF', ''];
const ODD = [
  '\0',
  '\uFFFF',
  '\uFFFE',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u200D',
  '\r',
  '\r\n',
  '\t',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '&',
  ',',
  ';',
  '\n\n',
  '#',
  '*',
  '|',
  '-1',
  '1e309',
  'NaN',
  '𝔸',
  '👩‍👩‍👧',
  'q\u0307',
  '\u2028',
];

const arbOdd = fc.constantFrom(...ODD);
const arbJunk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  arbOdd,
  fc.array(arbOdd, { maxLength: 8 }).map((a) => a.join('')),
);

type Edit = { at: number; kind: 'insert' | 'delete' | 'duplicate' | 'truncate'; size: number; junk: string };
const arbEdit: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('insert', 'delete', 'duplicate', 'truncate'),
  size: fc.nat({ max: 200 }),
  junk: arbJunk,
});

function applyEdits(base: string, edits: readonly Edit[]): string {
  let s = base;
  for (const e of edits) {
    const at = Math.floor(e.at * s.length);
    if (e.kind === 'insert') s = s.slice(0, at) + e.junk + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.size);
    else if (e.kind === 'duplicate') s = s.slice(0, at + e.size) + s.slice(at, at + e.size) + s.slice(at);
    else s = s.slice(0, at);
  }
  return s;
}

/** Replaces a JSON leaf (or a whole value) by a value of another type, as a sloppy tool would. */
const arbWrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 31),
    1e308,
    '',
    ' ',
    '0',
    '-1',
    [],
    {},
    [[]],
    [null],
    { start: -1 },
    '__proto__',
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

function mutateJson(value: unknown, paths: readonly number[], replacements: readonly unknown[]): unknown {
  let out = structuredClone(value);
  paths.forEach((p, i) => {
    const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, k) => (leaves.push({ parent: v, key: k }), walk(x)));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          leaves.push({ parent: v as Record<string, unknown>, key: k });
          walk(x);
        }
      }
    };
    walk(out);
    if (leaves.length === 0) {
      out = replacements[i];
      return;
    }
    const leaf = leaves[p % leaves.length]!;
    (leaf.parent as Record<string | number, unknown>)[leaf.key] = replacements[i];
  });
  return out;
}

const { hugeBytes, bombBytes } = settings();
const HUGE = 'x'.repeat(hugeBytes);

/** Text variants of one format, starting from its valid examples. */
function textArbitrary(bases: readonly string[], extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string> {
  const arbBase = fc.constantFrom(...bases);
  const edited = fc.tuple(arbBase, fc.array(arbEdit, { maxLength: 6 })).map(([b, e]) => applyEdits(b, e));
  const crlf = arbBase.map((b) => b.replace(/\n/g, '\r\n'));
  const lonelyCr = arbBase.map((b) => b.replace(/\n/g, '\r'));
  const huge = fc.tuple(arbBase, fc.double({ min: 0, max: 1, noNaN: true })).map(([b, at]) => {
    const i = Math.floor(at * b.length);
    return b.slice(0, i) + HUGE + b.slice(i);
  });
  const hugeLines = fc.nat({ max: 3 }).map((k) => ['\n', 'a\n', '\r\n,', ' \t'][k]!.repeat(Math.floor(hugeBytes / 4)));
  const nesting = fc
    .tuple(
      fc.constantFrom('[', '{"a":', '<div>', '> ', '- ', '(', '*', '<b><i>', '"'),
      fc.integer({ min: 1_000, max: Math.max(1_000, Math.floor(hugeBytes / 10)) }),
    )
    .map(([open, n]) => open.repeat(n));
  const variants = fc.oneof(
    { weight: 6, arbitrary: edited },
    { weight: 1, arbitrary: crlf },
    { weight: 1, arbitrary: lonelyCr },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: hugeLines },
    { weight: 1, arbitrary: nesting },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...ODD), maxLength: 60 }) },
    ...extra.map((arbitrary) => ({ weight: 3, arbitrary })),
  );
  return fc.tuple(fc.constantFrom(...BOMS), variants).map(([bom, s]) => bom + s);
}

/** JSON variants: the valid documents with leaves replaced by wrong types, one per line or as an array. */
function jsonArbitrary(values: readonly unknown[], layout: 'lines' | 'document'): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...values),
      fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      fc.array(arbWrongValue, { minLength: 4, maxLength: 4 }),
    )
    .map(([v, paths, repl]) => {
      const m = mutateJson(v, paths, repl);
      return layout === 'lines' && Array.isArray(m) ? m.map((x) => JSON.stringify(x)).join('\n') : JSON.stringify(m);
    });
}

const encoder = new TextEncoder();

/** Bytes of text, sometimes as UTF-16 with BOM or with invalid UTF-8 bytes spliced in. */
function bytesOf(arbText: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 8, arbitrary: arbText.map((s) => encoder.encode(s)) },
    {
      weight: 1,
      arbitrary: arbText.map((s) => {
        const out = new Uint8Array(2 + s.length * 2);
        out.set([0xff, 0xfe]);
        for (let i = 0; i < s.length; i++) {
          out[2 + 2 * i] = s.charCodeAt(i) & 0xff;
          out[3 + 2 * i] = s.charCodeAt(i) >> 8;
        }
        return out;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(arbText, fc.uint8Array({ maxLength: 16 })).map(([s, junk]) => concatBytes([encoder.encode(s), junk])),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  );
}

/** Decodes as the importer does (UTF-8/UTF-16 with BOM) and parses; an undecodable file is its error result. */
function textImporter(
  id: string,
  ext: string,
  bases: readonly string[],
  parse: (name: string, text: string) => ImportOutcome | Promise<ImportOutcome>,
  extra: fc.Arbitrary<string>[] = [],
): Importer {
  return {
    id,
    arbitrary: bytesOf(textArbitrary(bases, extra)).map((data) => ({ name: `fuzz/case.${ext}`, data })),
    async parse({ name, data }) {
      const text = decodeText(name, data);
      return text.ok ? parse(name, text.value) : text;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Valid examples of each format

const jsonLines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);
const ARTICLE = seedText('globalpost-russia-syria-arms.txt');
const DOCCANO = fixture('doccano/relations.jsonl') + '\n' + fixture('doccano/sequence.jsonl');
const LABEL_STUDIO = fixture('labelstudio/tasks.json');
const W3C = [fixture('w3c/collection.jsonld'), fixture('w3c/recogito-annotations.json')];
const SPACY =
  '{"text": "👩‍👩‍👧 Parents in Homs told reporters the shelling 💥 had not stopped.", "spans": [{"start": 6, "end": 21, "label": "Speaker", "text": "Parents in Homs", "id": "s1"}, {"start": 22, "end": 26, "label": "Cue", "text": "told", "id": "c1"}, {"start": 37, "end": 67, "label": "Claim", "text": "the shelling 💥 had not stopped", "id": "k1"}], "relations": [{"head": "k1", "child": "s1", "label": "said by"}, {"head": 2, "child": 1, "label": "cue"}], "meta": {"title": "Homs shelling", "source": "GlobalPost"}}';
const NATIVE = serializeJsonl(sampleDataset());
const CSVS = [fixture('csv/articles-semicolon.csv'), fixture('csv/articles.tsv'), fixture('csv/ragged.csv')];
const CONLL = [fixture('conll/conll2003.txt'), fixture('conll/iob1.tsv')];
const BRAT_TXT = fixture('brat/lavrov.txt');
const BRAT_ANN = fixture('brat/lavrov.ann');
const BRAT_CONF = fixture('brat/annotation.conf');
const MARKDOWN = fixture('markdown/lavrov.md');
const HTML = [fixture('html/lavrov.html'), fixture('html/no-article.html')];

/** The plain-text reader's input: the app's reader adds what a document needs to the parsed article. */
const txtInput = (name: string, text: string) =>
  ({ name, kind: 'txt', data: new Uint8Array(0), text: () => ok(text), sibling: () => undefined }) as const;

const csvImport = (name: string, text: string): ImportOutcome => {
  const preview = previewCsv(name, text);
  return preview.ok ? parseCsv(name, text, guessCsvOptions(preview.value)) : preview;
};

const pdfLib = pdfjs as unknown as PdfJs;

async function archiveSeeds(): Promise<Uint8Array[]> {
  const d = sampleDataset();
  const tables = { documents: d.documents, annotations: d.annotations, relations: d.relations } as never;
  return [writeArchive({ project: PROJECT, tables, appVersion: '0.1.0', created: '2026-01-01T00:00:00.000Z' })];
}

/** An archive with one entry changed by text edits (or made huge, or deeply nested), re-zipped. */
function archiveArbitrary(seeds: readonly Uint8Array[], bombs: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const entryEdit = fc.tuple(fc.constantFrom(...seeds), fc.nat(), textArbitrary(['{}'])).map(([seed, which, text]) => {
    const files = unzipSync(seed);
    const names = Object.keys(files);
    const name = names[which % names.length]!;
    const original = new TextDecoder().decode(files[name]);
    files[name] = strToU8(
      which % 3 === 0 ? text : applyEdits(original, [{ at: (which % 97) / 97, kind: 'insert', size: 0, junk: text.slice(0, 200) }]),
    );
    return zipSync(files);
  });
  const jsonEdit = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.nat(),
      fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      fc.array(arbWrongValue, { minLength: 3, maxLength: 3 }),
    )
    .map(([seed, which, paths, repl]) => {
      const files = unzipSync(seed);
      const names = Object.keys(files);
      const name = names[which % names.length]!;
      const text = new TextDecoder().decode(files[name]);
      if (name.endsWith('.json')) {
        files[name] = strToU8(JSON.stringify(mutateJson(JSON.parse(text), paths, repl)));
      } else {
        const lines = text.split('\n').filter((l) => l.trim());
        const mutated = lines.map((l, i) => (i === which % lines.length ? JSON.stringify(mutateJson(JSON.parse(l), paths, repl)) : l));
        files[name] = strToU8(mutated.join('\n') + '\n');
      }
      return zipSync(files);
    });
  return fc.oneof(
    { weight: 6, arbitrary: jsonEdit },
    { weight: 4, arbitrary: entryEdit },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 255 })).map(([s, at, b]) => {
        const c = s.slice();
        c[at % c.length] = b;
        return c;
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([s, f]) => s.slice(0, Math.floor(s.length * f))),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
    { weight: 1, arbitrary: fc.constantFrom(...bombs) },
  );
}

export async function importers(): Promise<Importer[]> {
  const pdfSeeds = [
    await makePdf(ARTICLE_PAGES, { title: 'T', author: 'A', created: new Date('2012-06-13T10:00:00Z') }),
    await makePdf([[{ text: 'One line.' }]]),
  ];
  const archives = await archiveSeeds();
  const entries = unzipSync(archives[0]!);
  const bombs = [
    zipWith([{ name: 'manifest.json', bomb: { size: bombBytes, byte: 0x20 } }]),
    zipWith([{ name: 'documents.jsonl', bomb: { size: bombBytes, byte: 0x0a } }]),
    // A real archive whose documents entry is a bomb of blank lines.
    zipWith(
      Object.entries(entries).map(([name, data]) =>
        name === 'documents.jsonl' ? { name, bomb: { size: bombBytes, byte: 0x0a } } : { name, data },
      ),
    ),
    // 20,000 empty entries.
    zipWith(Array.from({ length: 20_000 }, (_, i) => ({ name: `e${i}.jsonl`, data: new Uint8Array(0) }))),
  ];
  const pdfBytes = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...pdfSeeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 20 }))
        .map(([s, flips]) => {
          const c = s.slice();
          for (const [at, b] of flips) c[at % c.length] = b;
          return c;
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...pdfSeeds), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([s, f]) => s.slice(0, Math.floor(s.length * f))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...pdfSeeds), fc.array(arbEdit, { maxLength: 4 }))
        .map(([s, e]) => encoder.encode(applyEdits(new TextDecoder('latin1').decode(s), e))),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((b) => concatBytes([encoder.encode('%PDF-1.7\n'), b])) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }) },
  );
  const bratPair = fc.tuple(
    textArbitrary([BRAT_TXT]),
    textArbitrary(
      [BRAT_ANN],
      [
        fc
          .array(
            fc.tuple(
              fc.constantFrom('T', 'R', 'E', 'A', 'N', '#', '*'),
              fc.nat({ max: 9 }),
              arbJunk,
              fc.integer({ min: -5, max: 5000 }),
              fc.integer({ min: -5, max: 5000 }),
            ),
          )
          .map((rows) => rows.map(([k, n, l, a, b]) => `${k}${n}\t${l} ${a} ${b}\t${l}`).join('\n')),
      ],
    ),
  );

  // Cheapest first, so a run stopped part-way has figures for as many importers as it could.
  return [
    textImporter('jsonl', 'jsonl', [NATIVE], parseJsonl, [jsonArbitrary([jsonLines(NATIVE)], 'lines')]),
    textImporter('doccano', 'jsonl', [DOCCANO], (n, t) => parseDoccano(n, t, { layer: 'suggestions' }), [
      jsonArbitrary([jsonLines(DOCCANO)], 'lines'),
    ]),
    textImporter('labelstudio', 'json', [LABEL_STUDIO], (n, t) => parseLabelStudio(n, t), [
      jsonArbitrary([JSON.parse(LABEL_STUDIO)], 'document'),
    ]),
    textImporter('w3c', 'jsonld', W3C, (n, t) => parseW3c(n, t), [
      jsonArbitrary(
        W3C.map((w) => JSON.parse(w)),
        'document',
      ),
    ]),
    textImporter('spacy', 'jsonl', [SPACY], (n, t) => parseSpacy(n, t, { layer: 'spacy' }), [
      jsonArbitrary([[JSON.parse(SPACY), JSON.parse(SPACY)]], 'lines'),
    ]),
    textImporter('conll', 'conll', CONLL, (n, t) => parseConll(n, t, { layer: 'suggestions' })),
    {
      id: 'pdf',
      arbitrary: pdfBytes.map((data) => ({ name: 'fuzz/case.pdf', data })),
      parse: ({ name, data }) => parsePdf(name, data.slice(), pdfLib),
    },
    textImporter('txt', 'txt', [ARTICLE, 'Title\n\nBody.'], (name, text) => txtFormat.reads!.read(txtInput(name, text), {})),
    textImporter('csv', 'csv', CSVS, csvImport),
    {
      id: 'brat',
      arbitrary: fc.tuple(bratPair, textArbitrary([BRAT_CONF])).map(([[txt, ann], conf]) => ({
        name: 'fuzz/lavrov.ann',
        data: encoder.encode(ann),
        siblings: [
          { name: 'fuzz/lavrov.txt', data: encoder.encode(txt) },
          { name: 'fuzz/annotation.conf', data: encoder.encode(conf) },
        ],
      })),
      async parse({ data, siblings = [] }) {
        const [txt, conf] = siblings.map((f) => decodeText(f.name, f.data));
        const ann = decodeText('fuzz/lavrov.ann', data);
        for (const r of [txt!, ann, conf!]) if (!r.ok) return r;
        const c = parseAnnotationConf('fuzz/annotation.conf', (conf as { value: string }).value);
        if (!c.ok) return c;
        return parseBrat(
          { name: 'fuzz/lavrov.txt', content: (txt as { value: string }).value },
          { name: 'fuzz/lavrov.ann', content: (ann as { value: string }).value },
          'suggestions',
        );
      },
    },
    {
      id: 'archive',
      arbitrary: archiveArbitrary(archives, bombs).map((data) => ({ name: 'fuzz/case.claimscope.zip', data })),
      parse: async ({ name, data }) => readArchive(name, data),
    },
    textImporter('html', 'html', HTML, (name, text) => parseHtml(name, text, jsdomDom)),
    textImporter('md', 'md', [MARKDOWN, '---\ntitle: x\n---\n# H\n\ntext'], parseMarkdown as never),
  ];
}

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../model/hash.ts';
import { quoteOf } from '../model/spans.ts';
import type { Span } from '../model/types.ts';
import { annotation, documentRecord, entity, project, relation, T } from './fixtures/jsonl-records.ts';
import { parseJsonl, serializeJsonl } from './native-jsonl.ts';
import { describeError, type Dataset, type ImportedDocument } from './types.ts';

const TEXT = 'Lavrov 👍🏽 said Russia was “not violating” any law, Reuters reported.\nClinton disagreed.';

/** Written by hand: offsets are UTF-16 code units, after a 4-unit emoji; T2 is discontinuous. */
const FIXTURE = [
  JSON.stringify({
    id: 'doc-1',
    title: 'Lavrov on arms',
    text: TEXT,
    textHash: sha256Hex(TEXT),
    metadata: { fileName: 'lavrov.txt', year: 2012 },
    blocks: [
      { kind: 'paragraph', start: 0, end: 70 },
      { kind: 'paragraph', start: 71, end: 89 },
    ],
    annotations: [
      { id: 'T1', label: 'Speaker', layer: 'gold', start: 0, end: 6, quote: 'Lavrov', attributes: { entity: 'E1' } },
      {
        id: 'T2',
        label: 'Claim',
        layer: 'gold',
        start: 17,
        end: 51,
        ranges: [
          { start: 17, end: 27 },
          { start: 44, end: 51 },
        ],
        quote: 'Russia was … any law',
        attributes: { stance: 'denies' },
        note: 'paraphrase',
        origin: 'human',
        createdBy: 'ana',
        createdAt: T,
        updatedBy: 'ben',
        updatedAt: T,
      },
      { id: 'T3', label: 'Cue', start: 12, end: 16 },
      { id: 'T4', label: 'Source', ranges: [{ start: 53, end: 60 }], quote: 'Reuters' },
    ],
    relations: [
      { id: 'R1', type: 'said by', from: 'T2', to: 'T1', layer: 'gold', createdBy: 'ana', createdAt: T },
      { id: 'R2', type: 'cue', from: 'T2', to: 'T3' },
      { type: 'reported by', from: 'T2', to: 'T4' },
    ],
    entities: [{ id: 'E1', name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'Q178945' }],
  }),
  '',
  '   ',
  JSON.stringify({ text: 'Clinton disagreed.' }),
].join('\n');

function parsed(content: string): ImportedDocument[] {
  const r = parseJsonl('corpus.jsonl', content);
  if (!r.ok) throw new Error(describeError(r.error));
  return r.value;
}

function errorOf(content: string): { line?: number; text: string } {
  const r = parseJsonl('corpus.jsonl', content);
  if (r.ok) throw new Error('expected an error');
  return { line: r.error.line, text: describeError(r.error) };
}

const docLine = (over: Record<string, unknown>) => JSON.stringify({ text: TEXT, ...over });

describe('parseJsonl on a hand-written file', () => {
  const docs = parsed(FIXTURE);
  const [doc, second] = docs;

  it('reads each non-blank line as a document', () => {
    expect(docs).toHaveLength(2);
    expect(doc!.title).toBe('Lavrov on arms');
    expect(doc!.text).toBe(TEXT);
    expect(doc!.metadata).toEqual({ fileName: 'lavrov.txt', year: 2012 });
    expect(doc!.sourceFile).toBe('corpus.jsonl');
  });

  it('keeps UTF-16 offsets after an emoji, and discontinuous ranges', () => {
    const byKey = Object.fromEntries(doc!.annotations.map((a) => [a.key, a]));
    expect(byKey.T1!.ranges).toEqual([{ start: 0, end: 6 }]);
    expect(TEXT.slice(53, 60)).toBe('Reuters');
    expect(byKey.T4!.ranges).toEqual([{ start: 53, end: 60 }]);
    expect(byKey.T2!.ranges).toEqual([
      { start: 17, end: 27 },
      { start: 44, end: 51 },
    ]);
    expect(quoteOf(TEXT, byKey.T2!.ranges)).toBe('Russia was … any law');
    expect(byKey.T2).toMatchObject({
      label: 'Claim',
      layer: 'gold',
      attributes: { stance: 'denies' },
      note: 'paraphrase',
      origin: 'human',
      createdBy: 'ana',
      updatedBy: 'ben',
      createdAt: T,
      updatedAt: T,
    });
    expect(byKey.T3!.layer).toBeUndefined();
    expect(byKey.T3!.note).toBe('');
  });

  it('resolves relations through annotation ids and keeps entities', () => {
    expect(doc!.relations).toEqual([
      { key: 'R1', type: 'said by', from: 'T2', to: 'T1', layer: 'gold', createdBy: 'ana', createdAt: T },
      { key: 'R2', type: 'cue', from: 'T2', to: 'T3' },
      { type: 'reported by', from: 'T2', to: 'T4' },
    ]);
    expect(doc!.entities).toEqual([{ key: 'E1', name: 'Sergei Lavrov', aliases: ['Lavrov'], externalId: 'Q178945' }]);
  });

  it('fills in what a minimal line leaves out', () => {
    expect(second).toEqual({
      title: 'Clinton disagreed.',
      text: 'Clinton disagreed.',
      blocks: [{ kind: 'paragraph', start: 0, end: 18 }],
      metadata: {},
      annotations: [],
      relations: [],
      sourceFile: 'corpus.jsonl',
    });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    expect(parsed('\ufeff' + FIXTURE.replace(/\n/g, '\r\n'))).toEqual(docs);
  });
});

describe('parseJsonl errors', () => {
  it('names the line of bad JSON', () => {
    const e = errorOf([docLine({}), docLine({}), '{"text": "oops",', docLine({})].join('\n'));
    expect(e.line).toBe(3);
    expect(e.text).toMatch(/^corpus\.jsonl:3: Line 3 is not valid JSON/);
  });

  it('counts blank lines when naming the line', () => {
    expect(errorOf(['', docLine({}), '', 'nonsense'].join('\n')).line).toBe(4);
  });

  it('names the field that is wrong', () => {
    expect(errorOf(JSON.stringify({ title: 'x' })).text).toBe('corpus.jsonl:1: Field text: is missing.');
    expect(errorOf(docLine({ annotations: [{ id: 'T9', start: 0, end: 6 }] })).text).toBe(
      'corpus.jsonl:1: Field annotations[0].label (id "T9"): is missing.',
    );
    expect(errorOf(docLine({ annotations: [{ label: 'Claim', start: -2, end: 6 }] })).text).toMatch(
      /Field annotations\[0\]\.start: cannot be negative/,
    );
    expect(errorOf(docLine({ annotations: [{ label: 'Claim', start: 0, end: 6, origin: 'robot' }] })).text).toMatch(
      /annotations\[0\]\.origin: must be human, import, rule, model or suggestion/,
    );
    expect(errorOf(docLine({ metadata: { tags: ['a'] } })).text).toMatch(/Field metadata\.tags: must be a string/);
    expect(errorOf('[1,2]').text).toMatch(/The line is not a document/);
  });

  it('rejects a quote that does not match the text', () => {
    const e = errorOf(docLine({ annotations: [{ id: 'T1', label: 'Speaker', start: 0, end: 6, quote: 'Putin' }] }));
    expect(e.text).toBe('corpus.jsonl:1: Annotation "T1": its quote "Putin" does not match the text at its offsets, which reads "Lavrov".');
  });

  it('rejects a relation to an unknown annotation', () => {
    const e = errorOf(
      docLine({
        annotations: [{ id: 'T1', label: 'Speaker', start: 0, end: 6 }],
        relations: [{ id: 'R1', type: 'said by', from: 'T2', to: 'T1' }],
      }),
    );
    expect(e.text).toBe('corpus.jsonl:1: Relation "R1" (said by) points to annotation "T2", which is not in this document.');
  });

  it('checks offsets against the text', () => {
    expect(errorOf(docLine({ annotations: [{ id: 'A', label: 'Claim', start: 80, end: 95 }] })).text).toMatch(
      /Annotation "A": The range 80–95 ends past the end of the text/,
    );
    expect(TEXT.codePointAt(7)).toBe(0x1f44d);
    expect(errorOf(docLine({ annotations: [{ id: 'A', label: 'Claim', start: 0, end: 8 }] })).text).toMatch(
      /cuts a character \(such as an emoji\) in half/,
    );
    expect(
      errorOf(
        docLine({
          annotations: [
            {
              id: 'A',
              label: 'Claim',
              ranges: [
                { start: 0, end: 6 },
                { start: 3, end: 9 },
              ],
            },
          ],
        }),
      ).text,
    ).toMatch(/overlap/);
    expect(errorOf(docLine({ annotations: [{ id: 'A', label: 'Claim' }] })).text).toMatch(/needs either ranges or both start and end/);
    expect(errorOf(docLine({ annotations: [{ id: 'A', label: 'Claim', start: 0, end: 7, ranges: [{ start: 0, end: 6 }] }] })).text).toMatch(
      /start\/end \(0–7\) do not match its ranges, which cover 0–6/,
    );
    expect(errorOf(docLine({ blocks: [{ kind: 'paragraph', start: 0, end: 200 }] })).text).toMatch(/^corpus\.jsonl:1: Block 1: /);
  });

  it('rejects duplicate ids, empty texts and empty files', () => {
    const dup = { label: 'Claim', start: 0, end: 6 };
    expect(
      errorOf(
        docLine({
          annotations: [
            { id: 'A', ...dup },
            { id: 'A', ...dup },
          ],
        }),
      ).text,
    ).toMatch(/Annotation "A" appears twice/);
    expect(errorOf(JSON.stringify({ text: '' })).text).toBe('corpus.jsonl:1: The document has no text.');
    expect(errorOf('\n\n').text).toBe('corpus.jsonl: The file contains no documents.');
  });

  it('rejects non-canonical text with offsets, but canonicalises it (with a warning) without', () => {
    const nfd = 'Le président a parlé.'.normalize('NFD');
    expect(errorOf(JSON.stringify({ text: nfd, annotations: [{ label: 'Claim', start: 0, end: 2 }] })).text).toMatch(
      /not in canonical form .* would shift/,
    );
    const r = parseJsonl('corpus.jsonl', JSON.stringify({ text: nfd }));
    expect(r.ok && r.value[0]!.text).toBe('Le président a parlé.');
    expect(r.ok && r.warnings.map((w) => w.message)).toEqual([
      'The text was converted to canonical form (Unicode NFC with \\n line ends).',
    ]);
  });

  it('warns when the text no longer matches its hash', () => {
    const r = parseJsonl('corpus.jsonl', docLine({ textHash: sha256Hex('something else') }));
    expect(r.ok && r.warnings).toEqual([
      { file: 'corpus.jsonl', line: 1, message: 'The text does not match its textHash: it was changed after export.' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('serializeJsonl', () => {
  const text = TEXT;
  const d: Dataset = {
    project,
    documents: [documentRecord('d2', 'Second.'), documentRecord('d1', text, 'Lavrov')],
    annotations: [
      annotation('z', 'd1', 'Source', [{ start: 53, end: 60 }], text),
      annotation(
        'c',
        'd1',
        'Claim',
        [
          { start: 44, end: 51 },
          { start: 17, end: 27 },
        ],
        text,
      ),
      annotation('b', 'd1', 'Speaker', [{ start: 0, end: 6 }], text, { entity: 'e-lavrov' }),
      annotation('a', 'd1', 'Speaker', [{ start: 0, end: 6 }], text),
    ],
    relations: [
      relation('r2', 'd1', 'reported by', 'c', 'z'),
      relation('r1', 'd1', 'said by', 'c', 'b'),
      relation('r9', 'd1', 'said by', 'c', 'missing'),
    ],
    entities: [entity('e-lavrov', 'Sergei Lavrov'), entity('e-unused', 'Nobody')],
  };
  const out = serializeJsonl(d);
  const lines = out.split('\n');
  const first = JSON.parse(lines[1]!) as Record<string, unknown>;

  it('writes one line per document in the dataset order, ending with a newline', () => {
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!).id).toBe('d2');
    expect(first.id).toBe('d1');
    expect(Object.keys(first)).toEqual(['id', 'title', 'text', 'textHash', 'metadata', 'blocks', 'annotations', 'relations', 'entities']);
  });

  it('writes annotations sorted by start, end and id, with covering start/end and the quote', () => {
    const anns = first.annotations as Record<string, unknown>[];
    expect(anns.map((a) => a.id)).toEqual(['a', 'b', 'c', 'z']);
    expect(Object.keys(anns[0]!)).toEqual([
      'id',
      'label',
      'layer',
      'start',
      'end',
      'ranges',
      'quote',
      'attributes',
      'note',
      'origin',
      'createdBy',
      'createdAt',
      'updatedBy',
      'updatedAt',
    ]);
    const claim = anns[2]!;
    expect(claim).toMatchObject({ start: 17, end: 51, quote: 'Russia was … any law' });
    expect(claim.ranges).toEqual([
      { start: 17, end: 27 },
      { start: 44, end: 51 },
    ]);
    for (const a of anns) {
      if ((a.ranges as Span[]).length === 1) expect(text.slice(a.start as number, a.end as number)).toBe(a.quote);
    }
  });

  it('writes relations between written annotations only, and the entities they link to', () => {
    expect((first.relations as { id: string }[]).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(first.entities).toEqual([{ id: 'e-lavrov', name: 'Sergei Lavrov', aliases: [], externalId: null }]);
  });

  it('is deterministic regardless of record order, and omits entities when the project has none', () => {
    const shuffled = { ...d, annotations: [...d.annotations].reverse(), relations: [...d.relations].reverse() };
    expect(serializeJsonl(shuffled)).toBe(out);
    expect(out).toBe(serializeJsonl(d));
    const plain = JSON.parse(serializeJsonl({ ...d, entities: [] }).split('\n')[1]!);
    expect('entities' in plain).toBe(false);
  });

  it('reads back what it writes', () => {
    const back = parsed(out);
    expect(back[1]!.annotations.map((a) => a.key)).toEqual(['a', 'b', 'c', 'z']);
    expect(back[1]!.entities).toEqual([{ key: 'e-lavrov', name: 'Sergei Lavrov', aliases: [] }]);
  });
});
